package io.parley.channels.bluesky;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CAR v1 file as a firehose commit carries it ({@code blocks}): a varint-prefixed DAG-CBOR header
 * ({@code version: 1, roots}), then blocks, each a varint length, a CID and the block's bytes.
 * Every block is checked against its CID, so a record taken from here is the one the commit names.
 */
final class CarFile {

  private CarFile() {}

  /** The blocks by CID; {@link DagCbor.Malformed} when the file or any block is not valid. */
  static Map<Cid, byte[]> blocks(byte[] car) {
    int[] pos = {0};
    int headerLength = length(car, pos);
    Object header = DagCbor.decode(Arrays.copyOfRange(car, pos[0], pos[0] + headerLength));
    pos[0] += headerLength;
    if (!(header instanceof Map<?, ?> h)
        || !Long.valueOf(1).equals(h.get("version"))
        || !(h.get("roots") instanceof List<?>)) {
      throw new DagCbor.Malformed("a CAR header that is not {version: 1, roots: [...]}");
    }
    Map<Cid, byte[]> blocks = new HashMap<>();
    while (pos[0] < car.length) {
      int length = length(car, pos);
      int end = pos[0] + length;
      int[] cidEnd = new int[1];
      Cid cid = Cid.read(car, pos[0], cidEnd);
      if (cidEnd[0] > end) {
        throw new DagCbor.Malformed("a CAR block shorter than its CID");
      }
      byte[] block = Arrays.copyOfRange(car, cidEnd[0], end);
      if (!cid.matches(block)) {
        throw new DagCbor.Malformed("a CAR block whose bytes do not hash to its CID " + cid);
      }
      blocks.put(cid, block);
      pos[0] = end;
    }
    return blocks;
  }

  private static int length(byte[] car, int[] pos) {
    long n = Cid.varint(car, pos);
    if (n <= 0 || n > car.length - pos[0]) {
      throw new DagCbor.Malformed("a CAR section length of " + n + " past the end");
    }
    return (int) n;
  }
}
