package io.parley.conversations;

/** For outbound messages: where the post is on its way to the network. */
public enum DeliveryState {
  /** Written on a conversation that needs approval: waits for a manager, not in the outbox. */
  AWAITING_APPROVAL,
  QUEUED,
  SENT,
  FAILED,
  /** A manager declined to send it; kept in the thread with the reason. */
  REJECTED
}
