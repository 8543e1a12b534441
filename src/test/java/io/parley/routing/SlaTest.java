package io.parley.routing;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;
import org.springframework.context.annotation.Import;

/** The SLA clock contract on both supported databases. */
class SlaTest {

  @Nested
  @OnH2
  @Import(SlaContract.Clocks.class)
  class OnH2Database extends SlaContract {}

  @Nested
  @OnPostgres
  @Import(SlaContract.Clocks.class)
  class OnPostgresDatabase extends SlaContract {}
}
