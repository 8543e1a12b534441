package io.parley.ingestion;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** The import contract on both supported databases. */
class ImportTest {

  @Nested
  @OnH2
  class OnH2Database extends ImportContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends ImportContract {}
}
