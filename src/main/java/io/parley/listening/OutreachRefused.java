package io.parley.listening;

/** A reply the etiquette guard did not let through; nothing was stored or sent. */
public final class OutreachRefused extends RuntimeException {

  private final EtiquetteVerdict verdict;

  OutreachRefused(EtiquetteVerdict verdict) {
    super(verdict.explanation());
    this.verdict = verdict;
  }

  public EtiquetteVerdict verdict() {
    return verdict;
  }
}
