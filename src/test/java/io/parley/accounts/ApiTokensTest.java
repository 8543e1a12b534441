package io.parley.accounts;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** The API token contract on both supported databases. */
class ApiTokensTest {

  @Nested
  @OnH2
  class OnH2Database extends ApiTokensContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends ApiTokensContract {}
}
