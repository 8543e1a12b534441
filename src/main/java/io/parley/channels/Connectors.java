package io.parley.channels;

import io.parley.shared.Network;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The registry of connector beans, by network. The one place a network value picks behaviour. */
@Component
public class Connectors {

  private final Map<Network, Connector> byNetwork = new EnumMap<>(Network.class);

  Connectors(List<Connector> connectors) {
    for (Connector connector : connectors) {
      Connector previous = byNetwork.put(connector.network(), connector);
      if (previous != null) {
        throw new IllegalStateException(
            "Two connectors for "
                + connector.network()
                + ": "
                + previous.getClass().getName()
                + " and "
                + connector.getClass().getName());
      }
    }
  }

  public Optional<Connector> find(Network network) {
    return Optional.ofNullable(byNetwork.get(network));
  }

  public Connector forNetwork(Network network) {
    return find(network)
        .orElseThrow(() -> new IllegalStateException("No connector installed for " + network));
  }
}
