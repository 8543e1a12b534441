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
