package io.parley.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.alerts.Alerts;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the health view and the alerts rely on, run on H2 and PostgreSQL. */
abstract class ConnectorHealthContract {

  @Autowired ConnectorHealth health;
  @Autowired Alerts alerts;
  @Autowired Fixtures fixtures;
  @Autowired JdbcClient jdbc;
  @Autowired Signals signals;

  ChannelAccount account;
  long workspace;

  @BeforeEach
  void setUp() {
    var ws = fixtures.workspace();
    workspace = ws.id();
    account = fixtures.channel(ws, Network.MASTODON);
  }

  @Test
  void signalsCountOncePerNetworkIdAndByTheirPost() {
    Instant now = Instant.now();
    var fav = new InboundSignal("n1", InboundSignal.Kind.FAVOURITE, "ann", "post-1", now);
    var boost = new InboundSignal("n2", InboundSignal.Kind.BOOST, "bob", "post-1", now);
    var follow = new InboundSignal("n3", InboundSignal.Kind.FOLLOW, "cy", null, now);
    var old =
        new InboundSignal(
            "n4", InboundSignal.Kind.FAVOURITE, "dee", "post-2", now.minus(Duration.ofDays(2)));

    assertThat(signals.record(account.id(), java.util.List.of(fav, boost, fav))).isEqualTo(2);
    assertThat(signals.record(account.id(), java.util.List.of(fav, boost, follow, old)))
        .as("a page fetched again counts only what is new")
        .isEqualTo(2);
    var other = fixtures.channel(fixtures.workspace(), Network.MASTODON);
    assertThat(signals.record(other.id(), java.util.List.of(fav)))
        .as("ids are unique per account, not across accounts")
        .isEqualTo(1);

    assertThat(signals.since(account.id(), now.minus(Duration.ofDays(1))))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                InboundSignal.Kind.FAVOURITE, 1,
                InboundSignal.Kind.BOOST, 1,
                InboundSignal.Kind.FOLLOW, 1));
    assertThat(signals.onPosts(account.id(), java.util.List.of("post-1", "post-2", "post-3")))
        .containsOnlyKeys("post-1", "post-2")
        .containsEntry(
            "post-1",
            java.util.Map.of(InboundSignal.Kind.FAVOURITE, 1, InboundSignal.Kind.BOOST, 1));
  }

  @Test
  void aGoodPollRecordsLastSuccessLagItemsPerHourAndCredentialExpiry() {
    Instant posted = Instant.now().minus(Duration.ofMinutes(7)).truncatedTo(ChronoUnit.SECONDS);
    Instant expires = Instant.now().plus(Duration.ofDays(60));
    health.pollSucceeded(account.id(), 3, posted, expires);
    health.pollSucceeded(account.id(), 2, posted.minus(Duration.ofHours(1)), expires);
    health.pollSucceeded(account.id(), 0, null, null);

    var report = health.report(account.id());
    assertThat(report.lastSuccessAt()).isAfter(posted);
    assertThat(report.newestItemAt())
        .as("an older item fetched later does not move the newest back")
        .isEqualTo(posted);
    assertThat(report.lag()).isBetween(Duration.ofMinutes(7), Duration.ofMinutes(8));
    assertThat(report.itemsLastHour()).isEqualTo(5);
    assertThat(report.credentialsExpireAt()).as("the last poll knew no expiry").isNull();
    assertThat(report.broken()).isFalse();
    assertThat(report.recentErrors()).isEmpty();
  }

  @Test
  void failuresAreKeptWithTheirReasonsAndBreakTheConnectionAtTheThreshold() {
    int threshold = health.failureThreshold();
    for (int i = 1; i < threshold; i++) {
      health.pollFailed(account.id(), "The server answered 503 (try " + i + ")", false);
    }
    assertThat(health.report(account.id()).broken()).isFalse();
    assertThat(health.broken(workspace)).isEmpty();
    assertThat(alerts.unreadCount(workspace)).isZero();

    health.pollFailed(account.id(), "Connection refused", false);
    health.pollFailed(account.id(), "Connection refused again", false);

    var report = health.report(account.id());
    assertThat(report.broken()).isTrue();
    assertThat(report.consecutiveFailures()).isEqualTo(threshold + 1);
    assertThat(report.recentErrors())
        .extracting(ConnectorHealth.Failure::reason)
        .startsWith("Connection refused again", "Connection refused")
        .contains("The server answered 503 (try 1)");
    assertThat(health.broken(workspace))
        .singleElement()
        .satisfies(b -> assertThat(b.reason()).isEqualTo("Connection refused again"));
    assertThat(alerts.unreadCount(workspace)).as("one alert per breakage").isEqualTo(1);
    assertThat(alerts.recent(workspace, 5).getFirst().detail()).isEqualTo("Connection refused");

    health.pollSucceeded(account.id(), 0, null, null);
    assertThat(health.broken(workspace)).isEmpty();
    assertThat(health.report(account.id()).recentErrors())
        .as("the history outlives the recovery")
        .hasSize(threshold + 1);
  }

  @Test
  void refusedCredentialsBreakTheConnectionAtOnceAndRaiseOneUnreadAlert() {
    health.pollFailed(account.id(), "The server rejected the access token", true);
    health.pollFailed(account.id(), "The server rejected the access token", true);

    assertThat(health.report(account.id()).credentialsRefused()).isTrue();
    assertThat(health.broken(workspace))
        .singleElement()
        .satisfies(b -> assertThat(b.credentialsRefused()).isTrue());
    assertThat(alerts.recent(workspace, 10))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.title()).contains("@brand");
              assertThat(a.link()).endsWith("#account-" + account.id());
            });

    assertThat(alerts.markAllRead(workspace)).isEqualTo(1);
    assertThat(alerts.unreadCount(workspace)).isZero();
    health.pollSucceeded(account.id(), 0, null, null);
    health.pollFailed(account.id(), "The server rejected the access token", true);
    assertThat(alerts.unreadCount(workspace)).as("broken again after a recovery").isEqualTo(1);
  }

  @Test
  void pruningDropsOnlyOldLogRows() {
    health.pollFailed(account.id(), "old", false);
    jdbc.sql("update connector_poll_log set occurred_at = ? where channel_account_id = ?")
        .params(
            java.sql.Timestamp.from(Instant.now().minus(ConnectorHealth.KEEP).minusSeconds(60)),
            account.id())
        .update();
    health.pollFailed(account.id(), "new", false);

    health.prune();

    assertThat(health.report(account.id()).recentErrors())
        .extracting(ConnectorHealth.Failure::reason)
        .containsExactly("new");
  }
}
