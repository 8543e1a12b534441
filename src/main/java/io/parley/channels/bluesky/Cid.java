package io.parley.channels.bluesky;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A content identifier as the AT Protocol writes it: CIDv1 (version, codec, multihash), or a CIDv0
 * bare SHA-256 multihash. Compared by its bytes; printed as base32 multibase ({@code b...}), the
 * form at-URIs and records use.
 */
final class Cid {

  static final int DAG_CBOR = 0x71;
  static final int RAW = 0x55;
  private static final int SHA2_256 = 0x12;

  private final byte[] bytes;
  private final int codec;
  private final int hashCode;
  private final byte[] digest;

  private Cid(byte[] bytes, int codec, int hashCode, byte[] digest) {
    this.bytes = bytes;
    this.codec = codec;
    this.hashCode = hashCode;
    this.digest = digest;
  }

  /** The CID that exactly fills {@code bytes}. */
  static Cid of(byte[] bytes) {
    int[] end = new int[1];
    Cid cid = read(bytes, 0, end);
    if (end[0] != bytes.length) {
      throw new DagCbor.Malformed("bytes after the CID");
    }
    return cid;
  }

  /** The CID starting at {@code offset}; its end is put in {@code end[0]}. */
  static Cid read(byte[] data, int offset, int[] end) {
    int[] pos = {offset};
    if (data.length - offset >= 2 && data[offset] == SHA2_256 && data[offset + 1] == 32) {
      // CIDv0: a bare SHA-256 multihash of a dag-pb node
      pos[0] += 2;
      byte[] digest = take(data, pos, 32);
      end[0] = pos[0];
      return new Cid(Arrays.copyOfRange(data, offset, pos[0]), 0x70, SHA2_256, digest);
    }
    long version = varint(data, pos);
    if (version != 1) {
      throw new DagCbor.Malformed("CID version " + version);
    }
    int codec = (int) varint(data, pos);
    int hash = (int) varint(data, pos);
    int length = (int) varint(data, pos);
    byte[] digest = take(data, pos, length);
    end[0] = pos[0];
    return new Cid(Arrays.copyOfRange(data, offset, pos[0]), codec, hash, digest);
  }

  /** The CIDv1 of a DAG-CBOR block: how records are addressed. */
  static Cid ofDagCbor(byte[] block) {
    byte[] digest = sha256(block);
    byte[] bytes = new byte[4 + digest.length];
    bytes[0] = 1;
    bytes[1] = DAG_CBOR;
    bytes[2] = SHA2_256;
    bytes[3] = (byte) digest.length;
    System.arraycopy(digest, 0, bytes, 4, digest.length);
    return of(bytes);
  }

  /** Whether {@code block} is what this CID names; unknown hash functions cannot be checked. */
  boolean matches(byte[] block) {
    return hashCode != SHA2_256 || Arrays.equals(digest, sha256(block));
  }

  int codec() {
    return codec;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /** Reads an unsigned LEB128 varint at {@code pos[0]} and moves past it. */
  static long varint(byte[] data, int[] pos) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (pos[0] >= data.length) {
        throw new DagCbor.Malformed("a varint that ends early");
      }
      int b = data[pos[0]++] & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new DagCbor.Malformed("a varint longer than 9 bytes");
  }

  private static byte[] take(byte[] data, int[] pos, int length) {
    if (length < 0 || data.length - pos[0] < length) {
      throw new DagCbor.Malformed("a CID that ends early");
    }
    byte[] out = Arrays.copyOfRange(data, pos[0], pos[0] + length);
    pos[0] += length;
    return out;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid c && Arrays.equals(bytes, c.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (bytes.length == 34 && bytes[0] == SHA2_256) {
      return "v0:" + HexFormat.of().formatHex(bytes);
    }
    // RFC 4648 base32, lower case, no padding, with the multibase prefix 'b'
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder out = new StringBuilder("b");
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }
}
