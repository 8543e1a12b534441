package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connectors;
import io.parley.conversations.Conversations;
import io.parley.conversations.Direction;
import io.parley.conversations.Message;
import io.parley.ingestion.ConnectorPoller;
import io.parley.outbox.ReplyDispatcher;
import io.parley.sandbox.SandboxApi;
import io.parley.sandbox.SandboxNetwork;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import io.parley.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Replies from opportunities through the outbox, and the etiquette guard, on H2 and PostgreSQL. */
abstract class OutreachContract {

  @TestConfiguration
  static class Clocks {
    @Bean
    MutableClock clock() {
      return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
  }

  @Autowired ListeningQueries queries;
  @Autowired Opportunities opportunities;
  @Autowired ListeningPipeline pipeline;
  @Autowired Outreach outreach;
  @Autowired ChannelAccounts accounts;
  @Autowired Connectors connectors;
  @Autowired ConnectorPoller poller;
  @Autowired ReplyDispatcher dispatcher;
  @Autowired Conversations conversations;
  @Autowired Fixtures fixtures;
  @Autowired Users users;
  @Autowired JdbcClient jdbc;
  @Autowired MutableClock clock;

  SandboxNetwork network;
  SandboxApi api;
  ChannelAccount account;
  long workspace;
  long agent;

  @BeforeEach
  void setUp() {
    // whole milliseconds: H2 rounds stored timestamps to microseconds (up, too), so a reply queued
    // at a nanosecond instant would not be due at that same instant
    clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    network = SandboxNetwork.start(SandboxNetwork.Options.forTests());
    api = new SandboxApi(network.url());
    var ws = fixtures.workspace();
    workspace = ws.id();
    agent = users.create(workspace, ws.slug() + "@agent.test", "Agent", "x", Role.AGENT).id();
    account =
        accounts.add(
            workspace,
            Network.SANDBOX,
            "northwind",
            "Northwind Outfitters",
            null,
            network.url().toString(),
            Map.of("token", network.brandToken()));
  }

  @AfterEach
  void tearDown() {
    network.close();
  }

