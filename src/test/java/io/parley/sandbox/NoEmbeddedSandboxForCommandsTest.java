package io.parley.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.OnH2;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * CLI commands start Spring without a web application: even with the sandbox enabled they start no
 * sandbox (which would fight a running Parley for its store) and provision nothing.
 */
@OnH2
@TestPropertySource(properties = {"parley.sandbox.enabled=true", "parley.sandbox.port=0"})
class NoEmbeddedSandboxForCommandsTest {

  @Autowired ApplicationContext context;

  @Test
  void startsNoSandbox() {
    assertThat(context.getBeanNamesForType(SandboxNetwork.class)).isEmpty();
    assertThat(context.getEnvironment().getProperty("parley.sandbox.embedded-url")).isNull();
  }
}
