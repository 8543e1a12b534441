package io.parley.listening;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides whether an unsolicited reply to an opportunity may be sent (see {@link EtiquetteRules}):
 * at most one per person per 30 days, none to posts older than 48 hours, a daily cap per channel
 * account, none to someone who asked the brand to stop or blocked it; warnings when the draft is
 * mostly promotional or the same text went to someone before. Every decision is explained.
 */
@Component
public class EtiquetteGuard {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final Pattern LINK =
      Pattern.compile("(https?://|www\\.)\\S+", Pattern.CASE_INSENSITIVE);
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}%$€£]+");
  private static final Set<String> PROMOTIONAL =
      Set.of(
          "sale",
          "discount",
          "discounts",
          "off",
          "%",
          "buy",
          "shop",
          "store",
          "code",
          "promo",
          "deal",
          "deals",
          "offer",
          "offers",
          "free",
          "shipping",
          "order",
          "now",
          "limited",
          "exclusive",
          "save",
          "cheap",
          "price",
          "prices",
          "link",
          "bio",
          "click",
          "visit",
          "checkout",
          "coupon",
          "voucher",
          "new",
          "collection");

  private final JdbcClient jdbc;
  private final Clock clock;
  private final EtiquetteRules rules;

  EtiquetteGuard(JdbcClient jdbc, Clock clock, EtiquetteRules rules) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.rules = rules;
  }

  public EtiquetteRules rules() {
    return rules;
  }

  /** The verdict on sending {@code draft} as a reply to the opportunity's post. */
  public EtiquetteVerdict check(Opportunity o, String draft) {
    List<String> blocks = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Instant now = clock.instant();
    String who = o.authorHandle() == null ? "this person" : "@" + o.authorHandle();

    String stop =
        jdbc.sql(
                "select reason from do_not_contact where workspace_id = ? and network = ? and"
                    + " author_external_id = ?")
            .params(o.workspaceId(), o.network().name(), o.authorExternalId())
            .query(String.class)
            .optional()
            .orElse(null);
    if (stop != null) {
      blocks.add(who + " must not be contacted: " + stop + ".");
    }

    Duration age = Duration.between(o.postCreatedAt(), now);
    if (age.compareTo(rules.maxPostAge()) > 0) {
      blocks.add(
          "The post is "
              + human(age)
              + " old; replies to posts older than "
              + human(rules.maxPostAge())
              + " are not sent, because an answer that late reads as spam.");
    }

    Instant since = now.minus(rules.perPersonWindow());
    Instant last =
        jdbc.sql(
                "select max(created_at) from outreach where workspace_id = ? and network = ? and"
                    + " author_external_id = ? and created_at > ?")
            .params(
                o.workspaceId(), o.network().name(), o.authorExternalId(), Timestamp.from(since))
            .query((rs, row) -> rs.getTimestamp(1))
            .optional()
            .map(t -> t == null ? null : t.toInstant())
            .orElse(null);
    if (last != null) {
      blocks.add(
          "The brand already wrote to "
              + who
              + " unasked on "
              + DAY.format(last)
              + "; at most one unsolicited reply per person in "
              + human(rules.perPersonWindow())
              + " (next possible on "
              + DAY.format(last.plus(rules.perPersonWindow()))
              + ").");
    }

    Instant dayStart =
        now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    long today =
        jdbc.sql("select count(*) from outreach where channel_account_id = ? and created_at >= ?")
            .params(o.channelAccountId(), Timestamp.from(dayStart))
            .query(Long.class)
            .single();
    if (today >= rules.dailyCapPerAccount()) {
      blocks.add(
          "This account has sent "
              + today
              + " unsolicited replies today; the daily cap is "
              + rules.dailyCapPerAccount()
              + ". Try again tomorrow (UTC).");
    }

    if (draft != null && !draft.isBlank()) {
      double share = promotionalShare(draft);
      if (share >= rules.promotionalShare()) {
        warnings.add(
            "The draft is mostly promotional ("
                + Math.round(share * 100)
                + "% of its words are sales words or links); answer the person's question"
                + " first.");
      }
      long same =
          jdbc.sql("select count(*) from outreach where workspace_id = ? and text = ?")
              .params(o.workspaceId(), normalize(draft))
              .query(Long.class)
              .single();
      if (same > 0) {
        warnings.add(
            "The same text was already sent to "
                + same
                + (same == 1 ? " person" : " people")
                + "; a copied message reads as a campaign, write to this person.");
      }
    }
    if (!rules.enabled() && !blocks.isEmpty()) {
      warnings.addAll(0, blocks.stream().map(b -> "(guard is off) " + b).toList());
      blocks.clear();
    }
    return new EtiquetteVerdict(blocks, warnings);
  }

  /** The share of words that are sales words, prices or links. */
  static double promotionalShare(String draft) {
    int links = 0;
    var m = LINK.matcher(draft);
    while (m.find()) {
      links++;
    }
    String rest = LINK.matcher(draft).replaceAll(" ").toLowerCase(Locale.ROOT);
    int words = links;
    int promo = links;
    var w = WORD.matcher(rest);
    while (w.find()) {
      String word = w.group();
      words++;
      if (PROMOTIONAL.contains(word)
          || word.endsWith("%")
          || word.startsWith("$")
          || word.startsWith("€")
          || word.startsWith("£")) {
        promo++;
      }
    }
    return words == 0 ? 0 : (double) promo / words;
  }

  /** Outreach texts are compared with whitespace collapsed. */
  static String normalize(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static String human(Duration d) {
    long hours = d.toHours();
    if (hours < 72) {
      return hours + (hours == 1 ? " hour" : " hours");
    }
    long days = d.toDays();
    return days + " days";
  }
}
