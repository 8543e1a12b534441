package io.parley.channels;

import java.io.IOException;
import java.net.URI;

/** A network's server could not be reached at all (refused, timed out, reset). */
public final class Unreachable extends RuntimeException {

  public Unreachable(String reason) {
    super(reason, null, false, false);
  }

  /**
   * "Cannot reach {@code what}scheme://host:port (IOException: …)": names the server but never the
   * path or query, which may carry tokens.
   */
  public static Unreachable at(String what, URI uri, IOException cause) {
    return new Unreachable(
        "Cannot reach "
            + what
            + uri.getScheme()
            + "://"
            + uri.getAuthority()
            + " ("
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
            + ")");
  }
}
