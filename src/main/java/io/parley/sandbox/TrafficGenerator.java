package io.parley.sandbox;

import io.parley.sandbox.SandboxStore.Account;
import io.parley.sandbox.SandboxStore.Post;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Plays the customers of the demo brand: a weighted mix of scenario steps (brand posts, comments,
 * public chatter that does not mention the brand, mentions, DMs and their follow-ups, complaints,
 * questions, praise, purchase intent, spam, edits, deletions) at a configurable rate, plus answers
 * to the brand's replies after a short delay. All content comes from {@code sandbox/content.json}
 * and {@code sandbox/personas.json}; all choices from one seeded {@link Random}, so a seed and a
 * step count reproduce the same traffic.
 */
final class TrafficGenerator implements AutoCloseable {

  private static final System.Logger log = System.getLogger(TrafficGenerator.class.getName());
  private static final Pattern SLOT = Pattern.compile("\\{([a-zA-Z]+)}");

  private final SandboxStore store;
  private final Account brand;
  private final JsonNode content;
  private final List<JsonNode> personas = new ArrayList<>();
  private final Random random;
  private final ScheduledExecutorService scheduler;
  private ScheduledFuture<?> ticking;
  private volatile Settings settings;

  /**
   * @param perMinute steps per minute; 0 = no background traffic
   * @param answerBackRate the chance a customer answers a reply from the brand
   * @param answerBackDelayMs how long a customer takes to answer, at least (up to twice that)
   */
  record Settings(double perMinute, double answerBackRate, long answerBackDelayMs) {
    Settings {
      if (perMinute < 0 || perMinute > 6000) {
        throw SandboxException.badRequest("perMinute must be between 0 and 6000");
      }
      if (answerBackRate < 0 || answerBackRate > 1) {
        throw SandboxException.badRequest("answerBackRate must be between 0 and 1");
      }
      if (answerBackDelayMs < 0 || answerBackDelayMs > 3_600_000) {
        throw SandboxException.badRequest("answerBackDelayMs must be between 0 and 3600000");
      }
    }
  }

