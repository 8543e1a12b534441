package io.parley.channels;

import io.parley.shared.Network;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Parley needs from a social network. One bean per {@link Network}, found through {@link
 * Connectors}. Networks differ, so a connector declares its {@link ConnectorCapabilities} instead
 * of throwing at run time.
 *
 * <p>Contract for exactly-once delivery: {@link #deliver} is called with a key that is stable
 * across retries and crashes. A connector whose network honours idempotency keys passes it on;
 * otherwise the outbox calls {@link #findDelivered} before every retry and only re-sends when that
 * finds nothing.
 */
public interface Connector {

  Network network();

  ConnectorCapabilities capabilities();

  /**
   * Fetches what arrived after {@code cursor} (null: from the beginning the network allows). The
   * caller stores the items before it stores the returned cursor, so a crash re-fetches, never
   * skips.
   */
  FetchPage fetch(ConnectedAccount account, String cursor);

  DeliveryResult deliver(ConnectedAccount account, OutgoingPost post, String idempotencyKey);

  /** The post made earlier with this key, if the network has it. */
  Optional<String> findDelivered(
      ConnectedAccount account, OutgoingPost post, String idempotencyKey);

  /**
   * When the account's credentials stop working unless renewed, if the network says so (e.g. a
   * session's refresh token). Empty: they do not expire, or it is not known.
   */
  default Optional<Instant> credentialsExpireAt(ConnectedAccount account) {
    return Optional.empty();
  }

  /**
   * Of these recently ingested items, the ones the network no longer has: deleted there. Used by a
   * periodic reconciliation pass, because networks do not always tell a client about deletions. A
   * connector may check only part of the list to bound its cost (it names only what it checked and
   * found gone); one that cannot tell returns an empty list. Must not report an item as gone when
   * the network merely failed to answer: it throws instead.
   */
  default List<String> deletedAmong(ConnectedAccount account, List<String> externalIds) {
    return List.of();
  }

  /**
   * Public posts of the whole network after {@code cursor} (null: from where the network starts),
   * not only those addressed to the account: what listening matches. Items are {@code CREATED},
   * kind {@code MENTION} for top-level posts and {@code REPLY} for replies. The cursor is separate
   * from {@link #fetch}'s. Empty when the network offers no public timeline to this account.
   */
  default Optional<FetchPage> fetchPublic(ConnectedAccount account, String cursor) {
    return Optional.empty();
  }

  /**
   * Opens the network's streaming connection for the account when its server offers one, so new
   * items are fetched as soon as they are announced and regular polling can slow down to a safety
   * net. Empty when the network or this server has no streaming (the poller then polls at its
   * normal pace); the choice is made here, per server, not configured.
   */
  default Optional<LiveFeed> openLiveFeed(ConnectedAccount account, LiveFeed.Listener listener) {
    return Optional.empty();
  }

  /** Checks that the account's URL and credentials work, with a reason a person understands. */
  ConnectionCheck verify(ConnectedAccount account);
}
