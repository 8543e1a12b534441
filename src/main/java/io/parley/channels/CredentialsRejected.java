package io.parley.channels;

/**
 * The network refused the account's credentials (revoked or expired token, wrong app password,
 * deactivated account). Retrying does not help until someone reconnects the account, so the health
 * view reports the connection as broken at once.
 */
public class CredentialsRejected extends RuntimeException {

  public CredentialsRejected(String reason) {
    super(reason);
  }
}
