package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  private static List<String> terms(String text) {
    return Tokenizer.tokenize(text).tokens().stream().map(Token::term).toList();
  }

  @Test
  void foldsCaseAndAccents() {
    assertThat(terms("Café CRÈME Straße naïve ＦＵＬＬ"))
        .containsExactly("cafe", "creme", "strasse", "naive", "full");
  }

  @Test
  void decomposedAccentsFoldLikeComposedOnes() {
    assertThat(terms("cafe\u0301")).isEqualTo(terms("caf\u00e9"));
  }

  @Test
  void punctuationSeparatesWordsButApostrophesJoinThem() {
    assertThat(terms("Don't buy the t-shirt, it's… meh!"))
        .containsExactly("dont", "buy", "the", "t", "shirt", "its", "meh");
  }

  @Test
  void hashtagsAndMentionsKeepTheirSigil() {
    List<Token> tokens =
        Tokenizer.tokenize("Love my #OOTD from @Alice.bsky.social. mail bob@example.com").tokens();
    assertThat(tokens)
        .extracting(Token::term)
        .containsExactly(
            "love", "my", "#ootd", "from", "@alice.bsky.social", "mail", "bob", "example", "com");
    assertThat(tokens.get(2).kind()).isEqualTo(Token.Kind.HASHTAG);
    assertThat(tokens.get(2).bare()).isEqualTo("ootd");
    assertThat(tokens.get(4).kind()).isEqualTo(Token.Kind.MENTION);
  }

  @Test
  void tokensKnowWhereTheyAreInTheOriginalText() {
    String text = "Don't <b>#OOTD</b> 👍🏽 🇩🇪 Café 新しい https://x.io @Al.ice!";
    List<String> written =
        Tokenizer.tokenize(text).tokens().stream()
            .map(t -> text.substring(t.start(), t.end()))
            .toList();
    assertThat(written)
        .containsExactly(
            "Don't", "b", "#OOTD", "b", "👍", "🇩🇪", "Café", "新", "し", "い", "@Al.ice");
  }

  @Test
  void emojiAreTermsWithoutSkinTonesOrJoiners() {
    assertThat(terms("great👍🏽fit 👩‍💻 ❤️ 🇫🇷"))
        .containsExactly("great", "👍", "fit", "👩", "💻", "❤", "🇫🇷");
  }

  @Test
  void positionsCountEveryTerm() {
    List<Token> tokens = Tokenizer.tokenize("need #jeans 👖 now").tokens();
    assertThat(tokens).extracting(Token::position).containsExactly(0, 1, 2, 3);
  }

  @Test
  void linksAreNotTermsButAreNoticed() {
    TokenizedText text = Tokenizer.tokenize("sale at https://shop.example.com/x?y=1 today");
    assertThat(text.tokens()).extracting(Token::term).containsExactly("sale", "at", "today");
    assertThat(text.hasLink()).isTrue();
    assertThat(text.hasQuestion()).isFalse();
  }

  @Test
  void questionMarksOutsideLinksMakeAQuestion() {
    assertThat(Tokenizer.tokenize("anyone know a tailor? thanks").hasQuestion()).isTrue();
    assertThat(Tokenizer.tokenize("¿dónde compro jeans").hasQuestion()).isTrue();
    assertThat(Tokenizer.tokenize("no question here.").hasQuestion()).isFalse();
  }

  @Test
  void chineseAndJapaneseCharactersAreTermsOfTheirOwn() {
    assertThat(terms("新しい服 dress")).containsExactly("新", "し", "い", "服", "dress");
  }
}
