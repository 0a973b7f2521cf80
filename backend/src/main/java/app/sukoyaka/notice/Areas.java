package app.sukoyaka.notice;

import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The areas (地区) a municipality divides itself into, and the area of each person's address: for
 * targeting notices by area and for the address column of the paper follow-up list.
 */
@Singleton
class Areas {
  private final JdbcOperations jdbc;
  private final AccessLog accessLog;
  private final Clock clock;

  Areas(JdbcOperations jdbc, AccessLog accessLog, Clock clock) {
    this.jdbc = jdbc;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  record Area(String code, String name) {}

  /** A person as the notices see them: where they live and whether they use the app. */
  record Person(UUID id, UUID municipalityId, String loginSubject, String areaCode) {}

  @Transactional(readOnly = true)
  public List<Area> list(UUID municipalityId) {
    return jdbc.prepareStatement(
        "SELECT code, name_ja FROM municipal_area WHERE municipality_id = ? ORDER BY code",
        statement -> {
          statement.setObject(1, municipalityId);
          List<Area> areas = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              areas.add(new Area(rs.getString(1), rs.getString(2)));
            }
          }
          return areas;
        });
  }

  /** Creates the area or renames it. */
  @Transactional
  public Area put(UUID municipalityId, String code, String name) {
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "INSERT INTO municipal_area (municipality_id, code, name_ja, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (municipality_id, code)"
            + " DO UPDATE SET name_ja = EXCLUDED.name_ja, updated_at = EXCLUDED.updated_at",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, code);
          statement.setString(3, name);
          statement.setTimestamp(4, Timestamp.from(now));
          statement.setTimestamp(5, Timestamp.from(now));
          return statement.executeUpdate();
        });
    return new Area(code, name);
  }

  /** The codes among those given that the municipality has no area of. */
  @Transactional(readOnly = true)
  public Set<String> unknown(UUID municipalityId, Collection<String> codes) {
    Set<String> unknown = new TreeSet<>(codes);
    if (codes.isEmpty()) {
      return unknown;
    }
    jdbc.prepareStatement(
        "SELECT code FROM municipal_area WHERE municipality_id = ? AND code = ANY (?)",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setArray(2, statement.getConnection().createArrayOf("text", codes.toArray()));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              unknown.remove(rs.getString(1));
            }
          }
          return null;
        });
    return unknown;
  }

  @Transactional(readOnly = true)
  public Optional<Person> person(UUID personId) {
    return jdbc.prepareStatement(
        "SELECT id, municipality_id, login_subject, area_code FROM person WHERE id = ?",
        statement -> {
          statement.setObject(1, personId);
          return person(statement);
        });
  }

  @Transactional(readOnly = true)
  public Optional<Person> personByLogin(String loginSubject) {
    return jdbc.prepareStatement(
        "SELECT id, municipality_id, login_subject, area_code FROM person WHERE login_subject = ?",
        statement -> {
          statement.setString(1, loginSubject);
          return person(statement);
        });
  }

  private static Optional<Person> person(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      return rs.next()
          ? Optional.of(
              new Person(
                  rs.getObject(1, UUID.class),
                  rs.getObject(2, UUID.class),
                  rs.getString(3),
                  rs.getString(4)))
          : Optional.empty();
    }
  }

  /** Sets (or, with null, clears) the area of a person's address, logged in its transaction. */
  @Transactional
  public void setPersonArea(Principal principal, ProtectedSubject person, String areaCode) {
    jdbc.prepareStatement(
        "UPDATE person SET area_code = ? WHERE id = ?",
        statement -> {
          statement.setString(1, areaCode);
          statement.setObject(2, person.id());
          return statement.executeUpdate();
        });
    accessLog.write(principal, person, "set-address-area", "notices");
  }

  @Transactional(readOnly = true)
  public Optional<String> name(UUID municipalityId, String code) {
    if (code == null) {
      return Optional.empty();
    }
    return jdbc.prepareStatement(
        "SELECT name_ja FROM municipal_area WHERE municipality_id = ? AND code = ?",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, code);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
          }
        });
  }
}
