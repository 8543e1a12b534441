package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.listening.QueryMatcher.QueryKey;
import io.parley.shared.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class QueryMatcherTest {

  private final QueryMatcher matcher = new QueryMatcher();

  private static ListeningQuery q(String text) {
    return ListeningQuery.parse(text);
  }

  @Test
  void findsQueriesOfEveryWorkspaceThatMatch() {
    matcher.put(1, 10, q("(dress OR gown) NEAR/3 wedding"));
    matcher.put(2, 20, q("(lost NEAR/2 pounds) jeans"));
    matcher.put(2, 21, q("#ootd -sale"));
    matcher.put(3, 30, q("recommend* tailor has:question"));

    assertThat(matcher.match(Post.of("Anyone know where to get a DRESS for my sister's wedding?")))
        .containsExactly(new QueryKey(1, 10));
    assertThat(matcher.match(Post.of("lost 20 pounds, need new jeans")))
        .containsExactly(new QueryKey(2, 20));
    assertThat(matcher.match(Post.of("today's #OOTD ✨"))).containsExactly(new QueryKey(2, 21));
    assertThat(matcher.match(Post.of("#ootd sale now on"))).isEmpty();
    assertThat(matcher.match(Post.of("can anyone recommend a tailor in Zürich?")))
        .containsExactly(new QueryKey(3, 30));
    assertThat(matcher.match(Post.of("I recommend my tailor."))).isEmpty();
  }

  @Test
  void aBareWordAlsoMatchesTheHashtagAndMentionButNotTheOtherWayRound() {
    matcher.put(1, 1, q("outfit"));
    matcher.put(1, 2, q("#outfit"));
    matcher.put(1, 3, q("nike"));
    assertThat(matcher.match(Post.of("my #Outfit today")))
        .containsExactlyInAnyOrder(new QueryKey(1, 1), new QueryKey(1, 2));
    assertThat(matcher.match(Post.of("my outfit today"))).containsExactly(new QueryKey(1, 1));
    assertThat(matcher.match(Post.of("thanks @Nike"))).containsExactly(new QueryKey(1, 3));
  }

  @Test
  void fieldsAreCheckedOnTheMetadata() {
    matcher.put(1, 1, q("jeans lang:en network:bluesky min_followers:500 intent:purchase"));
    matcher.put(1, 2, q("from:@BrandX"));
    Post matching =
        new Post("new jeans", "EN", "someone", Network.BLUESKY, 800, Set.of("purchase"));
    Post fewFollowers =
        new Post("new jeans", "en", "someone", Network.BLUESKY, 20, Set.of("purchase"));
    Post fromBrand = new Post("whatever we say", null, "@brandx", Network.X, 0, Set.of());
    assertThat(matcher.match(matching)).containsExactly(new QueryKey(1, 1));
    assertThat(matcher.match(fewFollowers)).isEmpty();
    assertThat(matcher.match(fromBrand)).containsExactly(new QueryKey(1, 2));
  }

  @Test
  void changesAndRemovalsTakeEffectForTheNextPost() {
    Post post = Post.of("need a summer outfit for the beach");
    matcher.put(1, 1, q("summer outfit*"));
    assertThat(matcher.match(post)).containsExactly(new QueryKey(1, 1));

    matcher.put(1, 1, q("winter outfit*"));
    assertThat(matcher.match(post)).isEmpty();
    assertThat(matcher.match(Post.of("winter outfits"))).containsExactly(new QueryKey(1, 1));
    assertThat(matcher.size()).isEqualTo(1);

    assertThat(matcher.remove(1, 1)).isTrue();
    assertThat(matcher.remove(1, 1)).isFalse();
    assertThat(matcher.match(Post.of("winter outfits"))).isEmpty();
    assertThat(matcher.size()).isZero();
  }

  @Test
  void matchingWhileQueriesChangeNeverReportsARemovedQueryAndMissesNoStableOne() throws Exception {
    matcher.put(0, 0, q("stable"));
    Post post = Post.of("stable churn words here");
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<String>> reader =
          pool.submit(
              () -> {
                List<String> problems = new ArrayList<>();
                while (!stop.get()) {
                  List<QueryKey> found = matcher.match(post);
                  if (!found.contains(new QueryKey(0, 0))) {
                    problems.add("stable query missing: " + found);
                  }
                  for (QueryKey key : found) {
                    if (key.workspaceId() == 1 && key.queryId() % 2 == 1) {
                      problems.add("query that never matches reported: " + key);
                    }
                  }
                }
                return problems;
              });
      for (int round = 0; round < 2000; round++) {
        long id = round % 50;
        // Even ids match the post; odd ids share the anchor but never match.
        matcher.put(1, id, q(id % 2 == 0 ? "churn" : "churn -words"));
        if (round % 3 == 0) {
          matcher.remove(1, (round * 7L) % 50);
        }
      }
      stop.set(true);
      assertThat(reader.get()).isEmpty();
      List<QueryKey> last = matcher.match(post);
      assertThat(last).contains(new QueryKey(0, 0));
      assertThat(last).allMatch(k -> k.workspaceId() == 0 || k.queryId() % 2 == 0);
    } finally {
      pool.shutdownNow();
    }
  }
}
