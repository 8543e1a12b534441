package io.parley.channels;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How each channel account's connection is doing, as the poller reports it: last good poll, lag of
 * the newest item, items per hour, a short history of errors with their reasons, and when the
 * credentials expire. A connection counts as broken after its credentials were refused, or after
 * {@code parley.health.failure-threshold} failed polls in a row; it is whole again after one good
 * poll. Each breakage publishes {@link ChannelConnectionBroke} once.
 */
@Service
public class ConnectorHealth {

  /** How long the poll log keeps rows (items per hour and error history are read from it). */
  static final Duration KEEP = Duration.ofDays(3);

  private static final int REASON_LENGTH = 2000;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final int threshold;
  // How items reach each account right now: in memory, because it describes this node's
  // connections, and is re-learnt within seconds after a restart.
  private final Map<Long, Delivery> delivery = new ConcurrentHashMap<>();

  ConnectorHealth(
      JdbcClient jdbc,
      Clock clock,
      ApplicationEventPublisher events,
      @Value("${parley.health.failure-threshold:5}") int threshold) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.events = events;
    this.threshold = Math.max(1, threshold);
  }

  /**
   * A poll round went through.
   *
   * @param items inbound items stored in this round
   * @param newestItemAt when the newest item fetched was posted (null: none fetched)
   * @param credentialsExpireAt when the credentials stop working unless renewed (null: never, or
   *     not known)
   */
  @Transactional
  public void pollSucceeded(
      long channelAccountId, int items, Instant newestItemAt, Instant credentialsExpireAt) {
    Timestamp now = Timestamp.from(clock.instant());
    ensureRow(channelAccountId, now);
    Instant known = state(channelAccountId).map(State::newestItemAt).orElse(null);
    Instant newest =
        newestItemAt != null && (known == null || newestItemAt.isAfter(known))
            ? newestItemAt
            : known;
    jdbc.sql(
            "update connector_cursors set last_success_at = ?, consecutive_failures = 0,"
                + " auth_failed = false, credentials_expire_at = ?, newest_item_at = ?,"
                + " updated_at = ? where channel_account_id = ?")
        .params(now, timestamp(credentialsExpireAt), timestamp(newest), now, channelAccountId)
        .update();
    if (items > 0) {
      log(channelAccountId, now, items, null, false);
    }
  }

  /** A poll round failed; {@code credentialsRefused} when the network refused the credentials. */
  @Transactional
  public void pollFailed(long channelAccountId, String reason, boolean credentialsRefused) {
    Timestamp now = Timestamp.from(clock.instant());
    String why = reason == null || reason.isBlank() ? "unknown error" : reason;
    why = why.length() > REASON_LENGTH ? why.substring(0, REASON_LENGTH) : why;
    ensureRow(channelAccountId, now);
    boolean wasBroken = state(channelAccountId).map(State::broken).orElse(false);
    jdbc.sql(
            "update connector_cursors set consecutive_failures = consecutive_failures + 1,"
                + " auth_failed = (auth_failed or ?), last_error = ?, last_error_at = ?,"
                + " updated_at = ? where channel_account_id = ?")
        .params(credentialsRefused, why, now, now, channelAccountId)
        .update();
    log(channelAccountId, now, 0, why, credentialsRefused);
    boolean broken = state(channelAccountId).map(State::broken).orElse(false);
    if (broken && !wasBroken) {
      String because = why;
      jdbc.sql("select workspace_id, handle from channel_accounts where id = ?")
          .param(channelAccountId)
          .query(
              (rs, row) ->
                  new ChannelConnectionBroke(
                      channelAccountId, rs.getLong(1), rs.getString(2), because))
          .optional()
          .ifPresent(events::publishEvent);
    }
  }

  /** Items for the account are announced over the network's streaming connection from now on. */
  public void streaming(long channelAccountId) {
    delivery.put(channelAccountId, new Delivery(true, null, clock.instant()));
  }

  /**
   * Items for the account are only polled for, and why (the server has no streaming, or the stream
   * ended and is being reopened).
   */
  public void polling(long channelAccountId, String why) {
    delivery.put(channelAccountId, new Delivery(false, why, clock.instant()));
  }

  /** The health of one account; an account never polled has an empty report. */
  public Report report(long channelAccountId) {
    Instant now = clock.instant();
    State state = state(channelAccountId).orElse(State.NONE);
    int perHour =
        jdbc.sql(
                "select coalesce(sum(items), 0) from connector_poll_log"
                    + " where channel_account_id = ? and occurred_at > ?")
            .params(channelAccountId, Timestamp.from(now.minus(Duration.ofHours(1))))
            .query(Integer.class)
            .single();
    List<Failure> errors =
        jdbc.sql(
                "select occurred_at, error, auth_failure from connector_poll_log"
                    + " where channel_account_id = ? and error is not null"
                    + " order by occurred_at desc, id desc")
            .param(channelAccountId)
            .withMaxRows(10)
            .query(
                (rs, row) ->
                    new Failure(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getBoolean(3)))
            .list();
    Duration lag =
        state.newestItemAt() == null ? null : Duration.between(state.newestItemAt(), now);
    return new Report(
        channelAccountId,
        state.lastSuccessAt(),
        state.newestItemAt(),
        lag != null && lag.isNegative() ? Duration.ZERO : lag,
        perHour,
        errors,
        state.consecutiveFailures(),
        state.authFailed(),
        state.broken(),
        state.credentialsExpireAt(),
        delivery.get(channelAccountId));
  }

  /** The accounts of a workspace whose connection is broken, with the reason. */
  public List<Broken> broken(long workspaceId) {
    return jdbc.sql(
            "select a.id, a.network, a.handle, c.last_error, c.auth_failed from channel_accounts a"
                + " join connector_cursors c on c.channel_account_id = a.id"
                + " where a.workspace_id = ? and a.enabled = true"
                + " and (c.auth_failed = true or c.consecutive_failures >= ?) order by a.id")
        .params(workspaceId, threshold)
        .query(
            (rs, row) ->
                new Broken(
                    rs.getLong(1),
                    io.parley.shared.Network.valueOf(rs.getString(2)),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getBoolean(5)))
        .list();
  }

  /** Drops poll-log rows older than {@link #KEEP}. Returns how many went. */
  @Transactional
  public int prune() {
    return jdbc.sql("delete from connector_poll_log where occurred_at < ?")
        .param(Timestamp.from(clock.instant().minus(KEEP)))
        .update();
  }

  public int failureThreshold() {
    return threshold;
  }

  private void log(long channelAccountId, Timestamp at, int items, String error, boolean auth) {
    jdbc.sql(
            "insert into connector_poll_log (channel_account_id, occurred_at, items, error,"
                + " auth_failure) values (?, ?, ?, ?, ?)")
        .params(channelAccountId, at, items, error, auth)
        .update();
  }

  private void ensureRow(long channelAccountId, Timestamp now) {
    Integer rows =
        jdbc.sql("select count(*) from connector_cursors where channel_account_id = ?")
            .param(channelAccountId)
            .query(Integer.class)
            .single();
    if (rows == 0) {
      jdbc.sql("insert into connector_cursors (channel_account_id, updated_at) values (?, ?)")
          .params(channelAccountId, now)
          .update();
    }
  }

  private Optional<State> state(long channelAccountId) {
    return jdbc.sql(
            "select last_success_at, newest_item_at, consecutive_failures, auth_failed,"
                + " credentials_expire_at from connector_cursors where channel_account_id = ?")
        .param(channelAccountId)
        .query(
            (rs, row) ->
                new State(
                    instant(rs.getTimestamp(1)),
                    instant(rs.getTimestamp(2)),
                    rs.getInt(3),
                    rs.getBoolean(4),
                    instant(rs.getTimestamp(5)),
                    threshold))
        .optional();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private record State(
      Instant lastSuccessAt,
      Instant newestItemAt,
      int consecutiveFailures,
      boolean authFailed,
      Instant credentialsExpireAt,
      int threshold) {
    static final State NONE = new State(null, null, 0, false, null, 1);

    boolean broken() {
      return authFailed || consecutiveFailures >= threshold;
    }
  }

  /**
   * One account's health.
   *
   * @param lag how old the newest fetched item is (null: nothing fetched yet)
   * @param itemsLastHour inbound items stored in the last hour
   * @param recentErrors the last errors, newest first (at most 10, from the last few days)
   * @param credentialsExpireAt null when the credentials do not expire (or it is not known)
   * @param delivery how items reach the account; null until the poller has decided
   */
  public record Report(
      long channelAccountId,
      Instant lastSuccessAt,
      Instant newestItemAt,
      Duration lag,
      int itemsLastHour,
      List<Failure> recentErrors,
      int consecutiveFailures,
      boolean credentialsRefused,
      boolean broken,
      Instant credentialsExpireAt,
      Delivery delivery) {}

  /**
   * How new items reach an account.
   *
   * @param streaming whether the network announces them over a streaming connection (polling is
   *     then only a slow safety net)
   * @param why when polling: the reason there is no stream (null when not known)
   * @param since when this began
   */
  public record Delivery(boolean streaming, String why, Instant since) {}

  /** A failed poll and why. */
  public record Failure(Instant at, String reason, boolean credentialsRefused) {}

  /** An account whose connection is broken. */
  public record Broken(
      long channelAccountId,
      io.parley.shared.Network network,
      String handle,
      String reason,
      boolean credentialsRefused) {}
}
