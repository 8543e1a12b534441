package io.parley.ingestion;

import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connector;
import io.parley.channels.ConnectorCursors;
import io.parley.channels.ConnectorHealth;
import io.parley.channels.Connectors;
import io.parley.channels.CredentialsRejected;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversations;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Pulls every enabled channel account through its connector. A page is stored together with its
 * cursor; a failing account backs off exponentially (capped) without holding up the others, and its
 * error is recorded for the health view.
 *
 * <p>Accounts whose network announces new items over a stream ({@link LiveFeeds}) are fetched as
 * soon as something is announced ({@link #pollSoon}) and otherwise only every {@code
 * parley.polling.live-interval}, a safety net for announcements lost in transit. One account is
 * never polled twice at once.
 */
@Component
public class ConnectorPoller {

  private static final Logger log = LoggerFactory.getLogger(ConnectorPoller.class);
  private static final int MAX_PAGES_PER_ROUND = 20;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final ChannelAccounts accounts;
  private final Connectors connectors;
  private final ConnectorCursors cursors;
  private final Ingestion ingestion;
  private final ConnectorHealth health;
  private final Clock clock;
  private final Map<Long, Backoff> backoff = new ConcurrentHashMap<>();
  private final boolean workers;
  private final Conversations conversations;
  private final Map<Long, Instant> reconciled = new ConcurrentHashMap<>();
  private final Duration reconcileEvery;
  private final Duration reconcileWindow;
  private final int reconcileLimit;
  private final Duration liveInterval;
  private final Set<Long> live = ConcurrentHashMap.newKeySet();
  private final Map<Long, Turn> turns = new ConcurrentHashMap<>();
  private final ExecutorService soon = Executors.newVirtualThreadPerTaskExecutor();

  ConnectorPoller(
      ChannelAccounts accounts,
      Connectors connectors,
      ConnectorCursors cursors,
      Ingestion ingestion,
      ConnectorHealth health,
      Conversations conversations,
      Clock clock,
      @Value("${parley.workers.enabled:true}") boolean workers,
      @Value("${parley.reconcile.interval:5m}") Duration reconcileEvery,
      @Value("${parley.reconcile.window:48h}") Duration reconcileWindow,
      @Value("${parley.reconcile.limit:100}") int reconcileLimit,
      @Value("${parley.polling.live-interval:60s}") Duration liveInterval) {
    this.liveInterval = liveInterval;
    this.conversations = conversations;
    this.reconcileEvery = reconcileEvery;
    this.reconcileWindow = reconcileWindow;
    this.reconcileLimit = reconcileLimit;
    this.workers = workers;
    this.accounts = accounts;
    this.connectors = connectors;
    this.cursors = cursors;
    this.ingestion = ingestion;
    this.health = health;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${parley.polling.interval:2s}",
      initialDelayString = "${parley.polling.initial-delay:1s}")
  void scheduledRound() {
    if (workers) {
      pollAll();
    }
  }

  public void pollAll() {
    for (ChannelAccount account : accounts.enabled()) {
      if (backingOff(account.id())) {
        continue;
      }
      if (live.contains(account.id())) {
        Instant last = turn(account.id()).lastPolled;
        if (last != null && clock.instant().isBefore(last.plus(liveInterval))) {
          continue;
        }
      }
      connectors.find(account.network()).ifPresent(connector -> pollIfIdle(account, connector));
    }
  }

  /**
   * Polls the account as soon as possible on another thread: at once, or right after the poll under
   * way (requests arriving meanwhile are folded into that one extra poll).
   */
  public void pollSoon(ChannelAccount account) {
    turn(account.id()).again.set(true);
    later(account);
  }

  // An announcement made while a poll runs is answered by one more poll after it.
  private void drain(ChannelAccount account) {
    Turn turn = turn(account.id());
    while (turn.again.get() && turn.lock.tryLock()) {
      try {
        if (turn.again.get() && !backingOff(account.id())) {
          connectors.find(account.network()).ifPresent(c -> pollNow(account, c));
        } else {
          turn.again.set(false);
        }
      } finally {
        turn.lock.unlock();
      }
    }
  }

  /** Streaming announces the account's items from now on (true) or no longer (false). */
  public void announcedByStream(long channelAccountId, boolean streaming) {
    if (streaming) {
      live.add(channelAccountId);
    } else {
      live.remove(channelAccountId);
    }
  }

  private void pollIfIdle(ChannelAccount account, Connector connector) {
    Turn turn = turn(account.id());
    if (turn.lock.tryLock()) {
      try {
        pollNow(account, connector);
      } finally {
        turn.lock.unlock();
      }
      if (turn.again.get()) {
        later(account);
      }
    }
  }

  private boolean backingOff(long channelAccountId) {
    Backoff wait = backoff.get(channelAccountId);
    return wait != null && clock.instant().isBefore(wait.until());
  }

  private Turn turn(long channelAccountId) {
    return turns.computeIfAbsent(channelAccountId, id -> new Turn());
  }

  private void later(ChannelAccount account) {
    try {
      soon.execute(() -> drain(account));
    } catch (RejectedExecutionException e) {
      // shutting down: the next start resumes from the stored cursor
    }
  }

  @PreDestroy
  void stop() {
    soon.shutdownNow();
  }

  /**
   * Fetches until the network has nothing more (bounded per round), waiting for a poll of the same
   * account under way. Returns items stored.
   */
  public int poll(ChannelAccount account, Connector connector) {
    Turn turn = turn(account.id());
    turn.lock.lock();
    try {
      return pollNow(account, connector);
    } finally {
      turn.lock.unlock();
      if (turn.again.get()) {
        later(account);
      }
    }
  }

  private int pollNow(ChannelAccount account, Connector connector) {
    Turn turn = turn(account.id());
    turn.again.set(false); // whatever was announced until now, this poll fetches
    turn.lastPolled = clock.instant();
    int stored = 0;
    Instant newest = null;
    try {
      var connected = accounts.connect(account);
      for (int page = 0; page < MAX_PAGES_PER_ROUND; page++) {
        String cursor = cursors.cursor(account.id()).orElse(null);
        FetchPage fetched = connector.fetch(connected, cursor);
        IngestReport report = ingestion.ingestPage(account, fetched);
        stored += report.stored();
        newest = newest(newest, fetched);
        if (!report.rejected().isEmpty()) {
          log.warn(
              "{}: rejected {} items: {}", account, report.rejected().size(), report.rejected());
        }
        if (!fetched.hasMore()) {
          if (fetched.nextCursor() == null) {
            cursors.advance(account.id(), cursor);
          }
          break;
        }
      }
      backoff.remove(account.id());
      health.pollSucceeded(
          account.id(), stored, newest, connector.credentialsExpireAt(connected).orElse(null));
    } catch (RuntimeException e) {
      Backoff previous = backoff.get(account.id());
      Duration delay =
          previous == null ? Duration.ofSeconds(2) : min(previous.delay().multipliedBy(2));
      backoff.put(account.id(), new Backoff(clock.instant().plus(delay), delay));
      health.pollFailed(account.id(), e.getMessage(), e instanceof CredentialsRejected);
      log.warn("Polling {} failed (next try in {}s): {}", account, delay.toSeconds(), e.toString());
      return stored;
    }
    Instant last = reconciled.get(account.id());
    if (last == null || !clock.instant().isBefore(last.plus(reconcileEvery))) {
      reconcile(account, connector);
    }
    return stored;
  }

  /**
   * Re-checks the account's recent inbound messages (newest first, within the window, bounded) on
   * the network and records the ones deleted there as deletions: the message stays in its thread
   * marked deleted, its text kept in history. Returns how many were found deleted. A failure is
   * logged and retried at the next pass; it never stops polling.
   */
  public int reconcile(ChannelAccount account, Connector connector) {
    Instant now = clock.instant();
    reconciled.put(account.id(), now);
    try {
      List<Conversations.RecentInbound> recent =
          conversations.recentInbound(account.id(), now.minus(reconcileWindow), reconcileLimit);
      if (recent.isEmpty()) {
        return 0;
      }
      List<String> gone =
          connector.deletedAmong(
              accounts.connect(account),
              recent.stream().map(Conversations.RecentInbound::externalId).toList());
      if (gone.isEmpty()) {
        return 0;
      }
      List<InboundItem> deletions = new ArrayList<>();
      for (Conversations.RecentInbound m : recent) {
        if (gone.contains(m.externalId())) {
          deletions.add(
              new InboundItem(
                  m.externalId(),
                  InboundItem.Change.DELETED,
                  kind(m.kind()),
                  null,
                  null,
                  null,
                  false,
                  "",
                  List.of(),
                  m.createdAt(),
                  now,
                  "{\"reconciled\":\"deleted on the network\"}"));
        }
      }
      IngestReport report = ingestion.ingest(account, deletions);
      log.info("{}: {} messages were deleted on the network", account, deletions.size());
      return report.deletions();
    } catch (RuntimeException e) {
      log.warn("Re-checking recent messages of {} failed: {}", account, e.toString());
      return 0;
    }
  }

  private static InboundItem.Kind kind(String stored) {
    try {
      return InboundItem.Kind.valueOf(stored);
    } catch (IllegalArgumentException e) {
      return InboundItem.Kind.MENTION;
    }
  }

  /** Prunes the health log once an hour. */
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  void pruneHealthLog() {
    if (workers) {
      health.prune();
    }
  }

  private static Instant newest(Instant known, FetchPage fetched) {
    Instant newest = known;
    for (InboundItem item : fetched.items()) {
      if (item.change() == InboundItem.Change.CREATED
          && !item.fromAccountOwner()
          && (newest == null || item.createdAt().isAfter(newest))) {
        newest = item.createdAt();
      }
    }
    return newest;
  }

  private static Duration min(Duration d) {
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private record Backoff(Instant until, Duration delay) {}

  /** Per account: one poll at a time, and whether another was asked for meanwhile. */
  private static final class Turn {
    final ReentrantLock lock = new ReentrantLock();
    final AtomicBoolean again = new AtomicBoolean();
    volatile Instant lastPolled;
  }
}
