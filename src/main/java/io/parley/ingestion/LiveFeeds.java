package io.parley.ingestion;

import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connector;
import io.parley.channels.ConnectorHealth;
import io.parley.channels.Connectors;
import io.parley.channels.LiveFeed;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps a streaming connection open for every enabled account whose server offers one, chosen
 * automatically: an announcement makes the poller fetch at once, and while the stream is up the
 * regular polling of that account slows down to a safety net. A stream that ends is reopened with a
 * growing delay and the account goes back to normal polling meanwhile; a server without streaming
 * is asked again after {@code parley.streaming.recheck}. Nothing is ever read from the stream
 * itself, so a lost stream can delay items but never lose them.
 */
@Component
public class LiveFeeds {

  private static final Logger log = LoggerFactory.getLogger(LiveFeeds.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);
  // A stream that dies sooner than this after opening is reopened with a growing delay.
  private static final Duration STABLE = Duration.ofMinutes(1);

  private final ChannelAccounts accounts;
  private final Connectors connectors;
  private final ConnectorPoller poller;
  private final ConnectorHealth health;
  private final Clock clock;
  private final boolean enabled;
  private final Duration recheck;
  private final Map<Long, LiveFeed> open = new ConcurrentHashMap<>();
  private final Map<Long, Retry> retries = new ConcurrentHashMap<>();
  private final Map<Long, Instant> openedAt = new ConcurrentHashMap<>();

  LiveFeeds(
      ChannelAccounts accounts,
      Connectors connectors,
      ConnectorPoller poller,
      ConnectorHealth health,
      Clock clock,
      @Value("${parley.workers.enabled:true}") boolean workers,
      @Value("${parley.streaming.enabled:true}") boolean streaming,
      @Value("${parley.streaming.recheck:15m}") Duration recheck) {
    this.accounts = accounts;
    this.connectors = connectors;
    this.poller = poller;
    this.health = health;
    this.clock = clock;
    this.enabled = workers && streaming;
    this.recheck = recheck;
  }

  @Scheduled(
      fixedDelayString = "${parley.streaming.check-interval:5s}",
      initialDelayString = "${parley.polling.initial-delay:1s}")
  void scheduledCheck() {
    if (enabled) {
      refresh();
    }
  }

  /**
   * Opens the streams that are missing (new accounts, ended streams whose retry is due) and closes
   * those of accounts no longer enabled.
   */
  public void refresh() {
    Set<Long> enabledIds = new HashSet<>();
    for (ChannelAccount account : accounts.enabled()) {
      enabledIds.add(account.id());
      LiveFeed feed = open.get(account.id());
      if (feed != null) {
        if (feed.isOpen()) {
          continue;
        }
        // went quiet for too long: treat it as ended
        if (open.remove(account.id(), feed)) {
          lost(account, "The stream went silent");
        }
      }
      Retry retry = retries.get(account.id());
      if (retry != null && clock.instant().isBefore(retry.at())) {
        continue;
      }
      connectors.find(account.network()).ifPresent(connector -> open(account, connector));
    }
    for (Long id : Set.copyOf(open.keySet())) {
      if (!enabledIds.contains(id)) {
        close(id);
      }
    }
  }

  /** Whether the account's items are announced over an open stream right now. */
  public boolean isLive(long channelAccountId) {
    LiveFeed feed = open.get(channelAccountId);
    return feed != null && feed.isOpen();
  }

  private void open(ChannelAccount account, Connector connector) {
    Optional<LiveFeed> feed;
    try {
      feed = connector.openLiveFeed(accounts.connect(account), listener(account));
    } catch (RuntimeException e) {
      // the poller reports the connection's own trouble; here it only means "no stream yet"
      retryLater(account.id(), "Streaming could not be opened: " + e.getMessage());
      return;
    }
    if (feed.isEmpty()) {
      retries.put(account.id(), new Retry(clock.instant().plus(recheck), recheck));
      health.polling(account.id(), "The server offers no streaming");
      poller.announcedByStream(account.id(), false);
      return;
    }
    LiveFeed previous = open.put(account.id(), feed.get());
    if (previous != null) {
      previous.close();
    }
    openedAt.put(account.id(), clock.instant());
    health.streaming(account.id());
    poller.announcedByStream(account.id(), true);
    log.info("{}: new items are announced over the network's stream", account);
    // whatever arrived before the stream was up
    poller.pollSoon(account);
  }

  private LiveFeed.Listener listener(ChannelAccount account) {
    return new LiveFeed.Listener() {
      @Override
      public void arrived() {
        poller.pollSoon(account);
      }

      @Override
      public void ended(String reason) {
        LiveFeed feed = open.remove(account.id());
        if (feed != null) {
          lost(account, reason);
        }
      }
    };
  }

  private void lost(ChannelAccount account, String reason) {
    Instant since = openedAt.remove(account.id());
    if (since != null && !clock.instant().isBefore(since.plus(STABLE))) {
      retries.remove(account.id()); // it had worked for a while: reopen quickly
    }
    log.info("{}: stream ended ({}); polling until it is reopened", account, reason);
    retryLater(account.id(), reason);
    // announcements may have been missed while the stream was dying
    poller.pollSoon(account);
  }

  private void retryLater(long channelAccountId, String reason) {
    Retry previous = retries.get(channelAccountId);
    Duration delay =
        previous == null || previous.delay().compareTo(recheck) >= 0
            ? FIRST_RETRY
            : previous.delay().multipliedBy(2);
    if (delay.compareTo(MAX_RETRY) > 0) {
      delay = MAX_RETRY;
    }
    retries.put(channelAccountId, new Retry(clock.instant().plus(delay), delay));
    poller.announcedByStream(channelAccountId, false);
    health.polling(channelAccountId, reason);
  }

  private void close(long channelAccountId) {
    LiveFeed feed = open.remove(channelAccountId);
    if (feed != null) {
      feed.close();
    }
    poller.announcedByStream(channelAccountId, false);
  }

  @PreDestroy
  void closeAll() {
    for (Long id : Set.copyOf(open.keySet())) {
      close(id);
    }
  }

  private record Retry(Instant at, Duration delay) {}
}
