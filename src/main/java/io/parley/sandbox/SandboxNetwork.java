package io.parley.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The built-in simulated social network: its store, its HTTP API and its traffic generator, started
 * and stopped together. Parley reaches it only over HTTP, exactly like a real network.
 */
public final class SandboxNetwork implements AutoCloseable {

  /** Steps per minute when traffic is switched on without a rate. */
  public static final double DEFAULT_RATE = 6;

  private static final System.Logger log = System.getLogger(SandboxNetwork.class.getName());

  private final SandboxStore store;
  private final TrafficGenerator traffic;
  private final SandboxServer server;
  private final String token;
  private final Path tokenFile;

  private SandboxNetwork(
      SandboxStore store,
      TrafficGenerator traffic,
      SandboxServer server,
      String token,
      Path tokenFile) {
    this.store = store;
    this.traffic = traffic;
    this.server = server;
    this.token = token;
    this.tokenFile = tokenFile;
  }

  /**
   * How to start a sandbox.
   *
   * @param port the port on 127.0.0.1 (0: any free port)
   * @param fallbackToFreePort when {@code port} is taken, use a free one instead of failing
   * @param dataDirectory where the store (and the token file) live; null: in memory
   * @param perMinute background traffic steps per minute (0: none)
   * @param seed seeds every random choice of the traffic generator
   * @param answerBackRate the chance a customer answers the brand's reply
   * @param answerBackDelayMs how long customers take to answer, at least
   */
  public record Options(
      int port,
      boolean fallbackToFreePort,
      Path dataDirectory,
      double perMinute,
      long seed,
      double answerBackRate,
      long answerBackDelayMs) {

    /** In memory on a free port, no background traffic, customers always answer at once. */
    public static Options forTests() {
      return new Options(0, false, null, 0, 42, 1.0, 0);
    }

    /** Where a demo sandbox keeps its store, on its usual port, with lively traffic. */
    public static Options defaults(Path dataDirectory, int port, double perMinute, long seed) {
      return new Options(port, true, dataDirectory, perMinute, seed, 0.6, 8_000);
    }

    public Options withData(Path dir) {
      return new Options(
          port, fallbackToFreePort, dir, perMinute, seed, answerBackRate, answerBackDelayMs);
    }
  }

  public static SandboxNetwork start(Options options) {
    return start(options, Clock.systemUTC());
  }

  public static SandboxNetwork start(Options options, Clock clock) {
    String jdbcUrl =
        options.dataDirectory() == null
            ? "jdbc:h2:mem:sandbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
            : "jdbc:h2:file:" + options.dataDirectory().toAbsolutePath().resolve("network");
    SandboxStore store = new SandboxStore(jdbcUrl, clock);
    TrafficGenerator traffic = null;
    try {
      SandboxStore.Account brand =
          store.ensureBrand(SandboxStore.BRAND_HANDLE, "Northwind Outfitters", 48_210);
      traffic =
          new TrafficGenerator(
              store,
              brand,
              options.seed(),
              new TrafficGenerator.Settings(
                  options.perMinute(), options.answerBackRate(), options.answerBackDelayMs()));
      SandboxServer server = bind(store, traffic, options);
      String token = store.token(brand.handle()).orElseThrow();
      Path tokenFile = null;
      if (options.dataDirectory() != null) {
        tokenFile = writeToken(options.dataDirectory(), brand.handle(), token);
      }
      return new SandboxNetwork(store, traffic, server, token, tokenFile);
    } catch (RuntimeException | IOException e) {
      if (traffic != null) {
        traffic.close();
      }
      store.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Cannot start the sandbox network: " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static SandboxServer bind(SandboxStore store, TrafficGenerator traffic, Options options)
      throws IOException {
    try {
      return new SandboxServer(store, traffic, options.port());
    } catch (BindException e) {
      if (!options.fallbackToFreePort() || options.port() == 0) {
        throw e;
      }
      SandboxServer server = new SandboxServer(store, traffic, 0);
      log.log(
          System.Logger.Level.WARNING,
          "Port " + options.port() + " is busy; the sandbox network uses port " + server.port());
      return server;
    }
  }

  private static Path writeToken(Path dir, String handle, String token) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(handle + ".token");
    Files.writeString(file, token + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    return file;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public int port() {
    return server.port();
  }

  public String brandHandle() {
    return SandboxStore.BRAND_HANDLE;
  }

  /** The brand account's bearer token (kept in the sandbox's own store across restarts). */
  public String brandToken() {
    return token;
  }

  /** Where the token was written, or null for an in-memory sandbox. */
  public Path tokenFile() {
    return tokenFile;
  }

  /** Runs {@code count} traffic steps now; returns a short description of each. */
  public List<String> generate(int count) {
    return traffic.generate(count);
  }

  @Override
  public void close() {
    server.close();
    traffic.close();
    store.close();
  }
}
