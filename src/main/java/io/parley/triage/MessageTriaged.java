package io.parley.triage;

import java.util.List;

/**
 * An inbound message has been triaged and its result stored ({@link TriageRecords}). Carries the
 * ids and the few values routing decides on; listeners must tolerate duplicates.
 */
public record MessageTriaged(
    long messageId,
    long conversationId,
    long workspaceId,
    Sentiment sentiment,
    List<Intent> intents,
    String language,
    int urgency) {}
