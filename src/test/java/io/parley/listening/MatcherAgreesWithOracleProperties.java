package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.shared.Network;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The compiled {@link QueryMatcher} and the brute-force {@link QueryOracle} agree on random posts
 * (Unicode, accents, emoji, punctuation, hashtags, links) and random queries whose terms are mostly
 * drawn from the post, so that a good share of cases actually match.
 */
class MatcherAgreesWithOracleProperties {

  static final List<String> WORDS =
      List.of(
          "dress",
          "gown",
          "wedding",
          "jeans",
          "outfit",
          "outfits",
          "summer",
          "winter",
          "need",
          "recommend",
          "café",
          "Cafe",
          "naïve",
          "Straße",
          "strasse",
          "don't",
          "dont",
          "t-shirt",
          "ÉTÉ",
          "été",
          "ete",
          "Zürich",
          "zurich",
          "新しい",
          "服",
          "the",
          "a",
          "and",
          "or",
          "not",
          "near",
          "lost",
          "weight",
          "pounds",
          "20",
          "2024",
          "über",
          "uber",
          "sale",
          "ＦＵＬＬ",
          "full",
          "e-mail",
          "bob@example.com",
          "#ootd",
          "#OOTD",
          "#summer",
          "#Outfit",
          "#été",
          "#t_shirt",
          "@nike",
          "@Nike",
          "nike",
          "@alice.bsky.social",
          "@bob_shop",
          "👗",
          "👖",
          "❤️",
          "❤",
          "👍🏽",
          "👍",
          "👩‍💻",
          "🇫🇷",
          "🔥");
  static final List<String> POST_ONLY =
      List.of(
          ",",
          ".",
          "!",
          "?",
          "...",
          "—",
          "(",
          ")",
          "'",
          "&",
          "*",
          ":",
          "-",
          "…",
          "\"",
          "https://shop.example.com/x?y=1",
          "www.example.org");
  static final List<String> SEPARATORS = List.of(" ", " ", " ", " ", "", ", ", "\n", "-", "  ");
  static final List<String> FIELDS =
      List.of(
          "lang:en",
          "lang:de",
          "from:alice",
          "from:@Nike",
          "network:bluesky",
          "has:link",
          "has:question",
          "min_followers:100",
          "intent:purchase");

  record Case(Post post, List<String> queries) {}

  @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
  void matcherFindsExactlyWhatTheOracleFinds(@ForAll("cases") Case c) {
    QueryMatcher matcher = new QueryMatcher();
    Set<QueryMatcher.QueryKey> expected = new HashSet<>();
    long id = 0;
    for (String text : c.queries()) {
      id++;
      ListeningQuery query;
      try {
        query = ListeningQuery.parse(text);
      } catch (QuerySyntaxException refused) {
        Statistics.label("query").collect("refused");
        continue;
      }
      Statistics.label("query").collect("accepted");
      long workspace = id % 3;
      matcher.put(workspace, id, query);
      boolean oracle = QueryOracle.matches(query, c.post());
      Statistics.label("query matches post").collect(oracle);
      if (oracle) {
        expected.add(new QueryMatcher.QueryKey(workspace, id));
      }
    }
    List<QueryMatcher.QueryKey> found = matcher.match(c.post());
    assertThat(found).as("no duplicates").doesNotHaveDuplicates();
    assertThat(new HashSet<>(found))
        .as("post %s, queries %s", c.post().text(), c.queries())
        .isEqualTo(expected);

    Statistics.label("query matches post")
        .coverage(
            coverage -> {
              coverage.check(true).percentage(p -> p >= 15);
              coverage.check(false).percentage(p -> p >= 15);
            });
    Statistics.label("query")
        .coverage(coverage -> coverage.check("accepted").percentage(p -> p >= 60));
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<String>> pieces =
        Arbitraries.frequencyOf(
                Tuple.of(
                    8, Arbitraries.of(WORDS).flatMap(MatcherAgreesWithOracleProperties::cased)),
                Tuple.of(2, Arbitraries.of(POST_ONLY)))
            .list()
            .ofMinSize(0)
            .ofMaxSize(18);
    Arbitrary<Post> posts =
        pieces.flatMap(
            list ->
                Combinators.combine(
                        Arbitraries.of(SEPARATORS).list().ofSize(list.size()),
                        Arbitraries.of("en", "de", "").injectNull(0.2),
                        Arbitraries.of("alice", "Nike", "@bob_shop").injectNull(0.3),
                        Arbitraries.of(Network.BLUESKY, Network.MASTODON).injectNull(0.3),
                        Arbitraries.longs().between(0, 1000),
                        Arbitraries.of("purchase", "complaint").set().ofMaxSize(2))
                    .as(
                        (seps, lang, handle, network, followers, intents) -> {
                          StringBuilder text = new StringBuilder();
                          for (int i = 0; i < list.size(); i++) {
                            text.append(list.get(i)).append(seps.get(i));
                          }
                          return new Post(
                              text.toString(),
                              lang == null || lang.isEmpty() ? null : lang,
                              handle,
                              network,
                              followers,
                              intents);
                        }));
    return posts.flatMap(
        post -> {
          List<String> own = queryable(post);
          return query(own, 3).list().ofMinSize(1).ofMaxSize(8).map(qs -> new Case(post, qs));
        });
  }

