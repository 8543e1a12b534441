package io.parley.listening;

import java.util.Arrays;
import java.util.List;

/**
 * A post tokenized once and indexed by term: for every term (and the bare form of every hashtag and
 * mention) where it occurs. The matcher looks anchors up here and verifies candidate queries
 * against it.
 *
 * <p>Built for every post, so it avoids maps and boxing: an open-addressing table of the distinct
 * terms, and the occurrences of each term chained through an array (positions ascend, so a chain
 * read from its head is sorted). Position arrays are only built when a phrase or NEAR asks.
 */
final class PostIndex {

  private static final int[] NONE = new int[0];

  private static final int PREFIX_WORDS = 64;

  final Post post;
  final TokenizedText text;

  /** The distinct terms, in order of first occurrence. */
  final String[] keys;

  private final String[] slots;
  private final int[] slotKey;
  private final int[] counts;
  private final int[] heads;
  private final int[] tails;
  private final int[] occurrencePosition;
  private final int[] nextOccurrence;
  private final int[][] positions;

  /**
   * Bits of the hashes of every prefix of every key: most wildcard and required-term checks of
   * candidate queries ({@code grinudro* fleamu}) fail here without a lookup.
   */
  private final long[] prefixBits = new long[PREFIX_WORDS];

  PostIndex(Post post) {
    this.post = post;
    this.text = Tokenizer.tokenize(post.text());
    List<Token> tokens = text.tokens();
    int max = tokens.size() * 2;
    int capacity = Integer.highestOneBit(Math.max(4, max * 2 - 1)) << 1;
    slots = new String[capacity];
    slotKey = new int[capacity];
    String[] distinct = new String[max];
    counts = new int[max];
    heads = new int[max];
    tails = new int[max];
    occurrencePosition = new int[max];
    nextOccurrence = new int[max];
    int keyCount = 0;
    int occurrences = 0;
    for (Token token : tokens) {
      String bare = token.bare();
      for (int form = 0; form < 2; form++) {
        String term = form == 0 ? token.term() : bare;
        if (term == null) {
          break;
        }
        int slot = slot(term);
        int key;
        if (slots[slot] == null) {
          slots[slot] = term;
          key = keyCount++;
          slotKey[slot] = key;
          distinct[key] = term;
          heads[key] = occurrences;
        } else {
          key = slotKey[slot];
          nextOccurrence[tails[key]] = occurrences;
        }
        occurrencePosition[occurrences] = token.position();
        nextOccurrence[occurrences] = -1;
        tails[key] = occurrences++;
        counts[key]++;
      }
    }
    keys = Arrays.copyOf(distinct, keyCount);
    positions = new int[keyCount][];
    prefixOffsets = new int[keyCount + 1];
    for (int key = 0; key < keyCount; key++) {
      prefixOffsets[key + 1] = prefixOffsets[key] + keys[key].length();
    }
    prefixHashes = new int[prefixOffsets[keyCount]];
    for (int key = 0; key < keyCount; key++) {
      String term = keys[key];
      int at = prefixOffsets[key];
      int hash = 0;
      for (int k = 0; k < term.length(); k++) {
        hash = 31 * hash + term.charAt(k); // String.hashCode of term.substring(0, k + 1)
        prefixHashes[at + k] = hash;
        int bit = prefixBit(hash);
        prefixBits[bit >>> 6] |= 1L << bit;
      }
    }
  }

  /**
   * The hash code of every prefix of every key, computed once for the filter and reused by the
   * matcher's wildcard lookups: {@code prefixHashes[prefixOffsets[key] + length - 1]}.
   */
  final int[] prefixHashes;

  final int[] prefixOffsets;

  /** The slot holding {@code term}, or the empty slot where it would go. */
  private int slot(String term) {
    int mask = slots.length - 1;
    int h = term.hashCode();
    int slot = (h ^ (h >>> 16)) & mask;
    while (slots[slot] != null && !slots[slot].equals(term)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** Index of the term in {@link #keys}, or -1. */
  private int keyOf(String term) {
    int slot = slot(term);
    return slots[slot] == null ? -1 : slotKey[slot];
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

  boolean contains(String term) {
    return mayContainBit(prefixBit(term)) && keyOf(term) >= 0;
  }

  /** Sorted positions of the term. */
  int[] positionsOf(String term) {
    if (!mayContainBit(prefixBit(term))) {
      return NONE;
    }
    int key = keyOf(term);
    return key < 0 ? NONE : positions(key);
  }

  private int[] positions(int key) {
    int[] p = positions[key];
    if (p == null) {
      p = new int[counts[key]];
      int n = 0;
      for (int o = heads[key]; o >= 0; o = nextOccurrence[o]) {
        p[n++] = occurrencePosition[o];
      }
      positions[key] = p;
    }
    return p;
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
    for (int key = 0; key < keys.length; key++) {
      if (keys[key].startsWith(prefix)) {
        int[] p = positions(key);
        if (merged.length == 0) {
          merged = p;
        } else {
          merged = union(merged, p);
        }
      }
    }
    return merged;
  }

  private static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      int next;
      if (j == b.length || (i < a.length && a[i] < b[j])) {
        next = a[i++];
      } else if (i == a.length || b[j] < a[i]) {
        next = b[j++];
      } else {
        next = a[i++];
        j++;
      }
      out[n++] = next;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
