package io.parley.channels.bluesky;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectionCheck;
import io.parley.channels.Connector;
import io.parley.channels.ConnectorCapabilities;
import io.parley.channels.CredentialsRejected;
import io.parley.channels.DeliveryResult;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.channels.InboundSignal;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bluesky over XRPC. Logs in with a handle (or DID) and an app password, keeps the session in
 * memory and refreshes it before the access token expires, and talks to the account's own PDS
 * (found in its DID document) unless a PDS URL is configured. Reads mentions, replies and quotes
 * from {@code app.bsky.notification.listNotifications}; replies with {@code createRecord} carrying
 * strong refs to the thread's root and parent and byte-offset facets. Bluesky has no idempotency
 * keys: the outbox looks the reply up in the account's own records before any retry.
 */
@Component
class BlueskyConnector implements Connector {

  static final String IDENTIFIER = "identifier";
  static final String PASSWORD = "app_password";

  /** Optional settings kept with the credentials. */
  static final String PDS_URL = "pds_url";

  static final String APPVIEW_URL = "appview_url";
  static final String PLC_URL = "plc_url";

  /** A relay (or PDS) whose firehose listening reads instead of the account's own PDS. */
  static final String FIREHOSE_URL = "firehose_url";

  /** Listening reads at most this many posts per call: the pipeline's page reserve. */
  static final int PUBLIC_PAGE = 200;

  static final Duration PUBLIC_WINDOW = Duration.ofSeconds(2);
  static final Duration PUBLIC_IDLE = Duration.ofMillis(400);
  static final Duration LISTENING_LOGIN_BACKOFF = Duration.ofMinutes(1);
  static final int PAGE_SIZE = 100;
  static final int INITIAL_PAGES = 1;
  static final int RESUME_PAGES = 50;
  private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
  private static final String POST = "app.bsky.feed.post";

  /** URIs per {@code getPosts} request (the AppView's limit). */
  static final int GET_POSTS_BATCH = 25;

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http;
  private final Clock clock;
  private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
  // Bluesky: ratelimit-remaining, and ratelimit-reset in epoch seconds
  private final RateLimitPause pause;
  private volatile int pageSize = PAGE_SIZE;
  private final Authors authors;
  private final Map<Long, Refused> listeningLoginRefused = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong outdatedCursors =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong malformedFrames =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.function.Function<URI, Firehose.Subscription> firehoses;

  BlueskyConnector(Clock clock) {
    this.clock = clock;
    this.pause =
        new RateLimitPause(
            clock, "ratelimit-remaining", "ratelimit-reset", BlueskyConnector::epochSeconds);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.firehoses = endpoint -> Firehose.webSocket(http, endpoint);
    this.authors = new Authors(clock, 10_000, Duration.ofHours(1));
  }

  @Override
  public Network network() {
    return Network.BLUESKY;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return new ConnectorCapabilities(false, false, RichText.MAX_GRAPHEMES, "graphemes");
  }

  // ------------------------------------------------------------------------------------ reading

  /**
   * Notifications newer than the cursor. The cursor is the newest {@code indexedAt} seen plus the
   * URIs seen at exactly that instant: a notification counts as new when it is later, or equally
   * late and not seen (timestamps are not unique, and pages overlap).
   */
  @Override
  public FetchPage fetch(ConnectedAccount account, String cursor) {
    if (!validUrl(trim(account.baseUrl()))
        || account.secret(IDENTIFIER) == null
        || account.secret(PASSWORD) == null) {
      // e.g. an account created by an import: it has history but no connection
      throw new IllegalStateException(
          "This Bluesky account has no server or app password: connect it under Settings →"
              + " Channels");
    }
    waitForRateLimit(account);
    Position since = Position.parse(json, cursor);
    Session session = session(account);
    List<JsonNode> fresh = new ArrayList<>();
    Set<String> seenUris = new HashSet<>();
    List<String> unreadable = new ArrayList<>();
    String apiCursor = null;
    boolean reachedOld = false;
    int maxPages = since == null ? INITIAL_PAGES : RESUME_PAGES;
    int page = 0;
    for (; page < maxPages && !reachedOld; page++) {
      String query =
          "app.bsky.notification.listNotifications?limit="
              + pageSize
              + "&reasons=mention&reasons=reply&reasons=quote"
              + "&reasons=like&reasons=repost&reasons=follow"
              + (apiCursor == null ? "" : "&cursor=" + encode(apiCursor));
      JsonNode body = get(account, session, query);
      JsonNode notifications = body.path("notifications");
      if (!notifications.isArray()) {
        throw new IllegalStateException("Bluesky sent notifications without a list");
      }
      for (JsonNode n : notifications) {
        String uri = n.path("uri").asString("");
        Instant at = parseInstant(n.path("indexedAt").asString(""));
        if (uri.isEmpty() || at == null) {
          unreadable.add("notification without uri or indexedAt: " + abbreviate(n.toString()));
          continue;
        }
        if (since != null && !since.isBefore(at, uri)) {
          if (at.isBefore(since.at())) {
            reachedOld = true;
          }
          continue;
        }
        if (seenUris.add(uri)) {
          fresh.add(n);
        }
      }
      apiCursor = body.path("cursor").asString(null);
      if (apiCursor == null || notifications.isEmpty()) {
        break;
      }
    }
    if (since != null && !reachedOld && apiCursor != null && page >= maxPages) {
      unreadable.add(
          "more than "
              + (RESUME_PAGES * pageSize)
              + " notifications arrived since the last poll; older ones in that window were not"
              + " fetched");
    }
    fresh.sort(
        Comparator.comparing((JsonNode n) -> parseInstant(n.path("indexedAt").asString("")))
            .thenComparing(n -> n.path("uri").asString("")));
    List<InboundItem> items = new ArrayList<>();
    List<InboundSignal> signals = new ArrayList<>();
    for (JsonNode n : fresh) {
      try {
        InboundSignal signal = signalOf(n);
        if (signal != null) {
          signals.add(signal);
          continue;
        }
        InboundItem item = fromNotification(account, n);
        if (item != null) {
          items.add(item);
        }
      } catch (Unreadable e) {
        unreadable.add("notification " + n.path("uri").asString("?") + ": " + e.getMessage());
      }
    }
    Position next = since;
    for (JsonNode n : fresh) {
      next =
          Position.advance(
              next, parseInstant(n.path("indexedAt").asString("")), n.path("uri").asString(""));
    }
    return new FetchPage(
        items, next == null ? null : next.format(json), false, unreadable, signals);
  }

