package io.parley.conversations;

/**
 * A canned response. Personal when {@code ownerUserId} is set, for a team when {@code teamId} is
 * set, for everyone in the workspace otherwise.
 */
public record SavedReply(
    long id, long workspaceId, Long teamId, Long ownerUserId, String title, String body) {

  public boolean personal() {
    return ownerUserId != null;
  }
}
