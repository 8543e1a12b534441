package io.parley.listening;

import io.parley.listening.QueryNode.And;
import io.parley.listening.QueryNode.AnySpan;
import io.parley.listening.QueryNode.From;
import io.parley.listening.QueryNode.Near;
import io.parley.listening.QueryNode.Or;
import io.parley.listening.QueryNode.Phrase;
import io.parley.listening.QueryNode.Prefix;
import io.parley.listening.QueryNode.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A validated listening query: its text, syntax tree and anchors. {@link #parse(String)} refuses
 * syntax errors and queries that would match almost every post, with a {@link QuerySyntaxException}
 * saying where and why.
 */
public record ListeningQuery(String text, QueryNode root, List<Anchor> anchors, List<String> gate) {

  public ListeningQuery {
    anchors = List.copyOf(anchors);
    gate = List.copyOf(gate);
  }

  public static ListeningQuery parse(String text) {
    QueryNode root = QueryParser.parse(text);
    Set<Anchor> anchors = anchorsOf(root);
    if (anchors == null) {
      throw new QuerySyntaxException(
          0,
          "the query would match almost every post",
          "add a word, phrase, #hashtag or from: that every match contains;"
              + " NOT and fields such as lang: only narrow a query down");
    }
    if (!positional(root)
        && anchors.stream()
            .allMatch(a -> a instanceof Anchor.Term t && Stopwords.contains(t.term()))) {
      throw new QuerySyntaxException(
          0,
          "the query would match almost every post: "
              + anchors.stream()
                  .map(a -> "'" + ((Anchor.Term) a).term() + "'")
                  .collect(Collectors.joining(", "))
              + (anchors.size() == 1 ? " is" : " are")
              + " too common on its own",
          "add a less common word, or use a \"phrase\"");
    }
    return new ListeningQuery(text, root, new ArrayList<>(anchors), gateOf(root, anchors));
  }

  /**
   * A set of anchors of which every match contains at least one, or null when there is none (pure
   * negations, fields alone, or an OR with such a branch): the cheapest of {@link #clauses}.
   */
  static Set<Anchor> anchorsOf(QueryNode node) {
    return cheapest(clauses(node));
  }

  /**
   * Terms of which every match contains at least one, chosen from another requirement than the
   * anchors (e.g. the other side of an AND or NEAR); empty when there is none. The matcher files a
   * query under each anchor and, within it, under these terms, so that a common anchor such as
   * {@code need} in {@code need NEAR/3 (jeans OR dress)} does not make every post with {@code need}
   * verify the query.
   */
  static List<String> gateOf(QueryNode node, Set<Anchor> anchors) {
    return clauses(node).stream()
        .filter(c -> !c.equals(anchors))
        .filter(c -> c.stream().allMatch(a -> a instanceof Anchor.Term))
        .min(Comparator.comparingDouble(ListeningQuery::cost))
        .map(c -> c.stream().map(a -> ((Anchor.Term) a).term()).toList())
        .orElse(List.of());
  }

  /**
   * Requirements of a query: every match contains at least one anchor of every clause (a
   * conjunction of disjunctions). Empty when nothing is required.
   */
  static List<Set<Anchor>> clauses(QueryNode node) {
    return switch (node) {
      case Word w -> List.of(Set.of(new Anchor.Term(w.term())));
      case Prefix p -> List.of(Set.of(new Anchor.Prefix(p.prefix())));
      case From from -> List.of(Set.of(new Anchor.Author(from.handle())));
      case Phrase ph -> concat(ph.parts());
      case And and -> concat(and.children());
      case Near near -> concat(List.of(near.left(), near.right()));
      case AnySpan any -> union(any.alternatives());
      case Or or -> union(or.children());
      default -> List.of(); // NOT and the other fields
    };
  }

  private static List<Set<Anchor>> concat(List<? extends QueryNode> children) {
    List<Set<Anchor>> all = new ArrayList<>();
    for (QueryNode child : children) {
      for (Set<Anchor> clause : clauses(child)) {
        if (!all.contains(clause)) {
          all.add(clause);
        }
      }
    }
    return all;
  }

  private static List<Set<Anchor>> union(List<? extends QueryNode> children) {
    Set<Anchor> all = new LinkedHashSet<>();
    for (QueryNode child : children) {
      Set<Anchor> best = cheapest(clauses(child));
      if (best == null) {
        return List.of();
      }
      all.addAll(best);
    }
    return List.of(all);
  }

  private static double cost(Set<Anchor> clause) {
    return clause.stream().mapToDouble(Anchor::cost).sum();
  }

  private static Set<Anchor> cheapest(List<Set<Anchor>> clauses) {
    return clauses.stream().min(Comparator.comparingDouble(ListeningQuery::cost)).orElse(null);
  }

  private static boolean positional(QueryNode node) {
    return switch (node) {
      case Phrase p -> true;
      case Near n -> true;
      case And and -> and.children().stream().anyMatch(ListeningQuery::positional);
      case Or or -> or.children().stream().allMatch(ListeningQuery::positional);
      default -> false;
    };
  }
}
