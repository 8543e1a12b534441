package io.parley.channels.bluesky;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded DAG-CBOR record in the AT Protocol's JSON form: links become {@code {"$link": cid}},
 * bytes {@code {"$bytes": base64}}. Records then read the same as the XRPC API returns them.
 */
final class DagJson {

  private DagJson() {}

  static Object of(Object value) {
    return switch (value) {
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
        yield out;
      }
      case List<?> list -> list.stream().map(DagJson::of).toList();
      case Cid cid -> Map.of("$link", cid.toString());
      case byte[] bytes ->
          Map.of("$bytes", Base64.getEncoder().withoutPadding().encodeToString(bytes));
      case null -> null;
      default -> value;
    };
  }
}
