package io.parley.notifications;

import io.parley.conversations.ConversationAssigned;
import io.parley.conversations.Conversations;
import io.parley.ingestion.MessageReceived;
import io.parley.routing.SlaBreachApproaching;
import io.parley.routing.SlaBreached;
import io.parley.routing.SlaKind;
import io.parley.shared.RetryRounds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Webhook deliveries: a row per webhook and event, written when the event happens and posted by a
 * background round, retried with backoff until the receiver answers 2xx or we give up. Each attempt
 * of a delivery carries the same {@code X-Parley-Delivery}, so receivers can drop repeats, and a
 * fresh {@code X-Parley-Timestamp} that is part of the signed text, so an old request cannot be
 * replayed. A slow or failing receiver only delays its own deliveries: nothing waits for them.
 */
@Service
public class WebhookDeliveries {

  static final Duration TIMEOUT = Duration.ofSeconds(5);
  // 12 tries with backoff(): about eight hours of trying before the delivery is given up
  static final int MAX_ATTEMPTS = 12;
  private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
  private static final Duration LAST_RETRY = Duration.ofHours(2);
  // Claimed rows wait this long before another round may take them (a crash mid-post).
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

  /** Where a delivery stands. */
  public enum State {
    PENDING,
    DELIVERED,
    FAILED
  }

