package io.parley.routing;

import io.parley.conversations.ConversationKind;
import io.parley.shared.Network;
import io.parley.triage.Intent;
import io.parley.triage.Sentiment;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a message must look like for a rule to apply. Null means "any"; every condition that is set
 * must hold. A message without triage (triage off or not yet run) never matches an intent,
 * sentiment, urgency or language condition.
 *
 * @param keywords comma-separated words or phrases, any of which occurring (case-insensitive) in
 *     the text matches
 * @param regex a regular expression searched in the text, see {@link GuardedRegex}
 * @param insideBusinessHours with {@code businessHours}: true matches messages written inside them,
 *     false outside
 * @param contactTag the author's contact carries this tag (set on the contact panel), e.g. {@code
 *     vip}
 */
public record RuleConditions(
    Network network,
    Long channelAccountId,
    ConversationKind kind,
    Intent intent,
    Sentiment sentiment,
    Integer minUrgency,
    String language,
    String keywords,
    String regex,
    Integer minFollowers,
    BusinessHours businessHours,
    Boolean insideBusinessHours,
    String contactTag) {

  public static final RuleConditions ANY =
      new RuleConditions(
          null, null, null, null, null, null, null, null, null, null, null, null, null);

  /** Conditions that do not look at the author's contact tags. */
  public RuleConditions(
      Network network,
      Long channelAccountId,
      ConversationKind kind,
      Intent intent,
      Sentiment sentiment,
      Integer minUrgency,
      String language,
      String keywords,
      String regex,
      Integer minFollowers,
      BusinessHours businessHours,
      Boolean insideBusinessHours) {
    this(
        network,
        channelAccountId,
        kind,
        intent,
        sentiment,
        minUrgency,
        language,
        keywords,
        regex,
        minFollowers,
        businessHours,
        insideBusinessHours,
        null);
  }

  public RuleConditions {
    keywords = blankToNull(keywords);
    regex = blankToNull(regex);
    language = blankToNull(language);
    contactTag = blankToNull(contactTag);
    if (contactTag != null) {
      contactTag = contactTag.toLowerCase(Locale.ROOT);
      if (contactTag.length() > 64) {
        throw new IllegalArgumentException("A tag is at most 64 characters");
      }
    }
    if (language != null) {
      language = language.toLowerCase(Locale.ROOT);
    }
    if (minUrgency != null && (minUrgency < 0 || minUrgency > 100)) {
      throw new IllegalArgumentException("Urgency must be between 0 and 100, got " + minUrgency);
    }
    if (minFollowers != null && minFollowers < 0) {
      throw new IllegalArgumentException("Follower count cannot be negative: " + minFollowers);
    }
    if (regex != null) {
      GuardedRegex.compile(regex); // fail now with a clear message, not at evaluation
    }
    if (businessHours != null && insideBusinessHours == null) {
      insideBusinessHours = Boolean.TRUE;
    }
    if (businessHours == null) {
      insideBusinessHours = null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The keywords as a list (lower-case, trimmed, no empties). */
  public List<String> keywordList() {
    if (keywords == null) {
      return List.of();
    }
    return Arrays.stream(keywords.split(","))
        .map(k -> k.trim().toLowerCase(Locale.ROOT))
        .filter(k -> !k.isEmpty())
        .toList();
  }

  /** A compiled evaluator of these conditions (compiles the regex once). */
  Predicate compile() {
    GuardedRegex compiled = regex == null ? null : GuardedRegex.compile(regex);
    List<String> words = keywordList();
    return m -> {
      if (network != null && m.network() != network) {
        return false;
      }
      if (channelAccountId != null && m.channelAccountId() != channelAccountId) {
        return false;
      }
      if (kind != null && m.kind() != kind) {
        return false;
      }
      if (intent != null && (m.intents() == null || !m.intents().contains(intent))) {
        return false;
      }
      if (sentiment != null && m.sentiment() != sentiment) {
        return false;
      }
      if (minUrgency != null && (m.urgency() == null || m.urgency() < minUrgency)) {
        return false;
      }
      if (language != null && !language.equals(m.language())) {
        return false;
      }
      if (minFollowers != null && (m.followers() == null || m.followers() < minFollowers)) {
        return false;
      }
      if (contactTag != null && !m.contactTags().contains(contactTag)) {
        return false;
      }
      if (businessHours != null
          && businessHours.contains(m.createdAt()) != insideBusinessHours.booleanValue()) {
        return false;
      }
      if (!words.isEmpty()) {
        String lower = m.text().toLowerCase(Locale.ROOT);
        if (words.stream().noneMatch(lower::contains)) {
          return false;
        }
      }
      return compiled == null || compiled.find(m.text());
    };
  }

  /** A compiled rule condition. */
  @FunctionalInterface
  interface Predicate {
    boolean test(RoutedMessage m);
  }
}
