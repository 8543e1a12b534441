package io.parley.channels.mastodon;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectionCheck;
import io.parley.channels.Connector;
import io.parley.channels.ConnectorCapabilities;
import io.parley.channels.CredentialsRejected;
import io.parley.channels.DeliveryResult;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.channels.InboundSignal;
import io.parley.channels.LiveFeed;
import io.parley.channels.OutgoingPost;
import io.parley.channels.RateLimitPause;
import io.parley.channels.Unreachable;
import io.parley.shared.Network;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mastodon (and servers speaking its client API) over REST: notifications are polled with a durable
 * cursor (the newest notification id seen), statuses become items, replies go out with {@code
 * in_reply_to_id}, the conversation's visibility and an {@code Idempotency-Key}. Mastodon keeps
 * idempotency keys for an hour only, so the outbox also looks the reply up in the account's own
 * statuses before a retry.
 */
@Component
class MastodonConnector implements Connector {

  static final String TOKEN = "access_token";
  static final int PAGE_SIZE = 40;
  static final int INITIAL_PAGES = 5;
  static final int RESUME_PAGES = 100;

  /** Public statuses read per listening fetch after downtime, at most (40 per page). */
  static final int PUBLIC_RESUME_PAGES = 25;

  static final int DEFAULT_MAX_CHARACTERS = 500;
  private static final int URL_WEIGHT = 23;
  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final Pattern MENTION =
      Pattern.compile("(?<![\\w/])@([A-Za-z0-9_]+)(@[A-Za-z0-9.\\-]+(?::\\d+)?)?");
  private static final Logger log = LoggerFactory.getLogger(MastodonConnector.class);

  /** Status look-ups per reconciliation pass (each is one request). */
  static final int MAX_DELETION_CHECKS = 20;

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http;
  private final Clock clock;
  // Mastodon: X-RateLimit-Remaining, and X-RateLimit-Reset as an ISO instant
  private final RateLimitPause pause;
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();
  // The listening pipeline asks every few seconds; the public timeline is read at most this often
  // per account, to leave the server's rate limit to the inbox.
  private final Duration publicInterval;
  private final Map<Long, Instant> lastPublicFetch = new ConcurrentHashMap<>();

  MastodonConnector(Clock clock) {
    this(clock, Duration.ZERO);
  }

  @org.springframework.beans.factory.annotation.Autowired
  MastodonConnector(
      Clock clock,
      @org.springframework.beans.factory.annotation.Value(
              "${parley.listening.mastodon-interval:15s}")
          Duration publicInterval) {
    this.publicInterval = publicInterval;
    this.clock = clock;
    this.pause =
        new RateLimitPause(
            clock, "X-RateLimit-Remaining", "X-RateLimit-Reset", MastodonConnector::instantOrEmpty);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public Network network() {
    return Network.MASTODON;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    // Mastodon honours Idempotency-Key for an hour only: the outbox must look up before retrying.
    return new ConnectorCapabilities(true, false, DEFAULT_MAX_CHARACTERS, "characters");
  }

  // ------------------------------------------------------------------------------------ reading

  /**
   * Everything newer than {@code cursor} (a notification id). Servers differ in what {@code min_id}
   * returns when more than a page is new (Mastodon: the page right after it; others: the newest
   * page), so the window is walked down with {@code max_id} until a short page: either way nothing
   * between the cursor and the newest notification is skipped.
   */
  @Override
  public FetchPage fetch(ConnectedAccount account, String cursor) {
    if (!validUrl(trim(account.baseUrl()))
        || account.secret(TOKEN) == null
        || account.secret(TOKEN).isBlank()) {
      // e.g. an account created by an import: it has history but no connection
      throw new IllegalStateException(
          "This Mastodon account has no server address or token: connect it under Settings →"
              + " Channels");
    }
    waitForRateLimit(account);
    boolean initial = cursor == null || cursor.isBlank();
    List<String> unreadable = new ArrayList<>();
    Window window =
        walk(
            account,
            "/api/v1/notifications",
            cursor,
            initial ? INITIAL_PAGES : RESUME_PAGES,
            "notification",
            unreadable);
    List<JsonNode> newestFirst = window.newestFirst();
    boolean firstPageFull = window.firstPageFull();
    List<InboundItem> items = new ArrayList<>();
    List<InboundSignal> signals = new ArrayList<>();
    Map<String, Boolean> topLevel = new HashMap<>();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JsonNode notification = newestFirst.get(i);
      try {
        InboundSignal signal = signalOf(notification);
        if (signal != null) {
          signals.add(signal);
          continue;
        }
        InboundItem item = fromNotification(account, notification, topLevel);
        if (item != null) {
          items.add(item);
        }
      } catch (Unreadable e) {
        unreadable.add("notification " + text(notification, "id") + ": " + e.getMessage());
      }
    }
    String next =
        newestFirst.isEmpty() ? (initial ? null : cursor) : text(newestFirst.get(0), "id");
    return new FetchPage(items, next, firstPageFull && !initial, unreadable, signals);
  }

