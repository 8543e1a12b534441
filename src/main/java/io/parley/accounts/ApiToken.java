package io.parley.accounts;

import java.time.Instant;

/**
 * A personal API token as stored: its name, public prefix and dates. The secret is never kept, only
 * its hash, which does not leave {@link ApiTokens}.
 *
 * @param expiresAt null for a token that does not expire
 */
public record ApiToken(
    long id,
    long workspaceId,
    long userId,
    String name,
    String prefix,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt,
    Instant expiresAt) {

  /** Active, revoked or expired at {@code now}. */
  public String state(Instant now) {
    if (revokedAt != null) {
      return "revoked";
    }
    return expiresAt == null || now.isBefore(expiresAt) ? "active" : "expired";
  }

  /** What the token looks like in lists: enough to recognise it, useless to sign in with. */
  public String hint() {
    return ApiTokens.SCHEME + prefix + "_…";
  }
}
