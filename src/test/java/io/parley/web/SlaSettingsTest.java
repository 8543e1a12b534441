package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.conversations.Priority;
import io.parley.routing.SlaCalendars;
import io.parley.routing.SlaKind;
import io.parley.routing.SlaPolicies;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The SLA settings page: managers set targets and business hours; bad input is explained. */
class SlaSettingsTest extends WebTestSupport {

  @Autowired SlaPolicies policies;
  @Autowired SlaCalendars calendars;

  @Test
  void managersSetTargetsPerKindForATeamAndPriority() throws Exception {
    var team = team();
    var manager = as(team, Role.MANAGER);
    long support = teams.inWorkspace(team.workspace().id()).getFirst().id();
    mvc.perform(
            post("/settings/sla/targets")
                .with(user(manager))
                .with(csrf())
                .param("team", Long.toString(support))
                .param("priority", "HIGH")
                .param("firstResponse", "45m")
                .param("nextResponse", "20")
                .param("resolution", "1d 2h")
                .param("warnBefore", ""))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/settings/sla"));
    var t = policies.target(team.workspace().id(), support, Priority.HIGH);
    assertThat(t.of(SlaKind.FIRST_RESPONSE)).isEqualTo(Duration.ofMinutes(45));
    assertThat(t.of(SlaKind.NEXT_RESPONSE)).isEqualTo(Duration.ofMinutes(20));
    assertThat(t.of(SlaKind.RESOLUTION)).isEqualTo(Duration.ofHours(26));
    assertThat(t.warnBefore())
        .as("a quarter of the first response, whole minutes")
        .isEqualTo(Duration.ofMinutes(11));
    assertThat(policies.target(team.workspace().id(), null, Priority.HIGH).firstResponse())
        .as("other teams keep the default")
        .isEqualTo(Duration.ofHours(1));

    String page =
        mvc.perform(get("/settings/sla").with(user(manager)))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("SLA targets", "Support", "45m", "20m", "1d 2h");
  }

  @Test
  void badTargetsAreExplainedAndKeepWhatWasTyped() throws Exception {
    var team = team();
    var manager = as(team, Role.MANAGER);
    String page =
        mvc.perform(
                post("/settings/sla/targets")
                    .with(user(manager))
                    .with(csrf())
                    .param("firstResponse", "soon")
                    .param("resolution", "8h"))
            .andExpect(status().isUnprocessableContent())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("First response: write a duration like 30m, 4h, 1h 30m or 2d, got: soon")
        .contains("value=\"soon\"")
        .contains("value=\"8h\"");
    mvc.perform(
            post("/settings/sla/targets")
                .with(user(manager))
                .with(csrf())
                .param("firstResponse", "1h")
                .param("warnBefore", "2h"))
        .andExpect(status().isUnprocessableContent());
    assertThat(policies.list(team.workspace().id())).isEmpty();
  }

  @Test
  void managersSetBusinessHoursAndHolidays() throws Exception {
    var team = team();
    var manager = as(team, Role.MANAGER);
    mvc.perform(
            post("/settings/sla/hours")
                .with(user(manager))
                .with(csrf())
                .param("team", "")
                .param("hours", "Europe/Berlin MON-FRI 09:00-18:00")
                .param("holidays", "2026-12-24, 2026-12-25"))
        .andExpect(status().is3xxRedirection());
    var calendar = calendars.calendar(team.workspace().id(), null);
    assertThat(calendar.hours().toString()).isEqualTo("Europe/Berlin MON-FRI 09:00-18:00");
    assertThat(calendar.holidays())
        .containsExactly(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"));

    String bad =
        mvc.perform(
                post("/settings/sla/hours")
                    .with(user(manager))
                    .with(csrf())
                    .param("hours", "Mars/Base MON-FRI 09:00-18:00")
                    .param("holidays", ""))
            .andExpect(status().isUnprocessableContent())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(bad).contains("Unknown time zone in business hours: Mars/Base");
    String badDay =
        mvc.perform(
                post("/settings/sla/hours")
                    .with(user(manager))
                    .with(csrf())
                    .param("hours", "UTC MON-FRI 09:00-18:00")
                    .param("holidays", "24.12.2026"))
            .andExpect(status().isUnprocessableContent())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(badDay).contains("Holidays must be dates like 2026-12-24, got: 24.12.2026");

    long support = teams.inWorkspace(team.workspace().id()).getFirst().id();
    mvc.perform(
            post("/settings/sla/hours")
                .with(user(manager))
                .with(csrf())
                .param("team", Long.toString(support))
                .param("hours", "America/New_York MON-SAT 08:00-20:00"))
        .andExpect(status().is3xxRedirection());
    assertThat(calendars.calendar(team.workspace().id(), support).hours().zone().getId())
        .as("the team's own hours win")
        .isEqualTo("America/New_York");
    assertThat(calendars.calendar(team.workspace().id(), null).hours().zone().getId())
        .as("teams without their own use the workspace's")
        .isEqualTo("Europe/Berlin");
    mvc.perform(
            post("/settings/sla/hours/delete")
                .with(user(manager))
                .with(csrf())
                .param("team", Long.toString(support)))
        .andExpect(status().is3xxRedirection());
    mvc.perform(
            post("/settings/sla/hours/delete").with(user(manager)).with(csrf()).param("team", ""))
        .andExpect(status().is3xxRedirection());
    assertThat(calendars.list(team.workspace().id())).isEmpty();
  }

  @Test
  void agentsMayNotChangeTargets() throws Exception {
    var team = team();
    mvc.perform(get("/settings/sla").with(user(team.me()))).andExpect(status().isForbidden());
    mvc.perform(
            post("/settings/sla/targets")
                .with(user(team.me()))
                .with(csrf())
                .param("firstResponse", "1h"))
        .andExpect(status().isForbidden());
    assertThat(policies.list(team.workspace().id())).isEmpty();
  }

  @Test
  void durationsReadBackAsTheyAreWritten() {
    for (String s : new String[] {"30m", "4h", "1h 30m", "2d", "1d 2h 5m"}) {
      assertThat(SlaSettingsController.span(SlaSettingsController.duration(s, "x", true)))
          .isEqualTo(s);
    }
    assertThat(SlaSettingsController.duration("90", "x", true)).isEqualTo(Duration.ofMinutes(90));
  }

  private static SignedIn as(Team team, Role role) {
    var me = team.me();
    return new SignedIn(
        me.userId(), me.workspaceId(), me.email(), me.displayName(), role, true, null);
  }
}