  private record Window(List<JsonNode> newestFirst, boolean firstPageFull) {}

  /**
   * Everything of a newest-first list endpoint after {@code cursor} (an id of that list), newest
   * first. Servers differ in what {@code min_id} returns when more than a page is new (Mastodon:
   * the page right after it; others: the newest page, or they ignore it), so the window is walked
   * down with {@code max_id} until a short page or the cursor itself: either way nothing between
   * the cursor and the newest entry is skipped. A window larger than {@code maxPages} pages is
   * reported in {@code unreadable}, never silently cut.
   */
  private Window walk(
      ConnectedAccount account,
      String path,
      String cursor,
      int maxPages,
      String what,
      List<String> unreadable) {
    boolean initial = cursor == null || cursor.isBlank();
    List<JsonNode> newestFirst = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String maxId = null;
    boolean firstPageFull = false;
    boolean complete = false;
    for (int page = 0; page < maxPages && !complete; page++) {
      String query = path + "?limit=" + PAGE_SIZE;
      if (!initial) {
        query += "&min_id=" + encode(cursor.trim());
      }
      if (maxId != null) {
        query += "&max_id=" + encode(maxId);
      }
      JsonNode body = readArray(account, query);
      int fresh = 0;
      String oldest = null;
      for (JsonNode entry : body) {
        String id = text(entry, "id");
        if (id == null) {
          unreadable.add(what + " without id: " + abbreviate(entry.toString()));
          continue;
        }
        if (!initial && id.equals(cursor.trim())) {
          complete = true; // reached what the last fetch ended with
          break;
        }
        oldest = id;
        if (seen.add(id)) {
          newestFirst.add(entry);
          fresh++;
        }
      }
      if (page == 0) {
        firstPageFull = body.size() >= PAGE_SIZE;
      }
      if (body.size() < PAGE_SIZE || fresh == 0 || oldest == null) {
        complete = true;
      }
      maxId = oldest;
    }
    if (!complete && !initial) {
      unreadable.add(
          "more than "
              + (maxPages * PAGE_SIZE)
              + " "
              + what
              + "s arrived since the last fetch; older ones in that window were not fetched");
    }
    return new Window(newestFirst, firstPageFull);
  }

  /**
   * The server's public timeline for listening: statuses after {@code cursor} (a status id), oldest
   * first, top-level ones as mentions and replies as replies; boosts are skipped (the boosted
   * status is what was said). The first fetch reads the newest page only: listening starts now.
   */
  @Override
  public Optional<FetchPage> fetchPublic(ConnectedAccount account, String cursor) {
    if (!validUrl(trim(account.baseUrl()))
        || account.secret(TOKEN) == null
        || account.secret(TOKEN).isBlank()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant last = lastPublicFetch.get(account.id());
    if (last != null && now.isBefore(last.plus(publicInterval))) {
      return Optional.of(FetchPage.empty(cursor));
    }
    waitForRateLimit(account);
    lastPublicFetch.put(account.id(), now);
    boolean initial = cursor == null || cursor.isBlank();
    List<String> unreadable = new ArrayList<>();
    Window window =
        walk(
            account,
            "/api/v1/timelines/public",
            cursor,
            initial ? 1 : PUBLIC_RESUME_PAGES,
            "public status",
            unreadable);
    List<InboundItem> items = new ArrayList<>();
    List<JsonNode> newestFirst = window.newestFirst();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JsonNode status = newestFirst.get(i);
      if (status.path("reblog").isObject()) {
        continue;
      }
      try {
        InboundItem.Kind kind =
            text(status, "in_reply_to_id") == null
                ? InboundItem.Kind.MENTION
                : InboundItem.Kind.REPLY;
        items.add(
            fromStatus(
                account,
                status,
                InboundItem.Change.CREATED,
                kind,
                new HashMap<>(),
                status.toString()));
      } catch (Unreadable e) {
        unreadable.add("public status " + text(status, "id") + ": " + e.getMessage());
      }
    }
    String next = newestFirst.isEmpty() ? cursor : text(newestFirst.get(0), "id");
    return Optional.of(new FetchPage(items, next, false, unreadable));
  }

