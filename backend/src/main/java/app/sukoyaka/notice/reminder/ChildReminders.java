package app.sukoyaka.notice.reminder;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.immunization.ChildSchedules;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One child's reminders planned now rather than at the next daily run: a child who moved in, whose
 * vaccinations and checkups were just taken over from the previous municipality, is reminded of
 * what is due the day it arrives, as the daily run would (the first reminder of each event the
 * rules call for today); the daily run then carries on with the repeats.
 */
@Singleton
public class ChildReminders {
  private final FamilyService families;
  private final ChildSchedules schedules;
  private final ReminderPlanner planner;
  private final ReminderStore store;
  private final MunicipalReminderSettings settings;
  private final JdbcOperations jdbc;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  ChildReminders(
      FamilyService families,
      ChildSchedules schedules,
      ReminderPlanner planner,
      ReminderStore store,
      MunicipalReminderSettings settings,
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.families = families;
    this.schedules = schedules;
    this.planner = planner;
    this.store = store;
    this.settings = settings;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * Plans and writes the child's reminders due today (vaccinations from its forecast, the checkups
   * the municipality runs that it has not attended), each event's first, in a transaction of its
   * own; events already reminded of are left to the daily run.
   *
   * @return how many reminders were written (one per guardian and event)
   */
  public int planNow(UUID childId) {
    Child child = families.child(childId).orElseThrow();
    LocalDate today = LocalDate.now(clock);
    if (child.birthDate().isAfter(today)) {
      return 0;
    }
    List<PlannedReminder> planned = new ArrayList<>();
    planned.addAll(
        planner.vaccines(
            childId, schedules.of(child, today).forecast().forecast().recommendations(), today));
    int months = planner.infantCheckupMonths(today);
    if (months > 0 && child.birthDate().isAfter(today.minusMonths(months))) {
      planned.addAll(
          planner.infantCheckups(
              childId,
              child.birthDate(),
              attended(childId),
              settings.infantCheckupsRun(child.municipalityId()),
              today));
    }
    return transactions.executeWrite(
        status -> {
          Set<PlannedReminder.Event> known = known(childId);
          List<PlannedReminder> first = new ArrayList<>();
          for (PlannedReminder reminder : planned) {
            if (!known.contains(reminder.event())) {
              first.add(reminder.withOccurrence(1));
            }
          }
          return store.write(child.municipalityId(), first, today, clock.instant()).created();
        });
  }

  private Set<String> attended(UUID childId) {
    return transactions.executeRead(
        status ->
            jdbc.prepareStatement(
                "SELECT DISTINCT kind FROM checkup_encounter WHERE child_id = ?",
                statement -> {
                  statement.setObject(1, childId);
                  Set<String> kinds = new HashSet<>();
                  try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                      kinds.add(rs.getString(1));
                    }
                  }
                  return kinds;
                }));
  }

  private Set<PlannedReminder.Event> known(UUID childId) {
    return jdbc.prepareStatement(
        "SELECT DISTINCT kind, event_key FROM reminder WHERE subject_id = ?",
        statement -> {
          statement.setObject(1, childId);
          Set<PlannedReminder.Event> events = new HashSet<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              events.add(new PlannedReminder.Event(childId, rs.getString(1), rs.getString(2)));
            }
          }
          return events;
        });
  }
}
