package io.parley.listening;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** Listening on the sandbox's public timeline, and the opportunity feed, on both databases. */
class OpportunitiesTest {

  @Nested
  @OnH2
  class OnH2Database extends OpportunitiesContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends OpportunitiesContract {}
}
