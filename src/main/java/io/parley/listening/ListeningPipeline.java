package io.parley.listening;

import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connector;
import io.parley.channels.Connectors;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.listening.QueryMatcher.QueryKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the public timelines of every enabled channel account whose connector offers one ({@link
 * Connector#fetchPublic}), and matches the posts against the workspace's listening queries; a match
 * becomes an {@link Opportunity}.
 *
 * <p>Backpressure: posts go through a bounded queue ({@code parley.listening.queue-capacity}) to
 * one matching thread. A poll that finds less room than a page ({@code
 * parley.listening.page-reserve}, at least the largest page a connector returns) is skipped and
 * counted as lagging; a post that still finds no room within {@code parley.listening.offer-timeout}
 * is counted as dropped and its page's cursor is not advanced, so it is read again. Both show in
 * {@link #stats()}; nothing is lost silently.
 *
 * <p>Each account's posts are matched only against its own workspace's queries: a workspace listens
 * through its own accounts.
 */
@Component
public class ListeningPipeline implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ListeningPipeline.class);

  private record Pending(ChannelAccount account, InboundItem post) {}

  private final ChannelAccounts accounts;
  private final Connectors connectors;
  private final ListeningCursors cursors;
  private final QueryMatcher matcher;
  private final Opportunities opportunities;
  private final PostSignals.Source signals;
  private final RecentPosts recent;
  private final boolean workers;
  private final int pageReserve;
  private final long offerTimeoutMs;
  private final BlockingQueue<Pending> queue;
  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong matched = new AtomicLong();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong lagging = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile Thread worker;
  private volatile boolean running;

  ListeningPipeline(
      ChannelAccounts accounts,
      Connectors connectors,
      ListeningCursors cursors,
      QueryMatcher matcher,
      Opportunities opportunities,
      ObjectProvider<PostSignals.Source> signals,
      RecentPosts recent,
      @Value("${parley.workers.enabled:true}") boolean workers,
      @Value("${parley.listening.queue-capacity:2000}") int capacity,
      @Value("${parley.listening.page-reserve:200}") int pageReserve,
      @Value("${parley.listening.offer-timeout:2s}") java.time.Duration offerTimeout) {
    this.accounts = accounts;
    this.connectors = connectors;
    this.cursors = cursors;
    this.matcher = matcher;
    this.opportunities = opportunities;
    this.signals = signals.getIfAvailable(() -> PostSignals.NONE_SOURCE);
    this.recent = recent;
    this.workers = workers;
    this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    this.pageReserve = Math.max(0, Math.min(pageReserve, capacity));
    this.offerTimeoutMs = Math.max(0, offerTimeout.toMillis());
  }

  @Scheduled(
      fixedDelayString = "${parley.listening.interval:2s}",
      initialDelayString = "${parley.listening.initial-delay:3s}")
  void scheduledRound() {
    if (workers) {
      pollAll();
    }
  }

  /** Reads one page of every account's public timeline into the queue. */
  public void pollAll() {
    for (ChannelAccount account : accounts.enabled()) {
      connectors.find(account.network()).ifPresent(c -> poll(account, c));
    }
  }

  /** Reads one page of an account's public timeline into the queue; returns how many posts. */
  int poll(ChannelAccount account, Connector connector) {
    if (queue.remainingCapacity() < pageReserve) {
      lagging.incrementAndGet();
      return 0;
    }
    Optional<FetchPage> page;
    String cursor = cursors.cursor(account.id()).orElse(null);
    try {
      page = connector.fetchPublic(accounts.connect(account), cursor);
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      log.warn("Reading the public timeline of {} failed: {}", account, e.toString());
      return 0;
    }
    if (page.isEmpty()) {
      return 0;
    }
    FetchPage p = page.get();
    if (!p.unreadable().isEmpty()) {
      log.warn(
          "{}: {} unreadable public posts: {}", account, p.unreadable().size(), p.unreadable());
    }
    int queued = 0;
    boolean complete = true;
    for (InboundItem post : p.items()) {
      fetched.incrementAndGet();
      if (offer(new Pending(account, post))) {
        queued++;
      } else {
        dropped.incrementAndGet();
        complete = false;
      }
    }
    if (complete && p.nextCursor() != null) {
      cursors.advance(account.id(), p.nextCursor());
    }
    return queued;
  }

  private boolean offer(Pending pending) {
    try {
      return queue.offer(pending, offerTimeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Matches everything queued now, on the calling thread; returns how many posts. */
  public int drain() {
    int n = 0;
    Pending next;
    while ((next = queue.poll()) != null) {
      process(next);
      n++;
    }
    return n;
  }

  private void process(Pending pending) {
    try {
      ChannelAccount account = pending.account();
      InboundItem item = pending.post();
      if (item.change() != InboundItem.Change.CREATED
          || item.fromAccountOwner()
          || item.text() == null) {
        return;
      }
      PostSignals s = signals.of(item);
      Post post =
          new Post(
              item.text(),
              null,
              item.author().handle(),
              account.network(),
              item.author().followers() == null ? 0 : item.author().followers(),
              s.intents());
      recent.remember(account.workspaceId(), account.network(), item, post);
      List<QueryKey> keys =
          matcher.match(post).stream()
              .filter(k -> k.workspaceId() == account.workspaceId())
              .toList();
      if (keys.isEmpty()) {
        return;
      }
      matched.incrementAndGet();
      for (QueryKey key : keys) {
        if (opportunities.record(account, key.queryId(), item, s).isPresent()) {
          created.incrementAndGet();
        }
      }
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      log.warn("Matching a public post failed: {}", e.toString());
    }
  }

  public ListeningStats stats() {
    return new ListeningStats(
        fetched.get(),
        matched.get(),
        created.get(),
        lagging.get(),
        dropped.get(),
        failed.get(),
        queue.size(),
        queue.size() + queue.remainingCapacity());
  }

  @Override
  public void start() {
    running = true;
    if (!workers) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              while (running) {
                try {
                  Pending next = queue.poll(500, TimeUnit.MILLISECONDS);
                  if (next != null) {
                    process(next);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
            },
            "listening-matcher");
    t.setDaemon(true);
    t.start();
    worker = t;
  }

  @Override
  public void stop() {
    running = false;
    Thread t = worker;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
