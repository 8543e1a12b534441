package io.parley.outbox;

import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connector;
import io.parley.channels.Connectors;
import io.parley.channels.DeliveryResult;
import io.parley.channels.OutgoingPost;
import io.parley.conversations.Conversations;
import io.parley.conversations.OutgoingReply;
import java.sql.DatabaseMetaData;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers outbox rows exactly once.
 *
 * <p>A round claims due rows in a short transaction ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL
 * so several nodes share the work; on H2, a single node, plain {@code FOR UPDATE}) and marks them
 * {@code SENDING} with a lease. Delivery happens outside any transaction. A row whose lease ran out
 * (the node died mid-delivery) is claimed again; its idempotency key is the same, and for networks
 * without idempotency the dispatcher first asks the network whether the post already exists. So a
 * crash between "posted" and "marked sent" never posts twice.
 */
@Service
public class ReplyDispatcher {

  static final int MAX_ATTEMPTS = 10;
  private static final Logger log = LoggerFactory.getLogger(ReplyDispatcher.class);

  private final JdbcClient jdbc;
  private final Connectors connectors;
  private final ChannelAccounts accounts;
  private final Conversations conversations;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Duration lease;
  private final int batchSize;
  private final String claimSql;
  private final boolean workers;

  ReplyDispatcher(
      JdbcClient jdbc,
      DataSource dataSource,
      Connectors connectors,
      ChannelAccounts accounts,
      Conversations conversations,
      ApplicationEventPublisher events,
      PlatformTransactionManager transactions,
      Clock clock,
      @Value("${parley.outbox.lease:60s}") Duration lease,
      @Value("${parley.outbox.batch-size:20}") int batchSize,
      @Value("${parley.workers.enabled:true}") boolean workers) {
    this.workers = workers;
    this.jdbc = jdbc;
    this.connectors = connectors;
    this.accounts = accounts;
    this.conversations = conversations;
    this.events = events;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
    this.lease = lease;
    this.batchSize = batchSize;
    String lock = isPostgres(dataSource) ? " for update skip locked" : " for update";
    this.claimSql =
        "select id from outbox where (state = 'PENDING' and next_attempt_at <= ?)"
            + " or (state = 'SENDING' and lease_until < ?) order by id limit "
            + batchSize
            + lock;
  }

  @Scheduled(
      fixedDelayString = "${parley.outbox.interval:500ms}",
      initialDelayString = "${parley.outbox.initial-delay:1s}")
  void scheduledRound() {
    if (workers) {
      dispatchDue();
    }
  }

  /** Delivers everything due now. Returns how many rows were attempted. */
  public int dispatchDue() {
    List<OutboxEntry> claimed = claim();
    for (OutboxEntry entry : claimed) {
      deliver(entry);
    }
    return claimed.size();
  }

  List<OutboxEntry> claim() {
    return tx.execute(
        status -> {
          Timestamp now = Timestamp.from(clock.instant());
          List<Long> ids = jdbc.sql(claimSql).params(now, now).query(Long.class).list();
          Timestamp until = Timestamp.from(clock.instant().plus(lease));
          for (Long id : ids) {
            jdbc.sql(
                    "update outbox set state = 'SENDING', lease_until = ?, attempts = attempts + 1"
                        + " where id = ?")
                .params(until, id)
                .update();
          }
          return ids.stream().map(id -> entry(id).orElseThrow()).toList();
        });
  }

