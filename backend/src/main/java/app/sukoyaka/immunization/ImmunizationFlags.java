package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.Text;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The schedule's flags as they hold for stored children ({@code child_immunization_flag}): who
 * stated each and when. Municipal staff set and clear any flag; a guardian may declare the flags of
 * {@link #GUARDIAN_DECLARABLE} and withdraw a guardian's declaration, not what staff set. Every
 * change is written to the access log in its transaction.
 */
@Singleton
public class ImmunizationFlags {
  /**
   * Flags a guardian may declare: that the child has had varicella is something a family knows (and
   * the 予診票 asks); the others are certified by the municipality or a doctor.
   */
  public static final Set<String> GUARDIAN_DECLARABLE = Set.of("hadVaricella");

  private static final String SELECT =
      "SELECT flag, flag_date, set_by_role, set_by, set_at FROM child_immunization_flag"
          + " WHERE child_id = ? AND cleared_at IS NULL";

  private final JdbcOperations jdbc;
  private final AccessLog accessLog;
  private final Clock clock;
  private final ImmunizationForecasts forecasts;

  ImmunizationFlags(
      JdbcOperations jdbc, AccessLog accessLog, Clock clock, ImmunizationForecasts forecasts) {
    this.jdbc = jdbc;
    this.accessLog = accessLog;
    this.clock = clock;
    this.forecasts = forecasts;
  }

  /** What became of a request to clear a flag. */
  public enum Clearing {
    CLEARED,
    NOT_SET,
    /** A guardian asked to clear what staff set; nothing changed. */
    SET_BY_STAFF
  }

  /** The flags the schedule in use knows, with their labels. */
  public Map<String, Text> known() {
    return forecasts.schedule().flags();
  }

  /** The child's current flags, by name. */
  @Transactional(readOnly = true)
  public List<ChildFlag> ofChild(UUID childId) {
    return jdbc.prepareStatement(
        SELECT + " ORDER BY flag",
        statement -> {
          statement.setObject(1, childId);
          List<ChildFlag> flags = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              flags.add(flag(rs));
            }
          }
          return flags;
        });
  }

  /**
   * The flags the forecaster gets: the names of the current flags that the schedule in use knows (a
   * flag a newer schedule dropped is kept on record but no longer applies).
   */
  public Set<String> forecastFlags(Collection<String> names) {
    Set<String> flags = new TreeSet<>();
    for (String name : names) {
      if (known().containsKey(name)) {
        flags.add(name);
      }
    }
    return flags;
  }

  /**
   * States a flag for the child, in a transaction with its access-log row. Already stated, it stays
   * as it is, except that staff setting a flag a guardian declared confirms it (the declaration is
   * closed and staff's statement takes its place).
   *
   * @return the flag as it holds afterwards
   */
  @Transactional
  public ChildFlag set(Principal principal, ProtectedSubject child, String flag) {
    Instant now = clock.instant();
    String role = principal.role().claim();
    Optional<ChildFlag> current = current(child.id(), flag);
    if (current.isPresent()
        && (principal.role() != Role.STAFF || !current.get().declaredByGuardian())) {
      accessLog.write(principal, child, "set-immunization-flag", "immunization-flags");
      return current.get();
    }
    current.ifPresent(declared -> close(child.id(), flag, principal, now));
    jdbc.prepareStatement(
        "INSERT INTO child_immunization_flag (id, child_id, municipality_id, flag, set_by_role,"
            + " set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (child_id, flag) WHERE cleared_at IS NULL DO NOTHING",
        statement -> {
          statement.setObject(1, UUID.randomUUID());
          statement.setObject(2, child.id());
          statement.setObject(3, child.municipalityId());
          statement.setString(4, flag);
          statement.setString(5, role);
          statement.setString(6, principal.subject());
          statement.setTimestamp(7, Timestamp.from(now));
          return statement.executeUpdate();
        });
    accessLog.write(principal, child, "set-immunization-flag", "immunization-flags");
    // Another request may have stated it first (ON CONFLICT): what holds is what is stored.
    return current(child.id(), flag).orElseThrow();
  }

  /** Clears a flag, in a transaction with its access-log row. */
  @Transactional
  public Clearing clear(Principal principal, ProtectedSubject child, String flag) {
    Optional<ChildFlag> current = current(child.id(), flag);
    if (current.isEmpty()) {
      return Clearing.NOT_SET;
    }
    if (principal.role() != Role.STAFF && !current.get().declaredByGuardian()) {
      return Clearing.SET_BY_STAFF;
    }
    close(child.id(), flag, principal, clock.instant());
    accessLog.write(principal, child, "clear-immunization-flag", "immunization-flags");
    return Clearing.CLEARED;
  }

  private Optional<ChildFlag> current(UUID childId, String flag) {
    return jdbc.prepareStatement(
        SELECT + " AND flag = ? FOR UPDATE",
        statement -> {
          statement.setObject(1, childId);
          statement.setString(2, flag);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(flag(rs)) : Optional.empty();
          }
        });
  }

  private void close(UUID childId, String flag, Principal principal, Instant at) {
    jdbc.prepareStatement(
        "UPDATE child_immunization_flag SET cleared_by_role = ?, cleared_by = ?,"
            + " cleared_at = GREATEST(?, set_at) WHERE child_id = ? AND flag = ?"
            + " AND cleared_at IS NULL",
        statement -> {
          statement.setString(1, principal.role().claim());
          statement.setString(2, principal.subject());
          statement.setTimestamp(3, Timestamp.from(at));
          statement.setObject(4, childId);
          statement.setString(5, flag);
          return statement.executeUpdate();
        });
  }

  private static ChildFlag flag(ResultSet rs) throws SQLException {
    Date date = rs.getDate(2);
    return new ChildFlag(
        rs.getString(1),
        date == null ? null : date.toLocalDate(),
        rs.getString(3),
        rs.getString(4),
        rs.getTimestamp(5).toInstant());
  }
}