  /** Posts {@code text} as {@code handle} and returns the opportunity it became for {@code q}. */
  private Opportunity opportunity(StoredQuery q, String handle, String text) {
    String post = api.customerPost(handle, text, null, false);
    pipeline.poll(account, connectors.forNetwork(Network.SANDBOX));
    pipeline.drain();
    return opportunities.forQuery(workspace, q.id(), null).stream()
        .filter(o -> o.postExternalId().equals(post))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The brand's post with this text, once the outbox delivered it. Other tests of the same context
   * may have left replies to networks that are gone, so this dispatches until ours went out.
   */
  private JsonNode delivered(String text) {
    for (int round = 0; round < 50; round++) {
      for (JsonNode p : api.get("/api/v1/accounts/northwind/posts", null).json().path("posts")) {
        if (p.path("text").asString().equals(text)) {
          return p;
        }
      }
      dispatcher.dispatchDue();
    }
    throw new AssertionError(
        "the outbox did not deliver: "
            + text
            + " "
            + jdbc.sql("select id, state, next_attempt_at, last_error from outbox order by id")
                .query()
                .listOfRows()
            + " now "
            + clock.instant());
  }

  private long outboxRows() {
    return jdbc.sql("select count(*) from outreach where workspace_id = ?")
        .param(workspace)
        .query(Long.class)
        .single();
  }

  @Test
  void aReplyGoesOutThroughTheOutboxAndTheAnswerLandsInTheLinkedConversation() {
    StoredQuery q = queries.create(workspace, "Shoes", "\"running shoes\"", agent);
    Opportunity o = opportunity(q, "zofia_w", "need new running shoes, any tips?");

    long message =
        outreach.reply(workspace, o.id(), agent, "The Trailrunner GTX is great on wet trails.");
    JsonNode sent = delivered("The Trailrunner GTX is great on wet trails.");

    Opportunity engaged = opportunities.byId(workspace, o.id()).orElseThrow();
    assertThat(engaged.status()).isEqualTo(OpportunityStatus.ENGAGED);
    assertThat(engaged.conversationId()).isNotNull();
    List<Message> thread = conversations.messages(engaged.conversationId());
    assertThat(thread).extracting(Message::id).contains(message);
    assertThat(thread)
        .filteredOn(m -> m.direction() == Direction.IN)
        .extracting(Message::externalId)
        .containsExactly(o.postExternalId());
    assertThat(sent.path("inReplyTo").asString()).isEqualTo(o.postExternalId());

    api.customerPost(
        "zofia_w", "thanks, where can I try them on?", sent.path("id").asString(), false);
    poller.poll(account, connectors.forNetwork(Network.SANDBOX));

    assertThat(conversations.messages(engaged.conversationId()))
        .filteredOn(m -> m.direction() == Direction.IN)
        .extracting(Message::text)
        .contains("thanks, where can I try them on?");
  }

  @Test
  void theGuardBlocksASecondUnsolicitedReplyToTheSamePersonAndSaysWhy() {
    StoredQuery shoes = queries.create(workspace, "Shoes", "\"running shoes\"", agent);
    StoredQuery tents = queries.create(workspace, "Tents", "tent", agent);
    Opportunity first = opportunity(shoes, "zofia_w", "need new running shoes");
    Opportunity second = opportunity(tents, "zofia_w", "looking for a tent for two");
    outreach.reply(workspace, first.id(), agent, "Try the Trailrunner GTX.");

    EtiquetteVerdict verdict = outreach.check(workspace, second.id(), "The Basecamp tent?");
    assertThatThrownBy(() -> outreach.reply(workspace, second.id(), agent, "The Basecamp tent?"))
        .isInstanceOf(OutreachRefused.class)
        .hasMessageContaining("already wrote to @zofia_w")
        .hasMessageContaining("30 days");

    assertThat(verdict.allowed()).isFalse();
    assertThat(outboxRows()).isEqualTo(1);
    assertThat(opportunities.byId(workspace, second.id()).orElseThrow().status())
        .isEqualTo(OpportunityStatus.NEW);
    Opportunity other = opportunity(tents, "hiker_jo", "which tent for scotland?");
    assertThat(outreach.check(workspace, other.id(), "The Basecamp tent.").allowed()).isTrue();
  }

  @Test
  void anOverrideSendsABlockedReplyAndKeepsTheBlocksWithTheOutreach() {
    StoredQuery q = queries.create(workspace, "Shoes", "\"running shoes\"", agent);
    Opportunity o = opportunity(q, "zofia_w", "need new running shoes");
    clock.advance(Duration.ofHours(50));
    assertThat(outreach.check(workspace, o.id(), "Try the Trailrunner.").allowed()).isFalse();

    outreach.reply(workspace, o.id(), agent, "Try the Trailrunner.", true);

    assertThat(outboxRows()).isEqualTo(1);
    assertThat(
            jdbc.sql("select guard_overridden from outreach where opportunity_id = ?")
                .param(o.id())
                .query(String.class)
                .single())
        .contains("48 hours");
    assertThat(opportunities.byId(workspace, o.id()).orElseThrow().status())
        .isEqualTo(OpportunityStatus.ENGAGED);
  }

  @Test
  void postsOlderThan48HoursAreNotAnswered() {
    StoredQuery q = queries.create(workspace, "Shoes", "\"running shoes\"", agent);
    Opportunity o = opportunity(q, "zofia_w", "need new running shoes");

    clock.advance(Duration.ofHours(47));
    assertThat(outreach.check(workspace, o.id(), "Try the Trailrunner.").allowed()).isTrue();
    clock.advance(Duration.ofHours(3));
    EtiquetteVerdict late = outreach.check(workspace, o.id(), "Try the Trailrunner.");

    assertThat(late.allowed()).isFalse();
    assertThat(late.explanation()).contains("The post is 49 hours old").contains("48 hours");
  }

  @Test
  void aDailyCapPerAccountAndASwitchToTurnTheGuardOff() {
    StoredQuery q = queries.create(workspace, "Shoes", "shoes", agent);
    Opportunity a = opportunity(q, "zofia_w", "need shoes");
    Opportunity b = opportunity(q, "hiker_jo", "need shoes too");
    outreach.reply(workspace, a.id(), agent, "Try the Trailrunner.");
    Opportunity stored = opportunities.byId(workspace, b.id()).orElseThrow();

    var capped = new EtiquetteGuard(jdbc, clock, new EtiquetteRules(true, null, null, 1, null));
    var off = new EtiquetteGuard(jdbc, clock, new EtiquetteRules(false, null, null, 1, null));

    EtiquetteVerdict blocked = capped.check(stored, "Try the Trailrunner too.");
    assertThat(blocked.allowed()).isFalse();
    assertThat(blocked.blocks().getFirst())
        .contains("has sent 1 unsolicited replies today")
        .contains("daily cap is 1");
    EtiquetteVerdict allowed = off.check(stored, "Try the Trailrunner too.");
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.warnings()).anyMatch(w -> w.startsWith("(guard is off)"));
    clock.advance(Duration.ofDays(1));
    assertThat(capped.check(stored, "Try the Trailrunner too.").blocks())
        .noneMatch(s -> s.contains("daily cap"));
  }