  // ------------------------------------------------------------------------------ listening

  /**
   * Public posts from the repository firehose ({@code com.atproto.sync.subscribeRepos}) of the
   * account's PDS, or of a relay when {@link #FIREHOSE_URL} is set. The cursor is the last seq
   * taken; null starts from now (history is not replayed). One call reads a bounded window (at most
   * {@link #PUBLIC_PAGE} posts, {@link #PUBLIC_WINDOW}), then closes the connection.
   */
  @Override
  public Optional<FetchPage> fetchPublic(ConnectedAccount account, String cursor) {
    if (!validUrl(trim(account.baseUrl()))
        || account.secret(IDENTIFIER) == null
        || account.secret(PASSWORD) == null) {
      return Optional.empty();
    }
    waitForRateLimit(account);
    Session session = listeningSession(account);
    Firehose.Window window =
        new Firehose(
                firehoses.apply(firehoseEndpoint(account, session)),
                clock,
                PUBLIC_PAGE,
                PUBLIC_WINDOW,
                PUBLIC_IDLE,
                !relay(account))
            .read(cursor);
    outdatedCursors.addAndGet(window.outdatedCursors());
    malformedFrames.addAndGet(window.malformed());
    window.handles().keySet().forEach(authors::forget);
    List<String> unreadable = new ArrayList<>(window.unreadable());
    Map<String, InboundItem.Author> byDid =
        authorsOf(
            account,
            session,
            window.posts().stream().map(Firehose.PostCreate::repo).distinct().toList());
    List<InboundItem> items = new ArrayList<>();
    for (Firehose.PostCreate post : window.posts()) {
      try {
        items.add(publicItem(account, post, byDid.get(post.repo())));
      } catch (Unreadable e) {
        unreadable.add("firehose post " + post.uri() + ": " + e.getMessage());
      }
    }
    return Optional.of(new FetchPage(items, window.nextCursor(), window.hasMore(), unreadable));
  }

  /**
   * The session, but a refused log-in is not retried for {@link #LISTENING_LOGIN_BACKOFF}: the
   * pipeline asks every 2 s, and Bluesky limits log-ins per account (a few dozen per 5 minutes).
   */
  private Session listeningSession(ConnectedAccount account) {
    Instant now = clock.instant();
    var refused = listeningLoginRefused.get(account.id());
    if (refused != null && now.isBefore(refused.until())) {
      throw new IllegalStateException(
          refused.reason() + " (listening tries to log in again at " + refused.until() + ")");
    }
    try {
      Session session = session(account);
      listeningLoginRefused.remove(account.id());
      return session;
    } catch (RuntimeException e) {
      listeningLoginRefused.put(
          account.id(), new Refused(e.getMessage(), now.plus(LISTENING_LOGIN_BACKOFF)));
      throw e;
    }
  }

  private record Refused(String reason, Instant until) {}

  /** Firehose events that could not be used: outdated cursors and malformed frames, so far. */
  FirehoseCounts firehoseCounts() {
    return new FirehoseCounts(outdatedCursors.get(), malformedFrames.get());
  }

  record FirehoseCounts(long outdatedCursors, long malformedFrames) {}

