package io.parley.channels.bluesky;

import io.parley.channels.AccountSetup;
import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectionCheck;
import io.parley.shared.Network;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/** Connecting a Bluesky account with its handle (or DID) and an app password. */
@Component
class BlueskySetup implements AccountSetup {

  private final BlueskyConnector connector;

  BlueskySetup(BlueskyConnector connector) {
    this.connector = connector;
  }

  @Override
  public Network network() {
    return Network.BLUESKY;
  }

  @Override
  public Form form() {
    return new Form(
        Network.BLUESKY,
        "Server (where you sign in)",
        "https://bsky.social",
        "Handle or DID",
        "yourbrand.bsky.social",
        "App password",
        "In Bluesky: Settings → Privacy and security → App passwords → Add. Never your main"
            + " password.");
  }

  @Override
  public Checked check(String serverUrl, String identifier, String secret) {
    if (identifier == null || identifier.isBlank()) {
      return Checked.failed("Enter the account's handle (like brand.bsky.social) or its DID.");
    }
    String handle = identifier.trim().replaceFirst("^@", "");
    String base = serverUrl.trim().replaceAll("/+$", "");
    long probeId = -ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    var probe =
        new ConnectedAccount(
            probeId,
            0,
            Network.BLUESKY,
            handle,
            null,
            base,
            Map.of(
                BlueskyConnector.IDENTIFIER,
                handle,
                BlueskyConnector.PASSWORD,
                secret == null ? "" : secret));
    try {
      ConnectionCheck check = connector.verify(probe);
      if (!check.ok()) {
        return new Checked(check, null, null, null, null, Map.of());
      }
      BlueskyConnector.Session session = connector.sessionOf(probe);
      return new Checked(
          check,
          session.handle(),
          session.handle(),
          session.did(),
          base,
          Map.of(BlueskyConnector.IDENTIFIER, session.did(), BlueskyConnector.PASSWORD, secret));
    } finally {
      connector.forget(probeId);
    }
  }
}
