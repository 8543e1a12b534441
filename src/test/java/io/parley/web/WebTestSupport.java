package io.parley.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.parley.accounts.Role;
import io.parley.accounts.Teams;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversation;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import io.parley.testing.OnH2Web;
import io.parley.testing.RecordingConnector;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Shared set-up for the web tests: one application context (same annotations and imports in every
 * subclass), a fresh workspace with an agent and an X account per test.
 */
@OnH2Web
@Import(WebTestSupport.Connectors.class)
abstract class WebTestSupport {

  static final String PASSWORD = "correct horse battery staple";
  static final int X_LIMIT = 280;

  @Autowired MockMvc mvc;
  @Autowired Fixtures fixtures;
  @Autowired Users users;
  @Autowired PasswordEncoder passwords;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Teams teams;
  @Autowired io.parley.channels.ChannelAccounts channelAccounts;

  /** Posts the sign-in form the way the login page does. */
  ResultActions signIn(String email, String password) throws Exception {
    return mvc.perform(
        post("/login").param("email", email).param("password", password).with(csrf()));
  }

  /** A workspace with one agent and one X account. */
  Team team() {
    Workspace ws = fixtures.workspace();
    String email = "agent-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    User user = users.create(ws.id(), email, "Ada Agent", passwords.encode(PASSWORD), Role.AGENT);
    ChannelAccount account = fixtures.channel(ws, Network.X);
    // Agents see the conversations of their teams' channel accounts.
    var support = teams.create(ws.id(), "Support");
    teams.addMember(ws.id(), support.id(), user.id());
    teams.grant(ws.id(), support.id(), account.id());
    return new Team(ws, user, SignedIn.of(user).withoutPassword(), account);
  }

  /** Another person of the team's workspace with this role, in no team yet. */
  User colleague(Team team, String name, Role role) {
    return users.create(
        team.workspace().id(),
        role.name().toLowerCase(java.util.Locale.ROOT)
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "@example.test",
        name,
        passwords.encode(PASSWORD),
        role);
  }

  /** {@link #colleague}, signed in. */
  SignedIn person(Team team, String name, Role role) {
    return SignedIn.of(colleague(team, name, role)).withoutPassword();
  }

  /** {@link #colleague} called after the role ("Manager Person"), signed in. */
  SignedIn person(Team team, Role role) {
    return person(team, role.label() + " Person", role);
  }

  /** Puts another person of the workspace into the team's Support team. */
  void joinTeamOf(Team team, User user) {
    long support =
        teams.inWorkspace(team.workspace().id()).stream()
            .filter(t -> t.name().equals("Support"))
            .findFirst()
            .orElseThrow()
            .id();
    teams.addMember(team.workspace().id(), support, user.id());
  }

  /** Ingests one inbound mention and returns its conversation. */
  Conversation conversation(Team team, String authorName, String text) {
    String id = UUID.randomUUID().toString();
    ingestion.ingest(
        team.account(),
        List.of(
            new InboundItem(
                id,
                InboundItem.Change.CREATED,
                InboundItem.Kind.MENTION,
                null,
                null,
                new InboundItem.Author(
                    "author-" + id, "handle_" + id.substring(0, 6), authorName, 5),
                false,
                text,
                null,
                Instant.now(),
                null,
                "{}")));
    return conversations
        .list(
            new InboxFilter(
                team.workspace().id(), null, null, InboxFilter.Assignment.ALL, 0, null, 500))
        .stream()
        .filter(c -> c.messageCount() > 0)
        .filter(c -> conversations.messages(c.id()).getFirst().externalId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  /**
   * A Mastodon account of the team's workspace on a local server that replays recorded payloads
   * (the instance answer is added here; the test adds what it replays).
   */
  ChannelAccount mastodonOn(io.parley.testing.ReplayServer server, Team team, String token) {
    server.on(
        "GET",
        "/api/v1/instance",
        io.parley.testing.ReplayServer.Reply.json("{\"uri\":\"mastodon.example\"}"));
    return channelAccounts.add(
        team.workspace().id(),
        Network.MASTODON,
        "brand",
        "The Brand",
        "14715",
        server.url(),
        java.util.Map.of("access_token", token));
  }

  record Team(Workspace workspace, User user, SignedIn me, ChannelAccount account) {}

  @TestConfiguration(proxyBeanMethods = false)
  static class Connectors {
    @Bean
    RecordingConnector xConnector() {
      return new RecordingConnector(Network.X, X_LIMIT);
    }
  }
}