  private final JdbcClient jdbc;
  private final Webhooks webhooks;
  private final Conversations conversations;
  private final Clock clock;
  private final boolean workers;
  // After a commit, writes need a transaction of their own to be committed at all.
  private final TransactionTemplate ownTransaction;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  WebhookDeliveries(
      JdbcClient jdbc,
      Webhooks webhooks,
      Conversations conversations,
      Clock clock,
      PlatformTransactionManager transactions,
      @Value("${parley.workers.enabled:true}") boolean workers) {
    this.jdbc = jdbc;
    this.webhooks = webhooks;
    this.conversations = conversations;
    this.clock = clock;
    this.workers = workers;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @TransactionalEventListener(fallbackExecution = true)
  void on(MessageReceived received) {
    // Every ingested message comes through here: without a webhook that wants it, cost nothing
    // more than this read (no transaction of its own).
    if (webhooks.subscribed(received.workspaceId(), WebhookEvent.CONVERSATION_CREATED).isEmpty()) {
      return;
    }
    // Received messages are the only sign of a new conversation: the first one opened it.
    if (conversations.opensConversation(received.conversationId(), received.messageId())) {
      ownTransaction.executeWithoutResult(
          status ->
              enqueue(
                  received.workspaceId(),
                  WebhookEvent.CONVERSATION_CREATED,
                  "conversation:" + received.conversationId(),
                  "\"conversationId\":" + received.conversationId()));
    }
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(ConversationAssigned assigned) {
    enqueue(
        assigned.workspaceId(),
        WebhookEvent.CONVERSATION_ASSIGNED,
        "conversation:" + assigned.conversationId() + ":" + assigned.assignedAt().toEpochMilli(),
        "\"conversationId\":"
            + assigned.conversationId()
            + ",\"assigneeId\":"
            + assigned.assigneeId()
            + ",\"assignedByUserId\":"
            + assigned.assignedByUserId());
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(SlaBreachApproaching approaching) {
    sla(
        WebhookEvent.SLA_APPROACHING,
        approaching.workspaceId(),
        approaching.conversationId(),
        approaching.kind(),
        approaching.dueAt());
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(SlaBreached breached) {
    sla(
        WebhookEvent.SLA_BREACHED,
        breached.workspaceId(),
        breached.conversationId(),
        breached.kind(),
        breached.dueAt());
  }

  private void sla(
      WebhookEvent event, long workspaceId, long conversationId, SlaKind kind, Instant dueAt) {
    enqueue(
        workspaceId,
        event,
        "conversation:" + conversationId + ":" + kind + ":" + dueAt.toEpochMilli(),
        "\"conversationId\":"
            + conversationId
            + ",\"kind\":\""
            + kind.name().toLowerCase(java.util.Locale.ROOT)
            + "\",\"dueAt\":\""
            + dueAt
            + "\"");
  }

  /**
   * Queues the event for every webhook of the workspace that wants it, once per subject. {@code
   * fields} is JSON members built from ids and times only: no customer text leaves Parley.
   */
  @Transactional
  public int enqueue(long workspaceId, WebhookEvent event, String subject, String fields) {
    int queued = 0;
    Instant now = clock.instant();
    for (Webhooks.Webhook w : webhooks.subscribed(workspaceId, event)) {
      // Checked first: on PostgreSQL a failed insert would spoil the rest of the transaction.
      boolean queuedBefore =
          jdbc.sql(
                      "select count(*) from webhook_deliveries where webhook_id = ? and event = ?"
                          + " and subject = ?")
                  .params(w.id(), event.wireName(), subject)
                  .query(Integer.class)
                  .single()
              > 0;
      if (queuedBefore) {
        continue;
      }
      String key = UUID.randomUUID().toString();
      String payload =
          "{\"id\":\""
              + key
              + "\",\"event\":\""
              + event.wireName()
              + "\",\"occurredAt\":\""
              + now
              + "\",\"workspaceId\":"
              + workspaceId
              + ","
              + fields
              + "}";
      try {
        jdbc.sql(
                "insert into webhook_deliveries (webhook_id, delivery_key, event, subject, payload,"
                    + " state, attempts, next_attempt_at, created_at)"
                    + " values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")
            .params(
                w.id(),
                key,
                event.wireName(),
                subject,
                payload,
                Timestamp.from(now),
                Timestamp.from(now))
            .update();
        queued++;
      } catch (DuplicateKeyException e) {
        // queued before: a replayed event
      }
    }
    return queued;
  }

  @Scheduled(
      fixedDelayString = "${parley.webhooks.interval:2s}",
      initialDelayString = "${parley.webhooks.initial-delay:5s}")
  void scheduledRound() {
    if (workers) {
      deliverDue();
    }
  }

  /** Posts every delivery that is due now. Returns how many were attempted. */
  public int deliverDue() {
    return RetryRounds.deliverDue(
        jdbc, "webhook_deliveries", clock.instant(), LEASE, this::attempt);
  }

  private void attempt(long id, int attempt) {
    var row =
        jdbc.sql(
                "select d.webhook_id, d.delivery_key, d.event, d.payload, w.url, w.deleted_at"
                    + " from webhook_deliveries d join webhooks w on w.id = d.webhook_id"
                    + " where d.id = ?")
            .param(id)
            .query(
                (rs, n) ->
                    new Object[] {
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getTimestamp(6)
                    })
            .single();
    if (row[5] != null) {
      finish(id, State.FAILED, null, "The webhook was removed.", attempt);
      return;
    }
    Integer status = null;
    String error;
    try {
      URI url = Webhooks.checkedUrl((String) row[4]);
      String body = (String) row[3];
      String timestamp = Long.toString(clock.instant().getEpochSecond());
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header("User-Agent", "Parley-Webhooks")
              .header("X-Parley-Event", (String) row[2])
              .header("X-Parley-Delivery", (String) row[1])
              .header("X-Parley-Timestamp", timestamp)
              .header(
                  "X-Parley-Signature",
                  "sha256=" + sign(webhooks.secret((Long) row[0]), timestamp, body))
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      if (status / 100 == 2) {
        finish(id, State.DELIVERED, status, null, attempt);
        return;
      }
      error = "The receiver answered HTTP " + status + ".";
    } catch (IllegalArgumentException e) {
      error = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "Interrupted.";
    } catch (Exception e) {
      error =
          e instanceof java.net.http.HttpTimeoutException
              ? "No answer within " + TIMEOUT.toSeconds() + " seconds."
              : "Could not connect: "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    log.debug("Webhook delivery {} attempt {} failed: {}", id, attempt, error);
    finish(id, attempt >= MAX_ATTEMPTS ? State.FAILED : State.PENDING, status, error, attempt);
  }

  private void finish(long id, State state, Integer status, String error, int attempt) {
    Instant now = clock.instant();
    jdbc.sql(
            "update webhook_deliveries set state = ?, last_status = ?, last_error = ?,"
                + " next_attempt_at = ?, delivered_at = ? where id = ?")
        .params(
            state.name(),
            status,
            error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error,
            Timestamp.from(state == State.PENDING ? now.plus(backoff(attempt)) : now),
            state == State.DELIVERED ? Timestamp.from(now) : null,
            id)
        .update();
  }

  /** 30 s, 1 min, 2 min, ... at most 2 h after the {@code attempt}th try. */
  static Duration backoff(int attempt) {
    Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : d;
  }

  /** Hex HMAC-SHA256 of {@code timestamp + "." + body} with the secret. */
  static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The workspace's newest deliveries, for the log on the settings page. */
  public List<Delivery> recent(long workspaceId, int limit) {
    return jdbc.sql(
            "select d.id, d.delivery_key, d.event, w.url, d.state, d.attempts, d.last_status,"
                + " d.last_error, d.created_at, d.next_attempt_at, d.delivered_at"
                + " from webhook_deliveries d join webhooks w on w.id = d.webhook_id"
                + " where w.workspace_id = ? order by d.created_at desc, d.id desc limit "
                + Math.max(1, Math.min(limit, 500)))
        .param(workspaceId)
        .query(
            (rs, row) ->
                new Delivery(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    State.valueOf(rs.getString(5)),
                    rs.getInt(6),
                    rs.getObject(7, Integer.class),
                    rs.getString(8),
                    rs.getTimestamp(9).toInstant(),
                    rs.getTimestamp(10).toInstant(),
                    rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant()))
        .list();
  }

  /** One delivery as the log shows it. */
  public record Delivery(
      long id,
      String deliveryKey,
      String event,
      String url,
      State state,
      int attempts,
      Integer lastStatus,
      String lastError,
      Instant createdAt,
      Instant nextAttemptAt,
      Instant deliveredAt) {}
}
