package io.parley;

import io.parley.channels.InboundItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Inbound traffic shaped like a support inbox, for benchmarks: reply forests with mostly short
 * threads and a few long ones, brand replies in between, a long-tailed author population, text of
 * realistic length with emoji, 30% of replies arriving before their parents and 5% duplicates.
 */
final class SyntheticTraffic {

  static final double EARLY_REPLIES = 0.30;
  static final double DUPLICATES = 0.05;

  private static final String[] WORDS = {
    "order",
    "delivery",
    "refund",
    "parcel",
    "still",
    "waiting",
    "please",
    "help",
    "account",
    "password",
    "thanks",
    "size",
    "jacket",
    "boots",
    "tracking",
    "number",
    "days",
    "since",
    "store",
    "return",
    "label",
    "app",
    "crashes",
    "when",
    "I",
    "try",
    "to",
    "pay",
    "the",
    "my",
    "is",
    "not",
    "working",
    "again",
    "why",
    "can",
    "you",
    "check",
    "DM",
    "sent",
    "weeks",
    "ago"
  };
  private static final String[] EMOJI = {
    "🙂", "😡", "📦", "🚚", "👍🏽", "🙏", "😂", "💔", "🇩🇪", "✨"
  };
  private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

  private SyntheticTraffic() {}

  /** {@code messages} items in arrival order (duplicates included), ids prefixed for isolation. */
  static List<InboundItem> generate(String prefix, int messages, long seed) {
    var random = new Random(seed);
    int unique = (int) Math.round(messages * (1 - DUPLICATES));
    int users = Math.max(50, unique / 4);
    List<Arrival> arrivals = new ArrayList<>(messages);
    int next = 0;
    while (next < unique) {
      int length = Math.min(unique - next, threadLength(random));
      List<Arrival> thread = new ArrayList<>(length);
      int user = (int) (users * Math.pow(random.nextDouble(), 2));
      Instant at = START.plusSeconds(random.nextInt(60 * 24 * 3600));
      for (int i = 0; i < length; i++) {
        String id = prefix + (next++);
        Arrival parent = null;
        if (i > 0) {
          parent =
              random.nextDouble() < 0.8
                  ? thread.get(i - 1)
                  : thread.get(random.nextInt(thread.size()));
          at = parent.item().createdAt().plusSeconds(30 + random.nextInt(7200));
        }
        boolean brand =
            parent != null && !parent.item().fromAccountOwner() && random.nextInt(5) < 2;
        int author = random.nextInt(10) == 0 ? random.nextInt(users) : user;
        InboundItem item =
            item(id, parent == null ? null : parent.item(), brand, author, at, random);
        long key = at.toEpochMilli();
        if (parent != null && random.nextDouble() < EARLY_REPLIES) {
          key = parent.key() - 1 - random.nextInt(60_000);
        }
        thread.add(new Arrival(item, key));
      }
      arrivals.addAll(thread);
    }
    arrivals.sort(Comparator.comparingLong(Arrival::key));
    List<InboundItem> items = new ArrayList<>(messages);
    arrivals.forEach(a -> items.add(a.item()));
    for (int d = unique; d < messages; d++) {
      items.add(random.nextInt(items.size() + 1), items.get(random.nextInt(unique)));
    }
    return items;
  }

  private static int threadLength(Random random) {
    double r = random.nextDouble();
    if (r < 0.60) {
      return 1 + random.nextInt(3);
    }
    if (r < 0.95) {
      return 4 + random.nextInt(9);
    }
    return 20 + random.nextInt(61);
  }

  /** Audience sizes are stable per author, as they are between two messages in reality. */
  private static InboundItem item(
      String id, InboundItem parent, boolean brand, int user, Instant at, Random random) {
    var author =
        brand
            ? new InboundItem.Author("brand-id", "brand", "The Brand", 120_000)
            : new InboundItem.Author(
                "u" + user, "user" + user, "User " + user, (user * 7919) % 5_000);
    String text = text(random, brand);
    String raw =
        "{\"id\":\"%s\",\"author\":\"%s\",\"created_at\":\"%s\",\"text_length\":%d}"
            .formatted(id, author.externalId(), at, text.length());
    return new InboundItem(
        id,
        InboundItem.Change.CREATED,
        parent == null ? InboundItem.Kind.MENTION : InboundItem.Kind.REPLY,
        parent == null ? null : parent.externalId(),
        null,
        author,
        brand,
        text,
        null,
        at,
        null,
        raw);
  }

  /** Mostly tweet-sized, sometimes a paragraph; a third carry emoji. */
  private static String text(Random random, boolean brand) {
    int target = random.nextInt(50) == 0 ? 300 + random.nextInt(700) : 15 + random.nextInt(240);
    var sb = new StringBuilder(target + 16);
    sb.append(brand ? "Hi! " : "@brand ");
    while (sb.length() < target) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      if (random.nextInt(30) == 0) {
        sb.append(EMOJI[random.nextInt(EMOJI.length)]).append(' ');
      }
    }
    if (random.nextInt(3) == 0) {
      sb.append(EMOJI[random.nextInt(EMOJI.length)]);
    }
    return sb.toString().strip();
  }

  private record Arrival(InboundItem item, long key) {}
}
