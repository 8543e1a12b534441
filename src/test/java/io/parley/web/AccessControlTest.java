package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.channels.ChannelAccount;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.shared.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who sees what: every route has an explicit rule, agents see only their teams' conversations on
 * every route (pages, fragments, actions, API, search), other workspaces stay invisible.
 */
class AccessControlTest extends WebTestSupport {

  @Autowired ApplicationContext context;

  /** Every route the application maps, as "METHOD pattern". */
  private List<String[]> mappedRoutes() {
    List<String[]> routes = new ArrayList<>();
    for (RequestMappingHandlerMapping mapping :
        context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
            routes.add(new String[] {m.name(), pattern});
          }
        }
      }
    }
    return routes;
  }

  @Test
  void everyMappedRouteHasAnExplicitRuleAndAnythingElseIsDenied() throws Exception {
    List<String> missing = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    for (String[] route : mappedRoutes()) {
      String path = route[1].replaceAll("\\{\\*?[^}]+}", "1");
      var request = new MockHttpServletRequest(route[0], path);
      request.setServletPath(path);
      boolean ruled =
          SecurityConfiguration.ROUTES.stream()
              .anyMatch(
                  r ->
                      PathPatternRequestMatcher.withDefaults()
                          .matcher(r.method(), r.pattern())
                          .matches(request));
      checked.add(route[0] + " " + route[1]);
      if (!ruled) {
        missing.add(route[0] + " " + route[1]);
      }
    }
    assertThat(missing).as("routes without a rule in SecurityConfiguration.ROUTES").isEmpty();
    assertThat(checked)
        .contains(
            "GET /events",
            "POST /inbox/bulk",
            "GET /admin/audit",
            "POST /admin/people/invite",
            "POST /admin/teams/{id}",
            "GET /invite/{token}",
            "POST /conversations/{id}/snooze");
    // A path nobody listed is refused even to an admin: new routes need a rule to work at all.
    Team team = team();
    mvc.perform(get("/not-a-listed-route").with(user(admin(team))))
        .andExpect(status().isForbidden());
  }

  @Test
  void rolesAreCheckedByTheRouteRules() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Rita", "route rules");
    SignedIn viewer = person(team, Role.VIEWER);
    SignedIn manager = person(team, Role.MANAGER);
    mvc.perform(get("/admin/people").with(user(team.me()))).andExpect(status().isForbidden());
    mvc.perform(get("/admin/audit").with(user(manager))).andExpect(status().isForbidden());
    mvc.perform(get("/admin/teams").with(user(manager))).andExpect(status().isOk());
    mvc.perform(get("/admin/teams").with(user(team.me()))).andExpect(status().isForbidden());
    mvc.perform(get("/admin/people").with(user(admin(team)))).andExpect(status().isOk());
    mvc.perform(
            post("/inbox/bulk")
                .param("ids", String.valueOf(c.id()))
                .param("action", "resolve")
                .with(user(viewer))
                .with(csrf()))
        .andExpect(status().isForbidden());
    assertThat(conversations.byId(team.workspace().id(), c.id()).orElseThrow().status())
        .isEqualTo(ConversationStatus.OPEN);
  }

  /**
   * An agent of another team in the same workspace, and an agent of another workspace, get 404 on
   * every route that names a conversation, and nothing changes.
   */
  @Test
  void foreignAgentsGetNotFoundOnEveryConversationRoute() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Secret Customer", "team only secret");
    long messageId = conversations.messages(c.id()).getFirst().id();
    // Same workspace, another team with another channel account.
    ChannelAccount other = fixtures.channel(team.workspace(), Network.MASTODON);
    var sales = teams.create(team.workspace().id(), "Sales");
    teams.grant(team.workspace().id(), sales.id(), other.id());
    User outsider =
        users.create(
            team.workspace().id(),
            "sales-" + UUID.randomUUID() + "@example.test",
            "Sam Sales",
            passwords.encode(PASSWORD),
            Role.AGENT);
    teams.addMember(team.workspace().id(), sales.id(), outsider.id());
    SignedIn otherTeam = SignedIn.of(outsider).withoutPassword();
    SignedIn otherWorkspace = team().me();

    List<String> probed = new ArrayList<>();
    for (String[] route : mappedRoutes()) {
      String pattern = route[1];
      if (!(pattern.startsWith("/conversations/{id}")
          || pattern.startsWith("/api/v1/conversations/{id}"))) {
        continue;
      }
      String path =
          pattern.replace("{id}", String.valueOf(c.id())).replace("{messageId}", "" + messageId);
      for (SignedIn stranger : List.of(otherTeam, otherWorkspace)) {
        MockHttpServletRequestBuilder req =
            request(HttpMethod.valueOf(route[0]), path)
                .header("HX-Request", "true")
                .with(user(stranger))
                .with(csrf());
        if (pattern.startsWith("/api/")) {
          req.contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"hi\"}");
        } else {
          req.param("text", "hi")
              .param("status", "RESOLVED")
              .param("to", "me")
              .param("team", String.valueOf(sales.id()))
              .param("until", "answer")
              .param("priority", "URGENT")
              .param("tag", "leak")
              .param("state", "typing");
        }
        var response = mvc.perform(req).andReturn().getResponse();
        probed.add(route[0] + " " + pattern);
        assertThat(response.getStatus()).as(route[0] + " " + pattern).isEqualTo(404);
        assertThat(response.getContentAsString()).doesNotContain("team only secret");
      }
    }
    assertThat(probed)
        .contains(
            "GET /conversations/{id}",
            "GET /conversations/{id}/messages",
            "GET /conversations/{id}/header",
            "GET /conversations/{id}/presence",
            "POST /conversations/{id}/replies",
            "POST /conversations/{id}/assignee",
            "POST /conversations/{id}/team",
            "POST /conversations/{id}/tags",
            "GET /api/v1/conversations/{id}",
            "POST /api/v1/conversations/{id}/replies");
    Conversation after = conversations.byId(team.workspace().id(), c.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(after.assigneeId()).isNull();
    assertThat(after.teamId()).isNull();
    assertThat(after.tags()).isEmpty();
    assertThat(conversations.messages(c.id())).hasSize(1);
    assertThat(conversations.notes(c.id())).isEmpty();
  }

  @Test
  void agentsListAndSearchOnlyTheirTeamsConversations() throws Exception {
    Team team = team();
    conversation(team, "Own Customer", "visible lantern question");
    ChannelAccount other = fixtures.channel(team.workspace(), Network.MASTODON);
    ingestOn(other, "Hidden Customer", "hidden lantern question");

    for (var req :
        List.of(
            get("/inbox"),
            get("/inbox/list"),
            get("/inbox").param("q", "lantern"),
            get("/inbox/list").param("q", "lantern").param("status", "all"))) {
      String html =
          mvc.perform(req.with(user(team.me()))).andReturn().getResponse().getContentAsString();
      assertThat(html).contains("visible lantern question").doesNotContain("hidden lantern");
    }
    String api =
        mvc.perform(
                get("/api/v1/conversations")
                    .param("q", "lantern")
                    .with(httpBasic(team.user().email(), PASSWORD)))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(api).contains("visible lantern").doesNotContain("hidden lantern");
    // Counts in the sidebar count only what the agent may see.
    String page =
        mvc.perform(get("/inbox").with(user(team.me())))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).containsPattern("id=\"count-open\"[^>]*>1<");
    // Admins and managers see the whole workspace.
    for (SignedIn all : List.of(admin(team), person(team, Role.MANAGER))) {
      String html =
          mvc.perform(get("/inbox").param("q", "lantern").with(user(all)))
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(html).contains("visible lantern", "hidden lantern");
    }
  }

  @Test
  void handingOverToATeamShowsTheConversationToThatTeam() throws Exception {
    Team team = team();
    ChannelAccount other = fixtures.channel(team.workspace(), Network.MASTODON);
    Conversation hidden = ingestOn(other, "Press Person", "journalist asks about recall");
    mvc.perform(get("/conversations/{id}", hidden.id()).with(user(team.me())))
        .andExpect(status().isNotFound());
    long support =
        teams.inWorkspace(team.workspace().id()).stream()
            .filter(t -> t.name().equals("Support"))
            .findFirst()
            .orElseThrow()
            .id();
    mvc.perform(
            post("/conversations/{id}/team", hidden.id())
                .param("team", String.valueOf(support))
                .header("HX-Request", "true")
                .with(user(admin(team)))
                .with(csrf()))
        .andExpect(status().isOk());
    mvc.perform(get("/conversations/{id}", hidden.id()).with(user(team.me())))
        .andExpect(status().isOk());
    String list =
        mvc.perform(get("/inbox").param("team", String.valueOf(support)).with(user(team.me())))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(list).contains("journalist asks about recall");
  }

  @Test
  void aRoleChangeAppliesWithoutSigningInAgain() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Role Test", "role change");
    // The session still says AGENT; the database says VIEWER now.
    users.setRole(team.workspace().id(), team.user().id(), Role.VIEWER);
    mvc.perform(
            post("/conversations/{id}/status", c.id())
                .param("status", "RESOLVED")
                .header("HX-Request", "true")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isForbidden());
    assertThat(conversations.byId(team.workspace().id(), c.id()).orElseThrow().status())
        .isEqualTo(ConversationStatus.OPEN);
  }

  private Conversation ingestOn(ChannelAccount account, String author, String text) {
    Team carrier = new Team(fixtures.workspaceById(account.workspaceId()), null, null, account);
    return conversation(carrier, author, text);
  }

  private SignedIn admin(Team team) {
    return person(team, Role.ADMIN);
  }
}