  @Test
  void someoneWhoAskedTheBrandToStopOrIsMarkedIsNotContacted() throws Exception {
    StoredQuery q = queries.create(workspace, "Shoes", "shoes", agent);
    Opportunity first = opportunity(q, "zofia_w", "need shoes");
    outreach.reply(workspace, first.id(), agent, "Try the Trailrunner.");
    String brandReply = delivered("Try the Trailrunner.").path("id").asString();
    api.customerPost("zofia_w", "Please stop messaging me.", brandReply, false);
    poller.poll(account, connectors.forNetwork(Network.SANDBOX));
    // the answer is read for a stop request after the ingest commits, off the ingesting thread
    io.parley.testing.Poll.until(
        "the stop request puts @zofia_w on the do-not-contact list",
        Duration.ofSeconds(15),
        () ->
            jdbc.sql("select count(*) from do_not_contact where workspace_id = ?")
                        .param(workspace)
                        .query(Long.class)
                        .single()
                    > 0
                ? null
                : "not on the list yet",
        () -> "");
    clock.advance(Duration.ofDays(31));
    Opportunity later = opportunity(q, "zofia_w", "need shoes again");
    clock.set(later.postCreatedAt().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS));

    EtiquetteVerdict stop = outreach.check(workspace, later.id(), "Hello again!");
    assertThat(stop.allowed()).isFalse();
    assertThat(stop.explanation())
        .contains("@zofia_w must not be contacted: they asked the brand to stop")
        .contains("Please stop messaging me.");

    Opportunity quiet = opportunity(q, "hiker_jo", "need shoes");
    outreach.doNotContact(
        workspace, Network.SANDBOX, quiet.authorExternalId(), "they blocked the brand");
    assertThat(outreach.check(workspace, quiet.id(), "Hi!").explanation())
        .contains("must not be contacted: they blocked the brand");
  }

  @Test
  void promotionalOrCopiedDraftsGetAWarningButMayBeSent() {
    StoredQuery q = queries.create(workspace, "Shoes", "shoes", agent);
    Opportunity a = opportunity(q, "zofia_w", "need shoes");
    Opportunity b = opportunity(q, "hiker_jo", "need shoes");
    outreach.reply(workspace, a.id(), agent, "The Trailrunner GTX suits wet trails.");

    EtiquetteVerdict promo =
        outreach.check(workspace, b.id(), "SALE! 30% off all shoes, shop now: https://nw.test/s");
    EtiquetteVerdict copied =
        outreach.check(workspace, b.id(), "The  Trailrunner GTX suits wet trails.");
    EtiquetteVerdict fine =
        outreach.check(workspace, b.id(), "Which distances do you run? That decides it.");

    assertThat(promo.allowed()).isTrue();
    assertThat(promo.warnings()).anyMatch(w -> w.contains("mostly promotional"));
    assertThat(copied.warnings()).anyMatch(w -> w.contains("already sent to 1 person"));
    assertThat(fine.warnings()).isEmpty();
  }
}
