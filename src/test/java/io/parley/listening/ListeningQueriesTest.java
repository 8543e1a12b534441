package io.parley.listening;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** Stored listening queries on both supported databases. */
class ListeningQueriesTest {

  @Nested
  @OnH2
  class OnH2Database extends ListeningQueriesContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends ListeningQueriesContract {}
}
