package app.sukoyaka.notice.reminder;

import app.sukoyaka.notice.push.QuietHours;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.security.CallerPerson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A guardian's (or pregnant person's) notification settings: the language (of pushes and reminders
 * and of every other parent-facing text, see {@code platform.i18n.GuardianLanguages}), quiet hours
 * in Japan time (the outbox holds a push until they end, it never drops one) and the reminder kinds
 * switched off (none is written for them). No row means the defaults: Japanese, 21:00–08:00, every
 * kind on.
 */
@Singleton
class NotificationSettings {
  static final String DEFAULT_LANGUAGE = "ja";
  private static final Pattern TIME = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
  static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final JdbcOperations jdbc;
  private final ReminderRules rules;

  NotificationSettings(JdbcOperations jdbc, ReminderRules rules) {
    this.jdbc = jdbc;
    this.rules = rules;
  }

  /**
   * @param remindersOff the kinds switched off, in the order of the rules
   * @param updatedAt when they were last changed; null while they are the defaults
   */
  record Settings(
      String language,
      QuietHours quietHours,
      List<String> remindersOff,
      @Nullable Instant updatedAt) {
    Settings {
      remindersOff = List.copyOf(remindersOff);
    }
  }

  /** The person who logs in with that subject: id and municipality. */
  record Person(UUID id, UUID municipalityId) {}

  @Transactional(readOnly = true)
  Optional<Person> person(String loginSubject) {
    return jdbc.prepareStatement(
        "SELECT id, municipality_id FROM person WHERE login_subject = ?",
        statement -> {
          statement.setString(1, loginSubject);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next()
                ? Optional.of(new Person(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                : Optional.<Person>empty();
          }
        });
  }

  @Transactional(readOnly = true)
  Settings of(UUID personId) {
    return jdbc.prepareStatement(
        "SELECT language, quiet_start, quiet_end, reminders_off, updated_at"
            + " FROM notification_preference WHERE person_id = ?",
        statement -> {
          statement.setObject(1, personId);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return new Settings(DEFAULT_LANGUAGE, QuietHours.DEFAULT, List.of(), null);
            }
            Array off = rs.getArray(4);
            return new Settings(
                rs.getString(1),
                new QuietHours(rs.getObject(2, LocalTime.class), rs.getObject(3, LocalTime.class)),
                ordered(List.of((String[]) off.getArray())),
                rs.getTimestamp(5).toInstant());
          }
        });
  }

  /** Stores the settings in the caller's transaction. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Settings replace(Person person, Settings settings, Instant now) {
    List<String> off = ordered(settings.remindersOff());
    // The language is among these settings: this request's responses must read it anew.
    CallerPerson.forget();
    jdbc.prepareStatement(
        "INSERT INTO notification_preference (person_id, municipality_id, language, quiet_start,"
            + " quiet_end, reminders_off, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (person_id) DO UPDATE SET language = EXCLUDED.language,"
            + " quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,"
            + " reminders_off = EXCLUDED.reminders_off, updated_at = EXCLUDED.updated_at",
        statement -> {
          statement.setObject(1, person.id());
          statement.setObject(2, person.municipalityId());
          statement.setString(3, settings.language());
          statement.setObject(4, settings.quietHours().start());
          statement.setObject(5, settings.quietHours().end());
          statement.setArray(6, ReminderStore.texts(statement.getConnection(), off));
          statement.setTimestamp(7, Timestamp.from(now));
          return statement.executeUpdate();
        });
    return new Settings(settings.language(), settings.quietHours(), off, now);
  }

  /** The kinds in the order of the rules, each once. */
  private List<String> ordered(List<String> kinds) {
    List<String> ordered = new ArrayList<>();
    for (String code : rules.kindCodes()) {
      if (kinds.contains(code)) {
        ordered.add(code);
      }
    }
    return ordered;
  }

  /**
   * Checks what a guardian sent, every member at once: nothing is stored unless all are right. The
   * problem's code is that of the first wrong member (language, quiet hours, reminder kinds).
   *
   * @throws ProblemException SKY-3003 for a missing member, SKY-5201 for a language not offered,
   *     SKY-5202 for a time that is not HH:mm, SKY-5203 for an unknown reminder kind
   */
  Settings check(
      @Nullable String language,
      @Nullable String quietStart,
      @Nullable String quietEnd,
      boolean quietHoursGiven,
      @Nullable List<String> remindersOff) {
    Problems problems = new Problems();
    if (language == null) {
      problems.add(ErrorCode.INVALID_BODY, "language", "required");
    } else if (Language.ofCode(language).isEmpty()) {
      problems.add(
          ErrorCode.NOTIFICATION_LANGUAGE_UNSUPPORTED,
          "language",
          "not offered; one of " + String.join(", ", Language.codes()));
    }
    LocalTime start = null;
    LocalTime end = null;
    if (!quietHoursGiven) {
      problems.add(ErrorCode.INVALID_BODY, "quietHours", "required");
    } else {
      start = time(quietStart, "quietHours.start", problems);
      end = time(quietEnd, "quietHours.end", problems);
    }
    Set<String> off = new LinkedHashSet<>();
    if (remindersOff == null) {
      problems.add(ErrorCode.INVALID_BODY, "remindersOff", "required");
    } else {
      for (int i = 0; i < remindersOff.size(); i++) {
        String kind = remindersOff.get(i);
        if (kind == null || !rules.kindCodes().contains(kind)) {
          problems.add(
              ErrorCode.NOTIFICATION_UNKNOWN_REMINDER_KIND,
              "remindersOff/" + i,
              "unknown reminder kind; one of " + String.join(", ", rules.kindCodes()));
        } else {
          off.add(kind);
        }
      }
    }
    problems.throwIfAny();
    return new Settings(language, new QuietHours(start, end), List.copyOf(off), null);
  }

  /** The problems of a request, in the order of its members; the first decides the code. */
  private static final class Problems {
    private final List<ProblemException.FieldError> errors = new ArrayList<>();
    private ErrorCode first;

    void add(ErrorCode code, String field, String message) {
      if (first == null) {
        first = code;
      }
      errors.add(new ProblemException.FieldError(field, message));
    }

    void throwIfAny() {
      if (errors.isEmpty()) {
        return;
      }
      throw new ProblemException(
          first,
          "The notification settings were not changed: "
              + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList())
              + ".",
          errors);
    }
  }

  private static LocalTime time(@Nullable String value, String field, Problems problems) {
    if (value == null) {
      problems.add(ErrorCode.INVALID_BODY, field, "required");
      return null;
    }
    if (!TIME.matcher(value).matches()) {
      problems.add(
          ErrorCode.NOTIFICATION_QUIET_HOURS_INVALID,
          field,
          "not a time of day (HH:mm, 00:00–23:59)");
      return null;
    }
    return LocalTime.parse(value, HH_MM);
  }
}
