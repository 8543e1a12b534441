package io.parley.listening;

import java.time.Instant;

/**
 * A listening query as a workspace stored it.
 *
 * @param createdBy the user who created it, null when unknown (e.g. created by an import)
 */
public record StoredQuery(
    long id,
    long workspaceId,
    String name,
    String text,
    boolean enabled,
    Long createdBy,
    Instant createdAt,
    Instant updatedAt) {}
