package io.parley.listening;

import io.parley.listening.QueryNode.And;
import io.parley.listening.QueryNode.AnySpan;
import io.parley.listening.QueryNode.Near;
import io.parley.listening.QueryNode.Not;
import io.parley.listening.QueryNode.Or;
import io.parley.listening.QueryNode.Phrase;
import io.parley.listening.QueryNode.Prefix;
import io.parley.listening.QueryNode.Span;
import io.parley.listening.QueryNode.Word;
import io.parley.shared.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the listening query language (docs/listening.md) into a {@link QueryNode} tree.
 *
 * <pre>
 * query   := or
 * or      := and ("OR" and)*
 * and     := unary (["AND"] unary)*          juxtaposition is AND
 * unary   := ("NOT" | "-") unary | near
 * near    := primary (("NEAR/" n | "ONEAR/" n) primary)?
 * primary := "(" or ")" | '"' phrase '"' | field ":" value | word ["*"]
 * </pre>
 *
 * Operators are upper case; {@code and}, {@code or}, {@code not} in lower case are words.
 */
final class QueryParser {

  static final int MAX_LENGTH = 4000;
  static final int MAX_DEPTH = 32;
  static final int MAX_DISTANCE = 50;

  /** Characters a wildcard needs before its {@code *} (not counting {@code #} or {@code @}). */
  static final int MIN_PREFIX = 3;

