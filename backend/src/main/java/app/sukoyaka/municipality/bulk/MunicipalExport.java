package app.sukoyaka.municipality.bulk;

import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ReadReplica;
import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineKind;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The municipality's records as CSV for its own systems and spreadsheets: a ZIP with one file per
 * kind (children, pregnancies, checkups, their findings, vaccinations) and a README describing
 * every column, each file UTF-8 with a byte-order mark as Excel in Japan opens it. Read from one
 * snapshot (repeatable read), row by row, written as it is read. Staff of the municipality only;
 * the export is in the access log.
 */
@Singleton
public class MunicipalExport {
  static final String PURPOSE = "municipal-records";

  /** A column of a file: its header and what it means, in Japanese and English. */
  record Column(String name, String ja, String en) {}

  /** A file of the ZIP and the statement it is read with (the municipality is its parameter). */
  record File(String name, String ja, String en, List<Column> columns, String sql) {}

  private final MunicipalityRepository municipalities;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final ReadReplica replica;
  private final Map<String, String> itemLabels = new HashMap<>();
  private final Map<String, String> answerLabels = new HashMap<>();
  private final Map<String, String> kindLabels = new HashMap<>();
  private final Map<String, String> vaccineLabels = new HashMap<>();

  MunicipalExport(
      MunicipalityRepository municipalities,
      AccessGuard guard,
      AccessLog accessLog,
      ReadReplica replica,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines) {
    this.municipalities = municipalities;
    this.guard = guard;
    this.accessLog = accessLog;
    this.replica = replica;
    for (CatalogItem item : catalog.items()) {
      itemLabels.put(item.code(), item.label().ja());
      for (AnswerCode answer : item.answers()) {
        answerLabels.put(answer.system() + "|" + answer.code(), answer.label().ja());
      }
    }
    catalog.kinds().forEach(kind -> kindLabels.put(kind.code(), kind.label().ja()));
    for (VaccineKind kind : vaccines.kinds()) {
      vaccineLabels.put(kind.code(), kind.label().ja());
    }
  }

