package io.parley.routing;

import io.parley.conversations.Priority;
import java.util.Locale;

/**
 * What a matching rule does to the conversation. Null means "leave as is".
 *
 * @param teamId hand the conversation to this team (only when it has no team yet)
 * @param assigneeId assign this agent (only when nobody is assigned yet)
 * @param priority raise the priority to this (routing never lowers a priority)
 * @param tag add this tag
 * @param requireApproval replies on the conversation wait for a manager's approval
 * @param stop no later rule is evaluated for this message
 * @param suggestedReplyId offer this saved reply in the conversation's reply box (the first
 *     matching rule's suggestion stays)
 * @param notifyUserId tell this person in the app that the rule matched the conversation
 */
public record RuleActions(
    Long teamId,
    Long assigneeId,
    Priority priority,
    String tag,
    boolean requireApproval,
    boolean stop,
    Long suggestedReplyId,
    Long notifyUserId) {

  /** Actions that neither suggest a reply nor notify anyone. */
  public RuleActions(
      Long teamId,
      Long assigneeId,
      Priority priority,
      String tag,
      boolean requireApproval,
      boolean stop) {
    this(teamId, assigneeId, priority, tag, requireApproval, stop, null, null);
  }

  public RuleActions {
    if (tag != null) {
      tag = tag.trim().toLowerCase(Locale.ROOT);
      if (tag.isEmpty()) {
        tag = null;
      } else if (tag.length() > 64) {
        throw new IllegalArgumentException("A tag is at most 64 characters");
      }
    }
  }

  /** Whether the rule changes anything or stops processing. */
  public boolean isEmpty() {
    return teamId == null
        && assigneeId == null
        && priority == null
        && tag == null
        && !requireApproval
        && !stop
        && suggestedReplyId == null
        && notifyUserId == null;
  }
}
