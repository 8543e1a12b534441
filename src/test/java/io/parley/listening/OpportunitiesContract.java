package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connectors;
import io.parley.sandbox.SandboxApi;
import io.parley.sandbox.SandboxNetwork;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

/** The listening pipeline and the opportunity feed, run on H2 and PostgreSQL. */
abstract class OpportunitiesContract {

  @Autowired ListeningQueries queries;
  @Autowired Opportunities opportunities;
  @Autowired ListeningPipeline pipeline;
  @Autowired ChannelAccounts accounts;
  @Autowired Connectors connectors;
  @Autowired ListeningCursors cursors;
  @Autowired QueryMatcher matcher;
  @Autowired ObjectProvider<PostSignals.Source> signals;
  @Autowired Fixtures fixtures;
  @Autowired Users users;
  @Autowired RecentPosts recent;

  SandboxNetwork network;
  SandboxApi api;
  ChannelAccount account;
  long workspace;
  long agent;

  @BeforeEach
  void setUp() {
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

  private void listen() {
    pipeline.poll(account, connectors.forNetwork(Network.SANDBOX));
    pipeline.drain();
  }

  @Test
  void aMatchingPublicPostBecomesAnOpportunityOnce() {
    StoredQuery weddings =
        queries.create(workspace, "Weddings", "(dress OR gown) NEAR/4 wedding", agent);
    String post =
        api.customerPost(
            "zofia_w", "anyone know where to get a dress for a wedding? 🙏", null, false);
    api.customerPost("hiker_jo", "nice weather for a wedding", null, false);
    api.customerPost("mei_hikes", "a dress for my wedding, in private", null, true);

    listen();
    listen();

    List<Opportunity> feed = opportunities.forQuery(workspace, weddings.id(), null);
    assertThat(feed).hasSize(1);
    Opportunity o = feed.getFirst();
    assertThat(o.postExternalId()).isEqualTo(post);
    assertThat(o.authorHandle()).isEqualTo("zofia_w");
    assertThat(o.postText()).isEqualTo("anyone know where to get a dress for a wedding? 🙏");
    assertThat(o.status()).isEqualTo(OpportunityStatus.NEW);
    assertThat(o.network()).isEqualTo(Network.SANDBOX);
    assertThat(o.intent()).isNull();
    assertThat(o.score()).as("a question scores higher").isGreaterThanOrEqualTo(70);
    assertThat(o.channelAccountId()).isEqualTo(account.id());
  }

  @Test
  void anAccountFeedsOnlyItsOwnWorkspacesQueries() {
    long other = fixtures.workspace().id();
    StoredQuery theirs = queries.create(other, "Shoes", "\"running shoes\"", null);
    StoredQuery mine = queries.create(workspace, "Shoes", "\"running shoes\"", agent);
    api.customerPost("zofia_w", "need new running shoes", null, false);

    listen();

    assertThat(opportunities.forQuery(workspace, mine.id(), null)).hasSize(1);
    assertThat(opportunities.forQuery(other, theirs.id(), null)).isEmpty();
    assertThat(opportunities.forQuery(other, mine.id(), null)).isEmpty();
  }

  @Test
  void aQueryAddedLaterMatchesTheNextPostsNotTheOldOnes() {
    api.customerPost("zofia_w", "need new running shoes", null, false);
    listen();
    StoredQuery q = queries.create(workspace, "Shoes", "\"running shoes\"", agent);
    String later = api.customerPost("hiker_jo", "running shoes for trails?", null, false);

    listen();

    assertThat(opportunities.forQuery(workspace, q.id(), null))
        .extracting(Opportunity::postExternalId)
        .containsExactly(later);
  }

  @Test
  void statusesFollowTheFeedsRulesAndWonRecordsAValue() {
    StoredQuery q = queries.create(workspace, "Shoes", "\"running shoes\"", agent);
    api.customerPost("zofia_w", "need new running shoes", null, false);
    listen();
    long id = opportunities.forQuery(workspace, q.id(), null).getFirst().id();

    assertThatThrownBy(
            () ->
                opportunities.changeStatus(
                    workspace, id, OpportunityStatus.WON, new BigDecimal("10")))
        .hasMessageContaining("new cannot become won");
    opportunities.changeStatus(workspace, id, OpportunityStatus.ENGAGED, null);
    assertThatThrownBy(() -> opportunities.changeStatus(workspace, id, OpportunityStatus.WON, null))
        .hasMessageContaining("conversion value");
    Opportunity won =
        opportunities.changeStatus(workspace, id, OpportunityStatus.WON, new BigDecimal("129.90"));
    opportunities.assign(workspace, id, agent);
    opportunities.setNotes(workspace, id, "  bought the Trailrunner GTX  ");

    Opportunity stored = opportunities.byId(workspace, id).orElseThrow();
    assertThat(won.status()).isEqualTo(OpportunityStatus.WON);
    assertThat(stored.conversionValue()).isEqualByComparingTo("129.90");
    assertThat(stored.assigneeId()).isEqualTo(agent);
    assertThat(stored.notes()).isEqualTo("bought the Trailrunner GTX");
    assertThat(opportunities.counts(workspace, q.id()))
        .containsEntry(OpportunityStatus.WON, 1L)
        .containsEntry(OpportunityStatus.NEW, 0L);
    long stranger = fixtures.workspace().id();
    assertThatThrownBy(() -> opportunities.assign(stranger, id, agent))
        .hasMessageContaining("no opportunity");
    long outsider =
        users.create(stranger, "o" + stranger + "@x.test", "Outsider", "x", Role.AGENT).id();
    assertThatThrownBy(() -> opportunities.assign(workspace, id, outsider))
        .hasMessageContaining("no user");
  }

  @Test
  void numbersPerQueryCountStatusesWonValueAndMatchesPerDay() {
    StoredQuery shoes = queries.create(workspace, "Shoes", "shoes", agent);
    StoredQuery quiet = queries.create(workspace, "Tents", "tent", agent);
    api.customerPost("zofia_w", "need new shoes", null, false);
    api.customerPost("hiker_jo", "shoes for trails?", null, false);
    listen();
    List<Opportunity> feed = opportunities.forQuery(workspace, shoes.id(), null);
    long a = feed.get(0).id();
    long b = feed.get(1).id();
    opportunities.changeStatus(workspace, a, OpportunityStatus.ENGAGED, null);
    opportunities.changeStatus(workspace, a, OpportunityStatus.WON, new BigDecimal("129.90"));
    opportunities.changeStatus(workspace, b, OpportunityStatus.IGNORED, null);

    Map<Long, QueryNumbers> numbers = opportunities.numbers(workspace, 14);

    QueryNumbers n = numbers.get(shoes.id());
    assertThat(n.count(OpportunityStatus.WON)).isEqualTo(1);
    assertThat(n.count(OpportunityStatus.IGNORED)).isEqualTo(1);
    assertThat(n.count(OpportunityStatus.NEW)).isZero();
    assertThat(n.wonValue()).isEqualByComparingTo("129.90");
    assertThat(n.conversionPercent()).isEqualTo(50);
    assertThat(n.perDay()).hasSize(14);
    assertThat(n.perDay().getLast().matches()).as("today").isEqualTo(2);
    assertThat(n.matchesInPeriod()).isEqualTo(2);
    QueryNumbers none = numbers.get(quiet.id());
    assertThat(none.total()).isZero();
    assertThat(none.wonValue()).isEqualByComparingTo("0");
    assertThat(none.conversionPercent()).isNull();
  }

  @Test
  void aDraftQueryIsTestedOnRecentPostsWithTheMatchedTermsMarked() {
    api.customerPost(
        "zofia_w", "Anyone know where to get a Summer  Dress? <b>now</b>", null, false);
    api.customerPost("hiker_jo", "nice weather for a walk", null, false);
    listen();

    RecentPosts.Trial trial = recent.test(workspace, "\"summer dress\" OR walk*", 10);

    assertThat(trial.checked()).isGreaterThanOrEqualTo(2);
    assertThat(trial.total()).isEqualTo(2);
    RecentPosts.Sample dress =
        trial.matches().stream()
            .filter(m -> m.authorHandle().equals("zofia_w"))
            .findFirst()
            .orElseThrow();
    assertThat(dress.pieces())
        .containsExactly(
            new RecentPosts.Piece("Anyone know where to get a ", false),
            new RecentPosts.Piece("Summer  Dress", true),
            new RecentPosts.Piece("? <b>now</b>", false));
    assertThat(recent.test(fixtures.workspace().id(), "dress", 10).checked())
        .as("another workspace's posts are not tried")
        .isZero();
    assertThatThrownBy(() -> recent.test(workspace, "(dress", 10))
        .isInstanceOf(QuerySyntaxException.class);
  }

  @Test
  void aFullQueueCountsLaggingAndDroppedPostsAndLosesNone() {
    StoredQuery q = queries.create(workspace, "Shoes", "shoes", agent);
    for (int i = 0; i < 5; i++) {
      api.customerPost("zofia_w", "need new shoes, attempt " + i, null, false);
    }
    ListeningPipeline small =
        new ListeningPipeline(
            accounts,
            connectors,
            cursors,
            matcher,
            opportunities,
            signals,
            recent,
            false,
            3,
            3,
            Duration.ZERO);

    small.poll(account, connectors.forNetwork(Network.SANDBOX));
    small.poll(account, connectors.forNetwork(Network.SANDBOX));
    ListeningStats stats = small.stats();
    small.drain();

    assertThat(stats.fetched()).isEqualTo(5);
    assertThat(stats.dropped()).isEqualTo(2);
    assertThat(stats.laggingPolls()).isEqualTo(1);
    assertThat(stats.queued()).isEqualTo(3);
    assertThat(opportunities.forQuery(workspace, q.id(), null)).hasSize(3);

    listen();

    assertThat(opportunities.forQuery(workspace, q.id(), null))
        .as("the dropped posts were read again from the same cursor, the others not twice")
        .hasSize(5);
  }
}