  static final List<File> FILES =
      List.of(
          new File(
              "children.csv",
              "子ども（母子健康手帳の子の記録）",
              "Children (the child's part of the handbook)",
              List.of(
                  new Column("child_id", "子どものID（FHIR Patient id）", "the child (FHIR Patient id)"),
                  new Column(
                      "resident_number", "宛名番号", "resident number in the municipality's systems"),
                  new Column("handbook_number", "母子健康手帳の交付番号", "handbook number"),
                  new Column("birth_order", "出生順位（多胎児）", "birth order among multiples"),
                  new Column("family_name", "氏", "family name"),
                  new Column("given_name", "名", "given name"),
                  new Column("family_name_kana", "氏（カナ）", "family name in kana"),
                  new Column("given_name_kana", "名（カナ）", "given name in kana"),
                  new Column("birth_date", "生年月日", "date of birth"),
                  new Column("sex", "性別（male, female, unknown）", "sex (male, female, unknown)"),
                  new Column("pregnancy_id", "生まれた妊娠の記録のID", "the pregnancy the child was born of"),
                  new Column("created_at", "登録日時（UTC）", "registered at (UTC)")),
              "SELECT id, resident_number, handbook_number, birth_order, family_name, given_name,"
                  + " family_name_kana, given_name_kana, birth_date, sex, pregnancy_id, created_at"
                  + " FROM child WHERE municipality_id = ? ORDER BY birth_date, id"),
          new File(
              "pregnancies.csv",
              "妊娠（母子健康手帳の母の記録）",
              "Pregnancies (the mother's part of the handbook)",
              List.of(
                  new Column("pregnancy_id", "妊娠の記録のID", "the pregnancy"),
                  new Column(
                      "person_id",
                      "妊婦のID（FHIR Patient id）",
                      "the pregnant person (FHIR Patient id)"),
                  new Column("handbook_number", "母子健康手帳の交付番号", "handbook number"),
                  new Column("handbook_issued_on", "交付日", "issued on"),
                  new Column("family_name", "氏", "family name"),
                  new Column("given_name", "名", "given name"),
                  new Column("birth_date", "妊婦の生年月日", "the pregnant person's date of birth"),
                  new Column("expected_delivery_date", "分娩予定日", "expected delivery date"),
                  new Column("fetus_count", "胎児数", "number of fetuses"),
                  new Column(
                      "status",
                      "状態（active, delivered, ended）",
                      "status (active, delivered, ended)")),
              "SELECT p.id, p.person_id, p.handbook_number, p.handbook_issued_on, r.family_name,"
                  + " r.given_name, r.birth_date, p.expected_delivery_date, p.fetus_count, p.status"
                  + " FROM pregnancy p JOIN person r ON r.id = p.person_id"
                  + " WHERE p.municipality_id = ? ORDER BY p.created_at, p.id"),
          new File(
              "checkups.csv",
              "健診（妊婦健診・乳幼児健診ほか、1行に1回の受診）",
              "Checkups (prenatal, infant and others; one line per visit)",
              List.of(
                  new Column(
                      "checkup_id", "健診のID（FHIR Encounter id）", "the checkup (FHIR Encounter id)"),
                  new Column("child_id", "子どもの健診のとき、その子", "the child, for a child's checkup"),
                  new Column(
                      "pregnancy_id", "妊婦の健診のとき、その妊娠", "the pregnancy, for the mother's checkup"),
                  new Column("kind", "健診の種類のコード", "checkup kind code"),
                  new Column("kind_label", "健診の種類", "checkup kind (Japanese)"),
                  new Column("kind_name", "市町村独自の健診の名称", "name of a municipality's own checkup"),
                  new Column("visit_date", "受診日", "day of the visit"),
                  new Column(
                      "source",
                      "記録元（clinic: 医療機関の電子提出, municipal: 市町村の登録・取り込み）",
                      "recorded by (clinic: a clinic's submission, municipal: the municipality)"),
                  new Column("facility", "実施機関・会場", "facility or place"),
                  new Column("medical_institution_code", "医療機関コード", "医療機関コード of the facility"),
                  new Column("recorded_at", "記録日時（UTC）", "recorded at (UTC)")),
              "SELECT e.id, e.child_id, e.pregnancy_id, e.kind, e.kind, e.kind_name, e.visit_date,"
                  + " e.source, COALESCE(f.name, e.performer_name), f.medical_institution_code,"
                  + " e.recorded_at FROM checkup_encounter e LEFT JOIN facility f ON f.id = e.facility_id"
                  + " WHERE e.municipality_id = ? ORDER BY e.visit_date, e.id"),
          new File(
              "checkup-findings.csv",
              "健診の所見・計測値（1行に1項目、健診項目カタログのコード）",
              "Checkup findings and measurements (one line per item, coded by the checkup item catalog)",
              List.of(
                  new Column("checkup_id", "健診のID", "the checkup"),
                  new Column("item", "項目コード（健診項目カタログ）", "item code (checkup item catalog)"),
                  new Column("item_label", "項目", "item (Japanese)"),
                  new Column("value", "値", "the value"),
                  new Column("unit", "単位（UCUM）", "unit (UCUM)"),
                  new Column("code_system", "値のコード体系", "code system of a coded value"),
                  new Column("value_label", "値の表示（コード値のとき）", "the coded value's label (Japanese)"),
                  new Column("text", "所見の内容などの記述", "text recorded with the value"),
                  new Column(
                      "about_child_id",
                      "母の記録のうち子についての所見のとき、その子",
                      "the child a finding of the mother's record is about"),
                  new Column(
                      "status",
                      "状態（final, amended, corrected）",
                      "status (final, amended, corrected)"),
                  new Column("version", "版", "version")),
              "SELECT f.encounter_id, f.item_code, f.item_code, COALESCE(f.quantity_value::text,"
                  + " f.code_value, f.boolean_value::text, CASE WHEN f.value_type = 'string' THEN"
                  + " f.string_value END, f.date_value::text, f.integer_value::text,"
                  + " f.datetime_value::text), f.quantity_unit, f.code_system, f.code_value,"
                  + " CASE WHEN f.value_type = 'coded' THEN f.string_value END, f.child_id,"
                  + " f.status, f.version FROM checkup_finding f JOIN checkup_encounter e"
                  + " ON e.id = f.encounter_id WHERE e.municipality_id = ?"
                  + " AND f.status <> 'entered-in-error' ORDER BY e.visit_date, f.encounter_id,"
                  + " f.item_code"),
          new File(
              "vaccinations.csv",
              "予防接種（1行に1回の接種、取り消された記録を除く）",
              "Vaccinations (one line per dose; retracted records left out)",
              List.of(
                  new Column(
                      "record_id",
                      "接種記録のID（FHIR Immunization id）",
                      "the record (FHIR Immunization id)"),
                  new Column("child_id", "子どもの接種のとき、その子", "the child, for a child's vaccination"),
                  new Column(
                      "pregnancy_id",
                      "妊婦自身の接種のとき、その妊娠",
                      "the pregnancy, for the pregnant person's own"),
                  new Column("date", "接種日", "day of the vaccination"),
                  new Column("vaccine_kind", "ワクチンの種類のコード", "vaccine kind code"),
                  new Column("vaccine_label", "ワクチン", "vaccine (Japanese)"),
                  new Column("vaccine_system", "記録元のワクチンコードの体系", "code system the source used"),
                  new Column("vaccine_code", "記録元のワクチンコード", "vaccine code the source used"),
                  new Column("product", "製剤（ロタ・HPV・肺炎球菌の別）", "product"),
                  new Column("dose", "接種回", "dose label"),
                  new Column("lot_number", "ロット番号", "lot number"),
                  new Column("routine", "定期接種（true）か任意接種（false）", "routine (定期接種) or voluntary"),
                  new Column(
                      "source",
                      "記録元（clinic, municipal, parent, transfer, my_portal, abroad）",
                      "recorded by"),
                  new Column(
                      "verification", "確認状態（verified, unverified, rejected）", "verification"),
                  new Column("facility", "実施機関", "facility"),
                  new Column("medical_institution_code", "医療機関コード", "医療機関コード"),
                  new Column(
                      "performer_name",
                      "実施者の名称（登録機関でないとき）",
                      "performer's name when not a registered facility"),
                  new Column("country", "海外での接種のとき、その国", "country, when given abroad"),
                  new Column("note", "備考", "note"),
                  new Column("recorded_at", "記録日時（UTC）", "recorded at (UTC)")),
              "SELECT r.id, r.child_id, r.pregnancy_id, r.occurrence_date, r.vaccine_kind,"
                  + " r.vaccine_kind, r.vaccine_system, r.vaccine_code, r.product, r.dose_label,"
                  + " r.lot_number, r.routine, r.source, r.verification, f.name,"
                  + " f.medical_institution_code, r.performer_name, r.country, r.note, r.recorded_at"
                  + " FROM immunization_record r LEFT JOIN facility f ON f.id = r.facility_id"
                  + " WHERE r.municipality_id = ? AND r.status = 'completed'"
                  + " ORDER BY r.occurrence_date, r.id"));

