package io.parley.listening;

import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.shared.Network;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opportunities: public posts that matched a listening query, one per (query, post), with the
 * team's status, assignee, notes and conversion value.
 */
@Service
public class Opportunities {

  static final int MAX_NOTES = 4000;
  private static final String COLUMNS =
      "id, workspace_id, query_id, channel_account_id, network, post_external_id, post_text,"
          + " post_created_at, author_external_id, author_handle, author_name, author_followers,"
          + " intent, sentiment, score, status, assignee_id, notes, conversion_value,"
          + " conversation_id, created_at, updated_at";

  private final JdbcClient jdbc;
  private final Clock clock;

  Opportunities(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Records a match; returns the new opportunity, or empty when this query already has this post (a
   * post read twice, e.g. after a restart) or the query was deleted meanwhile.
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public Optional<Opportunity> record(
      ChannelAccount account, long queryId, InboundItem post, PostSignals signals) {
    boolean queryExists =
        jdbc.sql("select count(*) from listening_queries where id = ? and workspace_id = ?")
                .params(queryId, account.workspaceId())
                .query(Long.class)
                .single()
            > 0;
    if (!queryExists || exists(queryId, post.externalId())) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    InboundItem.Author author = post.author();
    try {
      jdbc.sql(
              "insert into opportunities (workspace_id, query_id, channel_account_id, network,"
                  + " post_external_id, post_text, post_created_at, author_external_id,"
                  + " author_handle, author_name, author_followers, intent, sentiment, score,"
                  + " status, created_at, updated_at)"
                  + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'NEW', ?, ?)")
          .params(
              account.workspaceId(),
              queryId,
              account.id(),
              account.network().name(),
              post.externalId(),
              clip(post.text() == null ? "" : post.text(), 4000),
              Timestamp.from(post.createdAt()),
              author.externalId(),
              author.handle(),
              author.displayName(),
              author.followers(),
              signals.intent(),
              signals.sentiment(),
              score(post, signals),
              Timestamp.from(now),
              Timestamp.from(now))
          .update();
    } catch (DuplicateKeyException raced) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select " + COLUMNS + " from opportunities where query_id = ? and post_external_id = ?")
        .params(queryId, post.externalId())
        .query(Opportunities::row)
        .optional();
  }

  private boolean exists(long queryId, String postExternalId) {
    return jdbc.sql(
                "select count(*) from opportunities where query_id = ? and post_external_id = ?")
            .params(queryId, postExternalId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * 0–100: 40, plus 30 for a question (people asking are looking for an answer), plus up to 20 for
   * the author's reach (5 per power of ten followers from 10), plus 10 when triage found purchase
   * intent.
   */
  static int score(InboundItem post, PostSignals signals) {
    int score = 40;
    String text = post.text() == null ? "" : post.text();
    if (text.indexOf('?') >= 0 || text.indexOf('¿') >= 0 || text.indexOf('？') >= 0) {
      score += 30;
    }
    Integer followers = post.author().followers();
    if (followers != null && followers >= 10) {
      score += Math.min(20, 5 * (int) Math.floor(Math.log10(followers)));
    }
    if (signals.intents().contains("purchase")) {
      score += 10;
    }
    return Math.min(100, score);
  }

  /** A query's feed, best first among the open ones, then the closed ones, newest first. */
  public List<Opportunity> forQuery(long workspaceId, long queryId, OpportunityStatus only) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from opportunities where workspace_id = ? and query_id = ?"
                + (only == null ? "" : " and status = '" + only.name() + "'")
                + " order by case when status in ('NEW', 'ENGAGED') then 0 else 1 end,"
                + " score desc, post_created_at desc, id desc")
        .params(workspaceId, queryId)
        .query(Opportunities::row)
        .list();
  }

  /** How many opportunities each status has, for a query. */
  public java.util.Map<OpportunityStatus, Long> counts(long workspaceId, long queryId) {
    java.util.Map<OpportunityStatus, Long> counts =
        new java.util.EnumMap<>(OpportunityStatus.class);
    for (OpportunityStatus s : OpportunityStatus.values()) {
      counts.put(s, 0L);
    }
    jdbc.sql(
            "select status, count(*) from opportunities where workspace_id = ? and query_id = ?"
                + " group by status")
        .params(workspaceId, queryId)
        .query(
            (ResultSet rs) -> {
              counts.put(OpportunityStatus.valueOf(rs.getString(1)), rs.getLong(2));
            });
    return counts;
  }

  /**
   * Every query's numbers in a workspace: opportunities by status, won value, and matches per UTC
   * day over the last {@code days} days (today included). Queries without opportunities get zeros.
   */
  public Map<Long, QueryNumbers> numbers(long workspaceId, int days) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = today.minusDays(days - 1L);
    Map<Long, Map<OpportunityStatus, Long>> counts = new HashMap<>();
    Map<Long, BigDecimal> won = new HashMap<>();
    Map<Long, long[]> perDay = new HashMap<>();
    for (long queryId :
        jdbc.sql("select id from listening_queries where workspace_id = ?")
            .param(workspaceId)
            .query(Long.class)
            .list()) {
      Map<OpportunityStatus, Long> zero = new EnumMap<>(OpportunityStatus.class);
      for (OpportunityStatus s : OpportunityStatus.values()) {
        zero.put(s, 0L);
      }
      counts.put(queryId, zero);
      won.put(queryId, BigDecimal.ZERO);
      perDay.put(queryId, new long[days]);
    }
    jdbc.sql(
            "select query_id, status, count(*), sum(conversion_value) from opportunities"
                + " where workspace_id = ? group by query_id, status")
        .param(workspaceId)
        .query(
            (ResultSet rs) -> {
              long q = rs.getLong(1);
              OpportunityStatus status = OpportunityStatus.valueOf(rs.getString(2));
              if (counts.containsKey(q)) {
                counts.get(q).put(status, rs.getLong(3));
                BigDecimal sum = rs.getBigDecimal(4);
                if (status == OpportunityStatus.WON && sum != null) {
                  won.put(q, sum);
                }
              }
            });
    // bucketed here rather than in SQL: date functions and time zones differ between databases
    jdbc.sql(
            "select query_id, created_at from opportunities where workspace_id = ?"
                + " and created_at >= ?")
        .params(workspaceId, Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant()))
        .query(
            (ResultSet rs) -> {
              long[] buckets = perDay.get(rs.getLong(1));
              if (buckets != null) {
                LocalDate day = LocalDate.ofInstant(rs.getTimestamp(2).toInstant(), ZoneOffset.UTC);
                int i = (int) (day.toEpochDay() - first.toEpochDay());
                if (i >= 0 && i < days) {
                  buckets[i]++;
                }
              }
            });
    Map<Long, QueryNumbers> numbers = new HashMap<>();
    counts.forEach(
        (q, c) -> {
          long[] buckets = perDay.get(q);
          List<QueryNumbers.Day> series = new ArrayList<>(days);
          for (int i = 0; i < days; i++) {
            series.add(new QueryNumbers.Day(first.plusDays(i), buckets[i]));
          }
          numbers.put(q, new QueryNumbers(q, c, won.get(q), series));
        });
    return numbers;
  }

  public Optional<Opportunity> byId(long workspaceId, long id) {
    return jdbc.sql("select " + COLUMNS + " from opportunities where id = ? and workspace_id = ?")
        .params(id, workspaceId)
        .query(Opportunities::row)
        .optional();
  }

  /**
   * Moves an opportunity on; {@code WON} needs a conversion value (zero or more, e.g. the order's
   * amount). Other changes clear the value.
   */
  @Transactional
  public Opportunity changeStatus(
      long workspaceId, long id, OpportunityStatus to, BigDecimal conversionValue) {
    Opportunity current = require(workspaceId, id);
    if (to == current.status()) {
      return current;
    }
    if (!current.status().next().contains(to)) {
      throw new IllegalArgumentException(
          "an opportunity that is "
              + current.status().name().toLowerCase()
              + " cannot become "
              + to.name().toLowerCase()
              + " (it can become "
              + current.status().next().stream()
                  .sorted()
                  .map(s -> s.name().toLowerCase())
                  .reduce((a, b) -> a + ", " + b)
                  .orElse("nothing")
              + ")");
    }
    BigDecimal value = null;
    if (to == OpportunityStatus.WON) {
      if (conversionValue == null || conversionValue.signum() < 0) {
        throw new IllegalArgumentException(
            "a won opportunity needs its conversion value (0 or more, e.g. 129.90)");
      }
      value = conversionValue;
    }
    jdbc.sql(
            "update opportunities set status = ?, conversion_value = ?, updated_at = ?"
                + " where id = ? and workspace_id = ?")
        .params(to.name(), value, Timestamp.from(clock.instant()), id, workspaceId)
        .update();
    return require(workspaceId, id);
  }

  /** Assigns an opportunity to a user of the workspace, or to nobody (null). */
  @Transactional
  public Opportunity assign(long workspaceId, long id, Long userId) {
    require(workspaceId, id);
    if (userId != null
        && jdbc.sql("select count(*) from users where id = ? and workspace_id = ?")
                .params(userId, workspaceId)
                .query(Long.class)
                .single()
            == 0) {
      throw new IllegalArgumentException("no user " + userId + " in this workspace");
    }
    jdbc.sql("update opportunities set assignee_id = ?, updated_at = ? where id = ?")
        .params(userId, Timestamp.from(clock.instant()), id)
        .update();
    return require(workspaceId, id);
  }

  @Transactional
  public Opportunity setNotes(long workspaceId, long id, String notes) {
    require(workspaceId, id);
    String n = notes == null || notes.isBlank() ? null : notes.strip();
    if (n != null && n.length() > MAX_NOTES) {
      throw new IllegalArgumentException(
          "notes are " + n.length() + " characters long; at most " + MAX_NOTES + " are allowed");
    }
    jdbc.sql("update opportunities set notes = ?, updated_at = ? where id = ?")
        .params(n, Timestamp.from(clock.instant()), id)
        .update();
    return require(workspaceId, id);
  }

  /** Links the conversation a reply started and marks a new opportunity engaged. */
  @Transactional
  void engaged(long workspaceId, long id, long conversationId) {
    jdbc.sql(
            "update opportunities set conversation_id = ?, status = case when status = 'NEW' then"
                + " 'ENGAGED' else status end, updated_at = ? where id = ? and workspace_id = ?")
        .params(conversationId, Timestamp.from(clock.instant()), id, workspaceId)
        .update();
  }

  Opportunity require(long workspaceId, long id) {
    return byId(workspaceId, id)
        .orElseThrow(
            () -> new IllegalArgumentException("no opportunity " + id + " in this workspace"));
  }

  private static String clip(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  static Opportunity row(ResultSet rs, int rowNum) throws SQLException {
    int followers = rs.getInt("author_followers");
    Integer authorFollowers = rs.wasNull() ? null : followers;
    long assignee = rs.getLong("assignee_id");
    Long assigneeId = rs.wasNull() ? null : assignee;
    long conversation = rs.getLong("conversation_id");
    Long conversationId = rs.wasNull() ? null : conversation;
    return new Opportunity(
        rs.getLong("id"),
        rs.getLong("workspace_id"),
        rs.getLong("query_id"),
        rs.getLong("channel_account_id"),
        Network.valueOf(rs.getString("network")),
        rs.getString("post_external_id"),
        rs.getString("post_text"),
        instant(rs.getTimestamp("post_created_at")),
        rs.getString("author_external_id"),
        rs.getString("author_handle"),
        rs.getString("author_name"),
        authorFollowers,
        rs.getString("intent"),
        rs.getString("sentiment"),
        rs.getInt("score"),
        OpportunityStatus.valueOf(rs.getString("status")),
        assigneeId,
        rs.getString("notes"),
        rs.getBigDecimal("conversion_value"),
        conversationId,
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")));
  }
}
