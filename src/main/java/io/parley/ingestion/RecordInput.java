package io.parley.ingestion;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of an import file, read in chunks with line counting. Records are split on bytes and only
 * then decoded: UTF-8 never uses ASCII bytes inside a multi-byte sequence, so splitting is exact,
 * and a record with invalid UTF-8 can be rejected on its own instead of being silently mangled.
 */
final class RecordInput implements Closeable {

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int pos;
  private int limit;
  private long line = 1;
  private boolean started;

  RecordInput(InputStream in) {
    this.in = in;
  }

  /** The next byte (0-255), or -1 at the end. Counts lines. */
  int read() throws IOException {
    int b = peek();
    if (b >= 0) {
      pos++;
      if (b == '\n') {
        line++;
      }
    }
    return b;
  }

  int peek() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    if (!started) {
      started = true;
      // A UTF-8 byte order mark (spreadsheet exports) is not content.
      if (limit - pos >= 3
          && (buffer[pos] & 0xff) == 0xEF
          && (buffer[pos + 1] & 0xff) == 0xBB
          && (buffer[pos + 2] & 0xff) == 0xBF) {
        pos += 3;
        if (pos == limit && !fill()) {
          return -1;
        }
      }
    }
    return buffer[pos] & 0xff;
  }

  /** Skips to just after the next line break (resynchronising after a broken record). */
  void skipLine() throws IOException {
    int b;
    while ((b = read()) >= 0 && b != '\n') {
      // skip
    }
  }

  /** The physical line (1-based) the next byte is on. */
  long line() {
    return line;
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** Decodes strictly: invalid UTF-8 throws instead of turning into replacement characters. */
  String decode(ByteArrayOutputStream bytes) throws CharacterCodingException {
    return utf8.decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
