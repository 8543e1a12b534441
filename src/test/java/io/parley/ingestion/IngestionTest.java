package io.parley.ingestion;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** The ingestion contract on both supported databases. */
class IngestionTest {

  @Nested
  @OnH2
  class OnH2Database extends IngestionContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends IngestionContract {}
}
