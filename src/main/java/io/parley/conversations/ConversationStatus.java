package io.parley.conversations;

/** Where a conversation stands for the team. */
public enum ConversationStatus {
  /** Needs the team. */
  OPEN,
  /** Answered; waiting on the customer. */
  PENDING,
  /** Put away until a time or until the customer writes again. */
  SNOOZED,
  RESOLVED
}
