package io.parley.listening;

import io.parley.channels.InboundItem;
import io.parley.shared.Network;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * "Test on recent posts": runs a draft query, unsaved, over the public posts a workspace read
 * lately and says which match and why (token offsets to highlight). The posts are the last {@value
 * #KEPT} the pipeline read per workspace (in memory, gone after a restart) plus the posts of the
 * workspace's newest opportunities (stored, so a fresh node has something to test on).
 */
@Component
public class RecentPosts {

  static final int KEPT = 500;

  /** Where in a post's text a match is, as char offsets ({@code end} exclusive). */
  public record Highlight(int start, int end) {}

  /** A piece of a post's text, marked when it is part of the match. */
  public record Piece(String text, boolean marked) {}

  /** A recent post that the draft query matches. */
  public record Sample(
      Network network,
      String authorHandle,
      String authorName,
      Instant createdAt,
      String text,
      List<Highlight> highlights) {

    /**
     * The text cut into plain and marked pieces, in order, for a page to escape piece by piece: the
     * post is untrusted and never becomes markup.
     */
    public List<Piece> pieces() {
      List<Piece> pieces = new ArrayList<>();
      int at = 0;
      for (Highlight h : highlights) {
        if (h.start() > at) {
          pieces.add(new Piece(text.substring(at, h.start()), false));
        }
        pieces.add(new Piece(text.substring(h.start(), h.end()), true));
        at = h.end();
      }
      if (at < text.length()) {
        pieces.add(new Piece(text.substring(at), false));
      }
      return pieces;
    }
  }

  /**
   * @param checked how many recent posts were tried
   * @param matches the ones that match, newest first, at most the limit asked for
   * @param total how many match in all
   */
  public record Trial(int checked, List<Sample> matches, int total) {}

  private record Kept(String key, Post post, Sample sample) {}

  private final Map<Long, Deque<Kept>> byWorkspace = new ConcurrentHashMap<>();
  private final ListeningQueries queries;
  private final JdbcClient jdbc;

  RecentPosts(ListeningQueries queries, JdbcClient jdbc) {
    this.queries = queries;
    this.jdbc = jdbc;
  }

  /** Keeps a public post the pipeline read; the oldest goes when a workspace has {@value #KEPT}. */
  void remember(long workspaceId, Network network, InboundItem item, Post post) {
    Deque<Kept> kept = byWorkspace.computeIfAbsent(workspaceId, id -> new ArrayDeque<>());
    synchronized (kept) {
      kept.addFirst(
          new Kept(
              network + ":" + item.externalId(),
              post,
              new Sample(
                  network,
                  item.author().handle(),
                  item.author().displayName(),
                  item.createdAt(),
                  post.text(),
                  List.of())));
      while (kept.size() > KEPT) {
        kept.removeLast();
      }
    }
  }

  /**
   * Runs {@code queryText} over the recent posts; refused with {@link QuerySyntaxException} like
   * saving would be.
   */
  public Trial test(long workspaceId, String queryText, int limit) {
    ListeningQuery query = queries.validate(queryText);
    List<Kept> posts = posts(workspaceId);
    List<Sample> matches = new ArrayList<>();
    for (Kept k : posts) {
      SortedSet<Integer> marked = QueryOracle.highlights(query, k.post());
      if (!marked.isEmpty() || QueryOracle.matches(query, k.post())) {
        matches.add(withHighlights(k.sample(), marked));
      }
    }
    matches.sort(
        Comparator.comparing(
                Sample::createdAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .reversed());
    return new Trial(posts.size(), matches.stream().limit(limit).toList(), matches.size());
  }

  private static Sample withHighlights(Sample s, SortedSet<Integer> positions) {
    List<Token> tokens = Tokenizer.tokenize(s.text()).tokens();
    List<Highlight> spans = new ArrayList<>();
    for (int p : positions) {
      Token t = tokens.get(p);
      Highlight last = spans.isEmpty() ? null : spans.getLast();
      // a phrase is one mark, with the spaces between its words
      if (last != null && positions.contains(p - 1) && isBlank(s.text(), last.end(), t.start())) {
        spans.set(spans.size() - 1, new Highlight(last.start(), t.end()));
      } else {
        spans.add(new Highlight(t.start(), t.end()));
      }
    }
    return new Sample(
        s.network(), s.authorHandle(), s.authorName(), s.createdAt(), s.text(), spans);
  }

  private static boolean isBlank(String text, int from, int to) {
    return from <= to && text.substring(from, to).isBlank();
  }

  /** The workspace's recent posts: those read lately, then its newest opportunities' posts. */
  private List<Kept> posts(long workspaceId) {
    Map<String, Kept> posts = new LinkedHashMap<>();
    Deque<Kept> kept = byWorkspace.get(workspaceId);
    if (kept != null) {
      synchronized (kept) {
        kept.forEach(k -> posts.putIfAbsent(k.key(), k));
      }
    }
    Set<String> seen = new HashSet<>(posts.keySet());
    jdbc.sql(
            "select network, post_external_id, post_text, post_created_at, author_handle,"
                + " author_name, author_followers, intent from opportunities where workspace_id = ?"
                + " order by created_at desc, id desc limit "
                + KEPT)
        .param(workspaceId)
        .query(
            (rs, row) -> {
              Network network = Network.valueOf(rs.getString("network"));
              String key = network + ":" + rs.getString("post_external_id");
              if (seen.add(key)) {
                String intent = rs.getString("intent");
                Timestamp at = rs.getTimestamp("post_created_at");
                Post post =
                    new Post(
                        rs.getString("post_text"),
                        null,
                        rs.getString("author_handle"),
                        network,
                        rs.getLong("author_followers"),
                        intent == null ? Set.of() : Set.of(intent));
                posts.put(
                    key,
                    new Kept(
                        key,
                        post,
                        new Sample(
                            network,
                            rs.getString("author_handle"),
                            rs.getString("author_name"),
                            at == null ? null : at.toInstant(),
                            post.text(),
                            List.of())));
              }
              return key;
            })
        .list();
    return List.copyOf(posts.values());
  }
}
