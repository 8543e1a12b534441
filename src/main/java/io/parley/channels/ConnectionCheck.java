package io.parley.channels;

/** Whether a channel account works, with a reason a person can act on. */
public record ConnectionCheck(boolean ok, String reason) {

  public static ConnectionCheck ok(String detail) {
    return new ConnectionCheck(true, detail);
  }

  public static ConnectionCheck failed(String reason) {
    return new ConnectionCheck(false, reason);
  }
}
