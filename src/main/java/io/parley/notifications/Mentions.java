package io.parley.notifications;

import io.parley.accounts.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the colleagues a note @mentions: {@code @ada.agent} (the email's local part),
 * {@code @AdaAgent} or {@code @Ada.Agent} (the display name without or with dots for spaces), or
 * {@code @Ada} (a first name, only when exactly one person of the workspace has it). Only the
 * people given (one workspace's) can match, so a namesake elsewhere is never notified.
 */
final class Mentions {

  // A handle ends on a letter or digit: "@ada." at the end of a sentence is "@ada".
  private static final Pattern HANDLE =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}._%+-])@([\\p{L}\\p{N}](?:[\\p{L}\\p{N}._-]*[\\p{L}\\p{N}])?)");

  private Mentions() {}

  static Set<String> handles(String text) {
    Set<String> found = new LinkedHashSet<>();
    if (text == null) {
      return found;
    }
    Matcher m = HANDLE.matcher(text);
    while (m.find()) {
      found.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return found;
  }

  /** The enabled people among {@code colleagues} the text mentions, each once. */
  static List<User> in(String text, List<User> colleagues) {
    List<User> mentioned = new ArrayList<>();
    for (String handle : handles(text)) {
      List<User> exact =
          colleagues.stream().filter(User::enabled).filter(u -> names(u).contains(handle)).toList();
      List<User> byFirstName =
          colleagues.stream()
              .filter(User::enabled)
              .filter(u -> u.firstName().toLowerCase(Locale.ROOT).equals(handle))
              .toList();
      List<User> matched =
          !exact.isEmpty() ? exact : byFirstName.size() == 1 ? byFirstName : List.of();
      for (User u : matched) {
        if (mentioned.stream().noneMatch(x -> x.id() == u.id())) {
          mentioned.add(u);
        }
      }
    }
    return mentioned;
  }

  private static Set<String> names(User u) {
    String email = u.email().toLowerCase(Locale.ROOT);
    int at = email.indexOf('@');
    String name = u.displayName().trim().toLowerCase(Locale.ROOT);
    // a set, not Set.of: one-word names give the same spelling twice
    return new HashSet<>(
        List.of(
            at > 0 ? email.substring(0, at) : email,
            name.replaceAll("\\s+", ""),
            name.replaceAll("\\s+", ".")));
  }
}
