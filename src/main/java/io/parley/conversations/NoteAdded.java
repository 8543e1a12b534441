package io.parley.conversations;

/** A colleague wrote an internal note on a conversation; carries ids only. */
public record NoteAdded(long noteId, long conversationId, long workspaceId, long authorUserId) {}
