package io.parley.channels;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** The connector health contract on both supported databases. */
class ConnectorHealthTest {

  @Nested
  @OnH2
  class OnH2Database extends ConnectorHealthContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends ConnectorHealthContract {}
}
