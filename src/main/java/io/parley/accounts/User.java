package io.parley.accounts;

import java.time.Instant;

/** A person who signs in to Parley. The password hash never leaves this module's API unasked. */
public record User(
    long id,
    long workspaceId,
    String email,
    String displayName,
    String passwordHash,
    Role role,
    boolean enabled,
    Instant createdAt) {

  public String firstName() {
    int space = displayName.indexOf(' ');
    return space > 0 ? displayName.substring(0, space) : displayName;
  }
}
