package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.ApiTokens;
import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.conversations.Conversation;
import io.parley.shared.Network;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * API tokens end to end: made on the account page, shown once, used as {@code Authorization:
 * Bearer} on the API only, with the owner's reach, and refused once revoked.
 */
class ApiTokensWebTest extends WebTestSupport {

  @Autowired ApiTokens tokens;
  @Autowired JdbcClient jdbc;

  @Test
  void aTokenSeesOnlyTheConversationsOfItsOwnersTeams() throws Exception {
    Team team = team();
    Conversation mine = conversation(team, "Noor", "Is the blue one back in stock?");
    // A second account in the same workspace, not granted to the agent's team.
    var other = fixtures.channel(team.workspace(), Network.MASTODON);
    Conversation hidden =
        conversation(new Team(team.workspace(), team.user(), team.me(), other), "Sam", "elsewhere");
    String token = tokens.create(team.user().id(), "script", null).plaintext();

    mvc.perform(bearer(get("/api/v1/conversations"), token))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(1))
        .andExpect(jsonPath("$[0].id").value(mine.id()));
    mvc.perform(bearer(get("/api/v1/conversations/{id}", hidden.id()), token))
        .andExpect(status().isNotFound());

    // A write needs no CSRF token (another site cannot set the header) and opens no session.
    MvcResult reply =
        mvc.perform(
                bearer(post("/api/v1/conversations/{id}/replies", mine.id()), token)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"text\":\"Yes, since this morning!\"}"))
            .andExpect(status().isAccepted())
            .andReturn();
    assertThat(reply.getRequest().getSession(false)).isNull();
    assertThat(reply.getResponse().getHeader("Set-Cookie")).isNull();
  }

  @Test
  void revokedUnknownAndMalformedTokensGet401WithAProblemDocument() throws Exception {
    Team team = team();
    var issued = tokens.create(team.user().id(), "soon revoked", null);
    String token = issued.plaintext();
    mvc.perform(bearer(get("/api/v1/conversations"), token)).andExpect(status().isOk());
    tokens.revoke(team.user().id(), issued.token().id());

    // pat_<12 hex>_<secret>: the base64url secret may itself contain '_', so take it by position.
    String secret = token.substring(ApiTokens.SCHEME.length() + 13);
    for (String bad :
        new String[] {
          token, // revoked
          "garbage",
          token.substring(4), // without the pat_ scheme
          "pat_0123456789ab_" + secret, // unknown prefix
          ""
        }) {
      MvcResult result =
          mvc.perform(bearer(get("/api/v1/conversations"), bad))
              .andExpect(status().isUnauthorized())
              .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
              .andExpect(jsonPath("$.status").value(401))
              .andExpect(jsonPath("$.title").value("Invalid API token"))
              .andExpect(
                  header()
                      .string(
                          HttpHeaders.WWW_AUTHENTICATE,
                          Matchers.startsWith("Bearer realm=\"Parley\"")))
              .andReturn();
      assertThat(result.getResponse().getContentAsString()).doesNotContain(secret);
      assertThat(result.getRequest().getSession(false)).isNull();
    }
    // No credentials at all: both ways to sign in are offered.
    mvc.perform(get("/api/v1/conversations"))
        .andExpect(status().isUnauthorized())
        .andExpect(
            header()
                .stringValues(
                    HttpHeaders.WWW_AUTHENTICATE,
                    "Basic realm=\"Parley\"",
                    "Bearer realm=\"Parley\""));
  }

  @Test
  void aBlockedPersonsTokensStopWorkingAndRolesStillApply() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Vi", "hello");
    User viewer = colleague(team, Role.VIEWER.label() + " Person", Role.VIEWER);
    joinTeamOf(team, viewer);
    String token = tokens.create(viewer.id(), "reader", null).plaintext();
    mvc.perform(bearer(get("/api/v1/conversations"), token))
        .andExpect(jsonPath("$.length()").value(1));
    mvc.perform(
            bearer(post("/api/v1/conversations/{id}/replies", c.id()), token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"hi\"}"))
        .andExpect(status().isForbidden());

    users.setEnabled(team.workspace().id(), viewer.id(), false);
    mvc.perform(bearer(get("/api/v1/conversations"), token)).andExpect(status().isUnauthorized());
  }

  @Test
  void tokensAreNotAcceptedOnThePages() throws Exception {
    Team team = team();
    conversation(team, "Priya", "secret order number 4711");
    String token = tokens.create(team.user().id(), "script", null).plaintext();
    for (String page : new String[] {"/inbox", "/account", "/api/docs"}) {
      MvcResult result =
          mvc.perform(bearer(get(page), token).accept(MediaType.TEXT_HTML))
              .andExpect(status().isFound())
              .andExpect(redirectedUrl("/login"))
              .andReturn();
      assertThat(result.getResponse().getContentAsString()).doesNotContain("4711", "Priya");
    }
    mvc.perform(bearer(get("/inbox/list"), token).header("HX-Request", "true"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void theAccountPageShowsANewTokenOnceAndStoresOnlyItsHash() throws Exception {
    Team team = team();
    MvcResult created =
        mvc.perform(
                post("/account/tokens")
                    .param("name", "Nightly export")
                    .param("expires", "30")
                    .with(user(team.me()))
                    .with(csrf()))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/account#api-tokens"))
            .andReturn();
    String token = (String) created.getFlashMap().get("newToken");
    assertThat(token).startsWith("pat_");

    // The page after the redirect shows it, in the copy box and nowhere else on the page.
    String first =
        mvc.perform(get("/account").flashAttrs(created.getFlashMap()).with(user(team.me())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(first).contains("id=\"new-token\"", "value=\"" + token + "\"", "Nightly export");
    assertThat(first.split(java.util.regex.Pattern.quote(token), -1)).hasSize(2);

    String again =
        mvc.perform(get("/account").with(user(team.me())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    // pat_<12 hex>_<secret>: the base64url secret may itself contain '_', so take it by position.
    String secret = token.substring(ApiTokens.SCHEME.length() + 13);
    assertThat(again)
        .contains("Nightly export", token.substring(0, 17) + "…", "Active", "Never")
        .doesNotContain(secret)
        .doesNotContain("new-token");

    Map<String, Object> row =
        jdbc.sql("select * from api_tokens where user_id = ?")
            .param(team.user().id())
            .query()
            .singleRow();
    assertThat(row.values())
        .allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain(secret).isNotEqualTo(token));
    assertThat(row.get("TOKEN_HASH") == null ? row.get("token_hash") : row.get("TOKEN_HASH"))
        .asString()
        .hasSize(64);

    mvc.perform(bearer(get("/api/v1/conversations"), token)).andExpect(status().isOk());
  }

  @Test
  void aNameIsRequired() throws Exception {
    Team team = team();
    MvcResult result =
        mvc.perform(post("/account/tokens").param("name", " ").with(user(team.me())).with(csrf()))
            .andExpect(status().isFound())
            .andReturn();
    assertThat((Map<String, Object>) result.getFlashMap())
        .containsKey("tokenProblem")
        .doesNotContainKey("newToken");
    assertThat(tokens.ofUser(team.user().id())).isEmpty();
    mvc.perform(post("/account/tokens").param("name", "no csrf").with(user(team.me())))
        .andExpect(status().isForbidden());
    assertThat(tokens.ofUser(team.user().id())).isEmpty();
  }

  @Test
  void peopleRevokeOnlyTheirOwnTokensAndAdminsAnyInTheWorkspace() throws Exception {
    Team team = team();
    var issued = tokens.create(team.user().id(), "ada's", null);
    long id = issued.token().id();
    User colleague = colleague(team, Role.MANAGER.label() + " Person", Role.MANAGER);
    User admin = colleague(team, Role.ADMIN.label() + " Person", Role.ADMIN);

    mvc.perform(revoke(id).with(user(SignedIn.of(colleague).withoutPassword())))
        .andExpect(status().isNotFound());
    mvc.perform(bearer(get("/api/v1/conversations"), issued.plaintext()))
        .andExpect(status().isOk());

    // Admins find the workspace's working tokens on the People page and revoke from there.
    SignedIn asAdmin = SignedIn.of(admin).withoutPassword();
    mvc.perform(get("/admin/people").with(user(asAdmin)))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("ada&#39;s")))
        .andExpect(content().string(Matchers.containsString(issued.token().hint())))
        .andExpect(
            content()
                .string(Matchers.not(Matchers.containsString(issued.plaintext().substring(17)))));
    mvc.perform(revoke(id).param("from", "people").with(user(asAdmin)))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/admin/people#api-tokens"));
    mvc.perform(bearer(get("/api/v1/conversations"), issued.plaintext()))
        .andExpect(status().isUnauthorized());

    var own = tokens.create(team.user().id(), "mine", null);
    mvc.perform(revoke(own.token().id()).with(user(team.me()))).andExpect(status().isFound());
    assertThat(tokens.ofUser(team.user().id()))
        .allSatisfy(t -> assertThat(t.revokedAt()).isNotNull());
    mvc.perform(get("/account").with(user(team.me())))
        .andExpect(content().string(Matchers.containsString("Revoked")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("Revoke mine"))));
  }

  private MockHttpServletRequestBuilder revoke(long id) {
    return post("/account/tokens/{id}/revoke", id).with(csrf());
  }

  private static MockHttpServletRequestBuilder bearer(
      MockHttpServletRequestBuilder request, String token) {
    return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
  }
}
