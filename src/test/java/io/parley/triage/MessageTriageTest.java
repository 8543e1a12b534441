package io.parley.triage;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** The triage storage contract on both supported databases. */
class MessageTriageTest {

  @Nested
  @OnH2
  class OnH2Database extends MessageTriageContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends MessageTriageContract {}
}