  private static boolean relay(ConnectedAccount account) {
    String configured = account.secret(FIREHOSE_URL);
    return configured != null && !configured.isBlank();
  }

  URI firehoseEndpoint(ConnectedAccount account, Session session) {
    String configured = account.secret(FIREHOSE_URL);
    String base = configured != null && !configured.isBlank() ? trim(configured) : session.pds();
    String ws =
        base.startsWith("https://")
            ? "wss://" + base.substring(8)
            : base.startsWith("http://") ? "ws://" + base.substring(7) : base;
    return URI.create(ws.contains("/xrpc/") ? ws : ws + "/xrpc/com.atproto.sync.subscribeRepos");
  }

  /**
   * A post record from the firehose as an item; {@link Unreadable} when it lacks what is needed.
   */
  InboundItem publicItem(
      ConnectedAccount account, Firehose.PostCreate post, InboundItem.Author author) {
    JsonNode record = json.valueToTree(DagJson.of(post.record()));
    if (!record.path("text").isString()) {
      throw new Unreadable("text is missing");
    }
    String text = record.path("text").asString();
    Instant createdAt = parseInstant(record.path("createdAt").asString(""));
    if (createdAt == null) {
      createdAt = post.time();
    }
    if (createdAt == null) {
      throw new Unreadable("createdAt is missing");
    }
    String parent = record.path("reply").path("parent").path("uri").asString(null);
    ObjectNode raw = json.createObjectNode();
    raw.put("uri", post.uri());
    raw.put("cid", post.cid());
    raw.put("seq", post.seq());
    raw.put("repo", post.repo());
    raw.set("record", record);
    return new InboundItem(
        post.uri(),
        InboundItem.Change.CREATED,
        parent == null ? InboundItem.Kind.MENTION : InboundItem.Kind.REPLY,
        parent,
        null,
        author == null ? new InboundItem.Author(post.repo(), null, null, null) : author,
        post.repo().equals(account.externalId()),
        text,
        RichText.entities(text, record.path("facets")),
        createdAt,
        createdAt,
        raw.toString());
  }

