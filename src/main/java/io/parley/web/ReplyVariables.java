package io.parley.web;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{contact.name}}}, {@code {{contact.handle}}}, {@code {{agent.name}}}, {@code
 * {{agent.first_name}}} and {@code {{conversation.id}}} into a saved reply. An unknown variable
 * stays as written, so the agent sees it before sending.
 */
final class ReplyVariables {

  static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z_]+(?:\\.[a-z_]+)?)\\s*}}");

  private ReplyVariables() {}

  static String fill(String body, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(body);
    var out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
