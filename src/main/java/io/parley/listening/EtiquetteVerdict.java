package io.parley.listening;

import java.util.List;

/**
 * The etiquette guard's decision about a draft reply, in words.
 *
 * @param blocks why the reply may not be sent; empty when it may
 * @param warnings what the person should reconsider; the reply may still be sent
 */
public record EtiquetteVerdict(List<String> blocks, List<String> warnings) {

  public EtiquetteVerdict {
    blocks = List.copyOf(blocks);
    warnings = List.copyOf(warnings);
  }

  public boolean allowed() {
    return blocks.isEmpty();
  }

  /** One paragraph for the page: the decision, then each reason. */
  public String explanation() {
    StringBuilder s = new StringBuilder(allowed() ? "May be sent." : "Not sent.");
    blocks.forEach(b -> s.append(' ').append(b));
    warnings.forEach(w -> s.append(" Warning: ").append(w));
    return s.toString();
  }
}
