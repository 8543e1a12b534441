package io.parley.ingestion;

/** The file as a whole cannot be imported (not readable, not the announced format). */
public class ImportFileException extends RuntimeException {

  public ImportFileException(String message) {
    super(message);
  }

  public ImportFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
