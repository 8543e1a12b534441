package io.parley.sandbox;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the sandbox network inside the serving Parley process when it is enabled and no external
 * sandbox URL is configured. CLI commands (no web application) never start one, so they do not
 * compete with a running Parley for the sandbox's store or port. Its address is published as the
 * property {@code parley.sandbox.embedded-url}: the connector side reads that, so nothing in Parley
 * depends on this package's types.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnExpression(
    "${parley.sandbox.enabled:true} and '${parley.sandbox.url:}'.trim().isEmpty()")
class EmbeddedSandbox {

  static final String URL_PROPERTY = "parley.sandbox.embedded-url";

  @Bean(destroyMethod = "close")
  SandboxNetwork sandboxNetwork(
      ConfigurableEnvironment environment,
      @Value("${parley.home}") String home,
      @Value("${parley.sandbox.port:8081}") int port,
      @Value("${parley.sandbox.rate:6}") double rate,
      @Value("${parley.sandbox.seed:0}") long seed,
      @Value("${parley.sandbox.answer-back-rate:0.6}") double answerBackRate,
      @Value("${parley.sandbox.answer-back-delay:8000}") long answerBackDelayMs,
      @Value("${parley.sandbox.initial-backlog:0}") int initialBacklog) {
    var options =
        new SandboxNetwork.Options(
            port,
            true,
            Path.of(home).resolve("sandbox"),
            rate,
            seed == 0 ? System.nanoTime() : seed,
            answerBackRate,
            answerBackDelayMs);
    boolean fresh = !java.nio.file.Files.exists(options.dataDirectory());
    SandboxNetwork network;
    try {
      network = SandboxNetwork.start(options);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          e.getMessage()
              + ". Is another Parley or `parley sandbox` using "
              + options.dataDirectory()
              + "? Connect to it with PARLEY_SANDBOX_URL, or set PARLEY_SANDBOX_ENABLED=false.",
          e);
    }
    if (fresh && initialBacklog > 0) {
      // A first demo should not open on an empty inbox: start with some customer traffic.
      network.generate(initialBacklog);
    }
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "parley-sandbox-embedded", Map.of(URL_PROPERTY, network.url().toString())));
    System.getLogger(EmbeddedSandbox.class.getName())
        .log(
            System.Logger.Level.INFO,
            "Sandbox network running at " + network.url() + " (" + rate + " steps/minute)");
    return network;
  }
}
