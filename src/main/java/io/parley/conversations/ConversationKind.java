package io.parley.conversations;

/** How a conversation started: a public thread (comments, replies), a mention, or a DM. */
public enum ConversationKind {
  PUBLIC_THREAD,
  MENTION,
  DIRECT_MESSAGE
}
