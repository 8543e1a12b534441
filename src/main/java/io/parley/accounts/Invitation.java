package io.parley.accounts;

import java.time.Instant;
import java.util.List;

/** An invitation to join a workspace, as stored (the token itself is never stored). */
public record Invitation(
    long id,
    long workspaceId,
    String email,
    String displayName,
    Role role,
    List<Long> teamIds,
    Long invitedBy,
    Instant createdAt,
    Instant expiresAt,
    Instant acceptedAt,
    Instant revokedAt) {

  /** Pending, accepted, revoked or expired at {@code now}. */
  public String state(Instant now) {
    if (acceptedAt != null) {
      return "accepted";
    }
    if (revokedAt != null) {
      return "revoked";
    }
    return now.isBefore(expiresAt) ? "pending" : "expired";
  }
}
