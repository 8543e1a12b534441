package io.parley.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Our VADER-lexicon scorer against the compound scores published with VADER (its README examples),
 * and its rules one at a time.
 */
class LexiconSentimentTest {

  final LexiconSentiment vader = LexiconSentiment.bundled();

  double compound(String text) {
    return vader.score(text).compound();
  }

  @Test
  void matchesVadersPublishedScores() {
    assertThat(compound("VADER is smart, handsome, and funny.")).isCloseTo(0.8316, within(1e-4));
    assertThat(compound("VADER is not smart, handsome, nor funny."))
        .isCloseTo(-0.7424, within(1e-4));
    assertThat(compound("The book was good.")).isCloseTo(0.4404, within(1e-4));
    assertThat(compound("The book was kind of good.")).isCloseTo(0.3832, within(1e-4));
    assertThat(compound("Today SUX!")).isCloseTo(-0.5461, within(1e-4));
    assertThat(compound("Today only kinda sux! But I'll get by, lol"))
        .isCloseTo(0.5249, within(1e-4));
  }

  @Test
  void negationFlipsAWord() {
    assertThat(compound("the service was good")).isPositive();
    assertThat(compound("the service was not good")).isNegative();
    assertThat(compound("the service wasn't good")).isNegative();
  }

  @Test
  void boostersAndCapsStrengthen() {
    double plain = compound("the service was good");
    assertThat(compound("the service was very good")).isGreaterThan(plain);
    assertThat(compound("the service was GOOD")).isGreaterThan(plain);
    assertThat(compound("the service was slightly good")).isLessThan(plain);
  }

  @Test
  void whatFollowsButCountsMore() {
    assertThat(compound("the food was great but the service was terrible")).isNegative();
    assertThat(compound("the service was terrible but the food was great")).isPositive();
  }

  @Test
  void emojiCarrySentiment() {
    assertThat(compound("my order arrived 😡")).isNegative();
    assertThat(compound("my order arrived 😍")).isPositive();
    assertThat(compound("my order arrived 👍🏽")).isPositive();
    assertThat(compound("my order arrived")).isZero();
  }

  @Test
  void labelsUseVadersCutOffs() {
    assertThat(vader.score("I love it").label()).isEqualTo(Sentiment.POSITIVE);
    assertThat(vader.score("I hate it").label()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(vader.score("It is a chair").label()).isEqualTo(Sentiment.NEUTRAL);
  }
}
