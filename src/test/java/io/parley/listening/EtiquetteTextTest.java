package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text rules of the etiquette guard, without a database. */
class EtiquetteTextTest {

  @Test
  void promotionalShareCountsSalesWordsPricesAndLinks() {
    assertThat(EtiquetteGuard.promotionalShare("Sale: 30% off, shop now at https://x.test"))
        .isGreaterThan(0.5);
    assertThat(EtiquetteGuard.promotionalShare("How far do you usually run? Trails or road?"))
        .isZero();
    assertThat(EtiquetteGuard.promotionalShare("")).isZero();
  }

  @Test
  void recognisesRequestsToStop() {
    assertThat(Outreach.asksToStop("Please stop messaging me.")).isTrue();
    assertThat(Outreach.asksToStop("Don’t contact me again")).isTrue();
    assertThat(Outreach.asksToStop("leave me alone!!")).isTrue();
    assertThat(Outreach.asksToStop("I blocked you")).isTrue();
    assertThat(Outreach.asksToStop("blocked you, bye")).isTrue();
    assertThat(Outreach.asksToStop("can't stop running in these shoes")).isFalse();
    assertThat(Outreach.asksToStop("where is the bus stop?")).isFalse();
    assertThat(Outreach.asksToStop(null)).isFalse();
  }

  @Test
  void theVerdictExplainsItselfInWords() {
    var verdict =
        new EtiquetteVerdict(
            java.util.List.of("The post is 3 days old."), java.util.List.of("Mostly promotional."));
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.explanation())
        .isEqualTo("Not sent. The post is 3 days old. Warning: Mostly promotional.");
  }
}
