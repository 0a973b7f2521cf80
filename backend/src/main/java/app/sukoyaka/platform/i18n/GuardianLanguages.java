package app.sukoyaka.platform.i18n;

import app.sukoyaka.security.CallerPerson;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpRequest;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The language a guardian (or pregnant person) reads the handbook in, and the calendar of its
 * dates: one setting for every parent-facing text, pushes and reminders included. Kept with the
 * notification settings ({@code notification_preference.language}, {@code .calendar}); no row or no
 * calendar means the defaults (Japanese; the era for Japanese, Gregorian for the others).
 */
@Singleton
public class GuardianLanguages {
  private final JdbcOperations jdbc;

  public GuardianLanguages(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A person's setting as stored.
   *
   * @param calendar null while the guardian never chose one: the language's default applies
   * @param updatedAt null while no setting was ever stored
   */
  public record Setting(
      UUID personId,
      UUID municipalityId,
      Language language,
      @Nullable CalendarSystem calendar,
      @Nullable Instant updatedAt) {

    public Reader reader() {
      return calendar == null ? Reader.of(language) : new Reader(language, calendar, true);
    }
  }

  /**
   * The setting of the person who logs in with that subject; empty when there is no person. Within
   * her own request it is what the database said when the request entered her scope ({@link
   * CallerPerson}), so that no connection is taken for it.
   */
  public Optional<Setting> ofLogin(String loginSubject) {
    Optional<CallerPerson> known = CallerPerson.ofCurrentRequest(loginSubject);
    return known.isPresent() ? setting(known.get()) : stored(loginSubject);
  }

  private static Optional<Setting> setting(CallerPerson person) {
    if (person.personId() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Setting(
            person.personId(),
            person.municipalityId(),
            language(person.language()),
            CalendarSystem.ofCode(person.calendar()).orElse(null),
            person.settingUpdatedAt()));
  }

  @Transactional(readOnly = true)
  Optional<Setting> stored(String loginSubject) {
    return jdbc.prepareStatement(
        "SELECT p.id, p.municipality_id, np.language, np.calendar, np.updated_at FROM person p"
            + " LEFT JOIN notification_preference np ON np.person_id = p.id"
            + " WHERE p.login_subject = ?",
        statement -> {
          statement.setString(1, loginSubject);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.<Setting>empty();
            }
            Timestamp updated = rs.getTimestamp(5);
            return Optional.of(
                new Setting(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    language(rs.getString(3)),
                    CalendarSystem.ofCode(rs.getString(4)).orElse(null),
                    updated == null ? null : updated.toInstant()));
          }
        });
  }

  /** A language stored before it was offered reads as Japanese, the original. */
  private static Language language(@Nullable String code) {
    return Language.ofCode(code).orElse(Language.JA);
  }

  /**
   * How this caller reads a response: a guardian in their setting unless the request's {@code
   * Accept-Language} names another offered language (the calendar they chose stays; a default one
   * follows the language); a resident, who has no setting yet, by the header alone; Japanese when
   * nothing names a language.
   */
  public Reader reader(Principal principal, @Nullable String acceptLanguage) {
    Reader stored =
        principal.role() == Role.GUARDIAN
            ? ofLogin(principal.subject()).map(Setting::reader).orElse(Reader.JAPANESE)
            : Reader.JAPANESE;
    return withHeader(stored, acceptLanguage);
  }

  /** The stored reader, in the language the request's Accept-Language names if it offers one. */
  private static Reader withHeader(Reader stored, @Nullable String acceptLanguage) {
    return Language.fromAcceptLanguage(acceptLanguage).map(stored::in).orElse(stored);
  }

  /**
   * {@link #reader} when it needs no look-up: for a guardian, what her request learnt when it
   * entered her scope; empty when the database must be asked.
   */
  public Optional<Reader> knownReader(
      HttpRequest<?> request, Principal principal, @Nullable String acceptLanguage) {
    Reader stored;
    if (principal.role() == Role.GUARDIAN) {
      Optional<CallerPerson> known = CallerPerson.of(request, principal.subject());
      if (known.isEmpty()) {
        return Optional.empty();
      }
      stored = setting(known.get()).map(Setting::reader).orElse(Reader.JAPANESE);
    } else {
      stored = Reader.JAPANESE;
    }
    return Optional.of(withHeader(stored, acceptLanguage));
  }

  /**
   * Stores the person's language and calendar in the caller's transaction; the other notification
   * settings keep their values (their defaults for a person who never stored any).
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public Setting replace(
      UUID personId,
      UUID municipalityId,
      Language language,
      @Nullable CalendarSystem calendar,
      Instant now) {
    CallerPerson.forget();
    jdbc.prepareStatement(
        "INSERT INTO notification_preference (person_id, municipality_id, language, calendar,"
            + " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
            + " language = EXCLUDED.language, calendar = EXCLUDED.calendar,"
            + " updated_at = EXCLUDED.updated_at",
        statement -> {
          statement.setObject(1, personId);
          statement.setObject(2, municipalityId);
          statement.setString(3, language.code());
          statement.setString(4, calendar == null ? null : calendar.code());
          statement.setTimestamp(5, Timestamp.from(now));
          return statement.executeUpdate();
        });
    return new Setting(personId, municipalityId, language, calendar, now);
  }
}
