package io.parley.ingestion;

import io.parley.channels.InboundItem;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The "Customer Support on Twitter" (TWCS) CSV layout: {@code tweet_id, author_id, inbound,
 * created_at, text, response_tweet_id, in_response_to_tweet_id}. Rows written by the company
 * ({@code inbound=False}) are the brand's side. Ids exported through spreadsheets appear as floats
 * ({@code 119237.0}, {@code 1.0E5}) and are normalised to integers. Threads follow {@code
 * in_response_to_tweet_id}; {@code response_tweet_id} is the same link seen from the parent and is
 * kept only in the raw payload.
 */
final class TwcsReader implements ImportReader {

  static final List<String> COLUMNS =
      List.of(
          "tweet_id",
          "author_id",
          "inbound",
          "created_at",
          "text",
          "response_tweet_id",
          "in_response_to_tweet_id");

  private static final DateTimeFormatter CREATED_AT =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss Z yyyy", Locale.ENGLISH);

  private final CsvRecords csv;
  private final JsonMapper json;
  private final int[] index = new int[COLUMNS.size()];
  private int headerSize;
  private long row;

  TwcsReader(InputStream in, JsonMapper json) throws IOException {
    this.csv = new CsvRecords(in);
    this.json = json;
    readHeader();
  }

  private void readHeader() throws IOException {
    CsvRecords.Record header = csv.next();
    if (header == null) {
      throw new ImportFileException("The file is empty: expected a TWCS header.");
    }
    if (header.problem() != null) {
      throw new ImportFileException("The TWCS header is unreadable: " + header.problem());
    }
    List<String> names = header.fields().stream().map(s -> s.strip().toLowerCase()).toList();
    for (int i = 0; i < COLUMNS.size(); i++) {
      index[i] = names.indexOf(COLUMNS.get(i));
      if (index[i] < 0) {
        throw new ImportFileException(
            "Not a TWCS file: the header has no column '"
                + COLUMNS.get(i)
                + "' (expected "
                + String.join(",", COLUMNS)
                + ").");
      }
    }
    headerSize = names.size();
  }

  @Override
  public ImportRecord next() throws IOException {
    CsvRecords.Record record = csv.next();
    if (record == null) {
      return null;
    }
    row++;
    String where = "row " + row + " (line " + record.line() + ")";
    if (record.problem() != null) {
      return ImportRecord.rejected(where, record.problem());
    }
    List<String> f = record.fields();
    if (f.size() != headerSize) {
      return ImportRecord.rejected(where, "expected " + headerSize + " columns, found " + f.size());
    }
    try {
      return ImportRecord.ok(where, item(f));
    } catch (IllegalArgumentException e) {
      return ImportRecord.rejected(where, e.getMessage());
    }
  }

  private InboundItem item(List<String> f) {
    String id = id(column(f, 0), "tweet_id");
    String author = column(f, 1).strip();
    if (author.isEmpty()) {
      throw new IllegalArgumentException("author_id is empty");
    }
    boolean inbound =
        switch (column(f, 2).strip().toLowerCase(Locale.ROOT)) {
          case "true", "1" -> true;
          case "false", "0" -> false;
          default ->
              throw new IllegalArgumentException(
                  "inbound is '" + abbreviate(column(f, 2)) + "', expected True or False");
        };
    Instant created = createdAt(column(f, 3));
    String parentRaw = column(f, 6).strip();
    String parent = parentRaw.isEmpty() ? null : id(parentRaw, "in_response_to_tweet_id");
    String text = column(f, 4);
    return new InboundItem(
        id,
        InboundItem.Change.CREATED,
        parent == null ? InboundItem.Kind.MENTION : InboundItem.Kind.REPLY,
        parent,
        null,
        new InboundItem.Author(author, author, null, null),
        !inbound,
        text,
        null,
        created,
        null,
        raw(f));
  }

  private String column(List<String> f, int column) {
    return f.get(index[column]);
  }

  private String raw(List<String> f) {
    ObjectNode node = json.createObjectNode();
    for (int i = 0; i < COLUMNS.size(); i++) {
      node.put(COLUMNS.get(i), column(f, i));
    }
    return json.writeValueAsString(node);
  }

  /** {@code 119237}, {@code 119237.0} and {@code 1.19237E5} are the same id. */
  static String id(String value, String column) {
    String v = value.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(column + " is empty");
    }
    BigDecimal number;
    try {
      number = new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " '" + abbreviate(v) + "' is not a number");
    }
    if (number.signum() < 0) {
      throw new IllegalArgumentException(column + " '" + abbreviate(v) + "' is negative");
    }
    if (number.precision() - number.scale() > 40) {
      throw new IllegalArgumentException(column + " '" + abbreviate(v) + "' is too large");
    }
    try {
      return number.toBigIntegerExact().toString();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(column + " '" + abbreviate(v) + "' is not an integer");
    }
  }

  static Instant createdAt(String value) {
    try {
      return OffsetDateTime.parse(value.strip(), CREATED_AT).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "created_at '"
              + abbreviate(value)
              + "' is not a date like 'Tue Oct 31 22:10:47 +0000 2017'");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }
}
