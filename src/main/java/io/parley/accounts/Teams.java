package io.parley.accounts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams, who is in them, and which channel accounts each team answers for. Every method takes the
 * workspace so that an id from another workspace is simply not found.
 */
@Repository
public class Teams {

  /** The teams a new workspace starts with (an admin can add more). */
  public static final List<String> DEFAULT_NAMES =
      List.of("Support", "Sales", "PR", "Product", "Marketing");

  public static final int MAX_NAME = 100;

  private final JdbcClient jdbc;

  Teams(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Team> inWorkspace(long workspaceId) {
    return jdbc.sql("select id, workspace_id, name from teams where workspace_id = ? order by name")
        .param(workspaceId)
        .query((rs, n) -> new Team(rs.getLong(1), rs.getLong(2), rs.getString(3)))
        .list();
  }

  public Optional<Team> byId(long workspaceId, long teamId) {
    return jdbc.sql("select id, workspace_id, name from teams where workspace_id = ? and id = ?")
        .params(workspaceId, teamId)
        .query((rs, n) -> new Team(rs.getLong(1), rs.getLong(2), rs.getString(3)))
        .optional();
  }

  /**
   * Creates a team.
   *
   * @throws IllegalArgumentException for a blank, too long or already used name
   */
  public Team create(long workspaceId, String name) {
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty()) {
      throw new IllegalArgumentException("Give the team a name.");
    }
    if (clean.length() > MAX_NAME) {
      throw new IllegalArgumentException("Use at most " + MAX_NAME + " characters.");
    }
    try {
      jdbc.sql("insert into teams (workspace_id, name) values (?, ?)")
          .params(workspaceId, clean)
          .update();
    } catch (DuplicateKeyException e) {
      throw new IllegalArgumentException("There is already a team called " + clean + ".");
    }
    return inWorkspace(workspaceId).stream()
        .filter(t -> t.name().equals(clean))
        .findFirst()
        .orElseThrow();
  }

  /** Creates the default teams that do not exist yet. */
  @Transactional
  public void ensureDefaults(long workspaceId) {
    Set<String> existing = new TreeSet<>();
    inWorkspace(workspaceId).forEach(t -> existing.add(t.name()));
    for (String name : DEFAULT_NAMES) {
      if (!existing.contains(name)) {
        create(workspaceId, name);
      }
    }
  }

  @Transactional
  public void delete(long workspaceId, long teamId) {
    requireTeam(workspaceId, teamId);
    jdbc.sql("delete from team_members where team_id = ?").param(teamId).update();
    jdbc.sql("delete from team_channel_accounts where team_id = ?").param(teamId).update();
    jdbc.sql("delete from invitation_teams where team_id = ?").param(teamId).update();
    jdbc.sql("update conversations set team_id = null where team_id = ?").param(teamId).update();
    jdbc.sql("delete from saved_replies where team_id = ?").param(teamId).update();
    jdbc.sql("delete from teams where id = ?").param(teamId).update();
  }

  /** Sets who is in the team: exactly these people of the workspace. */
  @Transactional
  public void setMembers(long workspaceId, long teamId, Collection<Long> userIds) {
    requireTeam(workspaceId, teamId);
    jdbc.sql("delete from team_members where team_id = ?").param(teamId).update();
    for (long userId : new TreeSet<>(userIds)) {
      int n =
          jdbc.sql(
                  "insert into team_members (team_id, user_id) select ?, id from users"
                      + " where id = ? and workspace_id = ?")
              .params(teamId, userId, workspaceId)
              .update();
      if (n == 0) {
        throw new IllegalArgumentException("No such person in this workspace.");
      }
    }
  }

  /** Sets the channel accounts the team answers for: exactly these accounts of the workspace. */
  @Transactional
  public void setChannelAccounts(long workspaceId, long teamId, Collection<Long> accountIds) {
    requireTeam(workspaceId, teamId);
    jdbc.sql("delete from team_channel_accounts where team_id = ?").param(teamId).update();
    for (long accountId : new TreeSet<>(accountIds)) {
      grant(workspaceId, teamId, accountId);
    }
  }

  /** Lets the team see and answer the conversations of a channel account. */
  public void grant(long workspaceId, long teamId, long channelAccountId) {
    requireTeam(workspaceId, teamId);
    int n =
        jdbc.sql(
                "insert into team_channel_accounts (team_id, channel_account_id) select ?, id"
                    + " from channel_accounts where id = ? and workspace_id = ? and not exists"
                    + " (select 1 from team_channel_accounts where team_id = ? and"
                    + " channel_account_id = ?)")
            .params(teamId, channelAccountId, workspaceId, teamId, channelAccountId)
            .update();
    if (n == 0
        && jdbc.sql("select count(*) from channel_accounts where id = ? and workspace_id = ?")
                .params(channelAccountId, workspaceId)
                .query(Integer.class)
                .single()
            == 0) {
      throw new IllegalArgumentException("No such channel account in this workspace.");
    }
  }

  public void addMember(long workspaceId, long teamId, long userId) {
    requireTeam(workspaceId, teamId);
    jdbc.sql(
            "insert into team_members (team_id, user_id) select ?, id from users where id = ? and"
                + " workspace_id = ? and not exists (select 1 from team_members where team_id = ?"
                + " and user_id = ?)")
        .params(teamId, userId, workspaceId, teamId, userId)
        .update();
  }

  /** The teams a person is in. */
  public Set<Long> teamsOf(long userId) {
    return new TreeSet<>(
        jdbc.sql("select team_id from team_members where user_id = ?")
            .param(userId)
            .query(Long.class)
            .list());
  }

  /** The channel accounts granted to any of a person's teams. */
  public Set<Long> channelAccountsOf(long userId) {
    return new TreeSet<>(
        jdbc.sql(
                "select distinct g.channel_account_id from team_channel_accounts g"
                    + " join team_members m on m.team_id = g.team_id where m.user_id = ?")
            .param(userId)
            .query(Long.class)
            .list());
  }

  /** Team id to its member ids, for the admin pages. */
  public Map<Long, List<Long>> members(long workspaceId) {
    Map<Long, List<Long>> out = new HashMap<>();
    jdbc.sql(
            "select m.team_id, m.user_id from team_members m join teams t on t.id = m.team_id"
                + " where t.workspace_id = ?")
        .param(workspaceId)
        .query(
            rs -> {
              out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            });
    return out;
  }

  /** Team id to its channel account ids, for the admin pages. */
  public Map<Long, List<Long>> channelAccounts(long workspaceId) {
    Map<Long, List<Long>> out = new HashMap<>();
    jdbc.sql(
            "select g.team_id, g.channel_account_id from team_channel_accounts g"
                + " join teams t on t.id = g.team_id where t.workspace_id = ?")
        .param(workspaceId)
        .query(
            rs -> {
              out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            });
    return out;
  }

  private void requireTeam(long workspaceId, long teamId) {
    if (byId(workspaceId, teamId).isEmpty()) {
      throw new IllegalArgumentException("No such team.");
    }
  }
}
