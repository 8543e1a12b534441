package io.parley.conversations;

/** For outbound messages: where the post is on its way to the network. */
public enum DeliveryState {
  QUEUED,
  SENT,
  FAILED
}
