package io.parley.channels.mastodon;

import io.parley.channels.AccountSetup;
import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectionCheck;
import io.parley.shared.Network;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting a Mastodon account: signing in on the server (OAuth authorization code with PKCE,
 * after registering Parley there with {@code POST /api/v1/apps}), or a pasted access token for
 * servers without an OAuth page.
 */
@Component
class MastodonSetup implements AccountSetup {

  static final String SCOPES = "read write";
  private final MastodonConnector connector;
  private final JsonMapper json = JsonMapper.builder().build();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String[]> apps = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  MastodonSetup(MastodonConnector connector) {
    this.connector = connector;
  }

  @Override
  public Network network() {
    return Network.MASTODON;
  }

  @Override
  public Form form() {
    return new Form(
        Network.MASTODON,
        "Server address",
        "https://mastodon.social",
        null,
        null,
        "Access token",
        "On your server: Preferences → Development → New application, with the scopes read and"
            + " write; then copy “Your access token”.");
  }

  @Override
  public Checked check(String serverUrl, String identifier, String secret) {
    if (secret == null || secret.isBlank()) {
      return Checked.failed("Paste the access token of the account.");
    }
    String base = serverUrl.trim().replaceAll("/+$", "");
    var probe =
        new ConnectedAccount(
            -ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
            0,
            Network.MASTODON,
            "",
            null,
            base,
            Map.of(MastodonConnector.TOKEN, secret));
    ConnectionCheck check = connector.verify(probe);
    if (!check.ok()) {
      return new Checked(check, null, null, null, null, Map.of());
    }
    JsonNode me = connector.whoAmI(probe).orElse(null);
    if (me == null) {
      return Checked.failed("The server stopped answering while checking the account.");
    }
    String displayName = me.path("display_name").asString("");
    return new Checked(
        check,
        me.path("acct").asString(""),
        displayName.isBlank() ? me.path("username").asString("") : displayName,
        me.path("id").asString(""),
        base,
        Map.of(MastodonConnector.TOKEN, secret));
  }

  @Override
  public boolean signsInOnServer() {
    return true;
  }

  @Override
  public Authorization authorize(String serverUrl, String redirectUri) {
    String base = serverUrl.trim().replaceAll("/+$", "");
    if (!MastodonConnector.validUrl(base)) {
      throw new IllegalArgumentException(
          "\"" + base + "\" is not a server address. Enter it like https://mastodon.social");
    }
    String[] app = apps.computeIfAbsent(base + " " + redirectUri, k -> register(base, redirectUri));
    String verifier = token(48);
    String state = token(24);
    String challenge = challenge(verifier);
    String browserUrl =
        base
            + "/oauth/authorize?"
            + form(
                Map.of(
                    "response_type", "code",
                    "client_id", app[0],
                    "redirect_uri", redirectUri,
                    "scope", SCOPES,
                    "state", state,
                    "code_challenge", challenge,
                    "code_challenge_method", "S256"));
    return new Authorization(
        Network.MASTODON, base, browserUrl, state, redirectUri, app[0], app[1], verifier);
  }

  @Override
  public Checked complete(Authorization started, String code) {
    if (code == null || code.isBlank()) {
      return Checked.failed("The server sent no authorization code back: was access denied?");
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("client_id", started.clientId());
    body.put("client_secret", started.clientSecret());
    body.put("redirect_uri", started.redirectUri());
    body.put("code_verifier", started.codeVerifier());
    body.put("scope", SCOPES);
    HttpResponse<String> response;
    try {
      response = post(started.serverUrl() + "/oauth/token", body);
    } catch (IOException e) {
      return Checked.failed("Cannot reach " + started.serverUrl() + " to finish signing in.");
    }
    String token = null;
    try {
      token = json.readTree(response.body()).path("access_token").asString(null);
    } catch (JacksonException ignored) {
      // handled below
    }
    if (response.statusCode() != 200 || token == null || token.isBlank()) {
      return Checked.failed(
          "The server refused to hand out a token (HTTP "
              + response.statusCode()
              + "): sign in again.");
    }
    return check(started.serverUrl(), null, token);
  }

  private String[] register(String base, String redirectUri) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("client_name", "Parley");
    // one string: some servers (snac) refuse a list here
    body.put("redirect_uris", redirectUri);
    body.put("scopes", SCOPES);
    HttpResponse<String> response;
    try {
      response = post(base + "/api/v1/apps", body);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot reach " + base + ". Is the server down or the address wrong?");
    }
    try {
      JsonNode app = json.readTree(response.body());
      String id = app.path("client_id").asString("");
      String secret = app.path("client_secret").asString("");
      if (response.statusCode() == 200 && !id.isBlank() && !secret.isBlank()) {
        return new String[] {id, secret};
      }
    } catch (JacksonException ignored) {
      // not a Mastodon answer
    }
    throw new IllegalArgumentException(
        base
            + " did not let Parley register (HTTP "
            + response.statusCode()
            + "): is it a Mastodon server? You can paste an access token instead.");
  }

  private HttpResponse<String> post(String url, Map<String, String> body) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(15))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(form(body)))
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private String token(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** RFC 7636 S256: base64url(sha256(verifier)). */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
