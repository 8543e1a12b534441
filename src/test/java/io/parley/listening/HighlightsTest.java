package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.shared.Network;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What "test on recent posts" marks: the terms that made a query match, nothing else. */
class HighlightsTest {

  private static List<String> marked(String query, String text) {
    Post post = new Post(text, null, "alice", Network.SANDBOX, 10, Set.of());
    List<Token> tokens = Tokenizer.tokenize(text).tokens();
    return QueryOracle.highlights(ListeningQuery.parse(query), post).stream()
        .map(p -> text.substring(tokens.get(p).start(), tokens.get(p).end()))
        .toList();
  }

  @Test
  void wordsPhrasesAndPrefixesOfTheMatchingBranchesAreMarked() {
    assertThat(marked("\"summer dress\" OR gown", "A Summer dress, not a gown?"))
        .containsExactly("Summer", "dress", "gown");
    assertThat(marked("outfit* #ootd", "New #outfits today #OOTD"))
        .containsExactly("#outfits", "#OOTD");
    assertThat(marked("(dress OR gown) wedding", "a dress for a wedding"))
        .containsExactly("dress", "wedding");
  }

  @Test
  void notAndFieldsMarkNothingAndANonMatchMarksNothing() {
    assertThat(marked("dress -sale", "dress on sale")).isEmpty();
    assertThat(marked("dress -sale", "a red dress")).containsExactly("dress");
    assertThat(marked("dress from:alice has:question", "a dress?")).containsExactly("dress");
    assertThat(marked("from:alice", "anything at all")).isEmpty();
  }

  @Test
  void nearMarksBothSidesOnlyWhenClose() {
    assertThat(marked("dress NEAR/2 wedding", "dress for the wedding"))
        .containsExactly("dress", "wedding");
    assertThat(marked("dress NEAR/1 wedding", "dress for the big wedding")).isEmpty();
  }
}
