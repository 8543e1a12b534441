package io.parley.channels;

/**
 * An open streaming connection to a network that says when something new arrived for an account. It
 * carries no items: the poller fetches them through {@link Connector#fetch} with the durable
 * cursor, so a dropped stream can never lose or reorder anything, it only makes arrival faster and
 * polling rarer.
 */
public interface LiveFeed extends AutoCloseable {

  /** Whether the connection is still up. */
  boolean isOpen();

  /** Ends the connection; the listener is not told. Idempotent. */
  @Override
  void close();

  /** What the feed reports, on the feed's own thread: keep it short. */
  interface Listener {

    /** The network announced something new (a notification, a DM, an edit, a deletion). */
    void arrived();

    /** The connection ended by itself (server closed it, network error, token refused). */
    void ended(String reason);
  }
}
