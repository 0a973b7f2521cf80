package app.sukoyaka.notice.reminder;

import app.sukoyaka.immunization.ImmunizationForecasts;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Text;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.LocalizedText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A person's current reminders: not settled by the event, still applying on the day, and of each
 * event only its latest reminder; with what each is about in Japanese and English.
 */
@Singleton
class MyReminders {
  private final JdbcOperations jdbc;
  private final ReminderRules rules;
  private final RoutineSchedule schedule;
  private final CheckupItemCatalog catalog;

  MyReminders(
      JdbcOperations jdbc,
      ReminderRules rules,
      ImmunizationForecasts forecasts,
      CheckupItemCatalog catalog) {
    this.jdbc = jdbc;
    this.rules = rules;
    this.schedule = forecasts.schedule();
    this.catalog = catalog;
  }

  /** One stored reminder as the list reads it. */
  record Reminder(
      UUID id,
      String kind,
      @Nullable UUID childId,
      @Nullable UUID pregnancyId,
      int occurrence,
      @Nullable String vaccine,
      @Nullable String dose,
      @Nullable String checkupKind,
      @Nullable Integer visitNumber,
      LocalDate dueDate,
      @Nullable LocalDate windowEnd,
      Instant createdAt) {
    UUID subjectId() {
      return childId != null ? childId : pregnancyId;
    }
  }

  @Transactional(readOnly = true)
  List<Reminder> current(UUID personId, LocalDate today) {
    List<Reminder> found =
        jdbc.prepareStatement(
            "SELECT DISTINCT ON (subject_id, kind, event_key) id, kind, child_id, pregnancy_id,"
                + " occurrence, vaccine, dose, checkup_kind, visit_number, due_date, window_end,"
                + " created_at FROM reminder WHERE person_id = ? AND resolved_at IS NULL"
                + " AND (window_end IS NULL OR window_end >= ?)"
                + " ORDER BY subject_id, kind, event_key, occurrence DESC",
            statement -> {
              statement.setObject(1, personId);
              statement.setDate(2, Date.valueOf(today));
              List<Reminder> reminders = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  Object visit = rs.getObject(9);
                  reminders.add(
                      new Reminder(
                          rs.getObject(1, UUID.class),
                          rs.getString(2),
                          rs.getObject(3, UUID.class),
                          rs.getObject(4, UUID.class),
                          rs.getInt(5),
                          rs.getString(6),
                          rs.getString(7),
                          rs.getString(8),
                          visit == null ? null : ((Number) visit).intValue(),
                          rs.getObject(10, LocalDate.class),
                          rs.getObject(11, LocalDate.class),
                          rs.getTimestamp(12).toInstant()));
                }
              }
              return reminders;
            });
    List<Reminder> sorted = new ArrayList<>(found);
    sorted.sort(
        Comparator.comparing(Reminder::dueDate)
            .thenComparing(Reminder::kind)
            .thenComparing(Reminder::id));
    return sorted;
  }

  /** The kind's label. */
  ReminderRules.Text kindLabel(String kind) {
    return rules.latest(kind).label();
  }

  /** What the reminder is about: the dose, the visit, the checkup. */
  ReminderRules.Text about(Reminder reminder) {
    ReminderRules.Kind kind = rules.latest(reminder.kind());
    ReminderRules.Text about = kind.about();
    if (reminder.vaccine() != null) {
      Text name = schedule.vaccineName(reminder.vaccine());
      about =
          about
              .fill(
                  "vaccine",
                  name == null
                      ? new ReminderRules.Text(reminder.vaccine(), reminder.vaccine())
                      : new ReminderRules.Text(name.ja(), name.en()))
              .fill("dose", rules.doseName(reminder.dose()));
    }
    if (reminder.visitNumber() != null) {
      String number = Integer.toString(reminder.visitNumber());
      about = about.fill("visit", new ReminderRules.Text(number, number));
      for (ReminderRules.Visit visit : kind.visits()) {
        if (visit.number() == reminder.visitNumber()) {
          about = about.fill("weeks", visit.weeks());
        }
      }
    }
    if (reminder.checkupKind() != null) {
      LocalizedText label = catalog.kindLabel(reminder.checkupKind());
      about = about.fill("checkup", new ReminderRules.Text(label.ja(), label.en()));
    }
    return about;
  }
}
