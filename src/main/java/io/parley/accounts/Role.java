package io.parley.accounts;

/** What a person may do. Ordered from most to least powerful. */
public enum Role {
  ADMIN,
  MANAGER,
  AGENT,
  VIEWER;

  public boolean canReply() {
    return this != VIEWER;
  }
}
