package io.parley.ingestion;

import java.io.Closeable;
import java.io.IOException;

/** Streams the records of one import file; never holds more than one record. */
interface ImportReader extends Closeable {

  /** The next record, or null at the end of the file. */
  ImportRecord next() throws IOException;
}
