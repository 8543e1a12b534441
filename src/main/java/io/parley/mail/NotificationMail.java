package io.parley.mail;

import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.notifications.NotificationAdded;
import io.parley.notifications.Notifications;
import io.parley.notifications.Notifications.Notification;
import io.parley.shared.RetryRounds;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notification emails. A notification for someone who wants it by email queues a row in the same
 * transaction (so it is queued exactly when the notification exists, once per notification); after
 * the commit a background thread sends what is due, and a scheduled round picks up retries. Each
 * row is claimed for a round before sending, so two rounds never send the same email; a failed send
 * is retried {@link #MAX_ATTEMPTS} times with backoff, then given up and logged.
 */
@Service
public class NotificationMail {

  static final int MAX_ATTEMPTS = 5;
  private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  // Longer than the SMTP timeouts: a claimed row is not taken again while its send may still run.
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Logger log = LoggerFactory.getLogger(NotificationMail.class);

  /** Where a queued email stands. */
  public enum State {
    PENDING,
    SENT,
    FAILED
  }

  private final JdbcClient jdbc;
  private final OutgoingMail mail;
  private final EmailPreferences preferences;
  private final Notifications notifications;
  private final Users users;
  private final Workspaces workspaces;
  private final Clock clock;
  private final boolean workers;
  private final TransactionTemplate savepoint;
  // One sender thread: nudges after commits queue up behind each other instead of racing.
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("notification-mail").factory());

  NotificationMail(
      JdbcClient jdbc,
      OutgoingMail mail,
      EmailPreferences preferences,
      Notifications notifications,
      Users users,
      Workspaces workspaces,
      Clock clock,
      PlatformTransactionManager transactions,
      @Value("${parley.workers.enabled:true}") boolean workers) {
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.jdbc = jdbc;
    this.mail = mail;
    this.preferences = preferences;
    this.notifications = notifications;
    this.users = users;
    this.workspaces = workspaces;
    this.clock = clock;
    this.workers = workers;
  }

  @jakarta.annotation.PreDestroy
  void stop() {
    sender.shutdownNow(); // an interrupted send stays claimed and is retried after the lease
  }

  /** Queues the email inside the notification's own transaction. */
  @EventListener
  void queue(NotificationAdded added) {
    if (!mail.configured()) {
      return;
    }
    var notification = notifications.byId(added.userId(), added.notificationId()).orElse(null);
    boolean wanted =
        notification != null
            && users.byId(added.userId()).filter(User::enabled).isPresent()
            && preferences.of(added.userId()).wants(notification.kind());
    if (!wanted) {
      return;
    }
    Instant now = clock.instant();
    try {
      // In a savepoint: on PostgreSQL a failed statement would otherwise doom the notification's
      // whole transaction, and an email is worth less than the notification.
      savepoint.executeWithoutResult(
          status ->
              jdbc.sql(
                      "insert into notification_emails (notification_id, user_id, state,"
                          + " next_attempt_at, created_at) values (?, ?, 'PENDING', ?, ?)")
                  .params(
                      added.notificationId(),
                      added.userId(),
                      Timestamp.from(now),
                      Timestamp.from(now))
                  .update());
    } catch (DuplicateKeyException e) {
      // queued before: the same notification again
    } catch (DataAccessException e) {
      log.warn("Could not queue an email for notification {}: {}", added.notificationId(), e);
    }
  }

  /** After the commit, send soon on the background thread: the request never waits for SMTP. */
  @TransactionalEventListener(fallbackExecution = true)
  void sendSoon(NotificationAdded added) {
    if (workers && mail.configured()) {
      sender.execute(this::roundQuietly);
    }
  }

  @Scheduled(
      fixedDelayString = "${parley.mail.interval:30s}",
      initialDelayString = "${parley.mail.initial-delay:10s}")
  void scheduledRound() {
    if (workers) {
      roundQuietly();
    }
  }

  private void roundQuietly() {
    try {
      deliverDue();
    } catch (RuntimeException e) {
      log.warn("Sending notification emails failed; the next round tries again", e);
    }
  }

  /** Sends every queued email that is due now. Returns how many were attempted. */
  public int deliverDue() {
    if (!mail.configured()) {
      return 0;
    }
    return RetryRounds.deliverDue(
        jdbc, "notification_emails", clock.instant(), LEASE, this::attempt);
  }

  /** Where the email for this notification stands, if one was queued. */
  public java.util.Optional<State> state(long notificationId) {
    return jdbc.sql("select state from notification_emails where notification_id = ?")
        .param(notificationId)
        .query(String.class)
        .optional()
        .map(State::valueOf);
  }

  private void attempt(long id, int attempt) {
    long[] row =
        jdbc.sql("select notification_id, user_id from notification_emails where id = ?")
            .param(id)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .single();
    User user = users.byId(row[1]).filter(User::enabled).orElse(null);
    Notification notification = notifications.byId(row[1], row[0]).orElse(null);
    if (user == null || notification == null) {
      finish(id, State.FAILED, "The person or the notification is gone.", attempt);
      return;
    }
    try {
      mail.send(letter(user, notification), "Parley");
      finish(id, State.SENT, null, attempt);
    } catch (MailException | IllegalArgumentException | IllegalStateException e) {
      String reason = OutgoingMail.reason(e);
      if (attempt >= MAX_ATTEMPTS) {
        log.warn(
            "Gave up emailing notification {} to user {} after {} attempts: {}",
            row[0],
            user.id(),
            attempt,
            reason);
        finish(id, State.FAILED, reason, attempt);
      } else {
        log.info("Emailing notification {} failed (attempt {}): {}", row[0], attempt, reason);
        finish(id, State.PENDING, reason, attempt);
      }
    }
  }

  private Letter letter(User user, Notification n) {
    String workspace = workspaces.byId(user.workspaceId()).map(Workspace::name).orElse("Parley");
    String link = mail.link(n.link());
    String settings = mail.link("/account#email-notifications");
    String detail = n.detail() == null ? "" : n.detail();
    String text =
        n.title()
            + (detail.isEmpty() ? "" : "\n\n" + quote(detail))
            + "\n\nOpen it in Parley: "
            + link
            + "\n\n-- \nYou get this email from "
            + workspace
            + " on Parley. Choose which notifications you get by email: "
            + settings
            + "\n";
    String html =
        Letter.page(
            n.title(),
            (detail.isEmpty()
                    ? ""
                    : "<blockquote style=\"margin: 0; padding: 8px 12px; border-left: 3px solid"
                        + " #cbd2d9; color: #3e4c59; white-space: pre-wrap;\">"
                        + Letter.escape(detail)
                        + "</blockquote>")
                + "<p style=\"color: #616e7c; font-size: 13px;\">You get this email from "
                + Letter.escape(workspace)
                + " on Parley. <a href=\""
                + Letter.escape(settings)
                + "\">Choose which notifications you get by email</a>.</p>",
            "Open in Parley",
            link);
    return new Letter(user.email(), user.displayName(), n.title(), text, html);
  }

  private static String quote(String text) {
    return "> " + text.replace("\r\n", "\n").replace("\n", "\n> ");
  }

  private void finish(long id, State state, String error, int attempt) {
    Instant now = clock.instant();
    jdbc.sql(
            "update notification_emails set state = ?, last_error = ?, next_attempt_at = ?,"
                + " sent_at = ? where id = ?")
        .params(
            state.name(),
            error == null ? null : Letter.oneLine(error, 1000),
            Timestamp.from(state == State.PENDING ? now.plus(backoff(attempt)) : now),
            state == State.SENT ? Timestamp.from(now) : null,
            id)
        .update();
  }

  /** 1, 2, 4, 8 minutes after the {@code attempt}th try. */
  static Duration backoff(int attempt) {
    return FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 10));
  }
}
