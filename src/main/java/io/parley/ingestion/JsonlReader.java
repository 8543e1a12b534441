package io.parley.ingestion;

import io.parley.channels.InboundItem;
import io.parley.shared.Network;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parley's network-neutral import layout: one JSON object per line (see docs/import.md). A record
 * naming another network than the import's is rejected rather than filed under the wrong one.
 */
final class JsonlReader implements ImportReader {

  private final RecordInput in;
  private final JsonMapper json;
  private final Network network;

  JsonlReader(InputStream in, JsonMapper json, Network network) {
    this.in = new RecordInput(in);
    this.json = json;
    this.network = network;
  }

  @Override
  public ImportRecord next() throws IOException {
    while (true) {
      if (in.peek() < 0) {
        return null;
      }
      String where = "line " + in.line();
      var bytes = new ByteArrayOutputStream();
      boolean tooLong = false;
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (bytes.size() >= CsvRecords.MAX_RECORD_BYTES) {
          tooLong = true;
          in.skipLine();
          break;
        }
        bytes.write(b);
      }
      if (tooLong) {
        return ImportRecord.rejected(
            where, "line longer than " + CsvRecords.MAX_RECORD_BYTES + " bytes");
      }
      String line;
      try {
        line = in.decode(bytes).strip();
      } catch (CharacterCodingException e) {
        return ImportRecord.rejected(where, "invalid UTF-8 bytes");
      }
      if (line.isEmpty()) {
        continue;
      }
      try {
        return ImportRecord.ok(where, item(json.readTree(line), line));
      } catch (JacksonException e) {
        return ImportRecord.rejected(
            where, "not a JSON object: " + firstLine(e.getOriginalMessage()));
      } catch (IllegalArgumentException e) {
        return ImportRecord.rejected(where, e.getMessage());
      }
    }
  }

  /** The network named by the first record that names one, for imports that do not say. */
  static Network firstNetwork(InputStream in, JsonMapper json) throws IOException {
    var reader = new JsonlReader(in, json, null);
    for (int i = 0; i < 1000; i++) {
      ImportRecord record = reader.next();
      if (record == null) {
        return null;
      }
      if (record.item() != null && record.problem() == null) {
        Network named = reader.lastNetwork;
        if (named != null) {
          return named;
        }
      }
    }
    return null;
  }

  private Network lastNetwork;

  private InboundItem item(JsonNode node, String line) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    lastNetwork = null;
    String named = text(node, "network");
    if (named != null) {
      Network n = Network.parse(named);
      if (n == null) {
        throw new IllegalArgumentException(
            "unknown network '" + TwcsReader.abbreviate(named) + "'");
      }
      if (network != null && n != network) {
        throw new IllegalArgumentException(
            "network "
                + n.name().toLowerCase(Locale.ROOT)
                + " differs from the import's network "
                + network.name().toLowerCase(Locale.ROOT));
      }
      lastNetwork = n;
    }
    String id = required(node, "id");
    InboundItem.Kind kind = kind(required(node, "kind"));
    InboundItem.Change change = change(text(node, "change"));
    Instant created = instant(required(node, "created_at"), "created_at");
    String changedAt = text(node, "changed_at");
    JsonNode author = node.get("author");
    InboundItem.Author who = null;
    if (author != null && !author.isNull()) {
      if (!author.isObject()) {
        throw new IllegalArgumentException("author must be an object");
      }
      JsonNode followers = author.get("followers");
      if (followers != null && !followers.isNull() && !followers.canConvertToInt()) {
        throw new IllegalArgumentException("author.followers must be a whole number");
      }
      who =
          new InboundItem.Author(
              text(author, "id"),
              text(author, "handle"),
              text(author, "name"),
              followers == null || followers.isNull() ? null : followers.asInt());
    }
    JsonNode fromBrand = node.get("from_brand");
    if (fromBrand != null && !fromBrand.isNull() && !fromBrand.isBoolean()) {
      throw new IllegalArgumentException("from_brand must be true or false");
    }
    return new InboundItem(
        id,
        change,
        kind,
        text(node, "parent_id"),
        text(node, "context_id"),
        who,
        fromBrand != null && fromBrand.asBoolean(),
        text(node, "text"),
        null,
        created,
        changedAt == null ? null : instant(changedAt, "changed_at"),
        line);
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value;
  }

  /** Strings as they are; numbers (ids written as numbers) as their decimal text. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isString()) {
      return value.asString();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    throw new IllegalArgumentException(field + " must be a string");
  }

  private static InboundItem.Kind kind(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "mention" -> InboundItem.Kind.MENTION;
      case "comment" -> InboundItem.Kind.COMMENT;
      case "reply" -> InboundItem.Kind.REPLY;
      case "quote" -> InboundItem.Kind.QUOTE;
      case "dm" -> InboundItem.Kind.DIRECT_MESSAGE;
      default ->
          throw new IllegalArgumentException(
              "kind '"
                  + TwcsReader.abbreviate(value)
                  + "' is not one of mention, comment, reply, quote, dm");
    };
  }

  private static InboundItem.Change change(String value) {
    if (value == null) {
      return InboundItem.Change.CREATED;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "created" -> InboundItem.Change.CREATED;
      case "edited" -> InboundItem.Change.EDITED;
      case "deleted" -> InboundItem.Change.DELETED;
      default ->
          throw new IllegalArgumentException(
              "change '"
                  + TwcsReader.abbreviate(value)
                  + "' is not one of created, edited, deleted");
    };
  }

  private static Instant instant(String value, String field) {
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field
              + " '"
              + TwcsReader.abbreviate(value)
              + "' is not an ISO-8601 time like 2026-03-01T09:30:00Z");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unparseable";
    }
    int nl = message.indexOf('\n');
    return TwcsReader.abbreviate(nl < 0 ? message : message.substring(0, nl));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
