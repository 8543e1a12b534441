package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.AuditLog;
import io.parley.accounts.Role;
import io.parley.channels.InboundItem;
import io.parley.listening.ListeningQueries;
import io.parley.listening.Opportunities;
import io.parley.listening.Opportunity;
import io.parley.listening.OpportunityStatus;
import io.parley.listening.PostSignals;
import io.parley.listening.StoredQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.servlet.FlashMap;

/**
 * The Listening pages: queries with their numbers, the editor's live test (hostile post text stays
 * text), the opportunity feed's statuses, the etiquette guard's reasons and who may do what.
 */
class ListeningPagesTest extends WebTestSupport {

  static final String HOSTILE =
      "need a dress <script>alert(1)</script> <img src=x onerror=alert(2)>"
          + " <a href=\"javascript:alert(3)\">wedding</a> & more";

  @Autowired ListeningQueries queries;
  @Autowired Opportunities opportunities;
  @Autowired AuditLog audit;

  /** A public post that matched {@code q}, written {@code age} ago. */
  Opportunity opportunity(Team team, StoredQuery q, String handle, String text, Duration age) {
    Instant at = Instant.now().minus(age);
    return opportunities
        .record(
            team.account(),
            q.id(),
            new InboundItem(
                "pub-" + UUID.randomUUID(),
                InboundItem.Change.CREATED,
                InboundItem.Kind.MENTION,
                null,
                null,
                new InboundItem.Author("a-" + handle, handle, "Name " + handle, 120),
                false,
                text,
                null,
                at,
                null,
                "{}"),
            PostSignals.NONE)
        .orElseThrow();
  }

  static String body(MvcResult r) throws Exception {
    return r.getResponse().getContentAsString();
  }

