package io.parley.conversations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Saved replies: stored with their variables; {@code web} fills the variables in when used. */
@Repository
public class SavedReplies {

  public static final int MAX_TITLE = 200;
  public static final int MAX_BODY = 5000;
  private static final String COLUMNS = "id, workspace_id, team_id, owner_user_id, title, body";

  private final JdbcClient jdbc;
  private final Clock clock;

  SavedReplies(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Stores a saved reply.
   *
   * @param teamId null unless for a team
   * @param ownerUserId null unless personal
   * @param createdBy null when Parley created it (the complaint fast lane's apology)
   * @throws IllegalArgumentException for a blank or too long title or body
   */
  public SavedReply create(
      long workspaceId, Long teamId, Long ownerUserId, String title, String body, Long createdBy) {
    String t = title == null ? "" : title.strip();
    String b = body == null ? "" : body.strip();
    if (t.isEmpty() || b.isEmpty()) {
      throw new IllegalArgumentException("A saved reply needs a title and a text.");
    }
    if (t.length() > MAX_TITLE || b.length() > MAX_BODY) {
      throw new IllegalArgumentException(
          "Titles have at most " + MAX_TITLE + " characters, texts at most " + MAX_BODY + ".");
    }
    var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            "insert into saved_replies (workspace_id, team_id, owner_user_id, title, body,"
                + " created_by, created_at) values (?, ?, ?, ?, ?, ?, ?)")
        .params(workspaceId, teamId, ownerUserId, t, b, createdBy, Timestamp.from(clock.instant()))
        .update(key, "id");
    return byId(workspaceId, key.getKey().longValue()).orElseThrow();
  }

  public Optional<SavedReply> byId(long workspaceId, long id) {
    return jdbc.sql("select " + COLUMNS + " from saved_replies where workspace_id = ? and id = ?")
        .params(workspaceId, id)
        .query(SavedReplies::map)
        .optional();
  }

  /**
   * The saved replies a person may use: their own, their teams' (every team's when {@code
   * allTeams}) and the workspace's, whose title or text contains {@code query} (null: all), titles
   * in order.
   */
  public List<SavedReply> usableBy(
      long workspaceId, long userId, Collection<Long> teamIds, boolean allTeams, String query) {
    var sql =
        new StringBuilder(
            "select "
                + COLUMNS
                + " from saved_replies where workspace_id = ? and (owner_user_id = ?"
                + " or (owner_user_id is null and team_id is null)");
    var params = new ArrayList<Object>(List.of(workspaceId, userId));
    if (allTeams) {
      sql.append(" or (owner_user_id is null and team_id is not null)");
    } else if (!teamIds.isEmpty()) {
      sql.append(" or team_id in (")
          .append(String.join(", ", java.util.Collections.nCopies(teamIds.size(), "?")))
          .append(')');
      params.addAll(teamIds);
    }
    sql.append(')');
    if (query != null && !query.isBlank()) {
      String like =
          "%"
              + query
                  .strip()
                  .toLowerCase(Locale.ROOT)
                  .replace("\\", "\\\\")
                  .replace("%", "\\%")
                  .replace("_", "\\_")
              + "%";
      sql.append(" and (lower(title) like ? escape '\\' or lower(body) like ? escape '\\')");
      params.add(like);
      params.add(like);
    }
    sql.append(" order by lower(title), id");
    return jdbc.sql(sql.toString()).params(params).query(SavedReplies::map).list();
  }

  /**
   * The saved reply a routing rule suggested for the conversation (e.g. the complaint fast lane's
   * apology), if it still exists.
   */
  public Optional<SavedReply> suggestedFor(long workspaceId, long conversationId) {
    return jdbc.sql(
            "select r.id, r.workspace_id, r.team_id, r.owner_user_id, r.title, r.body"
                + " from conversations c join saved_replies r on r.id = c.suggested_reply_id"
                + " where c.workspace_id = ? and c.id = ? and r.workspace_id = c.workspace_id")
        .params(workspaceId, conversationId)
        .query(SavedReplies::map)
        .optional();
  }

  public void delete(long workspaceId, long id) {
    jdbc.sql("delete from saved_replies where workspace_id = ? and id = ?")
        .params(workspaceId, id)
        .update();
  }

  private static SavedReply map(ResultSet rs, int row) throws SQLException {
    long team = rs.getLong("team_id");
    Long teamId = rs.wasNull() ? null : team;
    long owner = rs.getLong("owner_user_id");
    Long ownerId = rs.wasNull() ? null : owner;
    return new SavedReply(
        rs.getLong("id"),
        rs.getLong("workspace_id"),
        teamId,
        ownerId,
        rs.getString("title"),
        rs.getString("body"));
  }
}
