package io.parley.conversations;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Brings snoozed conversations back to Open when their time comes (with the other workers). */
@Component
class SnoozeAlarm {

  private final Conversations conversations;
  private final boolean workers;

  SnoozeAlarm(
      Conversations conversations, @Value("${parley.workers.enabled:true}") boolean workers) {
    this.conversations = conversations;
    this.workers = workers;
  }

  @Scheduled(fixedDelayString = "${parley.snooze.interval:30s}", initialDelay = 5_000)
  void ring() {
    if (workers) {
      conversations.wakeSnoozed();
    }
  }
}
