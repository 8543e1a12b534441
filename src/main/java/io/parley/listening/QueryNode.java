package io.parley.listening;

import io.parley.shared.Network;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The syntax tree of a listening query, as {@link QueryParser} builds it. Terms are already folded
 * by the {@link Tokenizer}. {@link #render()} writes a node back in query syntax.
 */
public sealed interface QueryNode {

  String render();

  /** Nodes that occupy positions in the text and may stand on either side of NEAR. */
  sealed interface Span extends QueryNode {}

  /** A single term: a word, {@code #hashtag}, {@code @mention} or emoji. */
  record Word(String term) implements Span {
    @Override
    public String render() {
      return term;
    }
  }

  /** A trailing wildcard: every term that starts with {@code prefix}. */
  record Prefix(String prefix) implements Span {
    @Override
    public String render() {
      return prefix + "*";
    }
  }

  /** Terms at consecutive positions; parts are {@link Word}s or {@link Prefix}es, at least two. */
  record Phrase(List<Span> parts) implements Span {
    public Phrase {
      parts = List.copyOf(parts);
    }

    @Override
    public String render() {
      return parts.stream().map(QueryNode::render).collect(Collectors.joining(" ", "\"", "\""));
    }
  }

  /** Alternatives of spans, e.g. {@code (dress OR gown) NEAR/3 wedding}. */
  record AnySpan(List<Span> alternatives) implements Span {
    public AnySpan {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public String render() {
      return alternatives.stream()
          .map(QueryNode::render)
          .collect(Collectors.joining(" OR ", "(", ")"));
    }
  }

  record And(List<QueryNode> children) implements QueryNode {
    public And {
      children = List.copyOf(children);
    }

    @Override
    public String render() {
      return children.stream()
          .map(QueryNode::render)
          .collect(Collectors.joining(" AND ", "(", ")"));
    }
  }

  record Or(List<QueryNode> children) implements QueryNode {
    public Or {
      children = List.copyOf(children);
    }

    @Override
    public String render() {
      return children.stream().map(QueryNode::render).collect(Collectors.joining(" OR ", "(", ")"));
    }
  }

  record Not(QueryNode child) implements QueryNode {
    @Override
    public String render() {
      return "NOT " + child.render();
    }
  }

  /**
   * {@code left NEAR/n right}: an occurrence of each, not overlapping, with at most {@code
   * distance} other terms between them; with {@code ordered} (ONEAR) {@code left} comes first.
   */
  record Near(Span left, Span right, int distance, boolean ordered) implements QueryNode {
    @Override
    public String render() {
      return "("
          + left.render()
          + (ordered ? " ONEAR/" : " NEAR/")
          + distance
          + " "
          + right.render()
          + ")";
    }
  }

  /** A condition on the post's metadata rather than its text. */
  sealed interface Field extends QueryNode {}

  record Lang(String code) implements Field {
    @Override
    public String render() {
      return "lang:" + code;
    }
  }

  record From(String handle) implements Field {
    @Override
    public String render() {
      return "from:" + handle;
    }
  }

  record OnNetwork(Network network) implements Field {
    @Override
    public String render() {
      return "network:" + network.name().toLowerCase(Locale.ROOT);
    }
  }

  record HasLink() implements Field {
    @Override
    public String render() {
      return "has:link";
    }
  }

  record HasQuestion() implements Field {
    @Override
    public String render() {
      return "has:question";
    }
  }

  record MinFollowers(long count) implements Field {
    @Override
    public String render() {
      return "min_followers:" + count;
    }
  }

  record Intent(String name) implements Field {
    @Override
    public String render() {
      return "intent:" + name;
    }
  }
}
