package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.conversations.SavedViews;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Personal saved inbox views: saved from the filters shown, listed for their owner only. */
class SavedViewsTest extends WebTestSupport {

  @Autowired SavedViews views;

  @Test
  void aPersonSavesTheFiltersTheySeeUnderANameAndFindsThemInTheSidebar() throws Exception {
    Team team = team();
    conversation(team, "Tina Tent", "my tent leaks");
    conversation(team, "Sam Shoes", "shoes too small");

    mvc.perform(
            post("/inbox/views")
                .param("name", "Tent <b>trouble</b>")
                .param("status", "all")
                .param("q", "tent")
                .param("intent", "complaint")
                .param("bogus", "ignored")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/inbox?status=all&assigned=all&intent=complaint&q=tent"));

    var saved = views.of(team.workspace().id(), team.user().id());
    assertThat(saved)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.name()).isEqualTo("Tent <b>trouble</b>");
              assertThat(v.params()).isEqualTo("status=all&assigned=all&intent=complaint&q=tent");
            });
    String page = page("/inbox?status=all&assigned=all&intent=complaint&q=tent", team.me());
    assertThat(page)
        .contains("My views")
        .contains("Tent &lt;b&gt;trouble&lt;/b&gt;")
        .doesNotContain("Tent <b>trouble</b>")
        .containsPattern(
            "data-view=\"saved-" + saved.getFirst().id() + "\"\\s+aria-current=\"page\"");
    assertThat(page("/inbox", team.me()))
        .contains("Tent &lt;b&gt;trouble&lt;/b&gt;")
        .doesNotContainPattern("data-view=\"saved-\\d+\"\\s+aria-current=\"page\"");

    // saving again under the same name replaces it
    mvc.perform(
            post("/inbox/views")
                .param("name", "Tent <b>trouble</b>")
                .param("status", "open")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    assertThat(views.of(team.workspace().id(), team.user().id()))
        .singleElement()
        .satisfies(v -> assertThat(v.params()).isEqualTo("status=open&assigned=all"));

    // personal: a colleague neither sees nor deletes it
    User colleague =
        users.create(
            team.workspace().id(),
            "viewer-" + UUID.randomUUID() + "@example.test",
            "Vera Viewer",
            passwords.encode(PASSWORD),
            Role.VIEWER);
    SignedIn vera = SignedIn.of(colleague).withoutPassword();
    joinTeamOf(team, colleague);
    assertThat(page("/inbox", vera)).doesNotContain("trouble").doesNotContain("My views");
    long id = views.of(team.workspace().id(), team.user().id()).getFirst().id();
    mvc.perform(post("/inbox/views/" + id + "/delete").with(user(vera)).with(csrf()))
        .andExpect(status().isNotFound());
    // viewers may keep views of their own
    mvc.perform(
            post("/inbox/views")
                .param("name", "Mine")
                .param("assigned", "mine")
                .with(user(vera))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    assertThat(views.of(team.workspace().id(), colleague.id())).hasSize(1);

    mvc.perform(post("/inbox/views/" + id + "/delete").with(user(team.me())).with(csrf()))
        .andExpect(status().is3xxRedirection());
    assertThat(views.of(team.workspace().id(), team.user().id())).isEmpty();
  }

  @Test
  void aDateRangeFiltersByLastActivityAndIsSavedWithTheView() throws Exception {
    Team team = team();
    conversation(team, "Tina Tent", "my tent leaks"); // active now
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();

    assertThat(page("/inbox/list?status=all&from=2020-01-01&to=2020-12-31", team.me()))
        .doesNotContain("my tent leaks");
    assertThat(page("/inbox/list?status=all&from=" + today + "&to=" + today, team.me()))
        .contains("my tent leaks");
    assertThat(page("/inbox/list?status=all&from=not-a-date", team.me()))
        .as("a broken date is ignored, not an error")
        .contains("my tent leaks");

    mvc.perform(
            post("/inbox/views")
                .param("name", "Last year")
                .param("status", "all")
                .param("from", "2025-12-31")
                .param("to", "2025-01-01")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/inbox?status=all&assigned=all&from=2025-01-01&to=2025-12-31"));
    assertThat(page("/inbox?status=all&assigned=all&from=2025-01-01&to=2025-12-31", team.me()))
        .contains("value=\"2025-01-01\"")
        .contains("value=\"2025-12-31\"")
        .doesNotContain("my tent leaks");
  }

  @Test
  void aViewWithoutANameIsRefusedWithAReasonAndNothingIsSaved() throws Exception {
    Team team = team();
    mvc.perform(
            post("/inbox/views")
                .param("name", "  ")
                .param("status", "all")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(flash().attribute("viewProblem", "A view needs a name of 1 to 80 characters."));
    mvc.perform(
            post("/inbox/views").param("name", "x".repeat(81)).with(user(team.me())).with(csrf()))
        .andExpect(flash().attributeExists("viewProblem"));
    assertThat(views.of(team.workspace().id(), team.user().id())).isEmpty();
  }

  private String page(String path, SignedIn me) throws Exception {
    return mvc.perform(get(path).with(user(me)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
