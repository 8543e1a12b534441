package io.parley.ingestion;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader: comma separated, fields optionally in double quotes, a doubled quote inside
 * quotes is one quote, quoted fields may contain CR/LF. Records end at LF or CRLF. A broken record
 * (invalid UTF-8, unterminated quote, absurd length) comes back with a problem and reading goes on
 * with the next one.
 */
final class CsvRecords implements Closeable {

  /** Longest record accepted; also bounds memory when a quote is never closed. */
  static final int MAX_RECORD_BYTES = 1 << 20;

  /**
   * One record.
   *
   * @param line the physical line it starts on (1-based)
   * @param fields decoded fields, empty when {@code problem} is set
   * @param problem why the record is unusable, or null
   */
  record Record(long line, List<String> fields, String problem) {}

  private final RecordInput in;

  CsvRecords(InputStream in) {
    this.in = new RecordInput(in);
  }

  /** The next non-blank record, or null at the end of the file. */
  Record next() throws IOException {
    while (true) {
      if (in.peek() < 0) {
        return null;
      }
      long line = in.line();
      List<ByteArrayOutputStream> raw = new ArrayList<>();
      ByteArrayOutputStream field = new ByteArrayOutputStream();
      boolean quoted = false;
      boolean fieldStart = true;
      int size = 0;
      String problem = null;
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (quoted) {
            problem = "unterminated quoted field";
          }
          break;
        }
        if (++size > MAX_RECORD_BYTES) {
          problem = "record longer than " + MAX_RECORD_BYTES + " bytes (unterminated quote?)";
          if (b != '\n') {
            in.skipLine();
          }
          break;
        }
        if (quoted) {
          if (b == '"') {
            if (in.peek() == '"') {
              in.read();
              field.write('"');
            } else {
              quoted = false;
            }
          } else {
            field.write(b);
          }
          continue;
        }
        if (b == ',') {
          raw.add(field);
          field = new ByteArrayOutputStream();
          fieldStart = true;
          continue;
        }
        if (b == '\r' && in.peek() == '\n') {
          continue;
        }
        if (b == '\n') {
          break;
        }
        if (b == '"' && fieldStart) {
          quoted = true;
          fieldStart = false;
          continue;
        }
        fieldStart = false;
        field.write(b);
      }
      raw.add(field);
      if (problem != null) {
        return new Record(line, List.of(), problem);
      }
      if (raw.size() == 1 && raw.getFirst().size() == 0) {
        continue; // blank line
      }
      List<String> fields = new ArrayList<>(raw.size());
      for (int i = 0; i < raw.size(); i++) {
        try {
          fields.add(in.decode(raw.get(i)));
        } catch (CharacterCodingException e) {
          return new Record(line, List.of(), "invalid UTF-8 bytes in column " + (i + 1));
        }
      }
      return new Record(line, fields, null);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