  /** The post's own words usable in a query (in the post's order, for phrases). */
  private static List<String> queryable(Post post) {
    List<String> words = new ArrayList<>();
    for (String chunk : post.text().split("[\\s,]+")) {
      if (!chunk.isEmpty()
          && chunk.chars().noneMatch(ch -> "\"()*:".indexOf(ch) >= 0)
          && !chunk.startsWith("-")
          && !Tokenizer.tokenize(chunk).tokens().isEmpty()) {
        words.add(chunk);
      }
    }
    return words;
  }

  private static Arbitrary<String> cased(String word) {
    return Arbitraries.of(
        word,
        word,
        word.toUpperCase(Locale.ROOT),
        word.toLowerCase(Locale.ROOT),
        word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1));
  }

  private static Arbitrary<String> word(List<String> own) {
    Arbitrary<String> global = Arbitraries.of(WORDS);
    return own.isEmpty()
        ? global
        : Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.of(own)), Tuple.of(3, global));
  }

  private static Arbitrary<String> prefix(List<String> own) {
    return word(own)
        .filter(
            w ->
                w.codePointCount(0, w.length()) >= 3
                    && Character.isLetterOrDigit(
                        w.codePointAt(w.startsWith("#") || w.startsWith("@") ? 1 : 0)))
        .flatMap(
            w -> {
              int length = w.codePointCount(0, w.length());
              return Arbitraries.integers()
                  .between(Math.min(3, length), length)
                  .map(k -> w.substring(0, w.offsetByCodePoints(0, k)) + "*");
            });
  }

  private static Arbitrary<String> phrase(List<String> own) {
    if (own.size() < 2) {
      return word(own)
          .list()
          .ofMinSize(2)
          .ofMaxSize(3)
          .map(ws -> "\"" + String.join(" ", ws) + "\"");
    }
    return Combinators.combine(
            Arbitraries.integers().between(0, own.size() - 2),
            Arbitraries.integers().between(2, 3),
            Arbitraries.of(true, false))
        .as(
            (start, length, wildcard) -> {
              List<String> ws = own.subList(start, Math.min(own.size(), start + length));
              String text = String.join(" ", ws);
              return "\"" + text + (wildcard && text.length() > 4 ? "*" : "") + "\"";
            });
  }

  private static Arbitrary<String> span(List<String> own) {
    return Arbitraries.frequencyOf(
        Tuple.of(5, word(own)),
        Tuple.of(2, prefix(own)),
        Tuple.of(2, phrase(own)),
        Tuple.of(
            1,
            word(own)
                .list()
                .ofMinSize(2)
                .ofMaxSize(3)
                .map(ws -> "(" + String.join(" OR ", ws) + ")")));
  }

  private static Arbitrary<String> query(List<String> own, int depth) {
    Arbitrary<String> leaf =
        Arbitraries.frequencyOf(
            Tuple.of(6, span(own)),
            Tuple.of(2, Arbitraries.of(FIELDS)),
            Tuple.of(
                3,
                Combinators.combine(
                        span(own),
                        Arbitraries.of("NEAR", "ONEAR"),
                        Arbitraries.integers().between(0, 4),
                        span(own))
                    .as((a, op, n, b) -> a + " " + op + "/" + n + " " + b)));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<String> sub = Arbitraries.lazy(() -> query(own, depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf),
        Tuple.of(2, Combinators.combine(sub, sub).as((a, b) -> a + " " + b)),
        Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> a + " AND " + b)),
        Tuple.of(2, Combinators.combine(sub, sub).as((a, b) -> "(" + a + ") OR (" + b + ")")),
        Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> a + " OR " + b)),
        Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> a + " -(" + b + ")")),
        Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> a + " NOT " + b)));
  }
}
