package io.parley.triage;

import java.time.Instant;
import java.util.List;

/**
 * The triage stored for one message, as the inbox shows it; {@code corrected} when a person set the
 * sentiment and intents.
 */
public record StoredTriage(
    long messageId,
    long conversationId,
    String language,
    Sentiment sentiment,
    double sentimentScore,
    List<Intent> intents,
    int urgency,
    Instant triagedAt,
    boolean corrected) {}
