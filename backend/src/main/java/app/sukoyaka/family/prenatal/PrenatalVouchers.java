package app.sukoyaka.family.prenatal;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import app.sukoyaka.security.SystemScope;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * A clinic uses a 受診券 for a 妊婦健診 visit: a voucher of a pregnancy of a municipality it has a
 * contract with, unused, once. The mother's date of birth goes with the number (as on the paper
 * voucher the clinic checks against her), so numbers cannot be tried one after another.
 */
@Singleton
public class PrenatalVouchers {
  /** The scope a clinic needs: a 妊婦健診 visit is an encounter it records. */
  static final String SCOPE = "system/Encounter.c";

  private final JdbcOperations jdbc;
  private final FamilyService families;
  private final AccessGuard guard;
  private final AccessLog log;
  private final Clock clock;
  private final PrenatalCheckupPlan plan;
  private final SystemScope systemScope;

  PrenatalVouchers(
      JdbcOperations jdbc,
      FamilyService families,
      AccessGuard guard,
      AccessLog log,
      Clock clock,
      SystemScope systemScope) {
    this.systemScope = systemScope;
    this.jdbc = jdbc;
    this.families = families;
    this.guard = guard;
    this.log = log;
    this.clock = clock;
    this.plan = PrenatalCheckupPlan.load();
  }

  @Transactional
  public PrenatalVoucher redeem(
      Principal principal,
      String municipalityCode,
      String voucherNumber,
      LocalDate motherBirthDate,
      LocalDate visitDate) {
    if (principal.role() != Role.CLINIC || principal.facilityId() == null) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Vouchers are used by the clinic that holds the visit.");
    }
    if (!principal.scopes().contains(SCOPE)) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN, "Using a prenatal checkup voucher needs the scope " + SCOPE + ".");
    }
    // The voucher and its pregnancy are found in whichever municipality issued them, so that a
    // clinic without a contract there is told so by the access policy below; what is then
    // written is written in the clinic's own scope.
    PrenatalVoucher voucher = systemScope.get(() -> voucher(municipalityCode, voucherNumber));
    if (voucher == null) {
      throw unknown();
    }
    Pregnancy pregnancy =
        systemScope.get(() -> families.pregnancy(voucher.pregnancyId()).orElseThrow());
    if (!pregnancy.motherBirthDate().equals(motherBirthDate)) {
      // The same answer as for a number that does not exist: nothing to learn from trying.
      throw unknown();
    }
    ProtectedSubject subject = FamilySubjects.of(pregnancy, Set.of());
    guard.require(
        principal, AccessPolicy.Action.WRITE, subject, "use-prenatal-voucher", "prenatal-checkup");
    if (!"active".equals(pregnancy.status())) {
      throw new ProblemException(
          ErrorCode.VOUCHER_PREGNANCY_NOT_ACTIVE,
          "The pregnancy of this voucher has ended; its vouchers can no longer be used.");
    }
    LocalDate today = LocalDate.now(clock);
    if (visitDate.isAfter(today)
        || (pregnancy.handbookIssuedOn() != null
            && visitDate.isBefore(pregnancy.handbookIssuedOn()))) {
      throw new ProblemException(
          ErrorCode.VOUCHER_VISIT_DATE_INVALID,
          "The visit date must lie between the day the voucher was issued and today.",
          java.util.List.of(
              new ProblemException.FieldError(
                  "visitDate", "between the issue of the voucher and today")));
    }
    if (voucher.used()) {
      throw new ProblemException(
          ErrorCode.VOUCHER_ALREADY_USED,
          "This voucher was used on " + voucher.usedOn() + " and cannot be used again.");
    }
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "UPDATE prenatal_voucher SET used_on = ?, used_at = ?, used_by_facility_id = ?,"
            + " updated_at = ? WHERE id = ? AND used_at IS NULL",
        statement -> {
          statement.setDate(1, Date.valueOf(visitDate));
          statement.setTimestamp(2, Timestamp.from(now));
          statement.setObject(3, principal.facilityId());
          statement.setTimestamp(4, Timestamp.from(now));
          statement.setObject(5, voucher.id());
          return statement.executeUpdate();
        });
    log.write(principal, subject, "use-prenatal-voucher", "prenatal-checkup");
    return jdbc.prepareStatement(
        PrenatalSchedule.SELECT + " WHERE pv.id = ?",
        statement -> {
          statement.setObject(1, voucher.id());
          return PrenatalSchedule.visits(statement, plan).get(0).voucher();
        });
  }

  private static ProblemException unknown() {
    return new ProblemException(
        ErrorCode.VOUCHER_UNKNOWN,
        "No prenatal checkup voucher with this number for a mother born on that day in this"
            + " municipality.");
  }

  /** The voucher with this number of the municipality with this code, locked for its use. */
  private PrenatalVoucher voucher(String municipalityCode, String voucherNumber) {
    return jdbc.prepareStatement(
        PrenatalSchedule.SELECT
            + " JOIN pregnancy p ON p.id = pv.pregnancy_id"
            + " JOIN person pe ON pe.id = p.person_id"
            + " JOIN municipality m ON m.id = pv.municipality_id"
            + " WHERE m.code = ? AND pv.voucher_number = ? FOR UPDATE OF pv",
        statement -> {
          statement.setString(1, municipalityCode);
          statement.setString(2, voucherNumber);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return null;
            }
            return PrenatalSchedule.voucher(rs, 6, plan);
          }
        });
  }
}
