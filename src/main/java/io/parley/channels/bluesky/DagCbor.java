package io.parley.channels.bluesky;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the DAG-CBOR subset the AT Protocol uses: integers, byte and text strings, arrays, maps
 * with text keys, booleans, null, floats and tag 42 (a CID link). Maps become {@link Map}s,
 * integers {@link Long}s, byte strings {@code byte[]}, links {@link Cid}s. Indefinite lengths and
 * other tags are not DAG-CBOR and are refused. Several objects may follow each other in one buffer
 * (a firehose frame is a header and a body).
 */
final class DagCbor {

  /** Nesting deeper than any record needs: refuses hostile input before the stack runs out. */
  private static final int MAX_DEPTH = 64;

  private final byte[] data;
  private int pos;

  DagCbor(byte[] data) {
    this(data, 0);
  }

  DagCbor(byte[] data, int offset) {
    this.data = data;
    this.pos = offset;
  }

  boolean atEnd() {
    return pos >= data.length;
  }

  int position() {
    return pos;
  }

  /** The next object; {@link Malformed} when the bytes are not DAG-CBOR. */
  Object next() {
    return read(0);
  }

  /** One complete object that must fill {@code data}. */
  static Object decode(byte[] data) {
    DagCbor cbor = new DagCbor(data);
    Object value = cbor.next();
    if (!cbor.atEnd()) {
      throw new Malformed((data.length - cbor.pos) + " bytes after the object");
    }
    return value;
  }

  private Object read(int depth) {
    if (depth > MAX_DEPTH) {
      throw new Malformed("nested deeper than " + MAX_DEPTH);
    }
    int initial = u8();
    int major = initial >>> 5;
    int info = initial & 0x1f;
    if (major == 7) {
      return simple(info);
    }
    long arg = argument(info);
    return switch (major) {
      case 0 -> nonNegative(arg);
      case 1 -> -1 - nonNegative(arg);
      case 2 -> bytes(length(arg));
      case 3 -> text(length(arg));
      case 4 -> {
        int n = length(arg);
        List<Object> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          list.add(read(depth + 1));
        }
        yield list;
      }
      case 5 -> {
        int n = length(arg);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          if (!(read(depth + 1) instanceof String key)) {
            throw new Malformed("a map key that is not text");
          }
          if (map.put(key, read(depth + 1)) != null) {
            throw new Malformed("duplicate map key " + key);
          }
        }
        yield map;
      }
      case 6 -> {
        if (arg != 42) {
          throw new Malformed("tag " + arg + " (DAG-CBOR allows only 42)");
        }
        if (!(read(depth + 1) instanceof byte[] link) || link.length < 2 || link[0] != 0) {
          throw new Malformed("a CID link that is not a byte string with a 0x00 prefix");
        }
        yield Cid.of(Arrays.copyOfRange(link, 1, link.length));
      }
      default -> throw new Malformed("major type " + major);
    };
  }

  private Object simple(int info) {
    return switch (info) {
      case 20 -> Boolean.FALSE;
      case 21 -> Boolean.TRUE;
      case 22 -> null;
      case 25 -> (double) Float.float16ToFloat((short) argument(25));
      case 26 -> (double) Float.intBitsToFloat((int) argument(26));
      case 27 -> Double.longBitsToDouble(argument(27));
      default -> throw new Malformed("simple value " + info);
    };
  }

  private long argument(int info) {
    if (info < 24) {
      return info;
    }
    int size =
        switch (info) {
          case 24 -> 1;
          case 25 -> 2;
          case 26 -> 4;
          case 27 -> 8;
          default -> throw new Malformed("indefinite or reserved length " + info);
        };
    need(size);
    long value = 0;
    for (int i = 0; i < size; i++) {
      value = (value << 8) | (data[pos++] & 0xff);
    }
    return value;
  }

  private static long nonNegative(long arg) {
    if (arg < 0) {
      throw new Malformed("an integer beyond 64 bits");
    }
    return arg;
  }

  private int length(long arg) {
    if (arg < 0 || arg > data.length - pos) {
      throw new Malformed("a length of " + Long.toUnsignedString(arg) + " past the end");
    }
    return (int) arg;
  }

  private byte[] bytes(int n) {
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  private String text(int n) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(data, pos, n))
              .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw new Malformed("text that is not UTF-8");
    }
  }

  private int u8() {
    need(1);
    return data[pos++] & 0xff;
  }

  private void need(int n) {
    if (data.length - pos < n) {
      throw new Malformed("ends early");
    }
  }

  /** Bytes that are not (the supported subset of) DAG-CBOR, with a reason. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }
}
