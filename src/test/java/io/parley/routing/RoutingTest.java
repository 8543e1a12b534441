package io.parley.routing;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** The routing contract on both supported databases. */
class RoutingTest {

  @Nested
  @OnH2
  class OnH2Database extends RoutingContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends RoutingContract {}
}
