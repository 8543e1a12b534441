package io.parley.conversations;

import io.parley.shared.Network;

/**
 * What the inbox list shows.
 *
 * @param status null for all
 * @param network null for all
 * @param assignment ALL, MINE (assigned to {@code userId}) or UNASSIGNED
 * @param query text to look for in messages, author handles and names; null for none
 */
public record InboxFilter(
    long workspaceId,
    ConversationStatus status,
    Network network,
    Assignment assignment,
    long userId,
    String query,
    int limit) {

  public enum Assignment {
    ALL,
    MINE,
    UNASSIGNED
  }
}
