package io.parley.listening;

import io.parley.shared.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic synthetic listening workload for {@code parley bench listening}: a Zipfian
 * vocabulary (real common and fashion words at the head, invented words in the long tail), invented
 * brand names, posts with hashtags, mentions, emoji, links and questions, and query sets in the
 * shapes people write (brand monitoring, product phrases, "recommend a …" needs, AND of content
 * words, wildcards, NEAR).
 */
final class ListeningWorkload {

  private static final List<String> HEAD =
      List.of(
          "the", "i", "to", "a", "and", "you", "it", "is", "my", "for", "in", "of", "this", "that",
          "on", "me", "so", "just", "be", "have", "with", "new", "get", "love", "need", "like",
          "what", "day", "all", "but", "not", "your", "can", "are", "we", "at", "now", "one", "so",
          "out", "today", "good", "know", "do", "got", "time", "want", "really", "when", "some");
  private static final List<String> DOMAIN =
      List.of(
          "dress",
          "jeans",
          "outfit",
          "shoes",
          "wedding",
          "summer",
          "winter",
          "recommend",
          "anyone",
          "looking",
          "buy",
          "store",
          "size",
          "jacket",
          "coat",
          "shirt",
          "boots",
          "sneakers",
          "party",
          "gift",
          "sale",
          "refund",
          "order",
          "delivery",
          "late",
          "broken",
          "quality",
          "cheap",
          "price",
          "style",
          "look",
          "wear",
          "fit",
          "pounds",
          "lost",
          "weight",
          "vacation",
          "beach",
          "office",
          "interview",
          "birthday",
          "christmas",
          "autumn",
          "spring",
          "cotton",
          "leather",
          "vintage",
          "brand",
          "customer",
          "service",
          "support",
          "return");
  private static final List<String> PRODUCTS =
      List.of(
          "dress",
          "jeans",
          "sneakers",
          "jacket",
          "boots",
          "coat",
          "bag",
          "watch",
          "hoodie",
          "shirt",
          "skirt",
          "sandals",
          "scarf",
          "suit",
          "blazer",
          "swimsuit",
          "leggings",
          "cap");
  private static final List<String> EMOJI =
      List.of("😍", "🔥", "👗", "👖", "❤️", "😂", "🙏", "👍🏽", "✨", "😭", "🎉", "👟");
  private static final List<String> NEEDS =
      List.of("recommend*", "\"looking for\"", "\"anyone know\"", "\"where to buy\"", "need");
  private static final String[] ONSETS = {
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br",
    "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "tr", "th"
  };
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "y", "é"};

  final String[] vocabulary;
  final String[] brands;
  private final double[] postZipf;
  private final double[] queryZipf;
  private final double[] brandZipf;
  private static final int CONTENT_FROM = 300;

  ListeningWorkload(int vocabularySize, int brandCount, long seed) {
    Random random = new Random(seed);
    Set<String> words = new LinkedHashSet<>(HEAD);
    words.addAll(DOMAIN);
    while (words.size() < vocabularySize) {
      words.add(invent(random, 2 + random.nextInt(3)));
    }
    vocabulary = words.toArray(String[]::new);
    Set<String> names = new LinkedHashSet<>();
    while (names.size() < brandCount) {
      String name = invent(random, 2 + random.nextInt(2));
      if (!words.contains(name)) {
        names.add(name);
      }
    }
    brands = names.toArray(String[]::new);
    postZipf = zipf(vocabulary.length, 1.0);
    queryZipf = zipf(vocabulary.length - CONTENT_FROM, 0.6);
    brandZipf = zipf(brands.length, 0.8);
  }

  private static String invent(Random random, int syllables) {
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < syllables; s++) {
      b.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)]);
    }
    if (random.nextInt(3) == 0) {
      b.append(ONSETS[random.nextInt(16)]);
    }
    return b.toString();
  }

  private static double[] zipf(int n, double exponent) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, exponent);
      cumulative[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cumulative[r] /= sum;
    }
    return cumulative;
  }

  private static int draw(double[] cumulative, Random random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(cumulative.length - 1, i < 0 ? -i - 1 : i);
  }

  private String postWord(Random r) {
    return vocabulary[draw(postZipf, r)];
  }

  /** Words people put in queries: not the most common hundreds of words. */
  private String contentWord(Random r) {
    return vocabulary[CONTENT_FROM + draw(queryZipf, r)];
  }

  /** A brand as posts mention it: a few brands are talked about a lot. */
  private String brand(Random r) {
    return brands[draw(brandZipf, r)];
  }

  /** A brand a workspace listens for: every brand has about as many listeners. */
  private String listenedBrand(Random r) {
    return brands[r.nextInt(brands.length)];
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  List<Post> posts(int count, long seed) {
    Random r = new Random(seed);
    Network[] networks = {Network.BLUESKY, Network.MASTODON, Network.X, Network.REDDIT};
    String[] langs = {"en", "en", "en", "de", "fr", "es"};
    List<Post> posts = new ArrayList<>(count);
    for (int p = 0; p < count; p++) {
      int length = 6 + r.nextInt(30);
      StringBuilder text = new StringBuilder();
      for (int t = 0; t < length; t++) {
        int kind = r.nextInt(100);
        String piece;
        if (kind < 82) {
          piece = postWord(r);
          if (t == 0 || r.nextInt(20) == 0) {
            piece = capitalized(piece);
          }
        } else if (kind < 87) {
          piece = r.nextBoolean() ? capitalized(brand(r)) : brand(r) + " " + pick(PRODUCTS, r);
        } else if (kind < 90) {
          piece = "#" + (r.nextBoolean() ? postWord(r) : brand(r));
        } else if (kind < 92) {
          piece = "@" + brand(r);
        } else if (kind < 95) {
          piece = pick(EMOJI, r);
        } else if (kind < 97) {
          piece = pick(List.of("looking for", "anyone know", "where to buy", "can someone"), r);
        } else {
          piece = pick(List.of(",", ".", "!", "...", "-", ":"), r);
        }
        text.append(piece).append(' ');
      }
      if (r.nextInt(20) == 0) {
        text.append("https://shop.example.com/p/").append(r.nextInt(100000)).append(' ');
      }
      if (r.nextInt(6) == 0) {
        text.append('?');
      }
      posts.add(
          new Post(
              text.toString(),
              langs[r.nextInt(langs.length)],
              "user" + r.nextInt(50_000),
              networks[r.nextInt(networks.length)],
              (long) Math.pow(10, r.nextDouble() * 5),
              r.nextInt(10) == 0 ? Set.of("purchase") : Set.of()));
    }
    return posts;
  }

  List<String> queries(int count, long seed) {
    Random r = new Random(seed);
    List<String> queries = new ArrayList<>(count);
    while (queries.size() < count) {
      int kind = r.nextInt(100);
      String q;
      if (kind < 30) {
        String b = listenedBrand(r);
        q = b + " OR #" + b + " OR @" + b;
        if (r.nextBoolean()) {
          q = "(" + q + ") -" + pick(List.of("job", "hiring", "giveaway"), r);
        }
        if (r.nextInt(3) == 0) {
          q += " lang:en";
        }
      } else if (kind < 50) {
        q =
            r.nextBoolean()
                ? "\"" + listenedBrand(r) + " " + pick(PRODUCTS, r) + "\""
                : "\"" + contentWord(r) + " " + contentWord(r) + "\"";
      } else if (kind < 62) {
        q =
            pick(NEEDS, r)
                + " NEAR/"
                + (2 + r.nextInt(4))
                + " ("
                + contentWord(r)
                + " OR "
                + contentWord(r)
                + ")";
        if (r.nextInt(3) == 0) {
          q += " has:question";
        }
      } else if (kind < 80) {
        q = contentWord(r) + " " + contentWord(r);
        if (r.nextBoolean()) {
          q += " " + contentWord(r);
        }
        if (r.nextInt(3) == 0) {
          q += " -" + contentWord(r);
        }
      } else if (kind < 90) {
        String w = contentWord(r);
        String stem = w.length() > 5 ? w.substring(0, 4 + r.nextInt(w.length() - 4)) : w;
        q = stem + "* " + contentWord(r);
      } else {
        q =
            contentWord(r)
                + (r.nextBoolean() ? " NEAR/" : " ONEAR/")
                + (1 + r.nextInt(5))
                + " "
                + contentWord(r);
      }
      queries.add(q);
    }
    return queries;
  }

  private static <T> T pick(List<T> list, Random r) {
    return list.get(r.nextInt(list.size()));
  }
}
