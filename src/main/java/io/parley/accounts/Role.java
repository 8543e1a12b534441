package io.parley.accounts;

/**
 * What a person may do. Ordered from most to least powerful (docs/inbox.md has the full table).
 *
 * <ul>
 *   <li>ADMIN: everything, including people, invitations, teams and the audit log.
 *   <li>MANAGER: all conversations of the workspace; manages teams and their channel accounts.
 *   <li>AGENT: the conversations of their teams' channel accounts; replies and triages them.
 *   <li>VIEWER: reads the conversations of their teams' channel accounts.
 * </ul>
 */
public enum Role {
  ADMIN,
  MANAGER,
  AGENT,
  VIEWER;

  public boolean canReply() {
    return this != VIEWER;
  }

  /** Admins and managers see every conversation; agents and viewers those of their teams. */
  public boolean seesWholeWorkspace() {
    return this == ADMIN || this == MANAGER;
  }

  public boolean managesTeams() {
    return this == ADMIN || this == MANAGER;
  }

  public boolean managesPeople() {
    return this == ADMIN;
  }

  /** "Admin", "Manager", ... */
  public String label() {
    return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
  }
}