  @Test
  void aQueryWithASyntaxErrorIsNotSavedAndTheErrorSaysWhere() throws Exception {
    Team team = team();
    SignedIn manager = person(team, Role.MANAGER);

    String page =
        body(
            mvc.perform(
                    post("/listening/queries")
                        .param("name", "Weddings")
                        .param("text", "(summer dress OR gown")
                        .with(user(manager))
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andReturn());

    assertThat(page)
        .contains("id=\"syntax-error\"", "unbalanced parenthesis", "at character <b>1</b>")
        .contains("add &#39;)&#39;")
        .contains("(summer dress OR gown</textarea>");
    assertThat(queries.inWorkspace(team.workspace().id())).isEmpty();
  }

  @Test
  void aManagerSavesAQueryAndSeesItListed() throws Exception {
    Team team = team();
    SignedIn manager = person(team, Role.MANAGER);

    mvc.perform(
            post("/listening/queries")
                .param("name", "Weddings")
                .param("text", "(dress OR gown) NEAR/4 wedding")
                .with(user(manager))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());

    assertThat(queries.inWorkspace(team.workspace().id()))
        .extracting(StoredQuery::name)
        .containsExactly("Weddings");
    String page = body(mvc.perform(get("/listening").with(user(manager))).andReturn());
    assertThat(page).contains("Weddings", "(dress OR gown) NEAR/4 wedding", "spark-bar");
    String viewerPage =
        body(
            mvc.perform(get("/listening").with(user(person(team, Role.VIEWER))))
                .andExpect(status().isOk())
                .andReturn());
    assertThat(viewerPage).contains("Weddings").doesNotContain("id=\"query-form\"");
  }

  @Test
  void theLiveTestMarksMatchedTermsAndKeepsHostilePostTextInert() throws Exception {
    Team team = team();
    SignedIn manager = person(team, Role.MANAGER);
    StoredQuery q = queries.create(team.workspace().id(), "Dresses", "dress", null);
    opportunity(team, q, "mallory", HOSTILE, Duration.ofMinutes(5));
    opportunity(team, q, "quiet", "a dress for the office", Duration.ofMinutes(9));

    String fragment =
        body(
            mvc.perform(
                    post("/listening/test")
                        .param("text", "dress NEAR/30 wedding")
                        .header("HX-Request", "true")
                        .with(user(manager))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn());

    assertThat(fragment).contains("Matches 1 of the last 2 public posts.");
    assertThat(fragment)
        .contains("<mark>dress</mark>", "<mark>wedding</mark>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&lt;img src=x onerror=alert(2)&gt;")
        .contains("&lt;a href=&quot;javascript:alert(3)&quot;&gt;")
        .contains("&amp; more");
    assertThat(fragment)
        .doesNotContain("<script>alert", "<img", "<a href=\"javascript", "onerror=alert(2)>");
    String text =
        fragment.substring(
            fragment.indexOf("<p class=\"sample-text\">") + 23,
            fragment.indexOf("</p>", fragment.indexOf("<p class=\"sample-text\">")));
    assertThat(text.replaceAll("</?mark>", "")).as("no markup but the marks").doesNotContain("<");

    String broken =
        body(
            mvc.perform(
                    post("/listening/test")
                        .param("text", "dress NEAR wedding")
                        .with(user(manager))
                        .with(csrf()))
                .andReturn());
    assertThat(broken).contains("NEAR needs a distance", "at character <b>7</b>", "NEAR/3");
  }

  @Test
  void statusesMoveOnAndAWonValueShowsInTheQuerysNumbers() throws Exception {
    Team team = team();
    StoredQuery q = queries.create(team.workspace().id(), "Shoes", "shoes", null);
    Opportunity o = opportunity(team, q, "zofia_w", "need new shoes?", Duration.ofMinutes(5));
    opportunity(team, q, "hiker_jo", "shoes again", Duration.ofMinutes(7));

    mvc.perform(
            post("/listening/opportunities/{id}/status", o.id())
                .param("status", "engaged")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    mvc.perform(
            post("/listening/opportunities/{id}/status", o.id())
                .param("status", "won")
                .param("value", "129.90")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());

    assertThat(opportunities.byId(team.workspace().id(), o.id()).orElseThrow().status())
        .isEqualTo(OpportunityStatus.WON);
    String feed =
        body(mvc.perform(get("/listening/queries/{id}", q.id()).with(user(team.me()))).andReturn());
    assertThat(feed)
        .contains("id=\"won-count\">1<", "id=\"won-value\">129.90<", "100% of closed won");
    String list = body(mvc.perform(get("/listening").with(user(team.me()))).andReturn());
    assertThat(list).contains("class=\"won-value\">129.90<");
    String won =
        body(
            mvc.perform(
                    get("/listening/queries/{id}", q.id())
                        .param("status", "won")
                        .with(user(team.me())))
                .andReturn());
    assertThat(won).contains("need new shoes?").doesNotContain("shoes again");

    // a refused change says why
    MvcResult refused =
        mvc.perform(
                post("/listening/opportunities/{id}/status", o.id())
                    .param("status", "lost")
                    .with(user(team.me()))
                    .with(csrf()))
            .andReturn();
    assertThat(refused.getFlashMap().get("problem").toString())
        .contains("won cannot become lost (it can become engaged)");
  }

  @Test
  void theGuardsReasonsAreShownAndOnlyAManagerMayOverrideThemAudited() throws Exception {
    Team team = team();
    SignedIn manager = person(team, Role.MANAGER);
    StoredQuery q = queries.create(team.workspace().id(), "Shoes", "shoes", null);
    Opportunity old =
        opportunity(team, q, "zofia_w", "need new shoes", Duration.ofHours(72).plusMinutes(10));

    MvcResult refused =
        mvc.perform(
                post("/listening/opportunities/{id}/reply", old.id())
                    .param("text", "Try the Trailrunner.")
                    .with(user(team.me()))
                    .with(csrf()))
            .andExpect(status().is3xxRedirection())
            .andReturn();
    FlashMap flash = refused.getFlashMap();
    String feed =
        body(
            mvc.perform(
                    get("/listening/queries/{id}", q.id()).flashAttrs(flash).with(user(team.me())))
                .andReturn());
    assertThat(feed)
        .contains("Not sent: the etiquette guard blocks this reply.")
        .contains("3 days old")
        .contains("Try the Trailrunner.</textarea>")
        .doesNotContain("name=\"override\"");

    mvc.perform(
            post("/listening/opportunities/{id}/reply", old.id())
                .param("text", "Try the Trailrunner.")
                .param("override", "true")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isForbidden());
    assertThat(opportunities.byId(team.workspace().id(), old.id()).orElseThrow().status())
        .isEqualTo(OpportunityStatus.NEW);

    String managerFeed =
        body(
            mvc.perform(
                    get("/listening/queries/{id}", q.id()).flashAttrs(flash).with(user(manager)))
                .andReturn());
    assertThat(managerFeed).contains("name=\"override\"");
    mvc.perform(
            post("/listening/opportunities/{id}/reply", old.id())
                .param("text", "Try the Trailrunner.")
                .param("override", "true")
                .with(user(manager))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());

    assertThat(opportunities.byId(team.workspace().id(), old.id()).orElseThrow().status())
        .isEqualTo(OpportunityStatus.ENGAGED);
    assertThat(audit.recent(team.workspace().id(), 10))
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("outreach.guard_overridden");
              assertThat(e.actorUserId()).isEqualTo(manager.userId());
              assertThat(e.detail()).contains("3 days old");
            });
  }

  @Test
  void aSharedLinkGoesOutWithUtmParametersNamingTheQueryAndTheOpportunity() throws Exception {
    Team team = team();
    StoredQuery q = queries.create(team.workspace().id(), "Party outfits", "outfit party", null);
    Opportunity o =
        opportunity(team, q, "mira_k", "need an outfit for a party", Duration.ofMinutes(5));

    MvcResult bad =
        mvc.perform(
                post("/listening/opportunities/{id}/reply", o.id())
                    .param("text", "We have these:")
                    .param("link", "javascript:alert(1)")
                    .with(user(team.me()))
                    .with(csrf()))
            .andExpect(status().is3xxRedirection())
            .andReturn();
    assertThat(bad.getFlashMap().get("problem").toString()).contains("Only http:// and https://");
    assertThat(bad.getFlashMap().get("draft"))
        .as("the typed text is kept")
        .isEqualTo("We have these:");
    assertThat(opportunities.byId(team.workspace().id(), o.id()).orElseThrow().status())
        .as("nothing sent")
        .isEqualTo(OpportunityStatus.NEW);

    mvc.perform(
            post("/listening/opportunities/{id}/reply", o.id())
                .param("text", "We have these: ")
                .param("link", "https://shop.example/party?size=38")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());

    Opportunity engaged = opportunities.byId(team.workspace().id(), o.id()).orElseThrow();
    assertThat(engaged.status()).isEqualTo(OpportunityStatus.ENGAGED);
    assertThat(engaged.conversationId()).isNotNull();
    assertThat(conversations.messages(engaged.conversationId()))
        .filteredOn(m -> m.direction() == io.parley.conversations.Direction.OUT)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.text())
                    .isEqualTo(
                        "We have these: https://shop.example/party?size=38&utm_source=x"
                            + "&utm_medium=social&utm_campaign=party-outfits"
                            + "&utm_content=opportunity-"
                            + o.id()));
  }

  @Test
  void agentsWorkOpportunitiesViewersReadAndOnlyManagersManageQueries() throws Exception {
    Team team = team();
    SignedIn agent = team.me();
    SignedIn viewer = person(team, Role.VIEWER);
    SignedIn admin = person(team, Role.ADMIN);
    StoredQuery q = queries.create(team.workspace().id(), "Shoes", "shoes", null);
    Opportunity o = opportunity(team, q, "zofia_w", "need new shoes", Duration.ofMinutes(3));

    mvc.perform(
            post("/listening/queries")
                .param("name", "Mine")
                .param("text", "tent")
                .with(user(agent))
                .with(csrf()))
        .andExpect(status().isForbidden());
    mvc.perform(post("/listening/test").param("text", "tent").with(user(agent)).with(csrf()))
        .andExpect(status().isForbidden());
    mvc.perform(post("/listening/queries/{id}/delete", q.id()).with(user(agent)).with(csrf()))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/listening/queries/{id}/enabled", q.id())
                .param("enabled", "false")
                .with(user(agent))
                .with(csrf()))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/listening/opportunities/{id}/status", o.id())
                .param("status", "ignored")
                .with(user(viewer))
                .with(csrf()))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/listening/opportunities/{id}/notes", o.id())
                .param("notes", "x")
                .with(user(viewer))
                .with(csrf()))
        .andExpect(status().isForbidden());
    mvc.perform(get("/listening/queries/{id}", q.id()).with(user(viewer)))
        .andExpect(status().isOk());
    // without the CSRF token nothing changes, even for an admin
    mvc.perform(post("/listening/queries/{id}/delete", q.id()).with(user(admin)))
        .andExpect(status().isForbidden());

    mvc.perform(
            post("/listening/opportunities/{id}/notes", o.id())
                .param("notes", "asked about sizes")
                .with(user(agent))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    mvc.perform(
            post("/listening/opportunities/{id}/assignee", o.id())
                .param("assignee", String.valueOf(agent.userId()))
                .with(user(agent))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    Opportunity worked = opportunities.byId(team.workspace().id(), o.id()).orElseThrow();
    assertThat(worked.notes()).isEqualTo("asked about sizes");
    assertThat(worked.assigneeId()).isEqualTo(agent.userId());

    mvc.perform(
            post("/listening/queries/{id}/enabled", q.id())
                .param("enabled", "false")
                .with(user(admin))
                .with(csrf()))
        .andExpect(status().is3xxRedirection());
    assertThat(queries.byId(team.workspace().id(), q.id()).orElseThrow().enabled()).isFalse();
    mvc.perform(post("/listening/queries/{id}/delete", q.id()).with(user(admin)).with(csrf()))
        .andExpect(status().is3xxRedirection());
    assertThat(queries.inWorkspace(team.workspace().id())).isEmpty();
    // another workspace's query is "not found"
    mvc.perform(get("/listening/queries/{id}", q.id()).with(user(team().me())))
        .andExpect(status().isNotFound());
  }
}
