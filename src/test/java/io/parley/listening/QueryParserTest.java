package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.listening.QueryNode.And;
import io.parley.listening.QueryNode.Near;
import io.parley.listening.QueryNode.Not;
import io.parley.listening.QueryNode.Or;
import io.parley.listening.QueryNode.Phrase;
import io.parley.listening.QueryNode.Prefix;
import io.parley.listening.QueryNode.Word;
import io.parley.shared.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

  private static QueryNode parse(String q) {
    return ListeningQuery.parse(q).root();
  }

  private static QuerySyntaxException error(String q) {
    ThrowingCallable call = () -> ListeningQuery.parse(q);
    assertThatThrownBy(call).isInstanceOf(QuerySyntaxException.class);
    try {
      ListeningQuery.parse(q);
    } catch (QuerySyntaxException e) {
      return e;
    }
    throw new AssertionError("unreachable");
  }

  @Test
  void juxtapositionIsAndAndBindsTighterThanOr() {
    assertThat(parse("summer dress OR wedding gown"))
        .isEqualTo(
            new Or(
                List.of(
                    new And(List.of(new Word("summer"), new Word("dress"))),
                    new And(List.of(new Word("wedding"), new Word("gown"))))));
  }

  @Test
  void parenthesesGroup() {
    assertThat(parse("(dress OR gown) AND wedding"))
        .isEqualTo(
            new And(
                List.of(
                    new Or(List.of(new Word("dress"), new Word("gown"))), new Word("wedding"))));
  }

  @Test
  void notAndMinusNegate() {
    assertThat(parse("jeans -skinny NOT Levi's"))
        .isEqualTo(
            new And(
                List.of(
                    new Word("jeans"), new Not(new Word("skinny")), new Not(new Word("levis")))));
  }

  @Test
  void lowerCaseOperatorsAreWords() {
    assertThat(parse("salt and pepper"))
        .isEqualTo(new And(List.of(new Word("salt"), new Word("and"), new Word("pepper"))));
  }

  @Test
  void phrasesAreFoldedAndMayEndInAWildcard() {
    assertThat(parse("\"Summer OUTFIT*\""))
        .isEqualTo(new Phrase(List.of(new Word("summer"), new Prefix("outfit"))));
  }

  @Test
  void aWordWithPunctuationInsideIsAPhrase() {
    assertThat(parse("t-shirt")).isEqualTo(new Phrase(List.of(new Word("t"), new Word("shirt"))));
  }

  @Test
  void hashtagsMentionsAndEmojiAreTerms() {
    assertThat(parse("#OOTD OR @Nike OR 👗"))
        .isEqualTo(new Or(List.of(new Word("#ootd"), new Word("@nike"), new Word("👗"))));
  }

  @Test
  void nearAndOnearTakeSpans() {
    assertThat(parse("(dress OR gown) NEAR/3 wedding"))
        .isEqualTo(
            new Near(
                new QueryNode.AnySpan(List.of(new Word("dress"), new Word("gown"))),
                new Word("wedding"),
                3,
                false));
    assertThat(parse("\"lost weight\" ONEAR/5 jeans*"))
        .isEqualTo(
            new Near(
                new Phrase(List.of(new Word("lost"), new Word("weight"))),
                new Prefix("jeans"),
                5,
                true));
  }

  @Test
  void fieldsNarrowAQuery() {
    assertThat(
            parse(
                "jeans lang:EN from:@Alice network:bluesky has:link has:question"
                    + " min_followers:1000 intent:purchase"))
        .isEqualTo(
            new And(
                List.of(
                    new Word("jeans"),
                    new QueryNode.Lang("en"),
                    new QueryNode.From("alice"),
                    new QueryNode.OnNetwork(Network.BLUESKY),
                    new QueryNode.HasLink(),
                    new QueryNode.HasQuestion(),
                    new QueryNode.MinFollowers(1000),
                    new QueryNode.Intent("purchase"))));
  }

  @Test
  void fromAloneIsAValidQuery() {
    assertThat(parse("from:competitor")).isEqualTo(new QueryNode.From("competitor"));
  }

  @Test
  void renderedQueriesParseBackToTheSameTree() {
    for (String q :
        List.of(
            "(dress OR gown) NEAR/3 wedding -\"bridesmaid dress\" lang:en",
            "\"need new\" ONEAR/2 jeans* has:question min_followers:10",
            "#ootd OR (@nike AND -from:nike)")) {
      QueryNode tree = parse(q);
      assertThat(parse(tree.render())).as(tree.render()).isEqualTo(tree);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      commentCharacter = '%',
      value = {
        "(dress OR gown wedding                | 1  | unbalanced parenthesis",
        "dress OR gown) wedding                | 14 | unbalanced parenthesis",
        "((dress) OR (gown)                    | 1  | unbalanced parenthesis",
        "\"summer dress                        | 1  | unterminated phrase",
        "dress OR                              | 7  | OR needs something on both sides",
        "OR dress                              | 1  | OR needs something on both sides",
        "dress AND AND gown                    | 7  | AND needs something on both sides",
        "dress ()                              | 7  | empty parentheses",
        "dress \"\"                            | 7  | empty phrase",
        "out*fit                               | 4  | a wildcard '*' only works at the end of a word",
        "dress NEAR wedding                    | 7  | NEAR needs a distance",
        "dress NEAR/99 wedding                 | 7  | distance 99 is too large",
        "dress NEAR/3 -wedding                 | 7  | NEAR/3 needs words, wildcards, phrases or (a OR b) of them on both sides",
        "(dress AND red) NEAR/3 wedding        | 17 | NEAR/3 needs words, wildcards, phrases or (a OR b) of them on both sides",
        "a NEAR/2 b NEAR/2 c                   | 12 | NEAR/2 cannot follow another NEAR",
        "dress colour:red                      | 7  | unknown field 'colour'",
        "dress lang:english                    | 12 | 'english' is not a language code",
        "dress network:myspace                 | 15 | unknown network 'myspace'",
        "dress has:photo                       | 11 | unknown has:photo",
        "dress min_followers:lots              | 21 | min_followers needs a whole number",
        "dress !!!                             | 7  | nothing to search for in '!!!'",
        "dress NOT                             | 7  | NOT needs something to exclude after it",
        "\"lost * pounds\"                     | 7  | '*' alone would match every word",
        "\"summer outf*t\"                     | 13 | a wildcard '*' only works at the end of a word",
      })
  void syntaxErrorsSayWhereAndWhat(String query, int position, String problem) {
    QuerySyntaxException e = error(query.strip());
    assertThat(e.position()).isEqualTo(position);
    assertThat(e.problem()).isEqualTo(problem);
    assertThat(e.getMessage()).contains(" at " + position);
  }

  @Test
  void errorsComeWithAHint() {
    QuerySyntaxException e = error("(summer dress OR gown");
    assertThat(e.getMessage())
        .isEqualTo("unbalanced parenthesis at 1 (this '(' is never closed; add ')')");
    assertThat(error("dress colour:red").hint()).contains("lang, from, network");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      commentCharacter = '%',
      value = {
        "a*              | 'a*' would match too many words",
        "dress OR ou*    | 'ou*' would match too many words",
        "-dress          | the query would match almost every post",
        "NOT dress NOT gown | the query would match almost every post",
        "lang:en has:question | the query would match almost every post",
        "dress OR lang:en | the query would match almost every post",
        "dress OR -gown  | the query would match almost every post",
        "the             | the query would match almost every post: 'the' is too common on its own",
        "the OR a OR and | the query would match almost every post",
      })
  void queriesThatMatchAlmostEverythingAreRefusedWithAReason(String query, String problem) {
    assertThat(error(query.strip()).problem()).startsWith(problem.strip());
  }

  @Test
  void commonWordsAreFineInsideAPhraseOrNextToARareWord() {
    assertThat(ListeningQuery.parse("\"the north face\"").anchors())
        .containsExactly(new Anchor.Term("north"));
    assertThat(ListeningQuery.parse("the jeans").anchors())
        .containsExactly(new Anchor.Term("jeans"));
  }

  @Test
  void anchorsCoverEveryBranchOfAnOr() {
    assertThat(ListeningQuery.parse("(dress OR #ootd OR outfit*) -sale lang:en").anchors())
        .containsExactlyInAnyOrder(
            new Anchor.Term("dress"), new Anchor.Term("#ootd"), new Anchor.Prefix("outfit"));
  }

  @Test
  void theExamplesInTheGrammarDocumentAreValidQueries() throws Exception {
    String doc = Files.readString(Path.of("docs/listening.md"));
    String examples =
        doc.substring(doc.indexOf("## Examples from real use"), doc.indexOf("## Grammar"));
    List<String> queries = new ArrayList<>();
    boolean inBlock = false;
    for (String line : examples.split("\n")) {
      if (line.startsWith("```")) {
        inBlock = !inBlock;
      } else if (inBlock && line.startsWith(" ") && !queries.isEmpty()) {
        queries.set(queries.size() - 1, queries.getLast() + " " + line.strip());
      } else if (inBlock && !line.isBlank()) {
        queries.add(line);
      }
    }
    assertThat(queries).hasSizeGreaterThan(8);
    for (String query : queries) {
      assertThat(ListeningQuery.parse(query).anchors()).as(query).isNotEmpty();
    }
  }

  @Test
  void tooLongAndTooDeepQueriesAreRefused() {
    assertThat(error("dress ".repeat(1000)).problem()).startsWith("the query is too long");
    assertThat(error("(".repeat(40) + "dress" + ")".repeat(40)).problem())
        .isEqualTo("too many nested parentheses");
    assertThat(error("   ").problem()).isEqualTo("the query is empty");
  }
}