  /** Authors by DID: from the cache, else the AppView's profiles, else the DID document. */
  private Map<String, InboundItem.Author> authorsOf(
      ConnectedAccount account, Session session, List<String> dids) {
    Map<String, InboundItem.Author> out = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String did : dids) {
      authors.get(did).ifPresentOrElse(a -> out.put(did, a), () -> missing.add(did));
    }
    for (int i = 0; i < missing.size(); i += GET_POSTS_BATCH) {
      List<String> batch = missing.subList(i, Math.min(missing.size(), i + GET_POSTS_BATCH));
      StringBuilder query = new StringBuilder("app.bsky.actor.getProfiles?");
      batch.forEach(did -> query.append("actors=").append(encode(did)).append('&'));
      try {
        for (JsonNode p : get(account, session, query.toString()).path("profiles")) {
          String did = p.path("did").asString("");
          String displayName = p.path("displayName").asString("");
          InboundItem.Author a =
              new InboundItem.Author(
                  did,
                  p.path("handle").asString(null),
                  displayName.isBlank() ? null : displayName,
                  p.path("followersCount").canConvertToInt()
                      ? p.path("followersCount").asInt()
                      : null);
          if (batch.contains(did) && a.handle() != null) {
            out.put(did, a);
            authors.put(did, a);
          }
        }
      } catch (RuntimeException e) {
        // the AppView may lag behind the firehose or be down: the DID document still names a handle
      }
    }
    for (String did : missing) {
      if (!out.containsKey(did)) {
        resolveDidDocument(account, did)
            .flatMap(BlueskyConnector::handleIn)
            .ifPresent(
                handle -> {
                  InboundItem.Author a = new InboundItem.Author(did, handle, null, null);
                  out.put(did, a);
                  authors.put(did, a);
                });
      }
    }
    return out;
  }

  /** The handle a DID document claims ({@code alsoKnownAs: ["at://handle"]}). */
  static Optional<String> handleIn(JsonNode didDoc) {
    for (JsonNode aka : didDoc.path("alsoKnownAs")) {
      String s = aka.asString("");
      if (s.startsWith("at://") && s.length() > 5) {
        return Optional.of(s.substring(5));
      }
    }
    return Optional.empty();
  }

  /** The signal a like, repost or follow notification is; null for other reasons. */
  static InboundSignal signalOf(JsonNode n) {
    InboundSignal.Kind kind =
        switch (n.path("reason").asString("")) {
          case "like" -> InboundSignal.Kind.FAVOURITE;
          case "repost" -> InboundSignal.Kind.BOOST;
          case "follow" -> InboundSignal.Kind.FOLLOW;
          default -> null;
        };
    if (kind == null) {
      return null;
    }
    String target = null;
    if (kind != InboundSignal.Kind.FOLLOW) {
      target = n.path("reasonSubject").asString(null);
      if (target == null || !target.startsWith("at://")) {
        throw new Unreadable("reasonSubject is missing");
      }
    }
    String handle = n.path("author").path("handle").asString(null);
    return new InboundSignal(
        n.path("uri").asString(""),
        kind,
        handle == null ? n.path("author").path("did").asString(null) : handle,
        target,
        parseInstant(n.path("indexedAt").asString("")));
  }

  /** The item for a mention, reply or quote notification; null for other reasons. */
  InboundItem fromNotification(ConnectedAccount account, JsonNode n) {
    if (!n.isObject()) {
      throw new Unreadable("not a JSON object");
    }
    String reason = n.path("reason").asString("");
    if (!Set.of("mention", "reply", "quote").contains(reason)) {
      return null;
    }
    String uri = n.path("uri").asString("");
    if (!uri.startsWith("at://")) {
      throw new Unreadable("uri is missing");
    }
    JsonNode author = n.path("author");
    String did = author.path("did").asString("");
    if (did.isEmpty()) {
      throw new Unreadable("author.did is missing");
    }
    JsonNode record = n.path("record");
    if (!record.isObject()) {
      throw new Unreadable("record is missing");
    }
    String text = record.path("text").isString() ? record.path("text").asString() : "";
    Instant indexedAt = parseInstant(n.path("indexedAt").asString(""));
    Instant createdAt = parseInstant(record.path("createdAt").asString(""));
    if (createdAt == null) {
      createdAt = indexedAt;
    }
    if (createdAt == null) {
      throw new Unreadable("createdAt is missing");
    }
    String parent = record.path("reply").path("parent").path("uri").asString(null);
    String root = record.path("reply").path("root").path("uri").asString(null);
    InboundItem.Kind kind;
    String context = null;
    if ("quote".equals(reason)) {
      kind = InboundItem.Kind.QUOTE;
    } else if (parent == null) {
      kind = InboundItem.Kind.MENTION;
    } else if ("reply".equals(reason) && parent.equals(root)) {
      // a direct answer to one of the brand's own posts: a comment under it
      kind = InboundItem.Kind.COMMENT;
      context = root;
    } else {
      kind = InboundItem.Kind.REPLY;
    }
    Integer followers =
        author.path("followersCount").canConvertToInt()
            ? author.path("followersCount").asInt()
            : null;
    String displayName = author.path("displayName").asString("");
    return new InboundItem(
        uri,
        InboundItem.Change.CREATED,
        kind,
        parent,
        context,
        new InboundItem.Author(
            did,
            author.path("handle").asString(null),
            displayName.isBlank() ? null : displayName,
            followers),
        did.equals(account.externalId()),
        text,
        RichText.entities(text, record.path("facets")),
        createdAt,
        createdAt,
        n.toString());
  }

  // ------------------------------------------------------------------------------------ writing

  @Override
  public DeliveryResult deliver(
      ConnectedAccount account, OutgoingPost post, String idempotencyKey) {
    if (post.direct()) {
      return new DeliveryResult.Rejected(
          "Bluesky direct messages cannot be answered from Parley yet.");
    }
    String text = post.text() == null ? "" : post.text().strip();
    if (text.isEmpty()) {
      return new DeliveryResult.Rejected("The reply is empty.");
    }
    int graphemes = RichText.graphemes(text);
    if (graphemes > RichText.MAX_GRAPHEMES) {
      return new DeliveryResult.Rejected(
          "The reply is "
              + graphemes
              + " characters as Bluesky counts them (the limit is "
              + RichText.MAX_GRAPHEMES
              + "). Shorten it by "
              + (graphemes - RichText.MAX_GRAPHEMES)
              + ".");
    }
    if (RichText.utf8Length(text) > RichText.MAX_BYTES) {
      return new DeliveryResult.Rejected(
          "The reply is longer than the " + RichText.MAX_BYTES + " bytes Bluesky accepts.");
    }
    try {
      Session session = session(account);
      ObjectNode record = json.createObjectNode();
      record.put("$type", POST);
      record.put("text", text);
      record.put("createdAt", clock.instant().toString());
      if (post.inReplyToExternalId() != null) {
        JsonNode parent = postView(account, session, post.inReplyToExternalId());
        if (parent == null) {
          return new DeliveryResult.Rejected(
              "The post this replies to was deleted or is no longer visible.");
        }
        ObjectNode reply = record.putObject("reply");
        ObjectNode parentRef = reply.putObject("parent");
        parentRef.put("uri", parent.path("uri").asString());
        parentRef.put("cid", parent.path("cid").asString());
        JsonNode root = parent.path("record").path("reply").path("root");
        ObjectNode rootRef = reply.putObject("root");
        if (root.path("uri").isString() && root.path("cid").isString()) {
          rootRef.put("uri", root.path("uri").asString());
          rootRef.put("cid", root.path("cid").asString());
        } else {
          rootRef.setAll(parentRef);
        }
      }
      ArrayNode facets = RichText.facets(text, handle -> resolveHandle(account, session, handle));
      if (!facets.isEmpty()) {
        record.set("facets", facets);
      }
      ObjectNode body = json.createObjectNode();
      body.put("repo", session.did());
      body.put("collection", POST);
      body.set("record", record);
      HttpResponse<String> response =
          call(account, session, "POST", "com.atproto.repo.createRecord", body);
      int status = response.statusCode();
      if (status == 200) {
        String uri = json.readTree(response.body()).path("uri").asString("");
        return uri.isEmpty()
            ? new DeliveryResult.RetryLater("Bluesky answered without a post URI", null)
            : new DeliveryResult.Delivered(uri);
      }
      String reason = "Bluesky answered " + status + ": " + errorMessage(response);
      return DeliveryResult.ofFailedStatus(status, reason, pause.retryAfter(response));
    } catch (Unreachable | RateLimited e) {
      return new DeliveryResult.RetryLater(
          e.getMessage(), e instanceof RateLimited r ? r.wait : null);
    } catch (BadCredentials e) {
      return new DeliveryResult.RetryLater(e.getMessage(), null);
    } catch (JacksonException e) {
      return new DeliveryResult.RetryLater("Bluesky sent an unreadable answer", null);
    }
  }

  /** The post view (uri, cid, record) of a post, or null when it is gone. */
  /**
   * Asks {@code app.bsky.feed.getPosts} for the posts, {@link #GET_POSTS_BATCH} URIs per request; a
   * URI it returns no entry for was deleted (or taken down).
   */
  @Override
  public List<String> deletedAmong(ConnectedAccount account, List<String> externalIds) {
    List<String> uris =
        externalIds.stream().filter(id -> id != null && id.startsWith("at://")).distinct().toList();
    if (uris.isEmpty()) {
      return List.of();
    }
    Session session = session(account);
    List<String> gone = new ArrayList<>();
    for (int from = 0; from < uris.size(); from += GET_POSTS_BATCH) {
      List<String> batch = uris.subList(from, Math.min(uris.size(), from + GET_POSTS_BATCH));
      StringBuilder query = new StringBuilder("app.bsky.feed.getPosts?");
      for (int i = 0; i < batch.size(); i++) {
        query.append(i == 0 ? "" : "&").append("uris=").append(encode(batch.get(i)));
      }
      JsonNode posts = get(account, session, query.toString()).path("posts");
      if (!posts.isArray()) {
        throw new IllegalStateException("Bluesky answered getPosts without a list of posts");
      }
      Set<String> present = new HashSet<>();
      for (JsonNode post : posts) {
        present.add(post.path("uri").asString(""));
      }
      batch.stream().filter(uri -> !present.contains(uri)).forEach(gone::add);
    }
    return gone;
  }

  private JsonNode postView(ConnectedAccount account, Session session, String uri) {
    JsonNode posts =
        get(account, session, "app.bsky.feed.getPosts?uris=" + encode(uri)).path("posts");
    for (JsonNode p : posts) {
      if (uri.equals(p.path("uri").asString())) {
        return p;
      }
    }
    return null;
  }

  private Optional<String> resolveHandle(ConnectedAccount account, Session session, String handle) {
    try {
      HttpResponse<String> response =
          call(
              account,
              session,
              "GET",
              "com.atproto.identity.resolveHandle?handle=" + encode(handle),
              null);
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      String did = json.readTree(response.body()).path("did").asString("");
      return did.startsWith("did:") ? Optional.of(did) : Optional.empty();
    } catch (Unreachable | JacksonException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> findDelivered(
      ConnectedAccount account, OutgoingPost post, String idempotencyKey) {
    Session session = session(account);
    JsonNode records =
        get(
                account,
                session,
                "com.atproto.repo.listRecords?repo="
                    + encode(session.did())
                    + "&collection="
                    + POST
                    + "&limit=50")
            .path("records");
    String text = post.text() == null ? "" : post.text().strip();
    for (JsonNode r : records) {
      JsonNode value = r.path("value");
      String parent = value.path("reply").path("parent").path("uri").asString(null);
      if (text.equals(value.path("text").asString(""))
          && Objects.equals(parent, post.inReplyToExternalId())) {
        return Optional.of(r.path("uri").asString());
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------------------- connecting

  @Override
  public ConnectionCheck verify(ConnectedAccount account) {
    String base = trim(account.baseUrl());
    if (!validUrl(base)) {
      return ConnectionCheck.failed(
          "\"" + base + "\" is not a server address. Enter it like https://bsky.social");
    }
    String identifier = account.secret(IDENTIFIER);
    String password = account.secret(PASSWORD);
    if (identifier == null || identifier.isBlank() || password == null || password.isBlank()) {
      return ConnectionCheck.failed("Enter the handle (or DID) and an app password.");
    }
    HttpResponse<String> describe;
    try {
      describe =
          send(
              HttpRequest.newBuilder(URI.create(base + "/xrpc/com.atproto.server.describeServer"))
                  .GET());
    } catch (Unreachable e) {
      return ConnectionCheck.failed(e.getMessage() + ". Is the server down or the address wrong?");
    }
    if (describe.statusCode() != 200 || !looksLikeJson(describe.body())) {
      return ConnectionCheck.failed(
          base
              + " does not look like a Bluesky (AT Protocol) server (describeServer answered "
              + describe.statusCode()
              + ").");
    }
    sessions.remove(account.id());
    Session session;
    try {
      session = session(account);
    } catch (BadCredentials e) {
      return ConnectionCheck.failed(e.getMessage());
    } catch (Unreachable | RateLimited e) {
      return ConnectionCheck.failed(e.getMessage());
    } catch (IllegalStateException e) {
      return ConnectionCheck.failed(e.getMessage());
    }
    if (account.externalId() != null
        && !account.externalId().isBlank()
        && !account.externalId().equals(session.did())) {
      return ConnectionCheck.failed(
          "These credentials belong to @"
              + session.handle()
              + ", not to @"
              + account.handle()
              + ".");
    }
    try {
      get(account, session, "app.bsky.notification.listNotifications?limit=1");
    } catch (RuntimeException e) {
      return ConnectionCheck.failed("Logged in, but cannot read notifications: " + e.getMessage());
    }
    return ConnectionCheck.ok(
        "Connected as @" + session.handle() + " (" + session.did() + ") via " + session.pds());
  }

  /** Smaller pages make paging visible in tests; the network allows up to 100. */
  void pageSize(int size) {
    this.pageSize = Math.max(1, Math.min(PAGE_SIZE, size));
  }

  /**
   * When the session held for the account can no longer be refreshed (the refresh token's expiry);
   * after that Parley logs in again with the app password.
   */
  @Override
  public Optional<Instant> credentialsExpireAt(ConnectedAccount account) {
    return Optional.ofNullable(sessions.get(account.id())).map(Session::refreshExpiry);
  }

  /** The session's DID, handle and PDS, for the settings page and tests. */
  Session sessionOf(ConnectedAccount account) {
    return session(account);
  }

  /** Drops a session held in memory (a connection check's probe account). */
  void forget(long accountId) {
    sessions.remove(accountId);
    pause.forget(accountId);
  }

  /** Forgets the session's access token validity, so the next call refreshes it (tests). */
  void expireAccessToken(long accountId) {
    sessions.computeIfPresent(accountId, (id, s) -> s.withAccessExpiry(Instant.EPOCH));
  }

  // ------------------------------------------------------------------------------- sessions

  private Session session(ConnectedAccount account) {
    String fingerprint =
        Objects.hash(
                trim(account.baseUrl()),
                account.secret(IDENTIFIER),
                account.secret(PASSWORD),
                account.secret(PDS_URL))
            + "";
    Session current = sessions.get(account.id());
    Instant now = clock.instant();
    if (current != null && current.fingerprint().equals(fingerprint)) {
      if (now.plus(REFRESH_MARGIN).isBefore(current.accessExpiry())) {
        return current;
      }
      if (now.isBefore(current.refreshExpiry())) {
        Optional<Session> refreshed = refresh(account, current);
        if (refreshed.isPresent()) {
          sessions.put(account.id(), refreshed.get());
          return refreshed.get();
        }
      }
    }
    Session created = create(account, fingerprint);
    sessions.put(account.id(), created);
    return created;
  }

  private Session create(ConnectedAccount account, String fingerprint) {
    ObjectNode body = json.createObjectNode();
    body.put("identifier", Optional.ofNullable(account.secret(IDENTIFIER)).orElse("").trim());
    body.put("password", Optional.ofNullable(account.secret(PASSWORD)).orElse(""));
    String base = trim(account.baseUrl());
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(base + "/xrpc/com.atproto.server.createSession"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    pause.note(account.id(), response);
    if (response.statusCode() == 401) {
      throw new BadCredentials(
          "Bluesky rejected the handle or app password (" + errorMessage(response) + ").");
    }
    if (response.statusCode() == 429) {
      throw new RateLimited(
          "Bluesky is rate limiting log-ins for this account", pause.retryAfter(response));
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Bluesky refused the log-in: " + response.statusCode() + " " + errorMessage(response));
    }
    JsonNode s = json.readTree(response.body());
    if (s.has("active") && !s.path("active").asBoolean(true)) {
      throw new BadCredentials(
          "The Bluesky account is not active (" + s.path("status").asString("deactivated") + ").");
    }
    String did = s.path("did").asString("");
    String pds = pds(account, did, s.path("didDoc"));
    return session(fingerprint, did, s.path("handle").asString(""), pds, s);
  }

  private Optional<Session> refresh(ConnectedAccount account, Session current) {
    try {
      HttpResponse<String> response =
          send(
              HttpRequest.newBuilder(
                      URI.create(current.pds() + "/xrpc/com.atproto.server.refreshSession"))
                  .header("Authorization", "Bearer " + current.refreshJwt())
                  .POST(HttpRequest.BodyPublishers.noBody()));
      pause.note(account.id(), response);
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode s = json.readTree(response.body());
      return Optional.of(
          session(
              current.fingerprint(),
              current.did(),
              s.path("handle").asString(current.handle()),
              current.pds(),
              s));
    } catch (Unreachable | JacksonException e) {
      return Optional.empty();
    }
  }

  private Session session(String fingerprint, String did, String handle, String pds, JsonNode s) {
    String access = s.path("accessJwt").asString("");
    String refresh = s.path("refreshJwt").asString("");
    if (access.isEmpty() || refresh.isEmpty() || did.isEmpty()) {
      throw new IllegalStateException("Bluesky answered the log-in without a session");
    }
    Instant now = clock.instant();
    return new Session(
        fingerprint,
        did,
        handle,
        pds,
        access,
        refresh,
        expiry(access).orElse(now.plus(Duration.ofMinutes(30))),
        expiry(refresh).orElse(now.plus(Duration.ofDays(1))));
  }

  /** The {@code exp} claim of a JWT; the token is only read, never trusted for anything else. */
  private Optional<Instant> expiry(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return Optional.empty();
    }
    try {
      JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return claims.path("exp").canConvertToLong()
          ? Optional.of(Instant.ofEpochSecond(claims.path("exp").asLong()))
          : Optional.empty();
    } catch (IllegalArgumentException | JacksonException e) {
      return Optional.empty();
    }
  }

  /** The configured PDS, else the one in the DID document (from the session or resolved). */
  private String pds(ConnectedAccount account, String did, JsonNode didDoc) {
    String configured = account.secret(PDS_URL);
    if (configured != null && !configured.isBlank()) {
      return trim(configured);
    }
    Optional<String> fromDoc = pdsIn(didDoc);
    if (fromDoc.isPresent()) {
      return fromDoc.get();
    }
    return resolveDidDocument(account, did)
        .flatMap(BlueskyConnector::pdsIn)
        .orElse(trim(account.baseUrl()));
  }

  static Optional<String> pdsIn(JsonNode didDoc) {
    for (JsonNode service : didDoc.path("service")) {
      String id = service.path("id").asString("");
      if ((id.equals("#atproto_pds") || id.endsWith("#atproto_pds"))
          && service.path("serviceEndpoint").isString()) {
        return Optional.of(trim(service.path("serviceEndpoint").asString()));
      }
    }
    return Optional.empty();
  }

  /** The DID document: did:plc from the PLC directory, did:web from the host's well-known file. */
  Optional<JsonNode> resolveDidDocument(ConnectedAccount account, String did) {
    String url;
    if (did.startsWith("did:plc:")) {
      String plc =
          Optional.ofNullable(account.secret(PLC_URL))
              .filter(s -> !s.isBlank())
              .orElse("https://plc.directory");
      url = trim(plc) + "/" + did;
    } else if (did.startsWith("did:web:")) {
      url =
          "https://"
              + did.substring("did:web:".length()).replace("%3A", ":")
              + "/.well-known/did.json";
    } else {
      return Optional.empty();
    }
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
      return response.statusCode() == 200
          ? Optional.of(json.readTree(response.body()))
          : Optional.empty();
    } catch (Unreachable | JacksonException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  // ----------------------------------------------------------------------------------- HTTP

  private JsonNode get(ConnectedAccount account, Session session, String methodAndQuery) {
    HttpResponse<String> response = call(account, session, "GET", methodAndQuery, null);
    int status = response.statusCode();
    String method = methodAndQuery.replaceAll("\\?.*", "");
    if (status == 429) {
      throw new RateLimited("Bluesky is rate limiting " + method, pause.retryAfter(response));
    }
    if (status != 200) {
      throw new IllegalStateException(
          "Bluesky answered " + status + " for " + method + ": " + errorMessage(response));
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new IllegalStateException("Bluesky sent invalid JSON for " + method);
    }
  }

  /** An authenticated XRPC call to the PDS; an expired token is refreshed and the call repeated. */
  private HttpResponse<String> call(
      ConnectedAccount account,
      Session session,
      String verb,
      String methodAndQuery,
      JsonNode body) {
    Session current = session;
    for (int attempt = 1; ; attempt++) {
      String base = current.pds();
      String appView = account.secret(APPVIEW_URL);
      boolean publicRead =
          verb.equals("GET")
              && appView != null
              && !appView.isBlank()
              && (methodAndQuery.startsWith("app.bsky.feed.")
                  || methodAndQuery.startsWith("app.bsky.actor."));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
                  URI.create((publicRead ? trim(appView) : base) + "/xrpc/" + methodAndQuery))
              .header("Accept", "application/json");
      if (!publicRead) {
        request.header("Authorization", "Bearer " + current.accessJwt());
      }
      if (body != null) {
        request
            .header("Content-Type", "application/json")
            .method(verb, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      } else {
        request.method(verb, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response = send(request);
      pause.note(account.id(), response);
      boolean expired =
          (response.statusCode() == 400 || response.statusCode() == 401)
              && response.body().contains("ExpiredToken");
      if (!expired || attempt == 2) {
        return response;
      }
      sessions.computeIfPresent(account.id(), (id, s) -> s.withAccessExpiry(Instant.EPOCH));
      current = session(account);
    }
  }

  private void waitForRateLimit(ConnectedAccount account) {
    Optional<Instant> until = pause.check(account.id());
    if (until.isPresent()) {
      throw new RateLimited(
          "Rate limited by Bluesky until "
              + until.get()
              + "; nothing is lost, polling resumes then",
          Duration.between(clock.instant(), until.get()));
    }
  }

  /** Bluesky's {@code ratelimit-reset}: seconds since the epoch. */
  private static Optional<Instant> epochSeconds(String value) {
    return value.matches("\\d{1,12}")
        ? Optional.of(Instant.ofEpochSecond(Long.parseLong(value)))
        : Optional.empty();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.timeout(Duration.ofSeconds(15)).build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw Unreachable.at("", built.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("Interrupted while talking to Bluesky");
    }
  }

  private String errorMessage(HttpResponse<String> response) {
    try {
      JsonNode body = json.readTree(response.body());
      String message = body.path("message").asString("");
      String error = body.path("error").asString("");
      if (!message.isBlank() || !error.isBlank()) {
        return (error + (message.isBlank() ? "" : " " + message)).trim();
      }
    } catch (JacksonException ignored) {
      // not an XRPC error body
    }
    return "HTTP " + response.statusCode();
  }

  private boolean looksLikeJson(String body) {
    try {
      return json.readTree(body).isObject();
    } catch (JacksonException e) {
      return false;
    }
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

  static Instant parseInstant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A logged-in session; tokens stay in memory only. */
  record Session(
      String fingerprint,
      String did,
      String handle,
      String pds,
      String accessJwt,
      String refreshJwt,
      Instant accessExpiry,
      Instant refreshExpiry) {

    Session withAccessExpiry(Instant expiry) {
      return new Session(
          fingerprint, did, handle, pds, accessJwt, refreshJwt, expiry, refreshExpiry);
    }

    @Override
    public String toString() {
      return "Session[" + did + ", " + handle + ", " + pds + "]";
    }
  }

  /** Where reading stopped: the newest indexedAt and the URIs seen at exactly that instant. */
  record Position(Instant at, Set<String> uris) {

    boolean isBefore(Instant other, String uri) {
      return other.isAfter(at) || (other.equals(at) && !uris.contains(uri));
    }

    static Position advance(Position p, Instant at, String uri) {
      if (p == null || at.isAfter(p.at())) {
        return new Position(at, Set.of(uri));
      }
      if (at.equals(p.at())) {
        Set<String> uris = new HashSet<>(p.uris());
        uris.add(uri);
        return new Position(at, Set.copyOf(uris));
      }
      return p;
    }

    String format(JsonMapper json) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("at", at.toString());
      map.put("uris", uris.stream().sorted().toList());
      return json.writeValueAsString(map);
    }

    static Position parse(JsonMapper json, String cursor) {
      if (cursor == null || cursor.isBlank()) {
        return null;
      }
      try {
        JsonNode node = json.readTree(cursor);
        Instant at = parseInstant(node.path("at").asString(""));
        if (at == null) {
          throw new IllegalStateException("The stored Bluesky cursor has no timestamp");
        }
        Set<String> uris = new HashSet<>();
        node.path("uris").forEach(u -> uris.add(u.asString("")));
        return new Position(at, Set.copyOf(uris));
      } catch (JacksonException e) {
        throw new IllegalStateException("The stored Bluesky cursor is not readable");
      }
    }
  }

  /** A notification the connector cannot turn into an item; the message says why. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The handle, DID or app password was refused. */
  static final class BadCredentials extends CredentialsRejected {
    BadCredentials(String reason) {
      super(reason);
    }
  }

  /** The server asked us to wait. */
  static final class RateLimited extends RuntimeException {
    final transient Duration wait;

    RateLimited(String reason, Duration wait) {
      super(reason, null, false, false);
      this.wait = wait;
    }
  }
}