  /** The signal a favourite, boost or follow notification is; null for other notifications. */
  static InboundSignal signalOf(JsonNode notification) {
    InboundSignal.Kind kind =
        switch (String.valueOf(text(notification, "type"))) {
          case "favourite" -> InboundSignal.Kind.FAVOURITE;
          case "reblog" -> InboundSignal.Kind.BOOST;
          case "follow" -> InboundSignal.Kind.FOLLOW;
          default -> null;
        };
    if (kind == null) {
      return null;
    }
    String target = null;
    if (kind != InboundSignal.Kind.FOLLOW) {
      target = text(notification.path("status"), "id");
      if (target == null) {
        throw new Unreadable("status is missing");
      }
    }
    return new InboundSignal(
        required(notification, "id"),
        kind,
        text(notification.path("account"), "acct"),
        target,
        instant(notification, "created_at", true));
  }

  /** The item for a notification; null for signals (favourites, boosts, follows) and polls. */
  InboundItem fromNotification(
      ConnectedAccount account, JsonNode notification, Map<String, Boolean> topLevel) {
    if (!notification.isObject()) {
      throw new Unreadable("not a JSON object");
    }
    String type = text(notification, "type");
    if (type == null) {
      throw new Unreadable("type is missing");
    }
    InboundItem.Change change = InboundItem.Change.CREATED;
    InboundItem.Kind forced = null;
    switch (type) {
      case "mention" -> {}
      case "quote" -> forced = InboundItem.Kind.QUOTE;
      case "update" -> change = InboundItem.Change.EDITED;
      default -> {
        return null; // favourite, reblog, follow (signals), poll, status, …: not conversations
      }
    }
    JsonNode status = notification.path("status");
    if (!status.isObject()) {
      throw new Unreadable("status is missing");
    }
    return fromStatus(account, status, change, forced, topLevel, notification.toString());
  }

  InboundItem fromStatus(
      ConnectedAccount account,
      JsonNode status,
      InboundItem.Change change,
      InboundItem.Kind forced,
      Map<String, Boolean> topLevel,
      String raw) {
    String id = required(status, "id");
    Instant createdAt = instant(status, "created_at", true);
    JsonNode author = status.path("account");
    if (!author.isObject()) {
      throw new Unreadable("status " + id + " has no account");
    }
    String authorId = required(author, "id");
    String visibility = Optional.ofNullable(text(status, "visibility")).orElse("public");
    String inReplyTo = text(status, "in_reply_to_id");
    String inReplyToAccount = text(status, "in_reply_to_account_id");
    boolean own = authorId.equals(account.externalId());
    InboundItem.Kind kind;
    String context = null;
    if (forced != null) {
      kind = forced;
    } else if ("direct".equals(visibility)) {
      kind = InboundItem.Kind.DIRECT_MESSAGE;
    } else if (inReplyTo == null) {
      kind = InboundItem.Kind.MENTION;
    } else if (inReplyToAccount != null
        && inReplyToAccount.equals(account.externalId())
        && topLevel.computeIfAbsent(inReplyTo, parent -> isTopLevel(account, parent))) {
      kind = InboundItem.Kind.COMMENT;
      context = inReplyTo;
    } else {
      kind = InboundItem.Kind.REPLY;
    }
    Map<String, String> accts = new HashMap<>();
    for (JsonNode mention : status.path("mentions")) {
      String url = text(mention, "url");
      String acct = text(mention, "acct");
      if (url != null && acct != null) {
        accts.put(url, acct);
      }
    }
    StatusHtml.Parsed parsed = StatusHtml.parse(text(status, "content"), accts);
    String text = parsed.text();
    List<InboundItem.Entity> entities = parsed.entities();
    String warning = text(status, "spoiler_text");
    if (warning != null && !warning.isBlank()) {
      String prefix = "CW: " + warning.strip() + "\n\n";
      text = prefix + text;
      entities =
          entities.stream()
              .map(
                  e ->
                      new InboundItem.Entity(
                          e.type(),
                          e.start() + prefix.length(),
                          e.end() + prefix.length(),
                          e.value()))
              .toList();
    }
    Instant changedAt =
        change == InboundItem.Change.EDITED ? instant(status, "edited_at", false) : createdAt;
    Integer followers =
        author.path("followers_count").canConvertToInt()
            ? author.path("followers_count").asInt()
            : null;
    return new InboundItem(
        id,
        change,
        kind,
        inReplyTo,
        context,
        new InboundItem.Author(
            authorId, text(author, "acct"), emptyToNull(text(author, "display_name")), followers),
        own,
        text,
        entities,
        createdAt,
        changedAt,
        raw);
  }

