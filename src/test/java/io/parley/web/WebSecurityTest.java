package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.FirstRun;
import io.parley.conversations.Conversation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Sign-in, CSRF, workspace isolation and the guarantee that nothing is public by accident. */
class WebSecurityTest extends WebTestSupport {

  @Autowired FirstRun firstRun;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationContext context;

  @Test
  void pagesSendStrangersToTheLoginPageAndTheApiAnswers401() throws Exception {
    mvc.perform(get("/inbox").accept(MediaType.TEXT_HTML))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/login"));
    mvc.perform(get("/api/v1/conversations"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", "Basic realm=\"Parley\""))
        .andExpect(jsonPath("$.status").value(401));
    mvc.perform(get("/inbox/list").header("HX-Request", "true"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("HX-Redirect", "/login"));
    mvc.perform(get("/login")).andExpect(status().isOk());
    mvc.perform(get("/actuator/health")).andExpect(status().isOk());
  }

  @Test
  void theFirstRunAdminCanSignInAndOut() throws Exception {
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    MvcResult result =
        signIn(login.email(), login.password()).andExpect(redirectedUrl("/inbox")).andReturn();
    var session = (MockHttpSession) result.getRequest().getSession();
    mvc.perform(get("/inbox").session(session))
        .andExpect(status().isOk())
        .andExpect(
            result1 ->
                assertThat(result1.getResponse().getContentAsString())
                    .contains("Northwind Outfitters", "Sign out"));
    mvc.perform(post("/logout").session(session).with(csrf()))
        .andExpect(redirectedUrl("/login?logout"));
    mvc.perform(get("/inbox").session(session)).andExpect(status().isFound());
  }

  @Test
  void wrongPasswordsAndDisabledUsersAreRefused() throws Exception {
    Team team = team();
    signIn(team.user().email(), "wrong").andExpect(redirectedUrl("/login?error"));
    jdbc.sql("update users set enabled = false where id = ?").param(team.user().id()).update();
    signIn(team.user().email(), PASSWORD).andExpect(redirectedUrl("/login?error"));
    mvc.perform(get("/api/v1/conversations").with(httpBasic(team.user().email(), PASSWORD)))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void fiveFailuresBlockTheAddressEvenForTheRightPassword() throws Exception {
    Team team = team();
    for (int i = 0; i < 5; i++) {
      signIn(team.user().email(), "guess-" + i).andExpect(redirectedUrl("/login?error"));
    }
    signIn(team.user().email().toUpperCase(), PASSWORD).andExpect(redirectedUrl("/login?locked"));
    mvc.perform(get("/api/v1/conversations").with(httpBasic(team.user().email(), PASSWORD)))
        .andExpect(status().isUnauthorized());
    // Another address is not affected.
    Team other = team();
    signIn(other.user().email(), PASSWORD).andExpect(redirectedUrl("/inbox"));
  }

  @Test
  void stateChangesWithoutCsrfTokenAreForbidden() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Csrf Tester", "hello");
    mvc.perform(
            post("/conversations/{id}/replies", c.id()).param("text", "hi").with(user(team.me())))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/conversations/{id}/status", c.id())
                .param("status", "RESOLVED")
                .with(user(team.me())))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/api/v1/conversations/{id}/replies", c.id())
                .with(user(team.me()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"hi\"}"))
        .andExpect(status().isForbidden());
    mvc.perform(post("/login").param("email", team.user().email()).param("password", PASSWORD))
        .andExpect(status().isForbidden());
    assertThat(conversations.messages(c.id())).hasSize(1);
    // With the token the same reply goes through.
    mvc.perform(
            post("/conversations/{id}/replies", c.id())
                .param("text", "hi")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isFound());
    assertThat(conversations.messages(c.id())).hasSize(2);
  }

