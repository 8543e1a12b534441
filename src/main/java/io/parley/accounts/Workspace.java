package io.parley.accounts;

import java.time.Instant;

/** A brand's space: its people, channel accounts and conversations. Data never crosses it. */
public record Workspace(long id, String slug, String name, Instant createdAt) {}
