package io.parley.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Everyone who can sign in. E-mail addresses are unique across the installation. */
@Repository
public class Users {

  private static final String COLUMNS =
      "id, workspace_id, email, display_name, password_hash, role, enabled, created_at";

  private final JdbcClient jdbc;
  private final Clock clock;

  Users(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Optional<User> byEmail(String email) {
    return jdbc.sql("select " + COLUMNS + " from users where email = ?")
        .param(normalize(email))
        .query(Users::map)
        .optional();
  }

  public Optional<User> byId(long id) {
    return jdbc.sql("select " + COLUMNS + " from users where id = ?")
        .param(id)
        .query(Users::map)
        .optional();
  }

  public List<User> inWorkspace(long workspaceId) {
    return jdbc.sql(
            "select " + COLUMNS + " from users where workspace_id = ? order by display_name")
        .param(workspaceId)
        .query(Users::map)
        .list();
  }

  public User create(
      long workspaceId, String email, String displayName, String passwordHash, Role role) {
    jdbc.sql(
            "insert into users (workspace_id, email, display_name, password_hash, role, enabled,"
                + " created_at) values (?, ?, ?, ?, ?, true, ?)")
        .params(
            workspaceId,
            normalize(email),
            displayName,
            passwordHash,
            role.name(),
            Timestamp.from(clock.instant()))
        .update();
    return byEmail(email).orElseThrow();
  }

  public void changePassword(long userId, String passwordHash) {
    jdbc.sql("update users set password_hash = ? where id = ?")
        .params(passwordHash, userId)
        .update();
  }

  /** Changes a person's role; refuses to leave the workspace without an enabled admin. */
  @org.springframework.transaction.annotation.Transactional
  public void setRole(long workspaceId, long userId, Role role) {
    User user = inWorkspace(workspaceId, userId);
    if (user.role() == Role.ADMIN && role != Role.ADMIN) {
      requireAnotherAdmin(workspaceId, userId);
    }
    jdbc.sql("update users set role = ? where id = ?").params(role.name(), userId).update();
  }

  /** Lets a person sign in or not; refuses to disable the last enabled admin. */
  @org.springframework.transaction.annotation.Transactional
  public void setEnabled(long workspaceId, long userId, boolean enabled) {
    User user = inWorkspace(workspaceId, userId);
    if (!enabled && user.role() == Role.ADMIN) {
      requireAnotherAdmin(workspaceId, userId);
    }
    jdbc.sql("update users set enabled = ? where id = ?").params(enabled, userId).update();
  }

  private User inWorkspace(long workspaceId, long userId) {
    return byId(userId)
        .filter(u -> u.workspaceId() == workspaceId)
        .orElseThrow(() -> new IllegalArgumentException("No such person in this workspace."));
  }

  private void requireAnotherAdmin(long workspaceId, long userId) {
    int others =
        jdbc.sql(
                "select count(*) from users where workspace_id = ? and role = 'ADMIN'"
                    + " and enabled = true and id <> ?")
            .params(workspaceId, userId)
            .query(Integer.class)
            .single();
    if (others == 0) {
      throw new IllegalArgumentException("The workspace needs at least one enabled admin.");
    }
  }

  private static String normalize(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private static User map(ResultSet rs, int row) throws SQLException {
    return new User(
        rs.getLong("id"),
        rs.getLong("workspace_id"),
        rs.getString("email"),
        rs.getString("display_name"),
        rs.getString("password_hash"),
        Role.valueOf(rs.getString("role")),
        rs.getBoolean("enabled"),
        rs.getTimestamp("created_at").toInstant());
  }
}
