package io.parley;

import io.parley.sandbox.SandboxNetwork;
import io.parley.shared.ParleyHome;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley sandbox}: runs only the sandbox network, as its own process, until killed. Parley
 * connects to it with {@code PARLEY_SANDBOX_URL}. No Spring, no Parley database.
 */
@Command(
    name = "sandbox",
    description = "Run the built-in sandbox social network on its own (until stopped).")
class SandboxCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port = 8081;

  @Option(
      names = "--rate",
      description = "Traffic steps per minute, 0 = none (default: ${DEFAULT-VALUE}).")
  double rate = SandboxNetwork.DEFAULT_RATE;

  @Option(names = "--seed", description = "Seed for reproducible traffic (default: random).")
  Long seed;

  @Option(
      names = "--data",
      description = "Folder for the sandbox's store (default: $PARLEY_HOME/sandbox).")
  Path data;

  @Override
  public Integer call() throws InterruptedException {
    Path folder = data != null ? data : ParleyHome.path().resolve("sandbox");
    var options =
        SandboxNetwork.Options.defaults(
            folder, port, rate, seed != null ? seed : System.nanoTime());
    SandboxNetwork network;
    try {
      network = SandboxNetwork.start(options);
    } catch (RuntimeException e) {
      System.err.println("Cannot start the sandbox network: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  network.close();
                  stopped.countDown();
                }));
    System.out.println("Sandbox network running at " + network.url());
    System.out.println(
        "Brand account @" + network.brandHandle() + ", token in " + network.tokenFile());
    System.out.println("Traffic: " + rate + " steps/minute. Connect Parley with:");
    System.out.println("  PARLEY_SANDBOX_URL=" + network.url() + " ./parley");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
