package io.parley.mail;

import io.parley.notifications.Notifications.Kind;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which of a person's notifications also come by email. Someone who never chose gets the {@link
 * Choice#DEFAULTS}: mentions and assignments are about them personally; SLA breaches can be many
 * for managers (every unassigned conversation), so those are opt-in.
 */
@Service
public class EmailPreferences {

  /** One person's choice. */
  public record Choice(boolean mentions, boolean assignments, boolean slaBreaches) {

    public static final Choice DEFAULTS = new Choice(true, true, false);

    public boolean wants(Kind kind) {
      return switch (kind) {
        case MENTION -> mentions;
        // a routing rule that names someone sends them conversations, like an assignment
        case ASSIGNED, RULE_MATCHED -> assignments;
        case SLA_APPROACHING, SLA_BREACHED -> slaBreaches;
      };
    }
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  EmailPreferences(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Choice of(long userId) {
    return jdbc.sql(
            "select mentions, assignments, sla_breaches from email_preferences where user_id = ?")
        .param(userId)
        .query((rs, row) -> new Choice(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)))
        .optional()
        .orElse(Choice.DEFAULTS);
  }

  @Transactional
  public void save(long userId, Choice choice) {
    Timestamp now = Timestamp.from(clock.instant());
    int updated =
        jdbc.sql(
                "update email_preferences set mentions = ?, assignments = ?, sla_breaches = ?,"
                    + " updated_at = ? where user_id = ?")
            .params(choice.mentions(), choice.assignments(), choice.slaBreaches(), now, userId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into email_preferences (user_id, mentions, assignments, sla_breaches,"
                  + " updated_at) values (?, ?, ?, ?, ?)")
          .params(userId, choice.mentions(), choice.assignments(), choice.slaBreaches(), now)
          .update();
    }
  }
}
