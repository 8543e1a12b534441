package io.parley.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.channels.InboundItem;
import io.parley.shared.Network;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Parsing of import files without a database: every TWCS/JSONL quirk and every rejection. */
class ImportReadersTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void csvHandlesQuotedLineBreaksDoubledQuotesAndCrlf() throws IOException {
    String csv = "a,b\r\n\"x\r\ny\",\"say \"\"hi\"\"\"\r\n\n\"\",plain\n";
    try (var records = new CsvRecords(bytes(csv))) {
      assertThat(records.next().fields()).containsExactly("a", "b");
      CsvRecords.Record second = records.next();
      assertThat(second.line()).isEqualTo(2);
      assertThat(second.fields()).containsExactly("x\r\ny", "say \"hi\"");
      CsvRecords.Record third = records.next();
      assertThat(third.line()).isEqualTo(5);
      assertThat(third.fields()).containsExactly("", "plain");
      assertThat(records.next()).isNull();
    }
  }

  @Test
  void csvRejectsInvalidUtf8AndUnterminatedQuotesButReadsOn() throws IOException {
    byte[] data = concat("ok,1\n".getBytes(), new byte[] {'b', 'a', 'd', (byte) 0xC3, '(', ','});
    data = concat(data, "2\nfine,3\n\"open,4\n".getBytes());
    try (var records = new CsvRecords(new ByteArrayInputStream(data))) {
      assertThat(records.next().fields()).containsExactly("ok", "1");
      CsvRecords.Record bad = records.next();
      assertThat(bad.line()).isEqualTo(2);
      assertThat(bad.problem()).isEqualTo("invalid UTF-8 bytes in column 1");
      assertThat(records.next().fields()).containsExactly("fine", "3");
      assertThat(records.next().problem()).isEqualTo("unterminated quoted field");
      assertThat(records.next()).isNull();
    }
  }

  @Test
  void csvBoundsARunawayRecordAndResynchronises() throws IOException {
    String huge = "\"" + "x".repeat(CsvRecords.MAX_RECORD_BYTES + 10) + "\nnext,1\n";
    try (var records = new CsvRecords(bytes(huge))) {
      assertThat(records.next().problem()).startsWith("record longer than");
      assertThat(records.next().fields()).containsExactly("next", "1");
    }
  }

  @Test
  void twcsIdsWrittenAsFloatsAreNormalisedAndNonIntegersRejected() {
    assertThat(TwcsReader.id("119237.0", "tweet_id")).isEqualTo("119237");
    assertThat(TwcsReader.id("1.0E5", "tweet_id")).isEqualTo("100000");
    assertThat(TwcsReader.id("1.19237e5", "tweet_id")).isEqualTo("119237");
    assertThat(TwcsReader.id(" 42 ", "tweet_id")).isEqualTo("42");
    assertThat(TwcsReader.id("928374982374982374982", "tweet_id"))
        .isEqualTo("928374982374982374982");
    assertThatThrownBy(() -> TwcsReader.id("5003.5", "tweet_id"))
        .hasMessage("tweet_id '5003.5' is not an integer");
    assertThatThrownBy(() -> TwcsReader.id("abc", "in_response_to_tweet_id"))
        .hasMessage("in_response_to_tweet_id 'abc' is not a number");
    assertThatThrownBy(() -> TwcsReader.id("-3", "tweet_id")).hasMessageContaining("negative");
    assertThatThrownBy(() -> TwcsReader.id("1E999999999", "tweet_id"))
        .hasMessageContaining("too large");
  }

  @Test
  void twcsDatesAreTwittersFormat() {
    assertThat(TwcsReader.createdAt("Tue Oct 31 22:10:47 +0000 2017"))
        .isEqualTo(Instant.parse("2017-10-31T22:10:47Z"));
    assertThat(TwcsReader.createdAt("Wed Nov 01 08:00:00 +0200 2017"))
        .isEqualTo(Instant.parse("2017-11-01T06:00:00Z"));
    assertThatThrownBy(() -> TwcsReader.createdAt("2017-10-31")).hasMessageContaining("not a date");
  }

  @Test
  void twcsSampleBecomesItemsAndReasons() throws IOException {
    List<ImportRecord> records = new ArrayList<>();
    try (var reader = new TwcsReader(resource("/import/twcs-sample.csv"), json)) {
      ImportRecord r;
      while ((r = reader.next()) != null) {
        records.add(r);
      }
    }
    assertThat(records).hasSize(15);
    InboundItem first = records.get(0).item();
    assertThat(first.externalId()).isEqualTo("1003");
    assertThat(first.kind()).isEqualTo(InboundItem.Kind.REPLY);
    assertThat(first.inReplyToExternalId()).isEqualTo("1002");
    assertThat(first.text()).isEqualTo("@sprintcare sent it, thanks for the \"fast\" reply 🙄");
    assertThat(first.fromAccountOwner()).isFalse();
    InboundItem company = records.get(2).item();
    assertThat(company.fromAccountOwner()).isTrue();
    assertThat(company.author().handle()).isEqualTo("sprintcare");
    assertThat(company.inReplyToExternalId()).isEqualTo("1001");
    assertThat(company.text()).endsWith("zip code?\n-AB");
    assertThat(company.rawPayload())
        .contains("\"tweet_id\":\"1002\"", "\"response_tweet_id\":\"1003,1004\"");
    assertThat(records.get(3).item().externalId()).isEqualTo("1004");
    assertThat(records.get(6).where()).isEqualTo("row 7 (line 9)");
    assertThat(records.get(6).item().text())
        .isEqualTo("@Delta two lines:\r\nmy bag did not arrive");
    assertThat(records.get(8).item().externalId()).isEqualTo("100000");
    assertThat(records.get(8).item().kind()).isEqualTo(InboundItem.Kind.MENTION);
    assertThat(records.subList(10, 14))
        .extracting(r -> r.where() + ": " + r.problem())
        .containsExactly(
            "row 11 (line 14): expected 7 columns, found 5",
            "row 12 (line 15): created_at 'yesterday at noon' is not a date like 'Tue Oct 31"
                + " 22:10:47 +0000 2017'",
            "row 13 (line 16): tweet_id 'abc' is not a number",
            "row 14 (line 17): tweet_id '5003.5' is not an integer");
    // Parsed fine; the pipeline's own check refuses it.
    assertThat(records.get(14).problem()).isNull();
    assertThat(Importer.problem(records.get(14).item())).isEqualTo("text is empty");
  }

  @Test
  void aFileWithoutTheTwcsHeaderIsNotTwcs() {
    assertThatThrownBy(() -> new TwcsReader(bytes("id,text\n1,hello\n"), json))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("no column 'tweet_id'");
    assertThatThrownBy(() -> new TwcsReader(bytes(""), json))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void jsonlSampleBecomesItemsAndReasons() throws IOException {
    assertThat(JsonlReader.firstNetwork(resource("/import/sample.jsonl"), json))
        .isEqualTo(Network.MASTODON);
    List<ImportRecord> records = new ArrayList<>();
    try (var reader = new JsonlReader(resource("/import/sample.jsonl"), json, Network.MASTODON)) {
      ImportRecord r;
      while ((r = reader.next()) != null) {
        records.add(r);
      }
    }
    assertThat(records).hasSize(12);
    InboundItem edit = records.get(1).item();
    assertThat(edit.change()).isEqualTo(InboundItem.Change.EDITED);
    assertThat(edit.changedAt()).isEqualTo(Instant.parse("2026-03-01T09:35:00Z"));
    InboundItem comment = records.get(2).item();
    assertThat(comment.kind()).isEqualTo(InboundItem.Kind.COMMENT);
    assertThat(comment.inReplyToExternalId()).isEqualTo("c-1");
    assertThat(comment.contextExternalId()).isEqualTo("post-1");
    assertThat(records.get(0).item().author())
        .isEqualTo(new InboundItem.Author("109", "ana@social.example", "Ana", 120));
    InboundItem brandDm = records.get(6).item();
    assertThat(records.get(6).where()).isEqualTo("line 8");
    assertThat(brandDm.kind()).isEqualTo(InboundItem.Kind.DIRECT_MESSAGE);
    assertThat(brandDm.fromAccountOwner()).isTrue();
    assertThat(records.get(7).item().text()).isEqualTo("The one in Leeds.\nThanks!");
    assertThat(records.subList(8, 12))
        .extracting(r -> r.where() + ": " + r.problem())
        .satisfiesExactly(
            r -> assertThat(r).startsWith("line 10: not a JSON object"),
            r ->
                assertThat(r)
                    .isEqualTo(
                        "line 11: kind 'shout' is not one of mention, comment, reply, quote, dm"),
            r ->
                assertThat(r)
                    .isEqualTo(
                        "line 12: network bluesky differs from the import's network mastodon"),
            r -> assertThat(r).startsWith("line 13: created_at 'yesterday' is not an ISO-8601"));
  }

  @Test
  void jsonlRejectsInvalidUtf8AndNonObjectsPerLine() throws IOException {
    byte[] data =
        concat(
            "{\"id\":\"a\",\"kind\":\"mention\",\"text\":\"caf".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xE9});
    data =
        concat(
            data,
            ("\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n[1,2]\n"
                    + "{\"id\":7,\"kind\":\"reply\",\"parent_id\":6,\"text\":\"ok\","
                    + "\"created_at\":\"2026-01-01T01:00:00+01:00\"}\n")
                .getBytes(StandardCharsets.UTF_8));
    try (var reader = new JsonlReader(new ByteArrayInputStream(data), json, Network.X)) {
      assertThat(reader.next().problem()).isEqualTo("invalid UTF-8 bytes");
      assertThat(reader.next().problem()).isEqualTo("not a JSON object");
      InboundItem numeric = reader.next().item();
      assertThat(numeric.externalId()).isEqualTo("7");
      assertThat(numeric.inReplyToExternalId()).isEqualTo("6");
      assertThat(numeric.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void oversizedTextIsRejectedNotCut() {
    var item =
        new InboundItem(
            "1",
            InboundItem.Change.CREATED,
            InboundItem.Kind.MENTION,
            null,
            null,
            null,
            false,
            "x".repeat(io.parley.conversations.Conversations.MAX_TEXT + 1),
            null,
            Instant.EPOCH,
            null,
            null);
    assertThat(Importer.problem(item)).isEqualTo("text is longer than 100000 characters");
  }

  private InputStream resource(String name) {
    return getClass().getResourceAsStream(name);
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
