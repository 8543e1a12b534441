package io.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTermsTest {

  @Test
  void wordsAndPhrases() {
    var terms = SearchTerms.parse("  Refund \"late ORDER\" été ");
    assertThat(terms.terms())
        .containsExactly(List.of("refund"), List.of("late", "order"), List.of("été"));
    assertThat(terms.tsquery()).isEqualTo("('refund':*) & ('late' <-> 'order':*) & ('été':*)");
    assertThat(terms.likePatterns()).containsExactly("%refund%", "%late order%", "%été%");
  }

  @Test
  void queryOperatorsStayInsideQuotedWords() {
    var terms = SearchTerms.parse("a & | ! :* ( it's back\\slash 100%_done");
    assertThat(terms.tsquery())
        .isEqualTo(
            "('a':*) & (':*':*) & ('it''s':*) & ('back\\\\slash':*) & ('100%_done':*)"
                .replace("(':*':*) & ", ""));
    assertThat(terms.likePatterns())
        .containsExactly("%a%", "%it's%", "%back\\\\slash%", "%100\\%\\_done%");
  }

  @Test
  void punctuationAroundWordsIsDropped() {
    assertThat(SearchTerms.parse("!refund (order) #123 \"'late'\"").terms())
        .containsExactly(List.of("refund"), List.of("order"), List.of("123"), List.of("late"));
  }

  @Test
  void punctuationAloneIsNoSearch() {
    assertThat(SearchTerms.parse("& | ! ( ) \" \"").isEmpty()).isTrue();
    assertThat(SearchTerms.parse("").isEmpty()).isTrue();
    assertThat(SearchTerms.parse(null).isEmpty()).isTrue();
  }

  @Test
  void atMostEightTerms() {
    assertThat(SearchTerms.parse("a b c d e f g h i j \"k l\"").terms()).hasSize(8);
  }
}