  private boolean isTopLevel(ConnectedAccount account, String statusId) {
    try {
      HttpResponse<String> response =
          send(request(account, "/api/v1/statuses/" + encode(statusId)).GET());
      if (response.statusCode() != 200) {
        return false;
      }
      JsonNode parent = json.readTree(response.body());
      return parent.path("in_reply_to_id").isNull()
          || parent.path("in_reply_to_id").isMissingNode();
    } catch (Unreachable | JacksonException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------------ writing

  @Override
  public DeliveryResult deliver(
      ConnectedAccount account, OutgoingPost post, String idempotencyKey) {
    if (post.text() == null || post.text().isBlank()) {
      return new DeliveryResult.Rejected("The reply is empty.");
    }
    Prepared prepared;
    try {
      prepared = prepare(account, post);
    } catch (Unreachable e) {
      return new DeliveryResult.RetryLater(e.getMessage(), null);
    } catch (Refused e) {
      return new DeliveryResult.Rejected(e.getMessage());
    } catch (Transient e) {
      return new DeliveryResult.RetryLater(e.getMessage(), e.retryAfter);
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("status", prepared.text());
    form.put("visibility", prepared.visibility());
    if (post.inReplyToExternalId() != null) {
      form.put("in_reply_to_id", post.inReplyToExternalId());
    }
    HttpResponse<String> response;
    try {
      response =
          send(
              request(account, "/api/v1/statuses")
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Idempotency-Key", idempotencyKey)
                  .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
    } catch (Unreachable e) {
      return new DeliveryResult.RetryLater(e.getMessage(), null);
    }
    pause.note(account.id(), response);
    int status = response.statusCode();
    if (status == 200 || status == 201) {
      try {
        String id = text(json.readTree(response.body()), "id");
        if (id != null) {
          return new DeliveryResult.Delivered(id);
        }
      } catch (JacksonException ignored) {
        // posted, but the answer is unreadable: the look-up before the retry finds it
      }
      return new DeliveryResult.RetryLater("The server answered without a status id", null);
    }
    String reason = "The server answered " + status + ": " + errorMessage(response);
    return DeliveryResult.ofFailedStatus(status, reason, pause.retryAfter(response));
  }

  /** The text and visibility to post: checks the parent, adds its author's mention, counts. */
  Prepared prepare(ConnectedAccount account, OutgoingPost post) {
    String visibility = post.direct() ? "direct" : "public";
    String text = post.text().strip();
    if (post.inReplyToExternalId() != null) {
      HttpResponse<String> response =
          send(request(account, "/api/v1/statuses/" + encode(post.inReplyToExternalId())).GET());
      pause.note(account.id(), response);
      if (response.statusCode() == 404) {
        throw new Refused(
            "The post this replies to was deleted or is no longer visible to the account.");
      }
      if (response.statusCode() == 429) {
        throw new Transient("The server is rate limiting the account", pause.retryAfter(response));
      }
      if (response.statusCode() != 200) {
        throw new Transient(
            "Could not read the post this replies to: HTTP " + response.statusCode(), null);
      }
      JsonNode parent;
      try {
        parent = json.readTree(response.body());
      } catch (JacksonException e) {
        throw new Transient("The post this replies to came back unreadable", null);
      }
      String parentVisibility = Optional.ofNullable(text(parent, "visibility")).orElse("public");
      if (!post.direct()) {
        // a reply is never more public than what it answers
        visibility =
            switch (parentVisibility) {
              case "direct", "private", "unlisted" -> parentVisibility;
              default -> "public";
            };
      }
      String authorId = text(parent.path("account"), "id");
      String acct = text(parent.path("account"), "acct");
      if (acct != null && authorId != null && !authorId.equals(account.externalId())) {
        String mention = "@" + localAcct(account, acct);
        if (!text.toLowerCase(Locale.ROOT).contains(mention.toLowerCase(Locale.ROOT))) {
          text = mention + " " + text;
        }
      }
    }
    Instance instance = instance(account);
    int limit = instance.maxCharacters();
    int length = countedLength(text, instance.urlWeight());
    if (length > limit) {
      throw new Refused(
          "The reply is "
              + length
              + " characters as Mastodon counts them (the limit here is "
              + limit
              + "). Shorten it by "
              + (length - limit)
              + ".");
    }
    return new Prepared(text, visibility);
  }

  /** Length as Mastodon counts it: every link {@code urlWeight}, a mention without its domain. */
  static int countedLength(String text, int urlWeight) {
    String counted = URL.matcher(text).replaceAll("x".repeat(urlWeight));
    Matcher m = MENTION.matcher(counted);
    counted = m.replaceAll(r -> Matcher.quoteReplacement("@" + r.group(1)));
    return counted.codePointCount(0, counted.length());
  }

  /** {@code user@this.instance} is mentioned as {@code @user}: some servers need it that way. */
  private String localAcct(ConnectedAccount account, String acct) {
    int at = acct.indexOf('@');
    if (at < 0) {
      return acct;
    }
    String domain = acct.substring(at + 1);
    String own = instance(account).domain();
    return own != null && own.equalsIgnoreCase(domain) ? acct.substring(0, at) : acct;
  }

  @Override
  public Optional<String> findDelivered(
      ConnectedAccount account, OutgoingPost post, String idempotencyKey) {
    String accountId = account.externalId();
    if (accountId == null || accountId.isBlank()) {
      accountId = text(readObject(account, "/api/v1/accounts/verify_credentials"), "id");
    }
    JsonNode statuses =
        readArray(account, "/api/v1/accounts/" + encode(accountId) + "/statuses?limit=40");
    String wanted = normalize(post.text());
    for (JsonNode status : statuses) {
      String inReplyTo = text(status, "in_reply_to_id");
      if (!java.util.Objects.equals(inReplyTo, post.inReplyToExternalId())) {
        continue;
      }
      String posted = normalize(StatusHtml.parse(text(status, "content"), Map.of()).text());
      if (posted.equals(wanted) || posted.endsWith(" " + wanted)) {
        return Optional.ofNullable(text(status, "id"));
      }
    }
    return Optional.empty();
  }

  private static String normalize(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s+", " ");
  }

  // ------------------------------------------------------------------------------- connecting

  @Override
  public ConnectionCheck verify(ConnectedAccount account) {
    String base = account.baseUrl() == null ? "" : account.baseUrl().trim();
    if (!validUrl(base)) {
      return ConnectionCheck.failed(
          "\"" + base + "\" is not a server address. Enter it like https://mastodon.social");
    }
    HttpResponse<String> response;
    try {
      response = send(HttpRequest.newBuilder(URI.create(trim(base) + "/api/v1/instance")).GET());
    } catch (Unreachable e) {
      return ConnectionCheck.failed(e.getMessage() + ". Is the server down or the address wrong?");
    }
    JsonNode instance = null;
    try {
      instance = response.statusCode() == 200 ? json.readTree(response.body()) : null;
    } catch (JacksonException ignored) {
      // not JSON: not a Mastodon API
    }
    if (instance == null || !instance.isObject() || text(instance, "uri") == null) {
      return ConnectionCheck.failed(
          base
              + " does not look like a Mastodon server (GET /api/v1/instance answered "
              + response.statusCode()
              + ").");
    }
    String token = account.secret(TOKEN);
    if (token == null || token.isBlank()) {
      return ConnectionCheck.failed("No access token is set for this account.");
    }
    HttpResponse<String> me;
    try {
      me = send(request(account, "/api/v1/accounts/verify_credentials").GET());
    } catch (Unreachable e) {
      return ConnectionCheck.failed(e.getMessage());
    }
    if (me.statusCode() == 401 || me.statusCode() == 422) {
      return ConnectionCheck.failed(
          "The server rejected the access token (mistyped, revoked or expired).");
    }
    if (me.statusCode() == 403) {
      return ConnectionCheck.failed(
          "The access token lacks the scope to read the account (read:accounts): "
              + errorMessage(me));
    }
    if (me.statusCode() != 200) {
      return ConnectionCheck.failed(
          "The server answered " + me.statusCode() + " to verify_credentials: " + errorMessage(me));
    }
    JsonNode who = json.readTree(me.body());
    String acct = text(who, "acct");
    String id = text(who, "id");
    if (account.externalId() != null
        && !account.externalId().isBlank()
        && !account.externalId().equals(id)) {
      return ConnectionCheck.failed(
          "The token belongs to @" + acct + ", not to @" + account.handle() + ".");
    }
    HttpResponse<String> notifications =
        send(request(account, "/api/v1/notifications?limit=1").GET());
    if (notifications.statusCode() == 403) {
      return ConnectionCheck.failed(
          "The access token may not read notifications: grant the scopes read and write"
              + " (missing read:notifications).");
    }
    HttpResponse<String> app = send(request(account, "/api/v1/apps/verify_credentials").GET());
    if (app.statusCode() == 200) {
      try {
        JsonNode scopes = json.readTree(app.body()).path("scopes");
        if (scopes.isArray() && !scopes.isEmpty()) {
          Set<String> granted = new HashSet<>();
          scopes.forEach(s -> granted.add(s.asString("")));
          if (!granted.contains("write") && !granted.contains("write:statuses")) {
            return ConnectionCheck.failed(
                "The access token may read but not post: grant the scope write (or"
                    + " write:statuses). Granted: "
                    + String.join(" ", granted));
          }
        }
      } catch (JacksonException ignored) {
        // an older server without scopes in the answer: the read checks above must do
      }
    }
    return ConnectionCheck.ok(
        "Connected as @"
            + acct
            + Optional.ofNullable(emptyToNull(text(who, "display_name")))
                .map(n -> " (" + n + ")")
                .orElse("")
            + " on "
            + text(instance, "uri"));
  }

  /** The account the token belongs to: id, acct, display name; for the settings page. */
  Optional<JsonNode> whoAmI(ConnectedAccount account) {
    try {
      HttpResponse<String> me = send(request(account, "/api/v1/accounts/verify_credentials").GET());
      return me.statusCode() == 200 ? Optional.of(json.readTree(me.body())) : Optional.empty();
    } catch (Unreachable | JacksonException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------------------ streaming

  /**
   * Opens the user's notification stream when the server has a streaming API: its health check
   * answers {@code OK} (Mastodon does; servers without streaming, such as snac, answer 404, and
   * stay on polling).
   */
  @Override
  public Optional<LiveFeed> openLiveFeed(ConnectedAccount account, LiveFeed.Listener listener) {
    String base = trim(account.baseUrl());
    String token = account.secret(TOKEN);
    if (!validUrl(base) || token == null || token.isBlank()) {
      return Optional.empty();
    }
    String streaming = streamingBase(base, instance(account).streaming());
    HttpResponse<String> health =
        send(HttpRequest.newBuilder(URI.create(streaming + "/api/v1/streaming/health")).GET());
    if (health.statusCode() != 200 || !health.body().strip().equals("OK")) {
      return Optional.empty();
    }
    return Optional.of(
        MastodonLiveFeed.open(
            http, URI.create(streaming + "/api/v1/streaming/user/notification"), token, listener));
  }

  /**
   * The announced streaming URL as an HTTP(S) base, when it is the server's own host or a
   * sub-domain of it (the token is sent there, so a server cannot point it at a stranger), else the
   * server's address.
   */
  static String streamingBase(String base, String announced) {
    if (announced == null || announced.isBlank()) {
      return base;
    }
    String http = announced.strip().replaceFirst("(?i)^wss://", "https://");
    http = http.replaceFirst("(?i)^ws://", "http://");
    if (!validUrl(http)) {
      return base;
    }
    URI own = URI.create(base);
    URI other = URI.create(http);
    String host = other.getHost().toLowerCase(Locale.ROOT);
    String ownHost = own.getHost().toLowerCase(Locale.ROOT);
    boolean sameSite = host.equals(ownHost) || host.endsWith("." + ownHost);
    boolean downgrade =
        "https".equalsIgnoreCase(own.getScheme()) && "http".equalsIgnoreCase(other.getScheme());
    return sameSite && !downgrade
        ? trim(other.getScheme() + "://" + other.getRawAuthority() + other.getRawPath())
        : base;
  }

  // ----------------------------------------------------------------------------------- HTTP

  private Instance instance(ConnectedAccount account) {
    String base = trim(account.baseUrl());
    Instance cached = instances.get(base);
    if (cached != null) {
      return cached;
    }
    String domain = null;
    int max = DEFAULT_MAX_CHARACTERS;
    int urlWeight = URL_WEIGHT;
    try {
      HttpResponse<String> response =
          send(HttpRequest.newBuilder(URI.create(base + "/api/v1/instance")).GET());
      if (response.statusCode() == 200) {
        JsonNode node = json.readTree(response.body());
        domain = text(node, "uri");
        JsonNode statuses = node.path("configuration").path("statuses");
        JsonNode configured = statuses.path("max_characters");
        if (statuses.path("characters_reserved_per_url").canConvertToInt()) {
          urlWeight = statuses.path("characters_reserved_per_url").asInt();
        }
        if (configured.canConvertToInt() && configured.asInt() > 0) {
          max = configured.asInt();
        } else if (node.path("max_toot_chars").canConvertToInt()) {
          max = node.path("max_toot_chars").asInt();
        }
        String streaming = text(node.path("urls"), "streaming_api"); // v1
        if (streaming == null) {
          streaming = text(node.path("configuration").path("urls"), "streaming"); // v2
        }
        Instance found = new Instance(domain, max, urlWeight, streaming);
        instances.put(base, found);
        return found;
      }
    } catch (Unreachable | JacksonException e) {
      log.debug("Could not read the instance at {}: {}", base, e.getMessage());
    }
    return new Instance(domain, max, urlWeight, null);
  }

  /**
   * Looks up each status ({@code GET /api/v1/statuses/:id}); 404 or 410 means it is gone. Checks at
   * most {@link #MAX_DELETION_CHECKS} per call, and stops early when the server rate limits.
   */
  @Override
  public List<String> deletedAmong(ConnectedAccount account, List<String> externalIds) {
    waitForRateLimit(account);
    List<String> gone = new ArrayList<>();
    int checked = 0;
    for (String id : externalIds) {
      if (id == null || id.isBlank() || id.startsWith("local:")) {
        continue;
      }
      if (checked++ >= MAX_DELETION_CHECKS) {
        break;
      }
      HttpResponse<String> response =
          send(request(account, "/api/v1/statuses/" + encode(id)).GET());
      pause.note(account.id(), response);
      int status = response.statusCode();
      if (status == 404 || status == 410) {
        gone.add(id);
      } else if (status == 401) {
        throw new CredentialsRejected(
            "The server rejected the access token (HTTP 401): reconnect the account");
      } else if (status == 429 || pause.noted(account.id()).isPresent()) {
        break;
      }
    }
    return gone;
  }

  private JsonNode readArray(ConnectedAccount account, String pathAndQuery) {
    JsonNode body = readJson(account, pathAndQuery);
    if (!body.isArray()) {
      throw new IllegalStateException(
          "The server sent something other than a list for " + pathWithoutQuery(pathAndQuery));
    }
    return body;
  }

  private JsonNode readObject(ConnectedAccount account, String pathAndQuery) {
    JsonNode body = readJson(account, pathAndQuery);
    if (!body.isObject()) {
      throw new IllegalStateException(
          "The server sent something other than an object for " + pathWithoutQuery(pathAndQuery));
    }
    return body;
  }

  private JsonNode readJson(ConnectedAccount account, String pathAndQuery) {
    HttpResponse<String> response = send(request(account, pathAndQuery).GET());
    pause.note(account.id(), response);
    int status = response.statusCode();
    if (status == 429) {
      throw new IllegalStateException(
          "Rate limited by the server; polling resumes after "
              + pause.noted(account.id()).orElse(clock.instant()));
    }
    if (status == 401 || status == 422) {
      throw new CredentialsRejected(
          "The server rejected the access token (HTTP " + status + "): reconnect the account");
    }
    if (status != 200) {
      throw new IllegalStateException(
          "The server answered "
              + status
              + " for "
              + pathWithoutQuery(pathAndQuery)
              + ": "
              + errorMessage(response));
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new IllegalStateException(
          "The server sent invalid JSON for " + pathWithoutQuery(pathAndQuery));
    }
  }

  private void waitForRateLimit(ConnectedAccount account) {
    Optional<Instant> until = pause.check(account.id());
    if (until.isPresent()) {
      throw new IllegalStateException(
          "Rate limited by the server until "
              + until.get()
              + "; nothing is lost, polling resumes then");
    }
  }

  private static Optional<Instant> instantOrEmpty(String value) {
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private HttpRequest.Builder request(ConnectedAccount account, String pathAndQuery) {
    String token = account.secret(TOKEN);
    return HttpRequest.newBuilder(URI.create(trim(account.baseUrl()) + pathAndQuery))
        .timeout(Duration.ofSeconds(15))
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + (token == null ? "" : token));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.timeout(Duration.ofSeconds(15)).build();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
          if (!built.method().equals("GET")
              || e instanceof java.net.http.HttpTimeoutException
              || e instanceof java.net.ConnectException
              || attempt == 3) {
            throw e;
          }
          // a kept-alive connection the server had closed: a read is safe to repeat
        }
      }
    } catch (IOException e) {
      throw Unreachable.at("", built.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("Interrupted while talking to the server");
    }
  }

  private String errorMessage(HttpResponse<String> response) {
    try {
      JsonNode body = json.readTree(response.body());
      String error = text(body, "error");
      if (error != null) {
        return error;
      }
    } catch (JacksonException ignored) {
      // not a Mastodon error body
    }
    return "HTTP " + response.statusCode();
  }

  private static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static boolean validUrl(String base) {
    try {
      URI uri = new URI(base.trim());
      return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String trim(String base) {
    String b = base == null ? "" : base.trim();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return b;
  }

  private static String pathWithoutQuery(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isString()) {
      return value.stringValue();
    }
    if (value.isNumber()) {
      return value.asString();
    }
    return null;
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw new Unreadable(field + " is missing");
    }
    return value;
  }

  private static Instant instant(JsonNode node, String field, boolean required) {
    String value = text(node, field);
    if (value == null) {
      if (required) {
        throw new Unreadable(field + " is missing");
      }
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException again) {
        throw new Unreadable(field + " is not a timestamp: " + abbreviate(value));
      }
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  record Prepared(String text, String visibility) {}

  /**
   * @param streaming where the server's streaming API lives, as it announces it (null: not said)
   */
  private record Instance(String domain, int maxCharacters, int urlWeight, String streaming) {}

  /** A notification or status the connector cannot turn into an item; the message says why. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A reply that must not be sent, with the reason for the agent. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A failure that may pass; {@code retryAfter} is the server's hint, if any. */
  static final class Transient extends RuntimeException {
    final transient Duration retryAfter;

    Transient(String reason, Duration retryAfter) {
      super(reason, null, false, false);
      this.retryAfter = retryAfter;
    }
  }
}
