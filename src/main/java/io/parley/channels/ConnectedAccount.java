package io.parley.channels;

import io.parley.shared.Network;
import java.util.Map;

/**
 * A channel account as a connector sees it: where to reach the network and the decrypted
 * credentials. Never logged, never serialized; {@link #toString()} leaves the secrets out.
 */
public record ConnectedAccount(
    long id,
    long workspaceId,
    Network network,
    String handle,
    String externalId,
    String baseUrl,
    Map<String, String> secrets) {

  public String secret(String name) {
    return secrets.get(name);
  }

  @Override
  public String toString() {
    return "ConnectedAccount[" + id + ", " + network + ", " + handle + "]";
  }
}
