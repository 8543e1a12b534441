package io.parley.conversations;

import io.parley.shared.Network;

/**
 * How many conversations share these facets (one row of a grouped count). The inbox adds rows up to
 * count any view without a query per view.
 *
 * @param assignee MINE, UNASSIGNED or ALL (assigned to someone else)
 * @param awaitingApproval whether a reply in them waits for a manager's approval
 */
public record ViewCount(
    ConversationStatus status,
    InboxFilter.Assignment assignee,
    Long teamId,
    Network network,
    ConversationKind kind,
    boolean unread,
    boolean awaitingApproval,
    long count) {}
