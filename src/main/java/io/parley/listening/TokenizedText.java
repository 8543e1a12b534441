package io.parley.listening;

import java.util.List;

/**
 * A text split into {@link Token}s once, plus what the tokens do not carry.
 *
 * @param tokens the terms in order; {@code tokens.get(i).position() == i}
 * @param hasLink whether the text contains a link ({@code http://}, {@code https://}, {@code www.})
 * @param hasQuestion whether the text contains a question mark outside links
 */
public record TokenizedText(List<Token> tokens, boolean hasLink, boolean hasQuestion) {

  public TokenizedText {
    tokens = List.copyOf(tokens);
  }
}
