package io.parley.triage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text and label columns read from any CSV file (RFC 4180: comma separated, fields optionally in
 * double quotes with doubled quotes inside, quoted fields may hold line breaks; LF or CRLF; a UTF-8
 * byte-order mark is ignored). Columns are chosen by header name (case-insensitive) or by 1-based
 * number. Problems come back as {@link CsvProblem} with a message meant for the person at the
 * terminal.
 */
public final class LabelledCsv {

  /** One labelled row: the physical line it starts on, the text and the raw label. */
  public record Row(long line, String text, String label) {}

  /** A problem with the file or the requested columns. */
  public static final class CsvProblem extends Exception {
    public CsvProblem(String message) {
      super(message);
    }
  }

  private LabelledCsv() {}

  /**
   * Reads the rows.
   *
   * @param file the CSV file
   * @param textColumn header name, or a 1-based column number
   * @param labelColumn header name, or a 1-based column number
   * @param header whether the first record is a header row
   */
  public static List<Row> read(Path file, String textColumn, String labelColumn, boolean header)
      throws CsvProblem {
    List<Record> records = records(file);
    if (records.isEmpty()) {
      throw new CsvProblem(file + " is empty");
    }
    List<String> names = header ? records.getFirst().fields() : List.of();
    int text = column(file, textColumn, names, header, "text");
    int label = column(file, labelColumn, names, header, "label");
    List<Row> rows = new ArrayList<>();
    for (int i = header ? 1 : 0; i < records.size(); i++) {
      Record r = records.get(i);
      int needed = Math.max(text, label);
      if (r.fields().size() <= needed) {
        throw new CsvProblem(
            String.format(
                Locale.ROOT,
                "%s line %d has %d column(s); column %d is needed",
                file,
                r.line(),
                r.fields().size(),
                needed + 1));
      }
      rows.add(new Row(r.line(), r.fields().get(text), r.fields().get(label).trim()));
    }
    if (rows.isEmpty()) {
      throw new CsvProblem(file + " has no data rows");
    }
    return rows;
  }

  private static int column(
      Path file, String wanted, List<String> names, boolean header, String role) throws CsvProblem {
    String w = wanted.trim();
    if (header) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).trim().equalsIgnoreCase(w)) {
          return i;
        }
      }
    }
    if (w.matches("\\d+")) {
      int n = Integer.parseInt(w);
      if (n < 1) {
        throw new CsvProblem("Column numbers start at 1; got " + w + " for the " + role);
      }
      return n - 1;
    }
    if (!header) {
      throw new CsvProblem(
          "With --no-header the " + role + " column must be a number (1-based), got '" + w + "'");
    }
    throw new CsvProblem(
        String.format(
            "%s has no column '%s' (for the %s); its columns are: %s",
            file, w, role, String.join(", ", names)));
  }

  record Record(long line, List<String> fields) {}

  static List<Record> records(Path file) throws CsvProblem {
    String content;
    try {
      byte[] bytes = Files.readAllBytes(file);
      content =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (NoSuchFileException e) {
      throw new CsvProblem("Cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new CsvProblem("Cannot read " + file + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new CsvProblem("Cannot read " + file + ": it is not UTF-8 text");
    } catch (IOException e) {
      throw new CsvProblem("Cannot read " + file + ": " + e.getMessage());
    }
    return parse(content, file.toString());
  }

  static List<Record> parse(String content, String source) throws CsvProblem {
    List<Record> out = new ArrayList<>();
    int i = content.startsWith("\uFEFF") ? 1 : 0;
    long line = 1;
    int n = content.length();
    while (i < n) {
      long start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean fieldStart = true;
      boolean wasQuoted = false;
      boolean ended = false;
      while (i < n) {
        char c = content.charAt(i++);
        if (quoted) {
          if (c == '"') {
            if (i < n && content.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append(c);
          }
          continue;
        }
        if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          fieldStart = true;
          wasQuoted = false;
        } else if (c == '\r' && i < n && content.charAt(i) == '\n') {
          // CRLF: the LF ends the record
        } else if (c == '\n') {
          line++;
          ended = true;
          break;
        } else if (c == '"' && fieldStart) {
          quoted = true;
          wasQuoted = true;
          fieldStart = false;
        } else {
          fieldStart = false;
          field.append(c);
        }
      }
      if (quoted) {
        throw new CsvProblem(
            source + ": the quoted field starting on line " + start + " is never closed");
      }
      fields.add(field.toString());
      boolean blank = fields.size() == 1 && fields.getFirst().isEmpty() && !wasQuoted;
      if (!blank) {
        out.add(new Record(start, List.copyOf(fields)));
      }
      if (!ended) {
        break;
      }
    }
    return out;
  }
}
