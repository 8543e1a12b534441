package io.parley.ingestion;

import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connector;
import io.parley.channels.ConnectorCursors;
import io.parley.channels.Connectors;
import io.parley.channels.FetchPage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Pulls every enabled channel account through its connector. A page is stored together with its
 * cursor; a failing account backs off exponentially (capped) without holding up the others, and its
 * error is recorded for the health view.
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
  private final Clock clock;
  private final Map<Long, Backoff> backoff = new ConcurrentHashMap<>();
  private final boolean workers;

  ConnectorPoller(
      ChannelAccounts accounts,
      Connectors connectors,
      ConnectorCursors cursors,
      Ingestion ingestion,
      Clock clock,
      @Value("${parley.workers.enabled:true}") boolean workers) {
    this.workers = workers;
    this.accounts = accounts;
    this.connectors = connectors;
    this.cursors = cursors;
    this.ingestion = ingestion;
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
      Backoff wait = backoff.get(account.id());
      if (wait != null && clock.instant().isBefore(wait.until())) {
        continue;
      }
      connectors.find(account.network()).ifPresent(connector -> poll(account, connector));
    }
  }

  /** Fetches until the network has nothing more (bounded per round). Returns items stored. */
  public int poll(ChannelAccount account, Connector connector) {
    int stored = 0;
    try {
      var connected = accounts.connect(account);
      for (int page = 0; page < MAX_PAGES_PER_ROUND; page++) {
        String cursor = cursors.cursor(account.id()).orElse(null);
        FetchPage fetched = connector.fetch(connected, cursor);
        IngestReport report = ingestion.ingestPage(account, fetched);
        stored += report.stored();
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
    } catch (RuntimeException e) {
      Backoff previous = backoff.get(account.id());
      Duration delay =
          previous == null ? Duration.ofSeconds(2) : min(previous.delay().multipliedBy(2));
      backoff.put(account.id(), new Backoff(clock.instant().plus(delay), delay));
      cursors.recordError(account.id(), e.getMessage());
      log.warn("Polling {} failed (next try in {}s): {}", account, delay.toSeconds(), e.toString());
    }
    return stored;
  }

  private static Duration min(Duration d) {
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private record Backoff(Instant until, Duration delay) {}
}
