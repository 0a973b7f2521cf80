package app.sukoyaka.family.prenatal;

import app.sukoyaka.platform.Ids;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues a 母子健康手帳 for an accepted pregnancy notification, in the caller's transaction: the pregnant
 * person (with the applicant's login), the pregnancy with its handbook number, the 妊婦健診 schedule
 * and its 受診券. All or nothing: the number is taken from a gapless serial that the same transaction
 * increments.
 */
@Singleton
public class HandbookIssue {
  private final JdbcOperations jdbc;
  private final PrenatalCheckupPlan plan;
  private final HandbookNumberFormat format;

  HandbookIssue(JdbcOperations jdbc, HandbookConfiguration config) {
    this.jdbc = jdbc;
    this.plan = PrenatalCheckupPlan.load();
    this.format = HandbookNumberFormat.parse(config.numberFormat());
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public IssuedHandbook issue(NewHandbook handbook, LocalDate issuedOn, Instant at) {
    UUID personId = person(handbook, at);
    String number = nextNumber(handbook.municipalityId(), issuedOn);
    UUID pregnancyId = Ids.newId();
    jdbc.prepareStatement(
        "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
            + " handbook_issued_on, expected_delivery_date, fetus_count, status, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?)",
        statement -> {
          statement.setObject(1, pregnancyId);
          statement.setObject(2, handbook.municipalityId());
          statement.setObject(3, personId);
          statement.setString(4, number);
          statement.setDate(5, Date.valueOf(issuedOn));
          statement.setDate(6, Date.valueOf(handbook.expectedDeliveryDate()));
          statement.setShort(7, (short) handbook.fetusCount());
          statement.setTimestamp(8, Timestamp.from(at));
          return statement.executeUpdate();
        });
    List<PrenatalCheckupPlan.PlannedVisit> visits = plan.plan(handbook.expectedDeliveryDate());
    Timestamp now = Timestamp.from(at);
    jdbc.prepareStatement(
        "INSERT INTO prenatal_visit (pregnancy_id, visit_number, municipality_id, from_week,"
            + " to_week, recommended_from, recommended_to, schedule_version, created_at,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          for (PrenatalCheckupPlan.PlannedVisit visit : visits) {
            statement.setObject(1, pregnancyId);
            statement.setShort(2, (short) visit.visit().number());
            statement.setObject(3, handbook.municipalityId());
            statement.setShort(4, (short) visit.visit().fromWeek());
            statement.setShort(5, (short) visit.visit().toWeek());
            statement.setDate(6, Date.valueOf(visit.from()));
            statement.setDate(7, Date.valueOf(visit.to()));
            statement.setString(8, plan.version());
            statement.setTimestamp(9, now);
            statement.setTimestamp(10, now);
            statement.addBatch();
          }
          return statement.executeBatch().length;
        });
    jdbc.prepareStatement(
        "INSERT INTO prenatal_voucher (id, municipality_id, pregnancy_id, visit_number,"
            + " voucher_number, covers, issued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          for (PrenatalCheckupPlan.PlannedVisit visit : visits) {
            statement.setObject(1, Ids.newId());
            statement.setObject(2, handbook.municipalityId());
            statement.setObject(3, pregnancyId);
            statement.setShort(4, (short) visit.visit().number());
            statement.setString(5, voucherNumber(number, visit.visit().number()));
            statement.setArray(
                6,
                statement.getConnection().createArrayOf("text", visit.visit().covers().toArray()));
            statement.setTimestamp(7, now);
            statement.setTimestamp(8, now);
            statement.addBatch();
          }
          return statement.executeBatch().length;
        });
    return new IssuedHandbook(personId, pregnancyId, number, issuedOn, visits.size());
  }

  /** 受診券番号: the handbook number and the two-digit visit number. */
  static String voucherNumber(String handbookNumber, int visit) {
    return handbookNumber + "-" + String.format("%02d", visit);
  }

  /**
   * The applicant's person row: the one that already logs in with that subject (a mother's second
   * pregnancy), else a new one. Two acceptances for the same new login at once make one row.
   */
  private UUID person(NewHandbook handbook, Instant at) {
    Optional<UUID> existing = personWithLogin(handbook.loginSubject());
    if (existing.isPresent()) {
      return existing.get();
    }
    UUID id = Ids.newId();
    int inserted =
        jdbc.prepareStatement(
            "INSERT INTO person (id, municipality_id, family_name, given_name, family_name_kana,"
                + " given_name_kana, birth_date, sex, login_subject, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'female', ?, ?)"
                + " ON CONFLICT (login_subject) DO NOTHING",
            statement -> {
              statement.setObject(1, id);
              statement.setObject(2, handbook.municipalityId());
              statement.setString(3, handbook.familyName());
              statement.setString(4, handbook.givenName());
              statement.setString(5, handbook.familyNameKana());
              statement.setString(6, handbook.givenNameKana());
              statement.setDate(7, Date.valueOf(handbook.birthDate()));
              statement.setString(8, handbook.loginSubject());
              statement.setTimestamp(9, Timestamp.from(at));
              return statement.executeUpdate();
            });
    return inserted == 1 ? id : personWithLogin(handbook.loginSubject()).orElseThrow();
  }

  private Optional<UUID> personWithLogin(String subject) {
    return jdbc.prepareStatement(
        "SELECT id FROM person WHERE login_subject = ?",
        statement -> {
          statement.setString(1, subject);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
          }
        });
  }

  /**
   * The next number of the municipality's series. The serial row stays locked until the caller's
   * transaction ends, so concurrent issues take turns and a rolled-back issue gives its number
   * back: no gaps. A number already held by a handbook taken over from elsewhere is stepped over.
   */
  private String nextNumber(UUID municipalityId, LocalDate issuedOn) {
    String series = "handbook:" + format.series(issuedOn);
    while (true) {
      long serial = nextSerial(municipalityId, series);
      String number = format.number(issuedOn, serial);
      boolean taken =
          jdbc.prepareStatement(
              "SELECT 1 FROM pregnancy WHERE municipality_id = ? AND handbook_number = ?",
              statement -> {
                statement.setObject(1, municipalityId);
                statement.setString(2, number);
                try (ResultSet rs = statement.executeQuery()) {
                  return rs.next();
                }
              });
      if (!taken) {
        return number;
      }
    }
  }

  /** Increments the municipality's serial of that series in the caller's transaction. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public long nextSerial(UUID municipalityId, String series) {
    return jdbc.prepareStatement(
        "INSERT INTO municipal_serial (municipality_id, series, last_value) VALUES (?, ?, 1)"
            + " ON CONFLICT (municipality_id, series)"
            + " DO UPDATE SET last_value = municipal_serial.last_value + 1 RETURNING last_value",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, series);
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
