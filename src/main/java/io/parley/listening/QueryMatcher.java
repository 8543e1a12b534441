package io.parley.listening;

import io.parley.listening.QueryNode.And;
import io.parley.listening.QueryNode.AnySpan;
import io.parley.listening.QueryNode.From;
import io.parley.listening.QueryNode.HasLink;
import io.parley.listening.QueryNode.HasQuestion;
import io.parley.listening.QueryNode.Intent;
import io.parley.listening.QueryNode.Lang;
import io.parley.listening.QueryNode.MinFollowers;
import io.parley.listening.QueryNode.Near;
import io.parley.listening.QueryNode.Not;
import io.parley.listening.QueryNode.OnNetwork;
import io.parley.listening.QueryNode.Or;
import io.parley.listening.QueryNode.Phrase;
import io.parley.listening.QueryNode.Prefix;
import io.parley.listening.QueryNode.Span;
import io.parley.listening.QueryNode.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Matches posts against many stored queries at once (all workspaces of a node).
 *
 * <p>Each query is indexed under its anchors ({@link ListeningQuery#anchors()}): terms in a hash
 * map, wildcard prefixes in a map keyed by the prefix (looked up with each prefix of the post's
 * terms, for the prefix lengths that occur), {@code from:} handles by author. A post is tokenized
 * once into a {@link PostIndex}; the queries found under its terms are the candidates, and only
 * they are verified exactly against the post's term positions.
 *
 * <p>{@link #put} and {@link #remove} take effect for the next post (writers are serialized;
 * matching reads without locks). A replaced or removed query is never reported, even by a match
 * that was running while it changed.
 */
public final class QueryMatcher {

  /** Identifies a stored query. */
  public record QueryKey(long workspaceId, long queryId) {}

  private static final int MAX_PREFIX = 63;

  private static final class Compiled {
    final QueryKey key;
    final ListeningQuery query;

    /** Cleared when the query is replaced or removed; checked before reporting a match. */
    volatile boolean live = true;

    /**
     * Filter bits of terms and wildcard prefixes that every match contains ({@link
     * PostIndex#mayContainAll}): checked before a candidate is collected, so that {@code grinudro*
     * fleamu} filed under {@code fleamu} is dropped without verification on the many posts with
     * {@code fleamu} but no word starting with {@code grinudro}.
     */
    final long required;

    Compiled(QueryKey key, ListeningQuery query) {
      this.key = key;
      this.query = query;
      this.required = required(query);
    }

    private static long required(ListeningQuery query) {
      long packed = 0;
      int count = 0;
      for (Set<Anchor> clause : ListeningQuery.clauses(query.root())) {
        if (count == 5 || clause.size() != 1) {
          continue;
        }
        String term =
            switch (clause.iterator().next()) {
              case Anchor.Term t -> t.term();
              case Anchor.Prefix p -> p.prefix();
              case Anchor.Author a -> null;
            };
        if (term != null && !term.isEmpty()) {
          packed |= (long) PostIndex.prefixBit(term) << (count++ * PostIndex.PACKED_BITS);
        }
      }
      return packed | (long) count << 60;
    }
  }

  /**
   * A bucket's queries, with their {@link Compiled#required} bits alongside so that rejecting one
   * does not touch the query itself.
   */
  private record View(Compiled[] items, long[] required, int size) {}

  private static final int SMALL_GATE = 64;

  /** A gate map as arrays, with each term's filter bit: most terms are ruled out by the bit. */
  private record SmallGate(String[] terms, int[] bits, Bucket[] buckets) {}

  /**
   * The queries under one anchor; readers see a consistent snapshot without locking. Queries with a
   * gate ({@link ListeningQuery#gate()}) are filed in {@link #gated} under each gate term instead.
   */
  private static final class Bucket {
    private volatile View view = new View(new Compiled[2], new long[2], 0);
    private volatile Map<String, Bucket> gated;
    private volatile SmallGate smallGate;

    void add(Compiled c, List<String> gate) {
      if (gate.isEmpty()) {
        add(c);
        return;
      }
      Map<String, Bucket> g = gated;
      if (g == null) {
        g = new ConcurrentHashMap<>();
        gated = g;
      }
      for (String term : gate) {
        g.computeIfAbsent(term, k -> new Bucket()).add(c);
      }
      refreshSmallGate();
    }

    /** Small gate maps are also kept as arrays: scanning them beats looking up every post term. */
    private void refreshSmallGate() {
      Map<String, Bucket> g = gated;
      if (g == null || g.size() > SMALL_GATE) {
        smallGate = null;
        return;
      }
      String[] terms = new String[g.size()];
      int[] bits = new int[g.size()];
      Bucket[] buckets = new Bucket[g.size()];
      int i = 0;
      for (Map.Entry<String, Bucket> e : g.entrySet()) {
        terms[i] = e.getKey();
        bits[i] = PostIndex.prefixBit(e.getKey());
        buckets[i++] = e.getValue();
      }
      smallGate = new SmallGate(terms, bits, buckets);
    }

    private void add(Compiled c) {
      View v = view;
      Compiled[] items = v.items;
      long[] required = v.required;
      if (v.size == items.length) {
        items = Arrays.copyOf(items, items.length * 2);
        required = Arrays.copyOf(required, items.length);
      }
      items[v.size] = c;
      required[v.size] = c.required;
      view = new View(items, required, v.size + 1);
    }

    /** Returns whether the bucket is now empty. */
    boolean remove(Compiled c, List<String> gate) {
      Map<String, Bucket> g = gated;
      if (gate.isEmpty()) {
        remove(c);
      } else if (g != null) {
        for (String term : gate) {
          Bucket sub = g.get(term);
          if (sub != null && sub.remove(c, List.of())) {
            g.remove(term);
          }
        }
        refreshSmallGate();
      }
      return view.size == 0 && (g == null || g.isEmpty());
    }

    private void remove(Compiled c) {
      View v = view;
      Compiled[] items = new Compiled[Math.max(2, v.items.length)];
      long[] required = new long[items.length];
      int n = 0;
      for (int i = 0; i < v.size; i++) {
        if (v.items[i] != c) {
          required[n] = v.required[i];
          items[n++] = v.items[i];
        }
      }
      view = new View(items, required, n);
    }

    void collect(PostIndex post, List<Compiled> into) {
      View v = view;
      for (int i = 0; i < v.size; i++) {
        if (post.mayContainAll(v.required[i])) {
          into.add(v.items[i]);
        }
      }
      SmallGate small = smallGate;
      if (small != null) {
        for (int i = 0; i < small.terms.length; i++) {
          if (post.mayContainBit(small.bits[i]) && post.contains(small.terms[i])) {
            small.buckets[i].collect(post, into);
          }
        }
        return;
      }
      Map<String, Bucket> g = gated;
      if (g != null && !g.isEmpty()) {
        for (String key : post.keys) {
          Bucket sub = g.get(key);
          if (sub != null) {
            sub.collect(post, into);
          }
        }
      }
    }
  }

  private final Map<QueryKey, Compiled> queries = new ConcurrentHashMap<>();
  private final Map<String, Bucket> byTerm = new ConcurrentHashMap<>();
  private final Map<String, Bucket> byPrefix = new ConcurrentHashMap<>();
  private final Map<String, Bucket> byAuthor = new ConcurrentHashMap<>();
  private final int[] prefixLengthCounts = new int[MAX_PREFIX + 1];
  private volatile long prefixLengths;

  /**
   * A filter on the hash codes of the indexed prefixes, so that the prefixes of a post's terms are
   * only cut out and looked up when one may be indexed. Bits are set under the writer lock and
   * published by the volatile write of {@link #version}; a bit left behind by a removed prefix only
   * costs a lookup. 32 KB: it is probed for every prefix of every term of a post and stays in the
   * L1 cache; at 100k queries (10k prefixes) about 4% of probes pass falsely.
   */
  private final long[] prefixFilter = new long[1 << 12];

  /**
   * The same kind of filter on the hash codes of term anchors: most terms of a post (the, and,
   * love, …) anchor nothing, and the filter answers for them without a lookup in the large map.
   */
  private final long[] termFilter = new long[1 << 14];

  private volatile long version;

  /** Adds a query, or replaces the query stored under the same key. */
  public synchronized void put(long workspaceId, long queryId, ListeningQuery query) {
    QueryKey key = new QueryKey(workspaceId, queryId);
    Compiled compiled = new Compiled(key, query);
    for (Anchor anchor : query.anchors()) {
      switch (anchor) {
        case Anchor.Term t -> {
          byTerm.computeIfAbsent(t.term(), k -> new Bucket()).add(compiled, query.gate());
          int bit = t.term().hashCode() & (termFilter.length * 64 - 1);
          termFilter[bit >>> 6] |= 1L << bit;
        }
        case Anchor.Author a ->
            byAuthor.computeIfAbsent(a.handle(), k -> new Bucket()).add(compiled, query.gate());
        case Anchor.Prefix p -> {
          String prefix = prefixKey(p.prefix());
          byPrefix.computeIfAbsent(prefix, k -> new Bucket()).add(compiled, query.gate());
          int bit = prefix.hashCode() & (prefixFilter.length * 64 - 1);
          prefixFilter[bit >>> 6] |= 1L << bit;
          if (prefixLengthCounts[prefix.length()]++ == 0) {
            prefixLengths |= 1L << prefix.length();
          }
        }
      }
    }
    Compiled previous = queries.put(key, compiled);
    if (previous != null) {
      previous.live = false;
      unindex(previous);
    }
    version++;
  }

  /** Removes a query; returns whether it was there. */
  public synchronized boolean remove(long workspaceId, long queryId) {
    Compiled previous = queries.remove(new QueryKey(workspaceId, queryId));
    if (previous == null) {
      return false;
    }
    previous.live = false;
    unindex(previous);
    return true;
  }

  public int size() {
    return queries.size();
  }

  private void unindex(Compiled compiled) {
    for (Anchor anchor : compiled.query.anchors()) {
      switch (anchor) {
        case Anchor.Term t -> removeFrom(byTerm, t.term(), compiled);
        case Anchor.Author a -> removeFrom(byAuthor, a.handle(), compiled);
        case Anchor.Prefix p -> {
          String prefix = prefixKey(p.prefix());
          removeFrom(byPrefix, prefix, compiled);
          if (--prefixLengthCounts[prefix.length()] == 0) {
            prefixLengths &= ~(1L << prefix.length());
          }
        }
      }
    }
  }

  private static void removeFrom(Map<String, Bucket> map, String key, Compiled compiled) {
    Bucket bucket = map.get(key);
    if (bucket != null && bucket.remove(compiled, compiled.query.gate())) {
      map.remove(key);
    }
  }

  private static String prefixKey(String prefix) {
    return prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix;
  }

  /** The stored queries (of every workspace) that match the post. */
  public List<QueryKey> match(Post post) {
    PostIndex index = new PostIndex(post);
    List<Compiled> candidates = new ArrayList<>();
    int termMask = termFilter.length * 64 - 1;
    for (String key : index.keys) {
      int bit = key.hashCode() & termMask;
      if ((termFilter[bit >>> 6] & (1L << bit)) != 0) {
        collect(byTerm.get(key), index, candidates);
      }
    }
    long lengths = version == 0 ? 0 : prefixLengths;
    if (lengths != 0) {
      int mask = prefixFilter.length * 64 - 1;
      int[] hashes = index.prefixHashes;
      for (int k = 0; k < index.keys.length; k++) {
        String key = index.keys[k];
        int at = index.prefixOffsets[k] - 1;
        int max = Math.min(key.length(), MAX_PREFIX);
        for (int length = 1; length <= max; length++) {
          if ((lengths & (1L << length)) != 0) {
            int bit = hashes[at + length] & mask;
            if ((prefixFilter[bit >>> 6] & (1L << bit)) != 0) {
              collect(byPrefix.get(key.substring(0, length)), index, candidates);
            }
          }
        }
      }
    }
    if (post.authorHandle() != null) {
      collect(byAuthor.get(post.authorHandle()), index, candidates);
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<QueryKey> matched = new ArrayList<>();
    int n = candidates.size();
    Set<Compiled> seen = n > SMALL_CANDIDATES ? new HashSet<>(n * 2) : null;
    for (int i = 0; i < n; i++) {
      Compiled c = candidates.get(i);
      if ((seen == null ? firstAt(candidates, c, i) : seen.add(c))
          && verify(c.query.root(), index)
          && c.live) {
        matched.add(c.key);
      }
    }
    return matched;
  }

  /** Up to this many candidates, duplicates are found by scanning rather than hashing. */
  private static final int SMALL_CANDIDATES = 48;

  private static boolean firstAt(List<Compiled> candidates, Compiled c, int i) {
    for (int k = 0; k < i; k++) {
      if (candidates.get(k) == c) {
        return false;
      }
    }
    return true;
  }

  private static void collect(Bucket bucket, PostIndex post, List<Compiled> into) {
    if (bucket != null) {
      bucket.collect(post, into);
    }
  }

  // ---- exact verification on the post's positions ----

  static boolean verify(QueryNode node, PostIndex post) {
    return switch (node) {
      case Word w -> post.contains(w.term());
      case Prefix p -> post.containsPrefix(p.prefix());
      case Phrase ph -> phraseStarts(ph, post, true).length > 0;
      case AnySpan any -> {
        for (Span alt : any.alternatives()) {
          if (verify(alt, post)) {
            yield true;
          }
        }
        yield false;
      }
      case And and -> {
        for (QueryNode c : and.children()) {
          if (!verify(c, post)) {
            yield false;
          }
        }
        yield true;
      }
      case Or or -> {
        for (QueryNode c : or.children()) {
          if (verify(c, post)) {
            yield true;
          }
        }
        yield false;
      }
      case Not not -> !verify(not.child(), post);
      case Near near -> near(near, post);
      case Lang lang -> lang.code().equals(post.post.lang());
      case From from -> from.handle().equals(post.post.authorHandle());
      case OnNetwork on -> on.network() == post.post.network();
      case HasLink h -> post.text.hasLink();
      case HasQuestion h -> post.text.hasQuestion();
      case MinFollowers min -> post.post.followers() >= min.count();
      case Intent intent -> post.post.intents().contains(intent.name());
    };
  }

  private static int[] positions(Span single, PostIndex post) {
    return switch (single) {
      case Word w -> post.positionsOf(w.term());
      case Prefix p -> post.positionsOfPrefix(p.prefix());
      default -> throw new IllegalArgumentException(single.render());
    };
  }

  /** Start positions of the phrase; with {@code firstOnly} at most one. */
  private static int[] phraseStarts(Phrase phrase, PostIndex post, boolean firstOnly) {
    List<Span> parts = phrase.parts();
    int[][] at = new int[parts.size()][];
    for (int k = 0; k < at.length; k++) {
      at[k] = positions(parts.get(k), post);
      if (at[k].length == 0) {
        return at[k];
      }
    }
    int[] starts = new int[at[0].length];
    int n = 0;
    for (int start : at[0]) {
      boolean all = true;
      for (int k = 1; k < at.length && all; k++) {
        all = Arrays.binarySearch(at[k], start + k) >= 0;
      }
      if (all) {
        starts[n++] = start;
        if (firstOnly) {
          break;
        }
      }
    }
    return Arrays.copyOf(starts, n);
  }

  /** Occurrences as pairs: {@code [start0, end0, start1, end1, …]}. */
  private static int[] occurrences(Span span, PostIndex post) {
    return switch (span) {
      case Phrase ph -> {
        int[] starts = phraseStarts(ph, post, false);
        int[] pairs = new int[starts.length * 2];
        for (int i = 0; i < starts.length; i++) {
          pairs[2 * i] = starts[i];
          pairs[2 * i + 1] = starts[i] + ph.parts().size() - 1;
        }
        yield pairs;
      }
      case AnySpan any -> {
        int[] all = new int[0];
        for (Span alt : any.alternatives()) {
          int[] more = occurrences(alt, post);
          int[] joined = Arrays.copyOf(all, all.length + more.length);
          System.arraycopy(more, 0, joined, all.length, more.length);
          all = joined;
        }
        yield all;
      }
      default -> {
        int[] p = positions(span, post);
        int[] pairs = new int[p.length * 2];
        for (int i = 0; i < p.length; i++) {
          pairs[2 * i] = p[i];
          pairs[2 * i + 1] = p[i];
        }
        yield pairs;
      }
    };
  }

  private static boolean near(Near near, PostIndex post) {
    int[] left = occurrences(near.left(), post);
    if (left.length == 0) {
      return false;
    }
    int[] right = occurrences(near.right(), post);
    int reach = near.distance() + 1;
    for (int i = 0; i < left.length; i += 2) {
      for (int j = 0; j < right.length; j += 2) {
        int ls = left[i];
        int le = left[i + 1];
        int rs = right[j];
        int re = right[j + 1];
        if (le < rs && rs <= le + reach) {
          return true;
        }
        if (!near.ordered() && re < ls && ls <= re + reach) {
          return true;
        }
      }
    }
    return false;
  }
}
