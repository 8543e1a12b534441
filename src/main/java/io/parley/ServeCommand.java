package io.parley;

import java.util.concurrent.Callable;
import org.springframework.boot.WebApplicationType;
import picocli.CommandLine.Command;

/** {@code parley serve}: the web app, the connectors and the outbox (the default command). */
@Command(name = "serve", description = "Run Parley (the default when no command is given).")
class ServeCommand implements Callable<Integer> {

  private static volatile boolean serving;

  static boolean serving() {
    return serving;
  }

  @Override
  public Integer call() {
    Parley.start(WebApplicationType.SERVLET);
    serving = true;
    return 0;
  }
}
