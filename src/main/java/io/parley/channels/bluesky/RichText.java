package io.parley.channels.bluesky;

import io.parley.channels.InboundItem;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bluesky rich text: facets ({@code app.bsky.richtext.facet}) address the text by UTF-8 byte
 * ranges, while Parley's entities use UTF-16 offsets. Reading converts one way (skipping facets
 * that do not fit the text), writing detects mentions, links and hashtags and converts the other.
 */
final class RichText {

  static final int MAX_GRAPHEMES = 300;
  static final int MAX_BYTES = 3000;
  private static final Pattern MENTION =
      Pattern.compile(
          "(?<=^|[\\s(\\[])@(([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+"
              + "[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)");
  private static final Pattern LINK = Pattern.compile("(?<=^|[\\s(\\[])https?://[^\\s]+");
  private static final Pattern TAG =
      Pattern.compile(
          "(?<=^|\\s)#([^\\s#\\p{Punct}][^\\s#]{0,63})", Pattern.UNICODE_CHARACTER_CLASS);

  private RichText() {}

  /** The number of user-perceived characters (extended grapheme clusters), as Bluesky counts. */
  static int graphemes(String text) {
    BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
    it.setText(text);
    int count = 0;
    while (it.next() != BreakIterator.DONE) {
      count++;
    }
    return count;
  }

  /** Entities from a post's facets; facets outside the text or mid-character are left out. */
  static List<InboundItem.Entity> entities(String text, JsonNode facets) {
    List<InboundItem.Entity> entities = new ArrayList<>();
    if (!facets.isArray()) {
      return entities;
    }
    int[] charAtByte = charIndexByByte(text);
    for (JsonNode facet : facets) {
      JsonNode index = facet.path("index");
      if (!index.path("byteStart").canConvertToInt() || !index.path("byteEnd").canConvertToInt()) {
        continue;
      }
      int byteStart = index.path("byteStart").asInt();
      int byteEnd = index.path("byteEnd").asInt();
      if (byteStart < 0 || byteEnd <= byteStart || byteEnd >= charAtByte.length) {
        continue;
      }
      int start = charAtByte[byteStart];
      int end = charAtByte[byteEnd];
      if (start < 0 || end < 0) {
        continue;
      }
      for (JsonNode feature : facet.path("features")) {
        String type = feature.path("$type").asString("");
        switch (type) {
          case "app.bsky.richtext.facet#mention" ->
              entities.add(
                  new InboundItem.Entity("mention", start, end, feature.path("did").asString("")));
          case "app.bsky.richtext.facet#link" ->
              entities.add(
                  new InboundItem.Entity("link", start, end, feature.path("uri").asString("")));
          case "app.bsky.richtext.facet#tag" ->
              entities.add(
                  new InboundItem.Entity("hashtag", start, end, feature.path("tag").asString("")));
          default -> {
            // a feature this version does not know: ignored
          }
        }
      }
    }
    return entities;
  }

  /** For each UTF-8 byte offset (0..length), the UTF-16 index there, or -1 mid-character. */
  private static int[] charIndexByByte(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] map = new int[bytes.length + 1];
    java.util.Arrays.fill(map, -1);
    int b = 0;
    int i = 0;
    while (i < text.length()) {
      map[b] = i;
      int cp = text.codePointAt(i);
      b += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      i += Character.charCount(cp);
    }
    map[b] = i;
    return map;
  }

  /** Facets for an outgoing post; mentions whose handle does not resolve get none. */
  static ArrayNode facets(String text, Function<String, Optional<String>> didOfHandle) {
    ArrayNode facets = JsonNodeFactory.instance.arrayNode();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      String handle = m.group(1).toLowerCase(Locale.ROOT);
      Optional<String> did = didOfHandle.apply(handle);
      if (did.isPresent()) {
        ObjectNode feature = JsonNodeFactory.instance.objectNode();
        feature.put("$type", "app.bsky.richtext.facet#mention");
        feature.put("did", did.get());
        facets.add(facet(text, m.start(), m.end(), feature));
      }
    }
    Matcher l = LINK.matcher(text);
    while (l.find()) {
      int end = l.end();
      while (end > l.start() && ".,;:!?)]'\"".indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
      ObjectNode feature = JsonNodeFactory.instance.objectNode();
      feature.put("$type", "app.bsky.richtext.facet#link");
      feature.put("uri", text.substring(l.start(), end));
      facets.add(facet(text, l.start(), end, feature));
    }
    Matcher t = TAG.matcher(text);
    while (t.find()) {
      String tag = t.group(1).replaceAll("\\p{Punct}+$", "");
      if (tag.isEmpty() || tag.chars().allMatch(Character::isDigit)) {
        continue;
      }
      ObjectNode feature = JsonNodeFactory.instance.objectNode();
      feature.put("$type", "app.bsky.richtext.facet#tag");
      feature.put("tag", tag);
      facets.add(facet(text, t.start(), t.start() + 1 + tag.length(), feature));
    }
    return facets;
  }

  private static ObjectNode facet(String text, int start, int end, ObjectNode feature) {
    ObjectNode facet = JsonNodeFactory.instance.objectNode();
    ObjectNode index = facet.putObject("index");
    index.put("byteStart", utf8Length(text.substring(0, start)));
    index.put("byteEnd", utf8Length(text.substring(0, end)));
    facet.putArray("features").add(feature);
    return facet;
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
