package io.parley.listening;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The etiquette guard's settings ({@code parley.listening.etiquette.*}); on by default.
 *
 * @param enabled off: every reply is allowed (warnings are still given)
 * @param perPersonWindow at most one unsolicited reply per person within this window
 * @param maxPostAge no reply to posts older than this
 * @param dailyCapPerAccount at most this many unsolicited replies per channel account per day (UTC)
 * @param promotionalShare warn when at least this share of the draft's words are promotional
 */
@ConfigurationProperties("parley.listening.etiquette")
public record EtiquetteRules(
    Boolean enabled,
    Duration perPersonWindow,
    Duration maxPostAge,
    Integer dailyCapPerAccount,
    Double promotionalShare) {

  public EtiquetteRules {
    enabled = enabled == null || enabled;
    perPersonWindow = perPersonWindow == null ? Duration.ofDays(30) : perPersonWindow;
    maxPostAge = maxPostAge == null ? Duration.ofHours(48) : maxPostAge;
    dailyCapPerAccount = dailyCapPerAccount == null ? 20 : dailyCapPerAccount;
    promotionalShare = promotionalShare == null ? 0.3 : promotionalShare;
  }

  public static EtiquetteRules defaults() {
    return new EtiquetteRules(null, null, null, null, null);
  }
}
