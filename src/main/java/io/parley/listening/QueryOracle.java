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
import java.util.List;

/**
 * Evaluates a query's syntax tree directly on a post's token list, by scanning it, with no index.
 * Slow and obviously correct: the reference the {@link QueryMatcher} is tested against, and what
 * "test on recent posts" can use for a single query.
 */
public final class QueryOracle {

  private QueryOracle() {}

  public static boolean matches(ListeningQuery query, Post post) {
    return matches(query.root(), post, Tokenizer.tokenize(post.text()));
  }

  static boolean matches(QueryNode node, Post post, TokenizedText text) {
    List<Token> tokens = text.tokens();
    return switch (node) {
      case Word w -> tokens.stream().anyMatch(t -> t.matches(w.term()));
      case Prefix p -> tokens.stream().anyMatch(t -> t.matchesPrefix(p.prefix()));
      case Phrase ph -> !occurrences(ph, tokens).isEmpty();
      case AnySpan any -> !occurrences(any, tokens).isEmpty();
      case And and -> and.children().stream().allMatch(c -> matches(c, post, text));
      case Or or -> or.children().stream().anyMatch(c -> matches(c, post, text));
      case Not not -> !matches(not.child(), post, text);
      case Near near -> near(near, tokens);
      case Lang lang -> lang.code().equals(post.lang());
      case From from -> from.handle().equals(post.authorHandle());
      case OnNetwork on -> on.network() == post.network();
      case HasLink h -> text.hasLink();
      case HasQuestion h -> text.hasQuestion();
      case MinFollowers min -> post.followers() >= min.count();
      case Intent intent -> post.intents().contains(intent.name());
    };
  }

  /**
   * The token positions that made the query match, for highlighting: the words, prefixes and
   * phrases of its positive branches (never those under NOT), and both sides of a NEAR that holds.
   * Empty when the query does not match.
   */
  public static java.util.SortedSet<Integer> highlights(ListeningQuery query, Post post) {
    TokenizedText text = Tokenizer.tokenize(post.text());
    java.util.SortedSet<Integer> marked = new java.util.TreeSet<>();
    if (matches(query.root(), post, text)) {
      collect(query.root(), post, text, marked);
    }
    return marked;
  }

  private static void collect(
      QueryNode node, Post post, TokenizedText text, java.util.Set<Integer> marked) {
    switch (node) {
      case Span span -> occurrences(span, text.tokens()).forEach(o -> mark(o, marked));
      case And and -> and.children().forEach(c -> collect(c, post, text, marked));
      // only the branches that match explain the match
      case Or or ->
          or.children().stream()
              .filter(c -> matches(c, post, text))
              .forEach(c -> collect(c, post, text, marked));
      case Near near -> {
        if (near(near, text.tokens())) {
          occurrences(near.left(), text.tokens()).forEach(o -> mark(o, marked));
          occurrences(near.right(), text.tokens()).forEach(o -> mark(o, marked));
        }
      }
      default -> {} // NOT and fields have nothing to show in the text
    }
  }

  private static void mark(int[] occurrence, java.util.Set<Integer> marked) {
    for (int p = occurrence[0]; p <= occurrence[1]; p++) {
      marked.add(p);
    }
  }

  private static boolean near(Near near, List<Token> tokens) {
    for (int[] a : occurrences(near.left(), tokens)) {
      for (int[] b : occurrences(near.right(), tokens)) {
        boolean aFirst = a[1] < b[0] && b[0] - a[1] - 1 <= near.distance();
        boolean bFirst = b[1] < a[0] && a[0] - b[1] - 1 <= near.distance();
        if (aFirst || (!near.ordered() && bFirst)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Every place the span occurs, as {first position, last position}. */
  private static List<int[]> occurrences(Span span, List<Token> tokens) {
    List<int[]> found = new ArrayList<>();
    switch (span) {
      case AnySpan any -> any.alternatives().forEach(alt -> found.addAll(occurrences(alt, tokens)));
      case Phrase ph -> {
        int length = ph.parts().size();
        for (int start = 0; start + length <= tokens.size(); start++) {
          boolean all = true;
          for (int k = 0; k < length && all; k++) {
            all = at(ph.parts().get(k), tokens.get(start + k));
          }
          if (all) {
            found.add(new int[] {start, start + length - 1});
          }
        }
      }
      default -> {
        for (Token t : tokens) {
          if (at(span, t)) {
            found.add(new int[] {t.position(), t.position()});
          }
        }
      }
    }
    return found;
  }

  private static boolean at(Span part, Token token) {
    return switch (part) {
      case Word w -> token.matches(w.term());
      case Prefix p -> token.matchesPrefix(p.prefix());
      default -> throw new IllegalArgumentException("not a single-term span: " + part.render());
    };
  }
}
