package io.parley.conversations;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A person's saved inbox views: a name for a combination of filters. The filters are kept as the
 * inbox URL's query string, which the inbox parses leniently, so a view saved before a filter
 * changed still opens.
 */
@Repository
public class SavedViews {

  public static final int MAX_NAME = 80;
  public static final int MAX_PARAMS = 1000;
  public static final int MAX_PER_PERSON = 30;

  private final JdbcClient jdbc;
  private final Clock clock;

  SavedViews(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A saved view. */
  public record SavedView(long id, String name, String params) {}

  /**
   * Saves a view; a view of the same name is replaced.
   *
   * @throws IllegalArgumentException for a blank or too long name, or too many views
   */
  public SavedView save(long workspaceId, long userId, String name, String params) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "A view needs a name of 1 to " + MAX_NAME + " characters.");
    }
    String p = params == null ? "" : params.strip();
    if (p.length() > MAX_PARAMS) {
      throw new IllegalArgumentException("These filters are too long to save.");
    }
    jdbc.sql("delete from saved_views where workspace_id = ? and user_id = ? and name = ?")
        .params(workspaceId, userId, n)
        .update();
    if (of(workspaceId, userId).size() >= MAX_PER_PERSON) {
      throw new IllegalArgumentException(
          "You have " + MAX_PER_PERSON + " saved views; delete one first.");
    }
    var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            "insert into saved_views (workspace_id, user_id, name, params, created_at)"
                + " values (?, ?, ?, ?, ?)")
        .params(workspaceId, userId, n, p, Timestamp.from(clock.instant()))
        .update(key, "id");
    return new SavedView(key.getKey().longValue(), n, p);
  }

  /** The person's views, by name. */
  public List<SavedView> of(long workspaceId, long userId) {
    return jdbc.sql(
            "select id, name, params from saved_views where workspace_id = ? and user_id = ?"
                + " order by name, id")
        .params(workspaceId, userId)
        .query((rs, row) -> new SavedView(rs.getLong(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  /** Deletes one of the person's views; false when it is not theirs (or gone). */
  public boolean delete(long workspaceId, long userId, long id) {
    return jdbc.sql("delete from saved_views where workspace_id = ? and user_id = ? and id = ?")
            .params(workspaceId, userId, id)
            .update()
        == 1;
  }
}
