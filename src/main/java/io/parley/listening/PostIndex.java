package io.parley.listening;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A post tokenized once and indexed by term: for every term (and the bare form of every hashtag and
 * mention) the sorted positions where it occurs. The matcher looks anchors up here and verifies
 * candidate queries against it.
 */
final class PostIndex {

  private static final int[] NONE = new int[0];

  final Post post;
  final TokenizedText text;
  final String[] keys;
  private final Map<String, int[]> positions;

  /**
   * Bits of the hashes of every prefix of every key: most wildcard checks of candidate queries
   * ({@code grinudro* fleamu}) fail here without scanning the keys.
   */
  private final long[] prefixBits = new long[PREFIX_WORDS];

  private static final int PREFIX_WORDS = 64;

  PostIndex(Post post) {
    this.post = post;
    this.text = Tokenizer.tokenize(post.text());
    Map<String, int[]> map = new HashMap<>(text.tokens().size() * 2);
    for (Token token : text.tokens()) {
      add(map, token.term(), token.position());
      String bare = token.bare();
      if (bare != null) {
        add(map, bare, token.position());
      }
    }
    // Trim: the first slot of each array holds its length while building.
    for (Map.Entry<String, int[]> e : map.entrySet()) {
      int[] raw = e.getValue();
      e.setValue(Arrays.copyOfRange(raw, 1, raw[0] + 1));
    }
    this.positions = map;
    this.keys = map.keySet().toArray(String[]::new);
    for (String key : keys) {
      int hash = 0;
      for (int k = 0; k < key.length(); k++) {
        hash = 31 * hash + key.charAt(k); // String.hashCode of key.substring(0, k + 1)
        int bit = prefixBit(hash);
        prefixBits[bit >>> 6] |= 1L << bit;
      }
    }
  }

  /**
   * The filter bit of a term or wildcard prefix, for {@link #mayContainAll}: a term is a prefix of
   * itself, so terms and prefixes share the filter.
   */
  static int prefixBit(String termOrPrefix) {
    return prefixBit(termOrPrefix.hashCode());
  }

  /** Bits per index in {@link #mayContainAll}'s packed argument. */
  static final int PACKED_BITS = 12;

  /**
   * Whether every bit packed by the matcher may be set: {@code packed} holds up to five bit indices
   * of {@link #PACKED_BITS} bits each, the count in the top four bits.
   */
  boolean mayContainAll(long packed) {
    int count = (int) (packed >>> 60);
    for (int k = 0; k < count; k++) {
      int bit = (int) (packed >>> (k * PACKED_BITS)) & (PREFIX_WORDS * 64 - 1);
      if ((prefixBits[bit >>> 6] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether the filter bit (of {@link #prefixBit(String)}) is set. */
  boolean mayContainBit(int bit) {
    return (prefixBits[bit >>> 6] & (1L << bit)) != 0;
  }

  private static int prefixBit(int hash) {
    return (hash ^ (hash >>> 16)) & (PREFIX_WORDS * 64 - 1);
  }

  /** False when no key starts with the prefix; true when one may. */
  private boolean mayContainPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return true;
    }
    int bit = prefixBit(prefix.hashCode());
    return (prefixBits[bit >>> 6] & (1L << bit)) != 0;
  }

  private static void add(Map<String, int[]> map, String key, int position) {
    int[] list = map.get(key);
    if (list == null) {
      list = new int[4];
    } else if (list[0] + 1 == list.length) {
      list = Arrays.copyOf(list, list.length * 2);
    } else {
      list[++list[0]] = position;
      return;
    }
    list[++list[0]] = position;
    map.put(key, list);
  }

  boolean contains(String term) {
    return positions.containsKey(term);
  }

  int[] positionsOf(String term) {
    int[] p = positions.get(term);
    return p == null ? NONE : p;
  }

  boolean containsPrefix(String prefix) {
    if (!mayContainPrefix(prefix)) {
      return false;
    }
    for (String key : keys) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Sorted, distinct positions of all terms starting with {@code prefix}. */
  int[] positionsOfPrefix(String prefix) {
    int[] merged = NONE;
    if (!mayContainPrefix(prefix)) {
      return merged;
    }
    for (String key : keys) {
      if (key.startsWith(prefix)) {
        int[] p = positions.get(key);
        if (merged.length == 0) {
          merged = p;
        } else {
          int[] both = Arrays.copyOf(merged, merged.length + p.length);
          System.arraycopy(p, 0, both, merged.length, p.length);
          Arrays.sort(both);
          merged = Arrays.stream(both).distinct().toArray();
        }
      }
    }
    return merged;
  }
}
