package io.parley.listening;

import io.parley.shared.Network;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A public post that matched a workspace's listening query, and what the team did with it.
 *
 * @param intent what triage found the author wants (e.g. {@code purchase}); null until triage
 *     classifies public posts
 * @param sentiment triage's sentiment ({@code positive}, {@code negative}, …); null until then
 * @param score 0–100, higher first (see docs/listening.md, "Opportunities")
 * @param conversionValue what a won opportunity brought in; null unless won
 * @param conversationId the conversation the reply started, null before a reply
 */
public record Opportunity(
    long id,
    long workspaceId,
    long queryId,
    long channelAccountId,
    Network network,
    String postExternalId,
    String postText,
    Instant postCreatedAt,
    String authorExternalId,
    String authorHandle,
    String authorName,
    Integer authorFollowers,
    String intent,
    String sentiment,
    int score,
    OpportunityStatus status,
    Long assigneeId,
    String notes,
    BigDecimal conversionValue,
    Long conversationId,
    Instant createdAt,
    Instant updatedAt) {}
