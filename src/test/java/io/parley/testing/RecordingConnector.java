package io.parley.testing;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectionCheck;
import io.parley.channels.Connector;
import io.parley.channels.ConnectorCapabilities;
import io.parley.channels.DeliveryResult;
import io.parley.channels.FetchPage;
import io.parley.channels.OutgoingPost;
import io.parley.shared.Network;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connector for tests: fetches nothing, accepts every post and remembers it. Register it as a
 * bean for a network no real connector uses in that test (e.g. {@link Network#X}).
 */
public class RecordingConnector implements Connector {

  private final Network network;
  private final int maxReplyLength;
  private final List<OutgoingPost> delivered = new CopyOnWriteArrayList<>();

  public RecordingConnector(Network network, int maxReplyLength) {
    this.network = network;
    this.maxReplyLength = maxReplyLength;
  }

  @Override
  public Network network() {
    return network;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return new ConnectorCapabilities(true, true, maxReplyLength, "characters");
  }

  @Override
  public FetchPage fetch(ConnectedAccount account, String cursor) {
    return FetchPage.empty(cursor);
  }

  @Override
  public DeliveryResult deliver(ConnectedAccount account, OutgoingPost post, String key) {
    delivered.add(post);
    return new DeliveryResult.Delivered("posted-" + key);
  }

  @Override
  public Optional<String> findDelivered(ConnectedAccount account, OutgoingPost post, String key) {
    return Optional.empty();
  }

  @Override
  public ConnectionCheck verify(ConnectedAccount account) {
    return ConnectionCheck.ok("recording");
  }

  public List<OutgoingPost> delivered() {
    return List.copyOf(delivered);
  }
}
