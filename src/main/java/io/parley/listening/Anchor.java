package io.parley.listening;

/**
 * Something that every post matching a query must contain; the matcher only verifies a query on
 * posts that contain at least one of the query's anchors.
 */
public sealed interface Anchor {

  /** How many posts are expected to contain the anchor, relatively; lower is better. */
  double cost();

  record Term(String term) implements Anchor {
    @Override
    public double cost() {
      if (Stopwords.contains(term)) {
        return 50;
      }
      return Stopwords.isCommon(term) ? 20 : 8.0 / term.length();
    }
  }

  record Prefix(String prefix) implements Anchor {
    @Override
    public double cost() {
      return 3 + 8.0 / prefix.length();
    }
  }

  record Author(String handle) implements Anchor {
    @Override
    public double cost() {
      return 0.5;
    }
  }
}
