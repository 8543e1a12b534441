package io.parley;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging for commands that run without Spring (train, eval, bench triage): without Spring Boot's
 * configuration logback would print every library's debug lines (ONNX Runtime, DJL tokenizers) into
 * the report.
 */
final class CommandLogging {

  private CommandLogging() {}

  static void quiet() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.WARN);
    }
    if (LoggerFactory.getLogger("ai.djl") instanceof Logger djl) {
      djl.setLevel(Level.ERROR);
    }
  }
}
