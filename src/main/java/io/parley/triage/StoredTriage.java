package io.parley.triage;

import java.time.Instant;
import java.util.List;

/** The triage stored for one message, as the inbox shows it. */
public record StoredTriage(
    long messageId,
    long conversationId,
    String language,
    Sentiment sentiment,
    double sentimentScore,
    List<Intent> intents,
    int urgency,
    Instant triagedAt) {}
