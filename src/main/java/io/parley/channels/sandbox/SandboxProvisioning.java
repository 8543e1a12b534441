package io.parley.channels.sandbox;

import io.parley.accounts.FirstRun;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.shared.Network;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the demo workspace's sandbox channel account pointing at the sandbox that runs now: the
 * embedded one (its port may change between starts) or the one at {@code parley.sandbox.url}. The
 * brand token is asked from the sandbox's loopback admin console (like copying an app token from a
 * developer portal) unless {@code parley.sandbox.token} is set; it is stored encrypted only. With
 * the sandbox disabled the account is switched off, so nothing polls it. Only the serving app (a
 * web application) does this; CLI commands leave the account alone.
 */
@Component
@ConditionalOnWebApplication
class SandboxProvisioning {

  static final String HANDLE = "northwind";
  private static final Logger log = LoggerFactory.getLogger(SandboxProvisioning.class);

  private final FirstRun firstRun;
  private final ChannelAccounts accounts;
  private final Environment environment;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  SandboxProvisioning(FirstRun firstRun, ChannelAccounts accounts, Environment environment) {
    this.firstRun = firstRun;
    this.accounts = accounts;
    this.environment = environment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void onReady() {
    try {
      provision();
    } catch (RuntimeException e) {
      log.warn("Could not connect the demo workspace to the sandbox network: {}", e.getMessage());
    }
  }

  /** Creates, updates, enables or disables the demo sandbox account. Returns it, if any. */
  Optional<ChannelAccount> provision() {
    boolean enabled = environment.getProperty("parley.sandbox.enabled", Boolean.class, true);
    long workspace = firstRun.ensureWorkspace().id();
    Optional<ChannelAccount> existing = accounts.find(workspace, Network.SANDBOX, HANDLE);
    if (!enabled) {
      existing.filter(ChannelAccount::enabled).ifPresent(a -> accounts.setEnabled(a.id(), false));
      return existing.flatMap(a -> accounts.byId(a.id()));
    }
    String url = url();
    if (url == null) {
      log.warn("The sandbox is enabled but neither runs here nor has parley.sandbox.url set");
      return existing;
    }
    String token = environment.getProperty("parley.sandbox.token", "");
    if (token.isBlank()) {
      token = tokenFrom(url);
    }
    String externalId = accountIdFrom(url, token);
    Map<String, String> secrets = Map.of(SandboxConnector.TOKEN, token);
    if (existing.isEmpty()) {
      ChannelAccount added =
          accounts.add(
              workspace, Network.SANDBOX, HANDLE, "Northwind Outfitters", externalId, url, secrets);
      log.info("Connected the demo workspace to the sandbox network at {}", url);
      return Optional.of(added);
    }
    ChannelAccount account = existing.get();
    String storedToken = accounts.connect(account).secret(SandboxConnector.TOKEN);
    if (!url.equals(account.baseUrl()) || !Objects.equals(storedToken, token)) {
      accounts.updateEndpoint(account.id(), url, secrets);
      log.info("The sandbox network moved to {}; updated the demo channel account", url);
    }
    if (!account.enabled()) {
      accounts.setEnabled(account.id(), true);
    }
    return accounts.byId(account.id());
  }

  private String url() {
    String configured = environment.getProperty("parley.sandbox.url", "").trim();
    if (!configured.isEmpty()) {
      return configured.replaceAll("/+$", "");
    }
    String embedded = environment.getProperty("parley.sandbox.embedded-url", "").trim();
    return embedded.isEmpty() ? null : embedded;
  }

  private String tokenFrom(String url) {
    var body = get(url + "/admin/accounts/" + HANDLE + "/token", null);
    String token = body.path("token").asString("");
    if (token.isBlank()) {
      throw new IllegalStateException("The sandbox at " + url + " gave no token for @" + HANDLE);
    }
    return token;
  }

  private String accountIdFrom(String url, String token) {
    return get(url + "/api/v1/me", token).path("id").asString(null);
  }

  private tools.jackson.databind.JsonNode get(String url, String token) {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "The sandbox answered " + response.statusCode() + " for " + URI.create(url).getPath());
      }
      return JsonMapper.builder().build().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot reach the sandbox at " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while contacting the sandbox", e);
    }
  }
}