  /** The municipality, once the caller may export it; the refusal is logged by the guard. */
  public UUID authorize(Principal principal, String municipalityCode) {
    if (principal.role() != Role.STAFF) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "The municipality's records are exported by its staff.");
    }
    MunicipalityRow municipality =
        municipalities
            .findByCode(municipalityCode)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.NOT_FOUND, "No municipality " + municipalityCode + "."));
    guard.require(
        principal, AccessPolicy.Action.READ, subject(municipality.id()), "export-csv", PURPOSE);
    return municipality.id();
  }

  /**
   * Writes the ZIP of an authorized municipality from one snapshot and logs the export (the log row
   * is written in a transaction of its own, before the first byte).
   */
  public void write(Principal principal, UUID municipalityId, OutputStream out) {
    accessLog.access(principal, subject(municipalityId), "export-csv", PURPOSE, true);
    // One snapshot for every file, read where the replica serves it (the primary without one).
    replica.read(
        connection -> {
          writeZip(connection, municipalityId, out);
          return null;
        });
  }

  private void writeZip(Connection connection, UUID municipalityId, OutputStream out)
      throws SQLException {
    // Not closed here: a failure must leave the download's pipe open so that it breaks off.
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    try {
      zip.putNextEntry(new ZipEntry("README.txt"));
      zip.write(readme().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      for (File file : FILES) {
        zip.putNextEntry(new ZipEntry(file.name()));
        CsvWriter csv = new CsvWriter(zip);
        csv.row(file.columns().stream().map(Column::name).toList());
        rows(connection, file, municipalityId, csv);
        csv.flush();
        zip.closeEntry();
      }
      zip.finish();
      zip.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rows(Connection connection, File file, UUID municipalityId, CsvWriter csv)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(file.sql())) {
      statement.setObject(1, municipalityId);
      statement.setFetchSize(2000);
      try (ResultSet rs = statement.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        List<String> cells = new ArrayList<>(columns);
        while (rs.next()) {
          cells.clear();
          for (int i = 1; i <= columns; i++) {
            cells.add(text(rs, i));
          }
          label(file.name(), cells);
          csv.row(cells);
        }
      }
    }
  }

  /** Fills the label columns (read as codes) with their Japanese labels from the catalogs. */
  private void label(String file, List<String> cells) {
    switch (file) {
      case "checkups.csv" -> cells.set(4, kindLabels.getOrDefault(cells.get(4), cells.get(4)));
      case "checkup-findings.csv" -> {
        cells.set(2, itemLabels.getOrDefault(cells.get(2), cells.get(2)));
        String code = cells.get(6);
        cells.set(6, code == null ? null : answerLabels.get(cells.get(5) + "|" + code));
      }
      case "vaccinations.csv" ->
          cells.set(5, cells.get(5) == null ? null : vaccineLabels.get(cells.get(5)));
      default -> {
        // The other files have no labels.
      }
    }
  }

  private static String text(ResultSet rs, int column) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant().toString();
    }
    return value.toString();
  }

  static String readme() {
    StringBuilder text = new StringBuilder();
    text.append("市区町村の母子保健の記録（Sukoyaka からの書き出し）\r\n")
        .append("Records of the municipality exported from Sukoyaka\r\n\r\n")
        .append("各ファイルは UTF-8（BOM 付き）、CRLF 改行、RFC 4180 の CSV です。数式として読まれる値の先頭には ' を付けています。\r\n")
        .append(
            "Each file is CSV (RFC 4180), UTF-8 with a byte-order mark and CRLF line ends; a cell a"
                + " spreadsheet would read as a formula starts with an apostrophe. Codes are those of"
                + " the FHIR profiles' catalogs (https://sukoyaka.app/fhir). Times are UTC, dates"
                + " are days in Japan.\r\n");
    for (File file : FILES) {
      text.append("\r\n")
          .append(file.name())
          .append(" — ")
          .append(file.ja())
          .append(" / ")
          .append(file.en())
          .append("\r\n");
      for (Column column : file.columns()) {
        text.append("  ")
            .append(column.name())
            .append(": ")
            .append(column.ja())
            .append(" / ")
            .append(column.en())
            .append("\r\n");
      }
    }
    return text.toString();
  }

  private static ProtectedSubject subject(UUID municipalityId) {
    return new ProtectedSubject("municipality", municipalityId, municipalityId, Set.of(), Set.of());
  }

  /** For tests and documentation: the file names in the ZIP's order. */
  static List<String> fileNames() {
    List<String> names = new ArrayList<>(List.of("README.txt"));
    FILES.forEach(f -> names.add(f.name()));
    return names;
  }

  static Optional<File> file(String name) {
    return FILES.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
