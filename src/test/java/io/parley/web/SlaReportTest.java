package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.conversations.Conversation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SLA report page: figures from a real reply, managers only, bad ranges refused. */
class SlaReportTest extends WebTestSupport {

  @Test
  void aManagerSeesTheTargetMetAndTheFirstResponseTimeOfTheAgentWhoReplied() throws Exception {
    Team team = team();
    User mia = colleague(team, "Mia Manager", Role.MANAGER);
    String id = UUID.randomUUID().toString();
    ingestion.ingest(
        team.account(),
        List.of(
            io.parley.testing.Fixtures.item(
                id,
                null,
                "is the blue one back in stock?",
                Instant.now().minus(Duration.ofMinutes(30)))));
    Conversation c =
        conversations
            .findMessage(team.workspace().id(), team.account().network(), id)
            .flatMap(m -> conversations.byId(team.workspace().id(), m.conversationId()))
            .orElseThrow();
    conversations.queueReply(team.workspace().id(), c.id(), team.user().id(), "Yes, since today!");

    String page =
        mvc.perform(get("/reports/sla").with(user(SignedIn.of(mia).withoutPassword())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("id=\"report-total\"")
        .contains("100% (1 of 1)")
        .containsPattern("<td>(29|30)m</td>")
        .contains("By agent who replied first")
        .contains(">Ada Agent<")
        .contains(">No team<");

    mvc.perform(get("/reports/sla").with(user(team.me()))).andExpect(status().isForbidden());
    mvc.perform(
            get("/reports/sla")
                .param("from", "2026-13-01")
                .with(user(SignedIn.of(mia).withoutPassword())))
        .andExpect(status().isBadRequest());
    mvc.perform(
            get("/reports/sla")
                .param("from", "2026-05-02")
                .param("to", "2026-05-01")
                .with(user(SignedIn.of(mia).withoutPassword())))
        .andExpect(status().isBadRequest());
  }
}
