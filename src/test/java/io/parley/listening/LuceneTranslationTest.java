package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.listening.QueryNode.Near;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import org.junit.jupiter.api.Test;

/**
 * The benchmark baseline measures the same thing as our matcher: Lucene Monitor, given the
 * translated queries and posts, finds the same matches on the benchmark workload.
 */
class LuceneTranslationTest {

  @Test
  void luceneMonitorFindsWhatTheMatcherFinds() throws Exception {
    ListeningWorkload workload = new ListeningWorkload(3_000, 500, 7);
    List<String> texts = workload.queries(2_000, 8);
    List<Post> posts = workload.posts(250, 9);
    QueryMatcher matcher = new QueryMatcher();
    int compared = 0;
    try (Monitor monitor = new Monitor(LuceneTranslation.analyzer())) {
      for (int i = 0; i < texts.size(); i++) {
        ListeningQuery query = ListeningQuery.parse(texts.get(i));
        // Lucene lets the two sides of an unordered span NEAR overlap; ours does not.
        if (query.root() instanceof Near near && near.left().equals(near.right())) {
          continue;
        }
        matcher.put(0, i, query);
        monitor.register(
            new MonitorQuery(Integer.toString(i), LuceneTranslation.query(query.root())));
      }
      int matches = 0;
      for (Post post : posts) {
        Set<String> ours = new HashSet<>();
        matcher.match(post).forEach(k -> ours.add(Long.toString(k.queryId())));
        Set<String> lucene = new HashSet<>();
        monitor
            .match(LuceneTranslation.document(post), QueryMatch.SIMPLE_MATCHER)
            .getMatches()
            .forEach(m -> lucene.add(m.getQueryId()));
        assertThat(ours).as(post.text()).isEqualTo(lucene);
        matches += ours.size();
        compared++;
      }
      assertThat(matches).as("the workload produces matches").isGreaterThan(posts.size() / 4);
    }
    assertThat(compared).isEqualTo(posts.size());
  }
}
