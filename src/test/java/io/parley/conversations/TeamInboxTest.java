package io.parley.conversations;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** The team inbox's storage contract on both supported databases. */
class TeamInboxTest {

  @Nested
  @OnH2
  class OnH2Database extends TeamInboxContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends TeamInboxContract {}
}
