package io.parley.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged application (target/parley.jar) running as a separate OS process, the way a user
 * runs it. Used by the crash tests: {@link #kill()} is SIGKILL, with no shutdown hooks or flushing.
 */
public final class ParleyProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final Process process;
  private final Path log;

  private ParleyProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -jar parley.jar args...} with the given environment additions. */
  public static ParleyProcess start(Path logFile, Map<String, String> env, String... args)
      throws IOException {
    Path jar = jar();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Files.createDirectories(logFile.getParent());
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    return new ParleyProcess(builder.start(), logFile);
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("parley.jar", "target/parley.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The packaged jar " + jar + " is missing: integration tests run after `package`.");
    }
    return jar;
  }

  /**
   * A fresh folder for a test's process logs under {@code target/crash-it}, kept after the run so a
   * failure can be read in full (failure messages carry only the tails).
   */
  public static Path logFolder(String test) {
    try {
      return Files.createDirectories(
          Path.of("target", "crash-it", test + "-" + System.currentTimeMillis()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until {@code url} answers 200, failing early if the process dies. */
  public void awaitHttp(String url, Duration timeout) throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Process exited with "
                + process.exitValue()
                + " before "
                + url
                + " answered:\n"
                + tail());
      }
      try {
        var response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + " did not answer within " + timeout + ":\n" + tail());
  }

  /** Waits for the process to end by itself and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("Process still running after " + timeout + ":\n" + tail());
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the process gets no chance to finish anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  public String tail() throws IOException {
    String out = output();
    return "(" + log + ")\n" + (out.length() <= 4000 ? out : out.substring(out.length() - 4000));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
