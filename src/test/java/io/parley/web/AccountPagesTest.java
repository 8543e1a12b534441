package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.FirstRun;
import io.parley.accounts.User;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** "Your account": the page, every password rule, and what a successful change does. */
class AccountPagesTest extends WebTestSupport {

  static final String NEW_PASSWORD = "a whole new sentence 42";

  @Autowired FirstRun firstRun;

  @Test
  void showsWhoIsSignedInAndIsLinkedFromTheInbox() throws Exception {
    Team team = team();
    String page = body(mvc.perform(get("/account").with(user(team.me()))).andReturn());
    assertThat(page)
        .contains("Your account", "Ada Agent", team.user().email(), "Agent")
        .contains(team.workspace().name())
        .contains("name=\"_csrf\"")
        .contains("action=\"/account/password\"")
        .doesNotContain("generated-password");
    String inbox = body(mvc.perform(get("/inbox").with(user(team.me()))).andReturn());
    assertThat(inbox).contains("class=\"me-link\" href=\"/account\"");
  }

  @Test
  void strangersAreSentToSignInAndChangesNeedTheCsrfToken() throws Exception {
    mvc.perform(get("/account").accept(MediaType.TEXT_HTML)).andExpect(redirectedUrl("/login"));
    mvc.perform(change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD).with(csrf()))
        .andExpect(redirectedUrl("/login"));
    Team team = team();
    mvc.perform(change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD).with(user(team.me())))
        .andExpect(status().isForbidden());
    assertUnchanged(team);
  }

  @Test
  void aWrongCurrentPasswordIsRefused() throws Exception {
    Team team = team();
    refused(team, "not my password", NEW_PASSWORD, NEW_PASSWORD, "current", "not your current");
  }

  @Test
  void aNewPasswordShorterThan12CharactersIsRefused() throws Exception {
    Team team = team();
    refused(team, PASSWORD, "eleven char", "eleven char", "next", "at least 12 characters");
  }

  @Test
  void aNewPasswordLongerThanBcryptReadsIsRefused() throws Exception {
    Team team = team();
    String long73 = "x".repeat(73);
    refused(team, PASSWORD, long73, long73, "next", "at most 72 characters");
  }

  @Test
  void theEmailAddressIsNotAPassword() throws Exception {
    Team team = team();
    String email = team.user().email().toUpperCase();
    refused(team, PASSWORD, email, email, "next", "email address");
  }

  @Test
  void theNewPasswordMustDifferFromTheCurrentOne() throws Exception {
    Team team = team();
    refused(team, PASSWORD, PASSWORD, PASSWORD, "next", "differ from the current one");
  }

  @Test
  void theTwoNewPasswordsMustMatch() throws Exception {
    Team team = team();
    refused(team, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "repeat", "do not match");
  }

  @Test
  void repeatedWrongCurrentPasswordsAreThrottledLikeSignIns() throws Exception {
    Team team = team();
    for (int i = 0; i < 5; i++) {
      refused(team, "guess " + i, NEW_PASSWORD, NEW_PASSWORD, "current", "not your current");
    }
    // Now even the right one waits, here and at sign-in.
    refused(team, PASSWORD, NEW_PASSWORD, NEW_PASSWORD, "current", "Too many wrong passwords");
    signIn(team.user().email(), PASSWORD).andExpect(redirectedUrl("/login?locked"));
  }

  @Test
  void aChangedPasswordSignsInTheOldOneNoLongerAndTheSessionStays() throws Exception {
    Team team = team();
    MockHttpSession session = session(team.user().email(), PASSWORD);

    mvc.perform(change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD).session(session).with(csrf()))
        .andExpect(redirectedUrl("/account"))
        .andExpect(flash().attribute("passwordChanged", true));
    // The redirect target shows the confirmation, still signed in with the same session.
    String page =
        body(mvc.perform(get("/account").session(session)).andExpect(status().isOk()).andReturn());
    assertThat(page).contains("Your password is changed");
    assertThat(body(mvc.perform(get("/account").session(session)).andReturn()))
        .doesNotContain("Your password is changed");
    mvc.perform(get("/inbox").session(session)).andExpect(status().isOk());

    User stored = users.byId(team.user().id()).orElseThrow();
    assertThat(stored.passwordHash()).startsWith("$2").doesNotContain(NEW_PASSWORD);
    assertThat(passwords.matches(NEW_PASSWORD, stored.passwordHash())).isTrue();

    signIn(team.user().email(), PASSWORD).andExpect(redirectedUrl("/login?error"));
    session(team.user().email(), NEW_PASSWORD);
  }

  @Test
  void theFirstRunAdminChangingThePasswordRetiresTheFirstRunLogin() throws Exception {
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    User admin = users.byEmail(login.email()).orElseThrow();
    String fileContent = Files.readString(login.file());
    try {
      // Someone else changing their password leaves the first-run login alone.
      Team other = team();
      mvc.perform(change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD).with(user(other.me())).with(csrf()))
          .andExpect(redirectedUrl("/account"));
      assertThat(login.file()).exists();

      MockHttpSession session = session(login.email(), login.password());
      assertThat(body(mvc.perform(get("/account").session(session)).andReturn()))
          .contains("generated-password", "Admin", "Northwind Outfitters");
      mvc.perform(
              change(login.password(), NEW_PASSWORD, NEW_PASSWORD).session(session).with(csrf()))
          .andExpect(redirectedUrl("/account"));

      assertThat(login.file()).doesNotExist();
      assertThat(firstRun.login()).isEmpty();
      assertThat(body(mvc.perform(get("/account").session(session)).andReturn()))
          .doesNotContain("generated-password");
      session(login.email(), NEW_PASSWORD);
    } finally {
      // Other tests in this shared application context sign in with the first-run login.
      users.changePassword(admin.id(), admin.passwordHash());
      Files.writeString(login.file(), fileContent);
    }
  }

  private void refused(
      Team team, String current, String next, String repeat, String field, String message)
      throws Exception {
    String page =
        body(
            mvc.perform(change(current, next, repeat).with(user(team.me())).with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andReturn());
    assertThat(page)
        .contains("id=\"" + field + "-error\"")
        .contains(message)
        .contains("aria-invalid=\"true\"");
    // Nothing typed is sent back into the page.
    assertThat(page).doesNotContain("value=\"" + current + "\"", "value=\"" + next + "\"");
    assertUnchanged(team);
  }

  private void assertUnchanged(Team team) {
    String hash = users.byId(team.user().id()).orElseThrow().passwordHash();
    assertThat(passwords.matches(PASSWORD, hash)).isTrue();
  }

  private MockHttpSession session(String email, String password) throws Exception {
    return (MockHttpSession)
        signIn(email, password)
            .andExpect(redirectedUrl("/inbox"))
            .andReturn()
            .getRequest()
            .getSession();
  }

  private static MockHttpServletRequestBuilder change(String current, String next, String repeat) {
    return post("/account/password")
        .param("current", current)
        .param("next", next)
        .param("repeat", repeat);
  }

  private static String body(org.springframework.test.web.servlet.MvcResult result)
      throws Exception {
    return result.getResponse().getContentAsString();
  }
}
