package io.parley.listening;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The listening queries of every workspace, and the shared {@link QueryMatcher} that holds the
 * enabled ones. A query's text is parsed before it is saved ({@link QuerySyntaxException} with
 * position and hint when it is refused); after the saving transaction commits, the matcher is
 * updated, so a change takes effect for the next post without a restart. At start-up every enabled
 * query is loaded.
 *
 * <p>The matcher lives in this node's memory: with several nodes, each loads the stored queries at
 * start-up, but a change made through one node reaches the others only when they restart.
 */
@Service
public class ListeningQueries implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(ListeningQueries.class);
  static final int MAX_NAME = 200;
  static final int MAX_TEXT = 4000;
  private static final String COLUMNS =
      "id, workspace_id, name, query_text, enabled, created_by, created_at, updated_at";

  private final JdbcClient jdbc;
  private final QueryMatcher matcher;
  private final Clock clock;

  ListeningQueries(JdbcClient jdbc, QueryMatcher matcher, Clock clock) {
    this.jdbc = jdbc;
    this.matcher = matcher;
    this.clock = clock;
  }

  /** Loads every enabled query into the matcher; queries that no longer parse are skipped. */
  @Override
  public void afterSingletonsInstantiated() {
    int loaded = 0;
    for (StoredQuery q :
        jdbc.sql("select " + COLUMNS + " from listening_queries where enabled = true")
            .query(ListeningQueries::row)
            .list()) {
      try {
        matcher.put(q.workspaceId(), q.id(), ListeningQuery.parse(q.text()));
        loaded++;
      } catch (QuerySyntaxException e) {
        log.warn(
            "Listening query {} ('{}') of workspace {} is not loaded: {}",
            q.id(),
            q.name(),
            q.workspaceId(),
            e.getMessage());
      }
    }
    log.info("Loaded {} listening queries", loaded);
  }

  /**
   * Checks a query's text without saving it: the parsed query, or a {@link QuerySyntaxException}
   * saying what is wrong, where and how to fix it.
   */
  public ListeningQuery validate(String text) {
    if (text == null || text.isBlank()) {
      throw new QuerySyntaxException(0, "the query is empty", "write a word, \"phrase\" or #tag");
    }
    return ListeningQuery.parse(text.strip());
  }

  @Transactional
  public StoredQuery create(long workspaceId, String name, String text, Long createdBy) {
    String checkedName = checkName(workspaceId, name, null);
    ListeningQuery parsed = validate(text);
    Instant now = clock.instant();
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into listening_queries (workspace_id, name, query_text, enabled,"
                + " created_by, created_at, updated_at) values (?, ?, ?, true, ?, ?, ?)")
        .params(
            workspaceId,
            checkedName,
            parsed.text(),
            createdBy,
            Timestamp.from(now),
            Timestamp.from(now))
        .update(keys, "id");
    long id = keys.getKeyAs(Number.class).longValue();
    afterCommit(() -> matcher.put(workspaceId, id, parsed));
    return byId(workspaceId, id).orElseThrow();
  }

  /** Changes a query's name and text; the new text is validated first. */
  @Transactional
  public StoredQuery update(long workspaceId, long id, String name, String text) {
    StoredQuery current = require(workspaceId, id);
    String checkedName = checkName(workspaceId, name, id);
    ListeningQuery parsed = validate(text);
    jdbc.sql(
            "update listening_queries set name = ?, query_text = ?, updated_at = ?"
                + " where id = ? and workspace_id = ?")
        .params(checkedName, parsed.text(), Timestamp.from(clock.instant()), id, workspaceId)
        .update();
    if (current.enabled()) {
      afterCommit(() -> matcher.put(workspaceId, id, parsed));
    }
    return byId(workspaceId, id).orElseThrow();
  }

  /** Turns a query on or off; a disabled query stays stored and matches nothing. */
  @Transactional
  public StoredQuery setEnabled(long workspaceId, long id, boolean enabled) {
    StoredQuery current = require(workspaceId, id);
    jdbc.sql(
            "update listening_queries set enabled = ?, updated_at = ? where id = ? and"
                + " workspace_id = ?")
        .params(enabled, Timestamp.from(clock.instant()), id, workspaceId)
        .update();
    if (enabled) {
      ListeningQuery parsed = ListeningQuery.parse(current.text());
      afterCommit(() -> matcher.put(workspaceId, id, parsed));
    } else {
      afterCommit(() -> matcher.remove(workspaceId, id));
    }
    return byId(workspaceId, id).orElseThrow();
  }

  /** Deletes a query; returns whether it existed. */
  @Transactional
  public boolean remove(long workspaceId, long id) {
    int deleted =
        jdbc.sql("delete from listening_queries where id = ? and workspace_id = ?")
            .params(id, workspaceId)
            .update();
    if (deleted > 0) {
      afterCommit(() -> matcher.remove(workspaceId, id));
    }
    return deleted > 0;
  }

  public List<StoredQuery> inWorkspace(long workspaceId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from listening_queries where workspace_id = ? order by name, id")
        .param(workspaceId)
        .query(ListeningQueries::row)
        .list();
  }

  public Optional<StoredQuery> byId(long workspaceId, long id) {
    return jdbc.sql(
            "select " + COLUMNS + " from listening_queries where id = ? and workspace_id = ?")
        .params(id, workspaceId)
        .query(ListeningQueries::row)
        .optional();
  }

  private StoredQuery require(long workspaceId, long id) {
    return byId(workspaceId, id)
        .orElseThrow(
            () -> new IllegalArgumentException("no listening query " + id + " in this workspace"));
  }

  private String checkName(long workspaceId, String name, Long except) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty()) {
      throw new IllegalArgumentException("the query needs a name, e.g. 'Wedding outfits'");
    }
    if (n.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "the name is " + n.length() + " characters long; at most " + MAX_NAME + " are allowed");
    }
    boolean taken =
        jdbc.sql(
                    "select count(*) from listening_queries where workspace_id = ? and name = ?"
                        + (except == null ? "" : " and id <> " + except.longValue()))
                .params(workspaceId, n)
                .query(Long.class)
                .single()
            > 0;
    if (taken) {
      throw new IllegalArgumentException(
          "a query named '" + n + "' already exists in this workspace; choose another name");
    }
    return n;
  }

  private static void afterCommit(Runnable change) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              change.run();
            }
          });
    } else {
      change.run();
    }
  }

  private static StoredQuery row(ResultSet rs, int rowNum) throws SQLException {
    long createdBy = rs.getLong("created_by");
    Long creator = rs.wasNull() ? null : createdBy;
    return new StoredQuery(
        rs.getLong("id"),
        rs.getLong("workspace_id"),
        rs.getString("name"),
        rs.getString("query_text"),
        rs.getBoolean("enabled"),
        creator,
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
