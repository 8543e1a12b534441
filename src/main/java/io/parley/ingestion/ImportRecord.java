package io.parley.ingestion;

/**
 * One record of an import file: an item to ingest, or why the record cannot be one.
 *
 * @param where the record's position for people, e.g. {@code row 12 (line 14)}
 */
record ImportRecord(String where, io.parley.channels.InboundItem item, String problem) {

  static ImportRecord ok(String where, io.parley.channels.InboundItem item) {
    return new ImportRecord(where, item, null);
  }

  static ImportRecord rejected(String where, String problem) {
    return new ImportRecord(where, null, problem);
  }
}
