package io.parley.sandbox;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The sandbox network's own durable record: accounts, posts, DM threads and, per brand account, the
 * feed of events it is allowed to see. Plain JDBC on its own H2 database, schema created here: this
 * is a different "company's" database, not Parley's.
 *
 * <p>All access goes through one lock. Besides keeping a single connection safe, it makes event
 * sequence numbers commit in order, so a reader resuming {@code after} a seq never skips an event
 * that committed late.
 */
final class SandboxStore implements AutoCloseable {

  static final String BRAND_HANDLE = "northwind";

  private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_]{1,60})");

  private final Connection connection;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Consumer<Post>> listeners = new CopyOnWriteArrayList<>();

  SandboxStore(String jdbcUrl, Clock clock) {
    this.clock = clock;
    try {
      this.connection = DriverManager.getConnection(jdbcUrl, "sa", "");
      connection.setAutoCommit(false);
      createSchema();
    } catch (SQLException e) {
      throw new SandboxException(
          "Cannot open the sandbox store " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private void createSchema() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "create table if not exists accounts (id varchar(40) primary key, handle varchar(60) not"
              + " null unique, name varchar(200) not null, followers int not null, brand boolean"
              + " not null, token varchar(100) unique, created_at bigint not null)");
      s.execute("create sequence if not exists post_ids start with 1001");
      s.execute("create sequence if not exists account_ids start with 101");
      s.execute("create sequence if not exists thread_ids start with 501");
      s.execute(
          "create table if not exists posts (id varchar(40) primary key, author_id varchar(40) not"
              + " null, text varchar(4000) not null, in_reply_to varchar(40), root_id varchar(40)"
              + " not null, dm_thread varchar(40), idempotency_key varchar(200), created_at bigint"
              + " not null, edited_at bigint, deleted_at bigint)");
      s.execute(
          "create unique index if not exists posts_idempotency on posts (author_id,"
              + " idempotency_key)");
      s.execute("create index if not exists posts_author on posts (author_id, created_at)");
      s.execute(
          "create table if not exists dm_threads (id varchar(40) primary key, first_id varchar(40)"
              + " not null, second_id varchar(40) not null, created_at bigint not null)");
      s.execute(
          "create table if not exists events (seq bigint auto_increment primary key, audience_id"
              + " varchar(40) not null, post_id varchar(40) not null, type varchar(10) not null,"
              + " kind varchar(10) not null, context_post varchar(40), text varchar(4000) not null,"
              + " at bigint not null)");
      s.execute("create index if not exists events_audience on events (audience_id, seq)");
    }
    connection.commit();
  }

  /** Called after a post is committed (the generator reacts to the brand's replies). */
  void onPost(Consumer<Post> listener) {
    listeners.add(listener);
  }

  // ---------------------------------------------------------------- accounts

  /** The brand account, created with a fresh token on first start and kept from then on. */
  Account ensureBrand(String handle, String name, int followers) {
    return write(
        () -> {
          Optional<Account> existing = accountByHandle(handle);
          if (existing.isPresent()) {
            return existing.get();
          }
          byte[] token = new byte[24];
          new SecureRandom().nextBytes(token);
          return insertAccount(
              handle, name, followers, true, "sbx_" + HexFormat.of().formatHex(token));
        });
  }

  /** A customer account, created on first use. */
  Account ensureCustomer(String handle, String name, int followers) {
    return write(
        () -> {
          Optional<Account> existing = accountByHandle(handle);
          return existing.isPresent()
              ? existing.get()
              : insertAccount(handle, name, followers, false, null);
        });
  }

  Optional<Account> account(String handle) {
    return read(() -> accountByHandle(handle));
  }

  Optional<Account> accountByToken(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return read(() -> one("select * from accounts where token = ?", SandboxStore::account, token));
  }

  Optional<String> token(String handle) {
    return read(
        () -> one("select token from accounts where handle = ?", rs -> rs.getString(1), handle));
  }

  private Optional<Account> accountByHandle(String handle) throws SQLException {
    return one(
        "select * from accounts where handle = ?",
        SandboxStore::account,
        handle.toLowerCase(Locale.ROOT));
  }

  private Optional<Account> accountById(String id) throws SQLException {
    return one("select * from accounts where id = ?", SandboxStore::account, id);
  }

  private Account insertAccount(
      String handle, String name, int followers, boolean brand, String token) throws SQLException {
    String id = "u" + next("account_ids");
    update(
        "insert into accounts (id, handle, name, followers, brand, token, created_at) values (?, ?,"
            + " ?, ?, ?, ?, ?)",
        id,
        handle.toLowerCase(Locale.ROOT),
        name,
        followers,
        brand,
        token,
        now());
    return accountById(id).orElseThrow();
  }

  // ---------------------------------------------------------------- posts

  /**
   * Publishes a post. With an idempotency key already used by this author, returns the earlier post
   * instead ({@link Published#created()} false). Throws {@link SandboxException} when invalid.
   */
  Published publish(Account author, String text, String inReplyTo, String dmThread, String key) {
    Published published =
        write(
            () -> {
              if (key != null) {
                Optional<Post> earlier =
                    one(
                        "select * from posts where author_id = ? and idempotency_key = ?",
                        this::post,
                        author.id(),
                        key);
                if (earlier.isPresent()) {
                  return new Published(earlier.get(), false);
                }
              }
              String root;
              String thread = dmThread;
              if (inReplyTo != null) {
                Post parent =
                    postById(inReplyTo)
                        .orElseThrow(
                            () ->
                                SandboxException.invalid(
                                    "in_reply_to_not_found",
                                    "inReplyTo: no post with id " + inReplyTo));
                if (parent.deletedAt() != null) {
                  throw SandboxException.invalid(
                      "in_reply_to_deleted", "inReplyTo: post " + inReplyTo + " was deleted");
                }
                if (thread != null && !thread.equals(parent.dmThread())) {
                  throw SandboxException.invalid(
                      "thread_mismatch", "inReplyTo is not part of DM thread " + thread);
                }
                thread = parent.dmThread();
                root = parent.root();
              } else {
                root = null;
              }
              if (thread != null) {
                requireParticipant(thread, author);
              }
              String id = "p" + next("post_ids");
              update(
                  "insert into posts (id, author_id, text, in_reply_to, root_id, dm_thread,"
                      + " idempotency_key, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                  id,
                  author.id(),
                  text,
                  inReplyTo,
                  root == null ? id : root,
                  thread,
                  key,
                  now());
              Post post = postById(id).orElseThrow();
              recordEvents(post, "created");
              return new Published(post, true);
            });
    if (published.created()) {
      listeners.forEach(l -> l.accept(published.post()));
    }
    return published;
  }

  Post edit(String postId, String newText) {
    return write(
        () -> {
          postById(postId).orElseThrow(() -> SandboxException.notFound("post " + postId));
          update("update posts set text = ?, edited_at = ? where id = ?", newText, now(), postId);
          Post edited = postById(postId).orElseThrow();
          recordChange(edited, "edited");
          return edited;
        });
  }

  Post delete(String postId) {
    return write(
        () -> {
          postById(postId).orElseThrow(() -> SandboxException.notFound("post " + postId));
          update("update posts set deleted_at = ? where id = ?", now(), postId);
          Post deleted = postById(postId).orElseThrow();
          recordChange(deleted, "deleted");
          return deleted;
        });
  }

  Optional<Post> post(String id) {
    return read(() -> postById(id));
  }

  Optional<Post> postByKey(Account author, String key) {
    return read(
        () ->
            one(
                "select * from posts where author_id = ? and idempotency_key = ?",
                this::post,
                author.id(),
                key));
  }

  List<Post> postsBy(Account author, int limit) {
    return read(
        () ->
            list(
                "select * from posts where author_id = ? order by created_at, id limit ?",
                this::post,
                author.id(),
                limit));
  }

  /** Recent posts, newest first, optionally only top-level posts of one author. */
  List<Post> recent(String authorId, boolean topLevelOnly, int limit) {
    String sql =
        "select * from posts where deleted_at is null and dm_thread is null"
            + (authorId == null ? "" : " and author_id = ?")
            + (topLevelOnly ? " and in_reply_to is null" : "")
            + " order by created_at desc, id desc limit ?";
    return read(
        () ->
            authorId == null
                ? list(sql, this::post, limit)
                : list(sql, this::post, authorId, limit));
  }

  /**
   * Public posts (not DMs, not deleted) of every account after the post with sequence number {@code
   * after}, oldest first: the network's public timeline. Post ids are {@code p} + a sequence that
   * is drawn under the store's lock, so the order is the order of commit.
   */
  List<Post> publicTimeline(long after, int limit) {
    return read(
        () ->
            list(
                "select * from posts where deleted_at is null and dm_thread is null and"
                    + " cast(substring(id, 2) as bigint) > ? order by cast(substring(id, 2) as"
                    + " bigint) limit ?",
                this::post,
                after,
                limit));
  }

  /** The sequence number of a post id ({@code p1042} is 1042). */
  static long sequenceOf(String postId) {
    return Long.parseLong(postId.substring(1));
  }

  List<Post> recentInThreads(int limit) {
    return read(
        () ->
            list(
                "select * from posts where deleted_at is null and dm_thread is not null order by"
                    + " created_at desc, id desc limit ?",
                this::post,
                limit));
  }

  private Optional<Post> postById(String id) throws SQLException {
    return one("select * from posts where id = ?", this::post, id);
  }

  // ---------------------------------------------------------------- DM threads

  String openThread(Account first, Account second) {
    return write(
        () -> {
          Optional<String> existing =
              one(
                  "select id from dm_threads where (first_id = ? and second_id = ?) or (first_id ="
                      + " ? and second_id = ?)",
                  rs -> rs.getString(1),
                  first.id(),
                  second.id(),
                  second.id(),
                  first.id());
          if (existing.isPresent()) {
            return existing.get();
          }
          String id = "dm" + next("thread_ids");
          update(
              "insert into dm_threads (id, first_id, second_id, created_at) values (?, ?, ?, ?)",
              id,
              first.id(),
              second.id(),
              now());
          return id;
        });
  }

  private void requireParticipant(String thread, Account author) throws SQLException {
    Optional<String[]> members =
        one(
            "select first_id, second_id from dm_threads where id = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            thread);
    if (members.isEmpty()) {
      throw SandboxException.invalid("dm_thread_not_found", "dmThread: no thread " + thread);
    }
    if (!members.get()[0].equals(author.id()) && !members.get()[1].equals(author.id())) {
      throw new SandboxException(
          403, "not_a_participant", "@" + author.handle() + " is not part of DM thread " + thread);
    }
  }

  // ---------------------------------------------------------------- events

  /** What one brand account may see after {@code after}, oldest first. */
  List<Event> events(Account audience, long after, int limit) {
    return read(
        () ->
            list(
                "select e.seq, e.type, e.kind, e.context_post, e.text as event_text, e.at as event_at,"
                    + " p.* from events e join"
                    + " posts p on p.id = e.post_id where e.audience_id = ? and e.seq > ? order by"
                    + " e.seq limit ?",
                rs -> {
                  Post post = post(rs);
                  return new Event(
                      rs.getLong("seq"),
                      rs.getString("type"),
                      rs.getString("kind"),
                      rs.getString("context_post"),
                      rs.getString("event_text"),
                      Instant.ofEpochMilli(rs.getLong("event_at")),
                      post);
                },
                audience.id(),
                after,
                limit));
  }

  Stats stats() {
    return read(
        () ->
            new Stats(
                count("select count(*) from accounts"),
                count("select count(*) from posts"),
                count("select count(*) from posts where dm_thread is not null"),
                count("select count(*) from events"),
                count("select coalesce(max(seq), 0) from events")));
  }

  private void recordEvents(Post post, String type) throws SQLException {
    for (Account brand : list("select * from accounts where brand = true", SandboxStore::account)) {
      if (visibleTo(post, brand)) {
        insertEvent(brand, post, type);
      }
    }
  }

  /** Edits and deletions reach exactly the feeds that saw the post created. */
  private void recordChange(Post post, String type) throws SQLException {
    List<String> audiences =
        list(
            "select distinct audience_id from events where post_id = ? and type = 'created'",
            rs -> rs.getString(1),
            post.id());
    for (String audience : audiences) {
      insertEvent(accountById(audience).orElseThrow(), post, type);
    }
  }

  private void insertEvent(Account brand, Post post, String type) throws SQLException {
    Post root = post.root().equals(post.id()) ? post : postById(post.root()).orElse(post);
    String kind;
    String context = null;
    if (post.dmThread() != null) {
      kind = "dm";
    } else if (post.inReplyTo() == null) {
      kind = post.author().id().equals(brand.id()) ? "post" : "mention";
    } else if (root.author().id().equals(brand.id())) {
      kind = post.inReplyTo().equals(root.id()) ? "comment" : "reply";
      context = root.id();
    } else {
      kind = "reply";
    }
    update(
        "insert into events (audience_id, post_id, type, kind, context_post, text, at) values (?,"
            + " ?, ?, ?, ?, ?, ?)",
        brand.id(),
        post.id(),
        type,
        kind,
        context,
        post.deletedAt() != null ? "" : post.text(),
        now());
  }

  /**
   * A brand sees its own posts, posts mentioning it, its DM threads, and anything answering a post
   * it saw: the way a thread you are part of keeps notifying you.
   */
  private boolean visibleTo(Post post, Account brand) throws SQLException {
    if (post.author().id().equals(brand.id())) {
      return true;
    }
    if (post.dmThread() != null) {
      return count(
              "select count(*) from dm_threads where id = ? and (first_id = ? or second_id = ?)",
              post.dmThread(),
              brand.id(),
              brand.id())
          > 0;
    }
    var matcher = MENTION.matcher(post.text());
    while (matcher.find()) {
      if (matcher.group(1).equalsIgnoreCase(brand.handle())) {
        return true;
      }
    }
    return post.inReplyTo() != null
        && count(
                "select count(*) from events where audience_id = ? and post_id = ?",
                brand.id(),
                post.inReplyTo())
            > 0;
  }

  // ---------------------------------------------------------------- plumbing

  private long now() {
    return clock.millis();
  }

  private long next(String sequence) throws SQLException {
    return count("select next value for " + sequence);
  }

  private Post post(ResultSet rs) throws SQLException {
    Account author = accountById(rs.getString("author_id")).orElseThrow();
    long edited = rs.getLong("edited_at");
    boolean wasEdited = !rs.wasNull();
    long deleted = rs.getLong("deleted_at");
    boolean wasDeleted = !rs.wasNull();
    return new Post(
        rs.getString("id"),
        author,
        rs.getString("text"),
        rs.getString("in_reply_to"),
        rs.getString("root_id"),
        rs.getString("dm_thread"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        wasEdited ? Instant.ofEpochMilli(edited) : null,
        wasDeleted ? Instant.ofEpochMilli(deleted) : null);
  }

  private static Account account(ResultSet rs) throws SQLException {
    return new Account(
        rs.getString("id"),
        rs.getString("handle"),
        rs.getString("name"),
        rs.getInt("followers"),
        rs.getBoolean("brand"));
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> T read(Work<T> work) {
    lock.lock();
    try {
      return work.run();
    } catch (SQLException e) {
      throw new SandboxException("Sandbox store failure: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private <T> T write(Work<T> work) {
    lock.lock();
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new SandboxException("Sandbox store failure: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private <T> Optional<T> one(String sql, Row<T> row, Object... params) throws SQLException {
    List<T> all = list(sql, row, params);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
  }

  private <T> List<T> list(String sql, Row<T> row, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params);
        ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return out;
    }
  }

  private long count(String sql, Object... params) throws SQLException {
    return one(sql, rs -> rs.getLong(1), params).orElse(0L);
  }

  private void update(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params)) {
      ps.executeUpdate();
    }
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new SandboxException("Cannot close the sandbox store: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** An account on the sandbox network. */
  record Account(String id, String handle, String name, int followers, boolean brand) {}

  /** A post as stored; {@code root} is the first post of its reply chain (itself if top-level). */
  record Post(
      String id,
      Account author,
      String text,
      String inReplyTo,
      String root,
      String dmThread,
      Instant createdAt,
      Instant editedAt,
      Instant deletedAt) {}

  /** The outcome of a publish: the post, and whether this call created it. */
  record Published(Post post, boolean created) {}

  /** One entry of a brand's feed; {@code text} is the post's text at the time of the event. */
  record Event(
      long seq, String type, String kind, String contextPost, String text, Instant at, Post post) {}

  record Stats(long accounts, long posts, long directMessages, long events, long lastSeq) {}
}
