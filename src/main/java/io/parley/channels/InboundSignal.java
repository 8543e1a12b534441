package io.parley.channels;

import java.time.Instant;

/**
 * Something a network reports that counts but is not a conversation: a favourite or like, a boost
 * or repost, a new follower.
 *
 * @param externalId the network's id of the notification or record; unique per account, so a signal
 *     fetched twice counts once
 * @param actorHandle who did it (null when the network does not say)
 * @param targetExternalId the post it is about (null for follows)
 */
public record InboundSignal(
    String externalId, Kind kind, String actorHandle, String targetExternalId, Instant at) {

  public enum Kind {
    FAVOURITE("favourite", "favourites"),
    BOOST("boost", "boosts"),
    FOLLOW("new follower", "new followers");

    private final String one;
    private final String many;

    Kind(String one, String many) {
      this.one = one;
      this.many = many;
    }

    /** "1 favourite", "3 boosts". */
    public String count(int n) {
      return n + " " + (n == 1 ? one : many);
    }
  }
}
