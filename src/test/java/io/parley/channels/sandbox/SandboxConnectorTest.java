package io.parley.channels.sandbox;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** The sandbox connector and its pipeline on both supported databases. */
class SandboxConnectorTest {

  @Nested
  @OnH2
  class OnH2Database extends SandboxConnectorContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends SandboxConnectorContract {}
}