  @Test
  void anotherWorkspacesConversationIsNotFound() throws Exception {
    Team mine = team();
    Team theirs = team();
    Conversation foreign = conversation(theirs, "Their Customer", "secret of another brand");
    long id = foreign.id();
    mvc.perform(get("/conversations/{id}", id).with(user(mine.me())))
        .andExpect(status().isNotFound());
    mvc.perform(get("/conversations/{id}/messages", id).with(user(mine.me())))
        .andExpect(status().isNotFound());
    long messageId = conversations.messages(id).getFirst().id();
    mvc.perform(
            get("/conversations/{id}/messages/{m}/history", id, messageId).with(user(mine.me())))
        .andExpect(status().isNotFound());
    mvc.perform(
            post("/conversations/{id}/replies", id)
                .param("text", "hi")
                .with(user(mine.me()))
                .with(csrf()))
        .andExpect(status().isNotFound());
    mvc.perform(
            post("/conversations/{id}/status", id)
                .param("status", "RESOLVED")
                .with(user(mine.me()))
                .with(csrf()))
        .andExpect(status().isNotFound());
    mvc.perform(get("/api/v1/conversations/{id}", id).with(user(mine.me())))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.status").value(404));
    mvc.perform(
            post("/api/v1/conversations/{id}/replies", id)
                .with(httpBasic(mine.user().email(), PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"hi\"}"))
        .andExpect(status().isNotFound());
    mvc.perform(get("/inbox").param("status", "all").with(user(mine.me())))
        .andExpect(
            r ->
                assertThat(r.getResponse().getContentAsString())
                    .doesNotContain("secret of another brand"));
    assertThat(conversations.messages(id)).hasSize(1);
    assertThat(conversations.byId(theirs.workspace().id(), id).orElseThrow().status().name())
        .isEqualTo("OPEN");
  }

  @Test
  void everyPageCarriesAStrictContentSecurityPolicy() throws Exception {
    Team team = team();
    for (String path : List.of("/login", "/inbox", "/account")) {
      String csp =
          mvc.perform(get(path).with(user(team.me())))
              .andReturn()
              .getResponse()
              .getHeader("Content-Security-Policy");
      assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'");
      String scriptSrc = csp.substring(csp.indexOf("script-src"));
      scriptSrc = scriptSrc.substring(0, scriptSrc.indexOf(';'));
      assertThat(scriptSrc).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(csp).doesNotContain("unsafe-inline");
    }
    mvc.perform(get("/login"))
        .andExpect(header().string("X-Frame-Options", "DENY"))
        .andExpect(header().string("Referrer-Policy", "same-origin"))
        .andExpect(header().string("X-Content-Type-Options", "nosniff"));
  }

  /**
   * Every route the application maps (ours and libraries') is either on the public list or needs a
   * signed-in user. A new controller cannot become public by accident.
   */
  @Test
  void everyMappedRouteIsPublicOnPurposeOrRequiresSignIn() throws Exception {
    // The invitation link is public on purpose: its one-time token is the credential.
    Set<String> publicPaths = Set.of("/login", "/error", "/invite/{token}");
    List<String> checked = new ArrayList<>();
    Map<String, RequestMappingHandlerMapping> mappings =
        context.getBeansOfType(RequestMappingHandlerMapping.class);
    for (RequestMappingHandlerMapping mapping : mappings.values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          String path = pattern.replaceAll("\\{\\*?[^}]+}", "1");
          for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
            checked.add(method + " " + pattern);
            var request =
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request(
                        org.springframework.http.HttpMethod.valueOf(method.name()), path)
                    .accept(MediaType.TEXT_HTML)
                    .with(csrf());
            int status = mvc.perform(request).andReturn().getResponse().getStatus();
            String location = mvc.perform(request).andReturn().getResponse().getHeader("Location");
            if (publicPaths.contains(pattern)) {
              continue;
            }
            boolean guarded =
                status == 401 || (status == 302 && location != null && location.endsWith("/login"));
            assertThat(guarded)
                .as(
                    "%s %s answered %s (Location %s) without sign-in",
                    method, pattern, status, location)
                .isTrue();
          }
        }
      }
    }
    assertThat(checked)
        .contains(
            "GET /inbox",
            "GET /account",
            "POST /account/password",
            "POST /conversations/{id}/replies",
            "GET /api/v1/conversations",
            "POST /api/v1/conversations/{id}/replies");
    assertThat(checked).anyMatch(route -> route.contains("/api/openapi"));
  }
}
