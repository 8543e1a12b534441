package io.parley.testing;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The local protocol peers (a real Bluesky network and a Mastodon-API server) that {@code
 * shared/peers/<name>/start.sh} starts and describes in {@code $PEERS_HOME/<name>.env}. Missing
 * peers skip the test with the command to run, except under {@code CI=true}, where they fail it: a
 * skipped suite in CI would hide a broken set-up.
 */
public final class Peers {

  private Peers() {}

  /** The Mastodon-API peer's env file, after checking that it answers. */
  public static Env mastodon() {
    Env env = load("mastodon");
    env.requireAnswer(env.get("MASTODON_BASE_URL") + "/api/v1/instance");
    return env;
  }

  /** The Bluesky peer's env file, after checking that the PDS answers. */
  public static Env bluesky() {
    Env env = load("bluesky");
    env.requireAnswer(env.get("BSKY_PDS_URL") + "/xrpc/_health");
    return env;
  }

  private static Env load(String name) {
    String home = System.getenv("PEERS_HOME");
    Path file =
        home != null && !home.isBlank()
            ? Path.of(home, name + ".env")
            : Path.of(System.getProperty("user.home"), ".cache", "parley-peers", name + ".env");
    if (!Files.isRegularFile(file)) {
      String message =
          "The "
              + name
              + " peer is not running (no "
              + file
              + "): start it with bash shared/peers/"
              + name
              + "/start.sh";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + " — under CI=true the peers must run (see .ci/run)");
      }
      Assumptions.abort(message);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      Assertions.fail("Cannot read " + file + ": " + e);
    }
    return new Env(name, file, properties);
  }

  /** KEY=VALUE pairs of one peer. */
  public static final class Env {
    private final String name;
    private final Path file;
    private final Properties properties;

    Env(String name, Path file, Properties properties) {
      this.name = name;
      this.file = file;
      this.properties = properties;
    }

    public String get(String key) {
      String value = properties.getProperty(key);
      if (value == null) {
        Assertions.fail(file + " has no " + key + ": run shared/peers/" + name + "/start.sh again");
      }
      return value.trim();
    }

    void requireAnswer(String url) {
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(3))
              .build();
      int status;
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        status = -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = -1;
      }
      if (status != 200) {
        Assertions.fail(
            "Stale env file "
                + file
                + ": "
                + url
                + " does not answer 200 (got "
                + status
                + "). Run bash shared/peers/"
                + name
                + "/start.sh again");
      }
    }
  }
}
