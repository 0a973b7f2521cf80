package app.sukoyaka.municipality.transfer;

import app.sukoyaka.municipality.WorkList;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineKind;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Routine vaccinations (定期接種; others are not registered, seed 000) that are to be registered within
 * about two months of the dose and are getting late: doses the municipality knows of but has not
 * registered (a guardian's entry not confirmed yet; a visit where a clinic read the 予診票 and no
 * record of the dose has arrived), and doses registered after the deadline, for a while after. Time
 * since the dose against the deadline, from the rules' periods.
 */
@Singleton
class LateRegistrations implements WorkList {
  static final String NAME = "late-registrations";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  /** A visit read more than a year ago without a record is no longer followed here. */
  private static final int VISIT_HORIZON_DAYS = 365;

  private final JdbcOperations jdbc;
  private final TransferRules rules;
  private final VaccineCatalog vaccines;
  private final Clock clock;

  LateRegistrations(
      JdbcOperations jdbc, TransferRules rules, VaccineCatalog vaccines, Clock clock) {
    this.jdbc = jdbc;
    this.rules = rules;
    this.vaccines = vaccines;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Text title() {
    return new Text("予防接種記録の登録の遅れ", "Vaccinations late to be registered");
  }

  @Override
  public Text definition() {
    return new Text(
        "定期接種の記録は、他の市区町村との情報連携のため接種後"
            + rules.registrationWithin()
            + "（概ね2か月）以内に登録します（"
            + rules.source()
            + "：「"
            + rules.registrationQuote()
            + "」定期接種に該当しない予防接種は対象外）。接種から"
            + rules.registrationWarnAfter()
            + "を過ぎても登録されていないもの（保護者が入力し未確認の記録、医療機関が予診票を読み取ったのに接種記録が届いていない受診）を「遅れそう」、期限を過ぎたものを「遅延」、期限後に登録されたものを登録から"
            + rules.registeredLateShownFor()
            + "の間「期限後に登録」として表示します。",
        "Routine vaccinations (定期接種) are to be registered within "
            + rules.registrationWithin()
            + " of the dose (about two months, seed 000 (2)②), so that other municipalities can"
            + " query them; voluntary ones are not registered. Doses not registered "
            + rules.registrationWarnAfter()
            + " after the dose (a guardian's entry not confirmed yet, or a visit where a clinic"
            + " read the 予診票 and no record of the dose arrived) are getting late; past the"
            + " deadline they are late; doses registered after the deadline are listed for "
            + rules.registeredLateShownFor()
            + " after their registration.");
  }

  @Override
  public List<Column> columns() {
    return List.of(
        new Column("what", new Text("区分", "What")),
        new Column("recordId", new Text("記録ID", "Record")),
        new Column("child", new Text("子どもの氏名", "Child")),
        new Column("birthDate", new Text("生年月日", "Date of birth")),
        new Column("vaccine", new Text("ワクチン", "Vaccine")),
        new Column("dose", new Text("回数", "Dose")),
        new Column("doseDate", new Text("接種日", "Day of the dose")),
        new Column("deadline", new Text("登録期限", "Register by")),
        new Column("registeredOn", new Text("登録日", "Registered on")),
        new Column("days", new Text("接種からの日数", "Days since the dose")),
        new Column("source", new Text("記録の出どころ", "Source")),
        new Column("facility", new Text("医療機関", "Clinic")));
  }

  @Override
  public List<Column> statuses() {
    return List.of(
        new Column("late", new Text("遅延", "Late")),
        new Column("getting-late", new Text("遅れそう", "Getting late")),
        new Column("registered-late", new Text("期限後に登録", "Registered late")));
  }

  @Override
  @Transactional(readOnly = true)
  public List<Row> rows(UUID municipalityId, LocalDate today) {
    List<Row> rows = new ArrayList<>();
    LocalDate warnFrom = today.minus(rules.registrationWarnAfter());
    Instant now = clock.instant();
    Period within = rules.registrationWithin();
    // Doses known but not registered: a guardian's (or the family's) entry not confirmed yet.
    jdbc.prepareStatement(
        "SELECT r.id, r.child_id, NULLIF(concat_ws(' ', c.family_name, c.given_name), ''),"
            + " c.birth_date, r.vaccine_kind, COALESCE(r.vaccine_display, r.vaccine_code),"
            + " r.dose_label, r.occurrence_date, r.source, r.performer_name"
            + " FROM immunization_record r JOIN child c ON c.id = r.child_id"
            + " WHERE r.municipality_id = ? AND r.routine AND r.status = 'completed'"
            + " AND r.child_id IS NOT NULL AND r.verification = 'unverified'"
            + " AND r.occurrence_date <= ? ORDER BY r.occurrence_date, r.id",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setObject(2, warnFrom);
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              LocalDate dose = rs.getObject(8, LocalDate.class);
              rows.add(
                  row(
                      rs,
                      "未登録：保護者等の記録が未確認 (unconfirmed entry)",
                      dose,
                      null,
                      today,
                      within,
                      source(rs.getString(9)),
                      rs.getString(10)));
            }
          }
          return null;
        });
    // Visits where a clinic read the 予診票 (the visit QR code) and no record of the dose arrived.
    jdbc.prepareStatement(
        "SELECT p.id, p.child_id, NULLIF(concat_ws(' ', c.family_name, c.given_name), ''),"
            + " c.birth_date, p.vaccine, NULL, p.dose_label,"
            + " (p.redeemed_at AT TIME ZONE 'Asia/Tokyo')::date, 'clinic',"
            + " (SELECT f.name FROM visit_token v JOIN facility f ON f.id = v.redeemed_by_facility"
            + " WHERE v.prescreening_id = p.id AND v.redeemed_at IS NOT NULL"
            + " ORDER BY v.redeemed_at LIMIT 1)"
            + " FROM prescreening p JOIN child c ON c.id = p.child_id"
            + " WHERE p.municipality_id = ? AND p.status = 'redeemed'"
            + " AND (p.redeemed_at AT TIME ZONE 'Asia/Tokyo')::date <= ?"
            + " AND p.redeemed_at >= ?"
            + " AND NOT EXISTS (SELECT 1 FROM immunization_credit ic"
            + " JOIN immunization_record r ON r.id = ic.record_id WHERE ic.child_id = p.child_id"
            + " AND ic.vaccine = p.vaccine AND r.status = 'completed'"
            + " AND r.occurrence_date >= (p.redeemed_at AT TIME ZONE 'Asia/Tokyo')::date - 1)"
            + " ORDER BY p.redeemed_at, p.id",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setObject(2, warnFrom);
          statement.setTimestamp(3, Timestamp.from(now.minus(VISIT_HORIZON_DAYS, ChronoUnit.DAYS)));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              LocalDate visit = rs.getObject(8, LocalDate.class);
              rows.add(
                  row(
                      rs,
                      "未登録：予診票の受付あり・接種記録なし (visit without a record)",
                      visit,
                      null,
                      today,
                      within,
                      "医療機関 (clinic)",
                      rs.getString(10)));
            }
          }
          return null;
        });
    // Doses registered after the deadline, for a while after their registration.
    jdbc.prepareStatement(
        "SELECT * FROM (SELECT r.id, r.child_id,"
            + " NULLIF(concat_ws(' ', c.family_name, c.given_name), ''), c.birth_date,"
            + " r.vaccine_kind, COALESCE(r.vaccine_display, r.vaccine_code), r.dose_label,"
            + " r.occurrence_date, r.source, r.performer_name,"
            + " CASE WHEN r.source = 'parent' THEN r.verified_at ELSE r.recorded_at END AS registered"
            + " FROM immunization_record r JOIN child c ON c.id = r.child_id"
            + " WHERE r.municipality_id = ? AND r.routine AND r.status = 'completed'"
            + " AND r.child_id IS NOT NULL AND r.verification = 'verified'"
            + " AND r.source IN ('clinic', 'municipal', 'parent')) x"
            + " WHERE x.registered >= ? AND (x.registered AT TIME ZONE 'Asia/Tokyo')::date"
            + " > x.occurrence_date + make_interval(years => ?, months => ?, days => ?)"
            + " ORDER BY x.registered DESC, x.id",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setTimestamp(
              2,
              Timestamp.from(
                  today.minus(rules.registeredLateShownFor()).atStartOfDay(JAPAN).toInstant()));
          bindPeriod(statement, 3, within);
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              LocalDate dose = rs.getObject(8, LocalDate.class);
              LocalDate registered = rs.getTimestamp(11).toInstant().atZone(JAPAN).toLocalDate();
              rows.add(
                  row(
                      rs,
                      "期限後に登録 (registered late)",
                      dose,
                      registered,
                      today,
                      within,
                      source(rs.getString(9)),
                      rs.getString(10)));
            }
          }
          return null;
        });
    List<String> order = List.of("late", "getting-late", "registered-late");
    rows.sort(
        Comparator.comparing((Row r) -> order.indexOf(r.status()))
            .thenComparing(r -> r.cells().get("doseDate")));
    return rows;
  }

  private Row row(
      ResultSet rs,
      String what,
      LocalDate dose,
      LocalDate registered,
      LocalDate today,
      Period within,
      String source,
      String facility)
      throws SQLException {
    LocalDate deadline = dose.plus(within);
    String status =
        registered != null ? "registered-late" : today.isAfter(deadline) ? "late" : "getting-late";
    Map<String, String> cells = new LinkedHashMap<>();
    cells.put("what", what);
    cells.put("recordId", rs.getObject(1, UUID.class).toString());
    cells.put("child", rs.getString(3));
    cells.put("birthDate", rs.getObject(4, LocalDate.class).toString());
    cells.put("vaccine", vaccine(rs.getString(5), rs.getString(6)));
    cells.put("dose", rs.getString(7));
    cells.put("doseDate", dose.toString());
    cells.put("deadline", deadline.toString());
    cells.put("registeredOn", registered == null ? null : registered.toString());
    cells.put(
        "days",
        Long.toString(ChronoUnit.DAYS.between(dose, registered == null ? today : registered)));
    cells.put("source", source);
    cells.put("facility", facility);
    return new Row(
        rs.getObject(1, UUID.class).toString(), rs.getObject(2, UUID.class), status, cells);
  }

  private String vaccine(String kind, String fallback) {
    if (kind != null) {
      return vaccines.kind(kind).map(VaccineKind::label).map(l -> l.ja()).orElse(kind);
    }
    return fallback;
  }

  private static String source(String code) {
    return switch (code) {
      case "clinic" -> "医療機関 (clinic)";
      case "municipal" -> "市区町村 (municipality)";
      case "parent" -> "保護者 (guardian)";
      case "transfer" -> "転入前の市区町村 (previous municipality)";
      default -> code;
    };
  }

  private static void bindPeriod(PreparedStatement statement, int from, Period period)
      throws SQLException {
    statement.setInt(from, period.getYears());
    statement.setInt(from + 1, period.getMonths());
    statement.setInt(from + 2, period.getDays());
  }
}