  private static final Pattern PROXIMITY = Pattern.compile("(O?NEAR)(?:/(\\d{1,6}))?");
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_]+");
  private static final Pattern LANG = Pattern.compile("[a-z]{2,3}");
  private static final Pattern INTENT = Pattern.compile("[a-z][a-z_]{0,39}");
  static final List<String> FIELDS =
      List.of("lang", "from", "network", "has", "min_followers", "intent");

  private enum Kind {
    OPEN,
    CLOSE,
    PHRASE,
    WORD,
    MINUS,
    END
  }

  private record Lexeme(Kind kind, String text, int position) {
    boolean isWord(String operator) {
      return kind == Kind.WORD && text.equals(operator);
    }
  }

  private final List<Lexeme> lexemes;
  private int next;
  private int depth;

  private QueryParser(String source) {
    this.lexemes = lex(source);
  }

  static QueryNode parse(String query) {
    if (query == null || query.isBlank()) {
      throw new QuerySyntaxException(0, "the query is empty", "type a word, \"a phrase\" or #tag");
    }
    if (query.length() > MAX_LENGTH) {
      throw new QuerySyntaxException(
          MAX_LENGTH + 1,
          "the query is too long (" + query.length() + " characters)",
          "at most " + MAX_LENGTH + " characters; split it into several queries");
    }
    QueryParser parser = new QueryParser(query);
    QueryNode root = parser.or();
    Lexeme rest = parser.peek();
    if (rest.kind == Kind.CLOSE) {
      throw new QuerySyntaxException(
          rest.position, "unbalanced parenthesis", "this ')' has no matching '('");
    }
    if (rest.kind != Kind.END) {
      throw new QuerySyntaxException(rest.position, "unexpected '" + rest.text + "'", "");
    }
    return root;
  }

  // ---- lexer ----

  private static List<Lexeme> lex(String s) {
    List<Lexeme> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        out.add(new Lexeme(Kind.OPEN, "(", i + 1));
        i++;
      } else if (c == ')') {
        out.add(new Lexeme(Kind.CLOSE, ")", i + 1));
        i++;
      } else if (c == '"' || c == '“' || c == '”') {
        int end = i + 1;
        while (end < n && s.charAt(end) != '"' && s.charAt(end) != '”' && s.charAt(end) != '“') {
          end++;
        }
        if (end >= n) {
          throw new QuerySyntaxException(
              i + 1, "unterminated phrase", "add a closing '\"' or remove this one");
        }
        out.add(new Lexeme(Kind.PHRASE, s.substring(i + 1, end), i + 1));
        i = end + 1;
      } else if (c == '-'
          && i + 1 < n
          && !Character.isWhitespace(s.charAt(i + 1))
          && s.charAt(i + 1) != ')'
          && s.charAt(i + 1) != '-') {
        out.add(new Lexeme(Kind.MINUS, "-", i + 1));
        i++;
      } else {
        int end = i;
        while (end < n) {
          char d = s.charAt(end);
          if (Character.isWhitespace(d)
              || d == '('
              || d == ')'
              || d == '"'
              || d == '“'
              || d == '”') {
            break;
          }
          end++;
        }
        out.add(new Lexeme(Kind.WORD, s.substring(i, end), i + 1));
        i = end;
      }
    }
    out.add(new Lexeme(Kind.END, "end of query", n + 1));
    return out;
  }

  // ---- grammar ----

  private Lexeme peek() {
    return lexemes.get(next);
  }

  private Lexeme take() {
    return lexemes.get(next++);
  }

  private static boolean isBinaryOperator(Lexeme l) {
    return l.isWord("AND") || l.isWord("OR") || isProximity(l);
  }

  private static boolean isProximity(Lexeme l) {
    return l.kind == Kind.WORD
        && (l.text.startsWith("NEAR") || l.text.startsWith("ONEAR"))
        && PROXIMITY.matcher(l.text).matches();
  }

  private QueryNode or() {
    List<QueryNode> children = new ArrayList<>();
    children.add(and());
    while (peek().isWord("OR")) {
      Lexeme op = take();
      requireOperand(op);
      children.add(and());
    }
    return children.size() == 1 ? children.getFirst() : new Or(flatten(children, Or.class));
  }

  private QueryNode and() {
    List<QueryNode> children = new ArrayList<>();
    children.add(unary());
    while (true) {
      Lexeme l = peek();
      if (l.isWord("AND")) {
        take();
        requireOperand(l);
        children.add(unary());
      } else if (l.kind == Kind.OPEN
          || l.kind == Kind.PHRASE
          || l.kind == Kind.MINUS
          || (l.kind == Kind.WORD && !isBinaryOperator(l))) {
        children.add(unary());
      } else {
        break;
      }
    }
    return children.size() == 1 ? children.getFirst() : new And(flatten(children, And.class));
  }

  private QueryNode unary() {
    Lexeme l = peek();
    if (l.isWord("NOT") || l.kind == Kind.MINUS) {
      take();
      Lexeme operand = peek();
      if (operand.kind == Kind.END || operand.kind == Kind.CLOSE || isBinaryOperator(operand)) {
        throw new QuerySyntaxException(
            l.position, l.text + " needs something to exclude after it", "e.g. NOT refund");
      }
      return new Not(unary());
    }
    return near();
  }

  private QueryNode near() {
    QueryNode left = primary();
    while (isProximity(peek())) {
      Lexeme op = take();
      Matcher m = PROXIMITY.matcher(op.text);
      m.matches();
      boolean ordered = m.group(1).equals("ONEAR");
      if (m.group(2) == null) {
        throw new QuerySyntaxException(
            op.position, op.text + " needs a distance", "e.g. " + m.group(1) + "/3");
      }
      int distance = Integer.parseInt(m.group(2));
      if (distance > MAX_DISTANCE) {
        throw new QuerySyntaxException(
            op.position,
            "distance " + distance + " is too large",
            "at most " + MAX_DISTANCE + " words; use AND for anywhere in the post");
      }
      requireOperand(op);
      if (left instanceof Near) {
        throw new QuerySyntaxException(
            op.position,
            op.text + " cannot follow another NEAR",
            "use parentheses and AND: (a NEAR/3 b) AND (b NEAR/3 c)");
      }
      if (peek().kind == Kind.MINUS || peek().isWord("NOT")) {
        throw nearOperands(op);
      }
      QueryNode right = primary();
      left = new Near(span(left, op), span(right, op), distance, ordered);
    }
    return left;
  }

  private static Span span(QueryNode node, Lexeme op) {
    if (node instanceof Span s) {
      return s;
    }
    if (node instanceof Or or && or.children().stream().allMatch(c -> c instanceof Span)) {
      return new AnySpan(or.children().stream().map(c -> (Span) c).toList());
    }
    throw nearOperands(op);
  }

  private static QuerySyntaxException nearOperands(Lexeme op) {
    return new QuerySyntaxException(
        op.position,
        op.text + " needs words, wildcards, phrases or (a OR b) of them on both sides",
        "NOT, AND and fields cannot be inside NEAR; put them outside: (a NEAR/3 b) AND lang:en");
  }

  private void requireOperand(Lexeme op) {
    Lexeme l = peek();
    if (l.kind == Kind.END || l.kind == Kind.CLOSE || isBinaryOperator(l)) {
      throw new QuerySyntaxException(
          op.position,
          op.text + " needs something on both sides",
          l.kind == Kind.END ? "the query ends after " + op.text : "found " + l.text + " after it");
    }
  }

  private QueryNode primary() {
    Lexeme l = take();
    switch (l.kind) {
      case OPEN -> {
        if (++depth > MAX_DEPTH) {
          throw new QuerySyntaxException(
              l.position, "too many nested parentheses", "at most " + MAX_DEPTH + " levels");
        }
        if (peek().kind == Kind.CLOSE) {
          throw new QuerySyntaxException(l.position, "empty parentheses", "put terms inside");
        }
        if (peek().kind == Kind.END) {
          throw new QuerySyntaxException(
              l.position, "unbalanced parenthesis", "this '(' is never closed; add ')'");
        }
        QueryNode inner = or();
        Lexeme close = peek();
        if (close.kind != Kind.CLOSE) {
          throw new QuerySyntaxException(
              l.position, "unbalanced parenthesis", "this '(' is never closed; add ')'");
        }
        take();
        depth--;
        return inner;
      }
      case PHRASE -> {
        return phrase(l);
      }
      case WORD -> {
        if (isBinaryOperator(l)) {
          throw new QuerySyntaxException(
              l.position, l.text + " needs something on both sides", "nothing before it");
        }
        return word(l);
      }
      case CLOSE ->
          throw new QuerySyntaxException(
              l.position, "unbalanced parenthesis", "this ')' has no matching '('");
      case END -> throw new QuerySyntaxException(l.position, "the query ends too early", "");
      default -> throw new QuerySyntaxException(l.position, "unexpected '" + l.text + "'", "");
    }
  }

  private QueryNode phrase(Lexeme l) {
    List<Span> parts = new ArrayList<>();
    Matcher chunk = Pattern.compile("\\S+").matcher(l.text);
    while (chunk.find()) {
      // +1 for the opening quote
      parts.addAll(terms(chunk.group(), l.position + 1 + chunk.start()));
    }
    if (parts.isEmpty()) {
      throw new QuerySyntaxException(
          l.position, "empty phrase", "put words between the quotes or remove them");
    }
    return parts.size() == 1 ? parts.getFirst() : new Phrase(parts);
  }

  private QueryNode word(Lexeme l) {
    int colon = l.text.indexOf(':');
    if (colon > 0 && FIELD_NAME.matcher(l.text.substring(0, colon)).matches()) {
      String name = l.text.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = l.text.substring(colon + 1);
      if (!FIELDS.contains(name)) {
        throw new QuerySyntaxException(
            l.position,
            "unknown field '" + name + "'",
            "fields are "
                + String.join(", ", FIELDS)
                + "; to search the text, use \""
                + l.text
                + "\"");
      }
      return field(name, value, l.position + colon + 1);
    }
    List<Span> parts = terms(l.text, l.position);
    return parts.size() == 1 ? parts.getFirst() : new Phrase(parts);
  }

  /**
   * One whitespace-free chunk of query text: its terms, the last one a wildcard if it ends in *.
   */
  private static List<Span> terms(String chunk, int position) {
    int star = chunk.indexOf('*');
    boolean wildcard = star >= 0;
    if (wildcard && star != chunk.length() - 1) {
      throw new QuerySyntaxException(
          position + star, "a wildcard '*' only works at the end of a word", "e.g. outfit*");
    }
    String text = wildcard ? chunk.substring(0, star) : chunk;
    if (wildcard && text.isEmpty()) {
      throw new QuerySyntaxException(
          position,
          "'*' alone would match every word",
          "a wildcard needs at least "
              + MIN_PREFIX
              + " characters before '*'; for any word in"
              + " between use NEAR/n");
    }
    List<Token> tokens = Tokenizer.tokenize(text).tokens();
    if (tokens.isEmpty()) {
      throw new QuerySyntaxException(
          position,
          "nothing to search for in '" + chunk + "'",
          "punctuation and links are not searchable; use has:link or has:question");
    }
    List<Span> parts = new ArrayList<>(tokens.size());
    for (int k = 0; k < tokens.size(); k++) {
      String term = tokens.get(k).term();
      if (wildcard && k == tokens.size() - 1) {
        String bare = term.startsWith("#") || term.startsWith("@") ? term.substring(1) : term;
        if (bare.codePointCount(0, bare.length()) < MIN_PREFIX) {
          throw new QuerySyntaxException(
              position,
              "'" + chunk + "' would match too many words",
              "a wildcard needs at least " + MIN_PREFIX + " characters before '*'");
        }
        parts.add(new Prefix(term));
      } else {
        parts.add(new Word(term));
      }
    }
    return parts;
  }

  private static QueryNode field(String name, String rawValue, int position) {
    String value = rawValue.toLowerCase(Locale.ROOT);
    if (value.isEmpty()) {
      throw new QuerySyntaxException(position, name + ": needs a value", example(name));
    }
    switch (name) {
      case "lang" -> {
        if (!LANG.matcher(value).matches()) {
          throw new QuerySyntaxException(
              position, "'" + rawValue + "' is not a language code", "e.g. lang:en, lang:de");
        }
        return new QueryNode.Lang(value);
      }
      case "from" -> {
        String handle = value.startsWith("@") ? value.substring(1) : value;
        if (handle.isEmpty() || handle.chars().anyMatch(Character::isWhitespace)) {
          throw new QuerySyntaxException(position, "from: needs a handle", example(name));
        }
        return new QueryNode.From(handle);
      }
      case "network" -> {
        Network network = Network.parse(value);
        if (network == null) {
          throw new QuerySyntaxException(
              position,
              "unknown network '" + rawValue + "'",
              "one of "
                  + String.join(
                      ", ",
                      Arrays.stream(Network.values())
                          .map(v -> v.name().toLowerCase(Locale.ROOT))
                          .toList()));
        }
        return new QueryNode.OnNetwork(network);
      }
      case "has" -> {
        return switch (value) {
          case "link" -> new QueryNode.HasLink();
          case "question" -> new QueryNode.HasQuestion();
          default ->
              throw new QuerySyntaxException(
                  position, "unknown has:" + rawValue, "has:link or has:question");
        };
      }
      case "min_followers" -> {
        try {
          long count = Long.parseLong(value);
          if (count < 0) {
            throw new NumberFormatException();
          }
          return new QueryNode.MinFollowers(count);
        } catch (NumberFormatException e) {
          throw new QuerySyntaxException(
              position, "min_followers needs a whole number", "e.g. min_followers:1000");
        }
      }
      case "intent" -> {
        if (!INTENT.matcher(value).matches()) {
          throw new QuerySyntaxException(
              position, "'" + rawValue + "' is not an intent name", "e.g. intent:purchase");
        }
        return new QueryNode.Intent(value);
      }
      default -> throw new IllegalStateException(name);
    }
  }

  private static String example(String field) {
    return switch (field) {
      case "lang" -> "e.g. lang:en";
      case "from" -> "e.g. from:alice.bsky.social";
      case "network" -> "e.g. network:bluesky";
      case "has" -> "has:link or has:question";
      case "min_followers" -> "e.g. min_followers:1000";
      default -> "e.g. intent:purchase";
    };
  }

  private static List<QueryNode> flatten(List<QueryNode> children, Class<?> type) {
    List<QueryNode> out = new ArrayList<>();
    for (QueryNode child : children) {
      if (type == And.class && child instanceof And and) {
        out.addAll(and.children());
      } else if (type == Or.class && child instanceof Or or) {
        out.addAll(or.children());
      } else {
        out.add(child);
      }
    }
    return out;
  }
}
