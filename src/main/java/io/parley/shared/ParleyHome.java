package io.parley.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Parley keeps its files: the embedded database, the credentials key and the sandbox
 * network's store. {@code PARLEY_HOME} (or {@code -Dparley.home}) overrides the default {@code
 * ./data}.
 */
public final class ParleyHome {

  private ParleyHome() {}

  public static Path path() {
    String configured = System.getProperty("parley.home");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("PARLEY_HOME");
    }
    if (configured == null || configured.isBlank()) {
      configured = "data";
    }
    return Path.of(configured).toAbsolutePath().normalize();
  }

  /** A sub-folder of the home, created on first use. */
  public static Path folder(String name) {
    Path folder = path().resolve(name);
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + folder, e);
    }
    return folder;
  }
}
