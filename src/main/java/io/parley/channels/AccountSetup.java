package io.parley.channels;

import io.parley.shared.Network;
import java.util.Map;

/**
 * How a person connects an account of one network: what the settings form asks for, and the check
 * that turns what they typed into a verified account. One bean per network that supports it, found
 * through {@link ChannelConnections}.
 */
public interface AccountSetup {

  Network network();

  Form form();

  /** Verifies the credentials against the server; never logs or returns the secret in a reason. */
  Checked check(String serverUrl, String identifier, String secret);

  /** Whether the account can be connected by signing in on the server (OAuth) instead. */
  default boolean signsInOnServer() {
    return false;
  }

  /**
   * Starts an OAuth sign-in: registers Parley with the server if needed and answers where to send
   * the browser. The answer holds secrets (client secret, PKCE verifier): keep it server-side.
   */
  default Authorization authorize(String serverUrl, String redirectUri) {
    throw new UnsupportedOperationException(network().label() + " has no sign-in on the server");
  }

  /** Finishes an OAuth sign-in with the code the server sent back, then checks the account. */
  default Checked complete(Authorization started, String code) {
    throw new UnsupportedOperationException(network().label() + " has no sign-in on the server");
  }

  /** A sign-in in progress. {@link #toString()} leaves the secrets out. */
  record Authorization(
      Network network,
      String serverUrl,
      String browserUrl,
      String state,
      String redirectUri,
      String clientId,
      String clientSecret,
      String codeVerifier)
      implements java.io.Serializable {

    @Override
    public String toString() {
      return "Authorization[" + network + ", " + serverUrl + "]";
    }
  }

  /**
   * The settings form of a network.
   *
   * @param identifierLabel null when the network needs no identifier (the token says who it is)
   */
  record Form(
      Network network,
      String serverLabel,
      String serverDefault,
      String identifierLabel,
      String identifierPlaceholder,
      String secretLabel,
      String secretHelp) {}

  /** The outcome of a check: on success, who the account is and what to store (encrypted). */
  record Checked(
      ConnectionCheck check,
      String handle,
      String displayName,
      String externalId,
      String baseUrl,
      Map<String, String> secrets) {

    public static Checked failed(String reason) {
      return new Checked(ConnectionCheck.failed(reason), null, null, null, null, Map.of());
    }

    @Override
    public String toString() {
      return "Checked[" + check + ", " + handle + "]";
    }
  }
}