  TrafficGenerator(SandboxStore store, Account brand, long seed, Settings settings) {
    this.store = store;
    this.brand = brand;
    this.random = new Random(seed);
    this.content = load("sandbox/content.json");
    load("sandbox/personas.json").forEach(personas::add);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sandbox-traffic");
              t.setDaemon(true);
              return t;
            });
    store.onPost(this::maybeAnswerBack);
    apply(settings);
  }

  Settings settings() {
    return settings;
  }

  /** Changes the rate and answer-back behaviour at run time. */
  synchronized void apply(Settings next) {
    this.settings = next;
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
    if (next.perMinute() > 0) {
      long period = Math.max(10, Math.round(60_000 / next.perMinute()));
      ticking = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    try {
      step();
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.WARNING, "Sandbox traffic step failed: " + e);
    }
  }

  /** Runs {@code count} steps now; returns what each did, e.g. {@code "mention p1004"}. */
  List<String> generate(int count) {
    List<String> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      done.add(step());
    }
    return done;
  }

  /** One scenario step, chosen by weight. */
  synchronized String step() {
    int roll = random.nextInt(100);
    if (roll >= 90) {
      return chatter();
    }
    roll = roll * 100 / 90;
    if (roll < 7) {
      return brandPost();
    }
    if (roll < 24) {
      return comment();
    }
    if (roll < 36) {
      return mention("complaints", "complaint");
    }
    if (roll < 48) {
      return mention("questions", "question");
    }
    if (roll < 56) {
      return mention("praise", "praise");
    }
    if (roll < 66) {
      return mention("purchaseIntent", "purchase-intent");
    }
    if (roll < 72) {
      return spam();
    }
    if (roll < 82) {
      return directMessage();
    }
    if (roll < 88) {
      return directFollowUp();
    }
    if (roll < 94) {
      return publicFollowUp();
    }
    if (roll < 97) {
      return edit();
    }
    return delete();
  }

  private String brandPost() {
    Post post = publish(brand, fill(pick("brandPosts")), null, null);
    return "brand-post " + post.id();
  }

  /** A public post that neither mentions nor answers the brand, sometimes with a need in it. */
  private String chatter() {
    Post post = publish(customer(), fill(pick("publicChatter")), null, null);
    return "chatter " + post.id();
  }

  private String comment() {
    List<Post> brandPosts = store.recent(brand.id(), true, 5);
    if (brandPosts.isEmpty()) {
      return brandPost();
    }
    Post under = brandPosts.get(random.nextInt(brandPosts.size()));
    Post post = publish(customer(), fill(pick("comments")), under.id(), null);
    return "comment " + post.id();
  }

  private String mention(String templates, String label) {
    Post post = publish(customer(), fill(pick(templates)), null, null);
    return label + " " + post.id();
  }

  private String spam() {
    Account spammer = spammer();
    List<Post> brandPosts = store.recent(brand.id(), true, 3);
    String text = fill(pick("spam"));
    if (!brandPosts.isEmpty() && random.nextBoolean()) {
      return "spam-comment " + publish(spammer, text, brandPosts.getFirst().id(), null).id();
    }
    return "spam " + publish(spammer, "@" + brand.handle() + " " + text, null, null).id();
  }

  private String directMessage() {
    Account customer = customer();
    String thread = store.openThread(customer, brand);
    Post post = publish(customer, fill(pick("dmOpeners")), null, thread);
    return "dm " + post.id();
  }

  private String directFollowUp() {
    for (Post last : store.recentInThreads(10)) {
      if (!last.author().brand()) {
        Post post = publish(last.author(), fill(pick("dmFollowUps")), last.id(), null);
        return "dm-follow-up " + post.id();
      }
    }
    return directMessage();
  }

  private String publicFollowUp() {
    for (Post last : store.recent(null, false, 15)) {
      if (!last.author().brand() && !isSpammer(last.author()) && mentionsBrand(last)) {
        Post post = publish(last.author(), fill(pick("followUps")), last.id(), null);
        return "follow-up " + post.id();
      }
    }
    return mention("complaints", "complaint");
  }

  private String edit() {
    for (Post last : store.recent(null, false, 10)) {
      if (!last.author().brand() && last.editedAt() == null) {
        store.edit(last.id(), last.text() + " " + fill(pick("edits")));
        return "edit " + last.id();
      }
    }
    return mention("questions", "question");
  }

  private String delete() {
    for (Post last : store.recent(null, false, 20)) {
      if (isSpammer(last.author())) {
        store.delete(last.id());
        return "delete " + last.id();
      }
    }
    return spam();
  }

  /** A customer sometimes answers the brand's reply: thanks, or not satisfied yet. */
  private void maybeAnswerBack(Post post) {
    if (!post.author().brand() || post.inReplyTo() == null) {
      return;
    }
    Settings now = settings;
    double chance;
    long delay;
    synchronized (this) {
      chance = random.nextDouble();
      delay = now.answerBackDelayMs() + (long) (random.nextDouble() * now.answerBackDelayMs());
    }
    if (chance >= now.answerBackRate()) {
      return;
    }
    scheduler.schedule(() -> answerBack(post), delay, TimeUnit.MILLISECONDS);
  }

  private void answerBack(Post brandReply) {
    try {
      Post parent = store.post(brandReply.inReplyTo()).orElse(null);
      if (parent == null || parent.author().brand() || isSpammer(parent.author())) {
        return;
      }
      String text;
      synchronized (this) {
        String group =
            brandReply.dmThread() != null ? "dm" : random.nextInt(4) == 0 ? "unhappy" : "thanks";
        text = fill(pickFrom(content.path("answerBacks").path(group)));
      }
      publish(parent.author(), text, brandReply.id(), null);
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.WARNING, "Sandbox answer-back failed: " + e);
    }
  }

  private Post publish(Account author, String text, String inReplyTo, String thread) {
    return store.publish(author, text, inReplyTo, thread, null).post();
  }

  private Account customer() {
    List<JsonNode> customers =
        personas.stream().filter(p -> !p.path("spammer").asBoolean(false)).toList();
    JsonNode p = customers.get(random.nextInt(customers.size()));
    return store.ensureCustomer(
        p.path("handle").asString(), p.path("name").asString(), p.path("followers").asInt());
  }

  /** The account for {@code handle}: a known persona's, or a plain new customer. */
  Account customer(String handle) {
    return personas.stream()
        .filter(p -> p.path("handle").asString().equalsIgnoreCase(handle))
        .findFirst()
        .map(
            p ->
                store.ensureCustomer(
                    handle, p.path("name").asString(), p.path("followers").asInt()))
        .orElseGet(() -> store.ensureCustomer(handle, handle, 42));
  }

  private Account spammer() {
    List<JsonNode> spammers =
        personas.stream().filter(p -> p.path("spammer").asBoolean(false)).toList();
    JsonNode p = spammers.get(random.nextInt(spammers.size()));
    return store.ensureCustomer(
        p.path("handle").asString(), p.path("name").asString(), p.path("followers").asInt());
  }

  private boolean isSpammer(Account account) {
    return personas.stream()
        .anyMatch(
            p ->
                p.path("spammer").asBoolean(false)
                    && p.path("handle").asString().equalsIgnoreCase(account.handle()));
  }

  private boolean mentionsBrand(Post post) {
    return post.dmThread() == null
        && post.text().toLowerCase().contains("@" + brand.handle().toLowerCase());
  }

  private String pick(String group) {
    return pickFrom(content.path(group));
  }

  private String pickFrom(JsonNode list) {
    return list.get(random.nextInt(list.size())).asString();
  }

  /** Replaces {slot} markers with a random value of that slot (or a generated one). */
  private String fill(String template) {
    Matcher m = SLOT.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String slot = m.group(1);
      String value =
          switch (slot) {
            case "brand" -> "@" + brand.handle();
            case "order" -> "NW-" + (10000 + random.nextInt(90000));
            case "days" -> Integer.toString(3 + random.nextInt(12));
            default -> {
              JsonNode values = content.path("slots").path(slot);
              yield values.isArray() && !values.isEmpty() ? pickFrom(values) : m.group();
            }
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static JsonNode load(String resource) {
    try (InputStream in = TrafficGenerator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing sandbox content " + resource);
      }
      return SandboxJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
