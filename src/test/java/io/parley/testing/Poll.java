package io.parley.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Waits for an asynchronous effect with a deadline (never for time itself to pass), failing with
 * what was expected, the last observed state and any diagnostics such as process log tails.
 */
public final class Poll {

  private Poll() {}

  /** A check that may throw; answers null when satisfied, else a description of what it saw. */
  @FunctionalInterface
  public interface Check {
    String unmet() throws Exception;
  }

  /** A step of a scenario that may throw anything. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  public static void until(String what, Duration timeout, Check check, Callable<String> diagnostics)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    String last = "not checked yet";
    while (true) {
      last = check.unmet();
      if (last == null) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "Timed out after "
                + timeout.toSeconds()
                + " s waiting until "
                + what
                + "; last seen: "
                + last
                + "\n"
                + diagnostics.call());
      }
      Thread.sleep(100);
    }
  }
}
