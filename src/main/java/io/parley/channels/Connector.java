package io.parley.channels;

import io.parley.shared.Network;
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

  /** Checks that the account's URL and credentials work, with a reason a person understands. */
  ConnectionCheck verify(ConnectedAccount account);
}
