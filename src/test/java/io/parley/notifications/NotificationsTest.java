package io.parley.notifications;

import io.parley.testing.OnH2;
import io.parley.testing.OnPostgres;
import org.junit.jupiter.api.Nested;

/** Notifications' and webhook deliveries' storage contract on both supported databases. */
class NotificationsTest {

  @Nested
  @OnH2
  class OnH2Database extends NotificationsContract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends NotificationsContract {}
}