  private void deliver(OutboxEntry entry) {
    Optional<OutgoingReply> reply = conversations.outgoing(entry.messageId());
    Optional<ChannelAccount> account = accounts.byId(entry.channelAccountId());
    if (reply.isEmpty() || account.isEmpty()) {
      fail(entry, "The message or its channel account no longer exists.");
      return;
    }
    Optional<Connector> connector = connectors.find(account.get().network());
    if (connector.isEmpty()) {
      retry(entry, "No connector installed for " + account.get().network(), null);
      return;
    }
    var connected = accounts.connect(account.get());
    var post =
        new OutgoingPost(
            reply.get().text(),
            reply.get().inReplyToExternalId(),
            reply.get().contextExternalId(),
            reply.get().direct());
    try {
      if (entry.attempts() > 1 && !connector.get().capabilities().supportsIdempotencyKey()) {
        Optional<String> earlier =
            connector.get().findDelivered(connected, post, entry.idempotencyKey());
        if (earlier.isPresent()) {
          sent(entry, earlier.get());
          return;
        }
      }
      DeliveryResult result = connector.get().deliver(connected, post, entry.idempotencyKey());
      switch (result) {
        case DeliveryResult.Delivered d -> sent(entry, d.externalId());
        case DeliveryResult.RetryLater r -> retry(entry, r.reason(), r.retryAfter());
        case DeliveryResult.Rejected r -> fail(entry, r.reason());
      }
    } catch (RuntimeException e) {
      // Unknown outcome (timeout, connection reset): the post may exist. Retrying is safe because
      // of the key, or the look-up before the next attempt.
      retry(entry, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }
  }

  private void sent(OutboxEntry entry, String externalId) {
    tx.executeWithoutResult(
        status -> {
          int n =
              jdbc.sql(
                      "update outbox set state = 'SENT', external_id = ?, sent_at = ?,"
                          + " lease_until = null, last_error = null where id = ? and state <>"
                          + " 'SENT'")
                  .params(externalId, Timestamp.from(clock.instant()), entry.id())
                  .update();
          if (n == 1) {
            conversations.replyDelivered(entry.messageId(), externalId);
            events.publishEvent(new ReplyDelivered(entry.messageId(), entry.id(), externalId));
          }
        });
  }

  private void retry(OutboxEntry entry, String reason, Duration retryAfter) {
    if (entry.attempts() >= MAX_ATTEMPTS) {
      fail(entry, "Gave up after " + entry.attempts() + " attempts: " + reason);
      return;
    }
    Duration delay = retryAfter != null ? retryAfter : backoff(entry.attempts());
    Instant next = clock.instant().plus(delay);
    log.info(
        "Delivery {} attempt {} failed, retrying in {} ms: {}",
        entry.id(),
        entry.attempts(),
        delay.toMillis(),
        reason);
    jdbc.sql(
            "update outbox set state = 'PENDING', next_attempt_at = ?, lease_until = null,"
                + " last_error = ? where id = ? and state = 'SENDING'")
        .params(Timestamp.from(next), truncate(reason), entry.id())
        .update();
  }

  private void fail(OutboxEntry entry, String reason) {
    log.warn("Delivery {} failed for good: {}", entry.id(), reason);
    tx.executeWithoutResult(
        status -> {
          int n =
              jdbc.sql(
                      "update outbox set state = 'FAILED', lease_until = null, last_error = ?"
                          + " where id = ? and state = 'SENDING'")
                  .params(truncate(reason), entry.id())
                  .update();
          if (n == 1) {
            conversations.replyFailed(entry.messageId(), reason);
            events.publishEvent(new DeliveryFailed(entry.messageId(), entry.id(), reason));
          }
        });
  }

  /** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 5 minutes. */
  static Duration backoff(int attempts) {
    long base = 1000L << Math.min(Math.max(attempts - 1, 0), 9);
    long capped = Math.min(base, 300_000L);
    long jitter = ThreadLocalRandom.current().nextLong(capped / 4 + 1);
    return Duration.ofMillis(capped + jitter);
  }

  public Optional<OutboxEntry> forMessage(long messageId) {
    return jdbc.sql("select id from outbox where message_id = ?")
        .param(messageId)
        .query(Long.class)
        .optional()
        .flatMap(this::entry);
  }

  private Optional<OutboxEntry> entry(long id) {
    return jdbc.sql(
            "select id, workspace_id, message_id, channel_account_id, idempotency_key, state,"
                + " attempts, next_attempt_at, last_error, external_id from outbox where id = ?")
        .param(id)
        .query(
            (rs, row) ->
                new OutboxEntry(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getInt(7),
                    rs.getTimestamp(8).toInstant(),
                    rs.getString(9),
                    rs.getString(10)))
        .optional();
  }

  private static String truncate(String s) {
    return s == null ? null : s.length() <= 2000 ? s : s.substring(0, 2000);
  }

  private static boolean isPostgres(DataSource dataSource) {
    try {
      String product =
          JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
      return product != null && product.toLowerCase().contains("postgres");
    } catch (Exception e) {
      return false;
    }
  }
}
