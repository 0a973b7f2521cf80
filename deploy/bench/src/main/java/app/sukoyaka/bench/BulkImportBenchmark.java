package app.sukoyaka.bench;

import app.sukoyaka.immunization.StoredForecastBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Bulk import at a municipality's scale: a 100,000-row export of a legacy health-management system
 * imported with the import command of the real service jar (its own process, on its own
 * PostgreSQL), once for checkups (the UTF-8 layout with codes: 3～4か月児健診 with 16 items each and the
 * age the dates give) and once for vaccinations (the Shift_JIS layout with 和暦 dates: the four doses
 * at two months). The baseline of the same run is a plain COPY of the rows the import stores
 * (encounters and findings; records and credits) into the same tables, rendered before its clock
 * starts: nothing read, parsed, looked up or checked. Each file is then imported a second time,
 * which must store nothing.
 *
 * <p>{@code java -cp deploy/bench/target/sukoyaka-bench.jar app.sukoyaka.bench.BulkImportBenchmark
 * [--rows N] [--service-jar PATH] [--heap SIZE]}
 */
public final class BulkImportBenchmark {
  static final UUID MUNICIPALITY = UUID.nameUUIDFromBytes("bench-import-bunkyo".getBytes());
  static final UUID BASELINE_MUNICIPALITY =
      UUID.nameUUIDFromBytes("bench-import-baseline".getBytes());
  static final String STAFF = "bench-import-staff";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final Charset SJIS = Charset.forName("windows-31j");
  private static final long GOAL_SECONDS = 10 * 60;
  private static final String JUDGEMENT = "https://sukoyaka.app/fhir/CodeSystem/judgement";
  private static final String PRESENCE = "https://sukoyaka.app/fhir/CodeSystem/finding-presence";
  private static final String NUTRITION =
      "https://sukoyaka.app/fhir/CodeSystem/nutrition-assessment";
  private static final String FEEDING = "https://sukoyaka.app/fhir/CodeSystem/feeding-method";
  private static final String ITEM_SYSTEM = "https://sukoyaka.app/fhir/CodeSystem/checkup-item";
  private static final String VACCINE_KIND = "https://sukoyaka.app/fhir/CodeSystem/vaccine-kind";

  /**
   * @param rows rows of each file
   * @param serviceJar the service's executable jar, whose import command is run
   * @param heap the command's {@code -Xmx}
   */
  record Options(int rows, Path serviceJar, String heap) {
    static final String USAGE =
        """
        usage: java -cp sukoyaka-bench.jar app.sukoyaka.bench.BulkImportBenchmark [options]
          --rows N            rows of each file (default 100000; vaccinations: 4 per child)
          --service-jar PATH  the service jar (default backend/target/sukoyaka.jar)
          --heap SIZE         the import command's -Xmx (default 512m)
        """;

    Options {
      if (rows < 4) {
        throw new IllegalArgumentException("--rows must be at least 4");
      }
    }

    static Options parse(String... args) {
      int rows = 100_000;
      Path jar = Path.of("backend", "target", "sukoyaka.jar");
      String heap = "512m";
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args[++i];
        switch (option) {
          case "--rows" -> rows = Integer.parseInt(value.replace(",", ""));
          case "--service-jar" -> jar = Path.of(value);
          case "--heap" -> heap = value;
          default -> throw new IllegalArgumentException("Unknown option " + option);
        }
      }
      return new Options(rows, jar, heap);
    }
  }

  /**
   * One file's figures.
   *
   * @param commandSeconds the import command's process, start to exit (JVM, service context)
   * @param jobSeconds the job alone, from its creation to its last commit
   * @param againSeconds the same file imported a second time, the command's process
   * @param stored rows the first import stored; {@code storedAgain} the second (must be 0)
   * @param rowsStored table rows the import wrote (encounters and findings, or records and
   *     credits), which the baseline copies as well
   */
  record Figure(
      String name,
      int rows,
      double commandSeconds,
      double jobSeconds,
      double baselineSeconds,
      double againSeconds,
      long stored,
      long storedAgain,
      long unchangedAgain,
      long errors,
      long rowsStored) {
    double ratio() {
      return jobSeconds / baselineSeconds;
    }
  }

  record Result(List<Figure> figures) {
    boolean ok() {
      return figures.stream()
          .allMatch(f -> f.stored() == f.rows() && f.storedAgain() == 0 && f.errors() == 0);
    }
  }

  private BulkImportBenchmark() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    try {
      System.exit(run(options, System.out, System.err).ok() ? 0 : 1);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  static Result run(Options options, PrintStream out, PrintStream progress) throws Exception {
    if (!Files.isRegularFile(options.serviceJar())) {
      throw new IOException("No service jar at " + options.serviceJar().toAbsolutePath());
    }
    Path work = Files.createTempDirectory("sukoyaka-import-bench");
    progress.println("Work directory " + work);
    LocalDate today = LocalDate.now(JAPAN);
    try (BenchDatabase database = BenchDatabase.start(work.resolve("postgres"), false)) {
      try (Connection connection = database.connect()) {
        SchemaMigrations.apply(connection, SchemaMigrations.names(StoredForecastBatch.class));
      }
      int checkupChildren = options.rows();
      int vaccinationChildren = options.rows() / 4;
      progress.printf(
          "Loading %,d children in each of two municipalities%n",
          Math.max(checkupChildren, vaccinationChildren));
      arrange(database, Math.max(checkupChildren, vaccinationChildren), today);

      List<Figure> figures = new ArrayList<>();
      Path checkups = work.resolve("乳幼児健診.csv");
      Files.write(checkups, checkupFile(options.rows(), today));
      progress.printf("Checkups: %,d rows, %,d bytes%n", options.rows(), Files.size(checkups));
      figures.add(
          measure(
              database,
              options,
              work,
              progress,
              "checkups (standard-utf8: UTF-8, western dates, codes; 17 findings a row)",
              "standard-utf8",
              checkups,
              options.rows(),
              () -> checkupBaseline(options.rows(), today),
              "SELECT (SELECT count(*) FROM checkup_encounter WHERE municipality_id = ?)"
                  + " + (SELECT count(*) FROM checkup_finding WHERE municipality_id = ?)"));

      int doses = vaccinationChildren * 4;
      Path vaccinations = work.resolve("予防接種.csv");
      Files.write(vaccinations, vaccinationFile(vaccinationChildren, today));
      progress.printf("Vaccinations: %,d rows, %,d bytes%n", doses, Files.size(vaccinations));
      figures.add(
          measure(
              database,
              options,
              work,
              progress,
              "vaccinations (legacy-sjis: Shift_JIS, 和暦, names; 4 doses a child)",
              "legacy-sjis",
              vaccinations,
              doses,
              () -> vaccinationBaseline(vaccinationChildren, today),
              "SELECT (SELECT count(*) FROM immunization_record WHERE municipality_id = ?)"
                  + " + (SELECT count(*) FROM immunization_credit WHERE municipality_id = ?)"));
      Result result = new Result(figures);
      report(out, options, result);
      return result;
    }
  }

  /** Renders the baseline's COPY input before its clock starts. */
  private interface Baseline {
    List<String[]> render();
  }

  private static Figure measure(
      BenchDatabase database,
      Options options,
      Path work,
      PrintStream progress,
      String name,
      String system,
      Path file,
      int rows,
      Baseline baseline,
      String countRows)
      throws Exception {
    progress.println("Importing " + file.getFileName() + " with the import command");
    double command = importCommand(options, database, work, system, file, progress);
    long[] job = lastJob(database);
    long rowsStored = count(database, countRows, MUNICIPALITY);
    progress.println("Importing the same file again");
    double again = importCommand(options, database, work, system, file, progress);
    long[] second = lastJob(database);
    long rowsAfter = count(database, countRows, MUNICIPALITY);
    if (rowsAfter != rowsStored) {
      throw new IllegalStateException(
          "The second import changed the tables: " + rowsStored + " → " + rowsAfter + " rows");
    }
    progress.println("Baseline: plain COPY of the same rows");
    List<String[]> copies = baseline.render();
    double copied = copy(database, copies);
    long baselineRows = count(database, countRows, BASELINE_MUNICIPALITY);
    if (baselineRows != rowsStored) {
      throw new IllegalStateException(
          "The baseline copied " + baselineRows + " rows, the import stored " + rowsStored);
    }
    return new Figure(
        name,
        rows,
        command,
        job[4] / 1000.0,
        copied,
        again,
        job[0],
        second[0],
        second[1],
        job[2],
        rowsStored);
  }

  /** Runs the import command of the service jar as its own process; its wall time in seconds. */
  private static double importCommand(
      Options options,
      BenchDatabase database,
      Path work,
      String system,
      Path file,
      PrintStream progress)
      throws IOException, InterruptedException, java.sql.SQLException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = work.resolve("import-" + System.nanoTime() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx" + options.heap(),
                "-cp",
                options.serviceJar().toAbsolutePath().toString(),
                "app.sukoyaka.municipality.bulk.ImportCommand",
                "--municipality",
                "131059",
                "--system",
                system,
                "--staff",
                STAFF,
                file.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("DATASOURCES_DEFAULT_URL", database.jdbcUrl());
    builder.environment().put("DATASOURCES_DEFAULT_USERNAME", database.serviceRole());
    builder.environment().put("DATASOURCES_DEFAULT_PASSWORD", "");
    // The schema is there (applied as the other benchmarks apply it).
    builder.environment().put("FLYWAY_DATASOURCES_DEFAULT_ENABLED", "false");
    builder.environment().put("SUKOYAKA_DATA_DIR", work.resolve("service-data").toString());
    long started = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("The import command did not end within an hour");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    lines.stream()
        .filter(l -> l.startsWith("[") || l.startsWith("completed"))
        .forEach(l -> progress.println("  " + l));
    if (process.exitValue() != 0) {
      lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(progress::println);
      throw new IllegalStateException("The import command exited with " + process.exitValue());
    }
    return seconds;
  }

  /** The newest job: stored, unchanged, rows with errors, rows done, its milliseconds. */
  private static long[] lastJob(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT stored, unchanged, rows_with_errors, rows_done,"
                    + " (extract(epoch FROM finished_at - created_at) * 1000)::bigint"
                    + " FROM import_job ORDER BY created_at DESC LIMIT 1")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
    }
  }

  private static long count(BenchDatabase database, String sql, UUID municipality)
      throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, municipality);
      statement.setObject(2, municipality);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** COPY of table and rows pairs in one transaction; its wall time in seconds. */
  private static double copy(BenchDatabase database, List<String[]> tables) throws Exception {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      long started = System.nanoTime();
      for (String[] table : tables) {
        copy.copyIn(table[0], new StringReader(table[1]));
      }
      connection.commit();
      return (System.nanoTime() - started) / 1e9;
    }
  }

  // --- The municipality's records -----------------------------------------------------------

  /** Child {@code i}'s birth day: spread over the four years before the last half year. */
  static LocalDate birth(int i, LocalDate today) {
    return today.minusMonths(6).minusDays(i % 1200);
  }

  static String residentNumber(int i) {
    return String.format("%010d", 1_000_000_000L + i);
  }

  static UUID child(UUID municipality, int i) {
    return new UUID(municipality.getMostSignificantBits(), i);
  }

  private static void arrange(BenchDatabase database, int children, LocalDate today)
      throws Exception {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO municipality (id, code, name_ja, name_en, created_at) VALUES ('"
                + MUNICIPALITY
                + "', '131059', '文京区', 'Bunkyo City', now()), ('"
                + BASELINE_MUNICIPALITY
                + "', '131016', '千代田区', 'Chiyoda City', now())");
        statement.execute(
            "INSERT INTO staff_account (subject, municipality_id, display_name, created_at)"
                + " VALUES ('"
                + STAFF
                + "', '"
                + MUNICIPALITY
                + "', '保健師 ベンチ', now())");
      }
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      for (UUID municipality : List.of(MUNICIPALITY, BASELINE_MUNICIPALITY)) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < children; i++) {
          rows.append(child(municipality, i))
              .append(',')
              .append(municipality)
              .append(",鈴木,")
              .append(i % 2 == 0 ? "蓮" : "陽葵")
              .append(',')
              .append(birth(i, today))
              .append(',')
              .append(i % 2 == 0 ? "male" : "female")
              .append(',')
              .append(residentNumber(i))
              .append(",2026-04-01T00:00:00Z\n");
        }
        copy.copyIn(
            "COPY child (id, municipality_id, family_name, given_name, birth_date, sex,"
                + " resident_number, created_at) FROM STDIN WITH (FORMAT csv)",
            new StringReader(rows.toString()));
      }
      connection.commit();
      try (Statement statement = connection.createStatement()) {
        statement.execute("ANALYZE");
      }
      connection.commit();
    }
  }

  // --- The checkups' export and what it stores ------------------------------------------------

  private static final String[] CHECKUP_HEADER = {
    "宛名番号",
    "母子健康手帳番号",
    "出生順位",
    "氏名カナ",
    "生年月日",
    "性別",
    "健診区分",
    "受診日",
    "受診時月齢",
    "受診時日齢",
    "体重(kg)",
    "身長(cm)",
    "頭囲(cm)",
    "胸囲(cm)",
    "栄養状態",
    "栄養法",
    "身体的発育",
    "精神発達",
    "運動機能",
    "皮膚",
    "股関節開排制限",
    "循環器系",
    "呼吸器系",
    "消化器系",
    "泌尿生殖器系",
    "未処置歯数",
    "処置歯数",
    "う蝕罹患型",
    "歯科判定",
    "総合判定",
    "精密健診対象",
    "実施機関コード",
    "実施場所"
  };

  static LocalDate checkupDay(int i, LocalDate today) {
    return birth(i, today).plusMonths(4).plusDays(i % 20);
  }

  static String weight(int i) {
    return String.format(Locale.ROOT, "%.2f", 5.8 + (i % 150) / 100.0);
  }

  static byte[] checkupFile(int rows, LocalDate today) {
    StringBuilder csv = new StringBuilder(String.join(",", CHECKUP_HEADER)).append("\r\n");
    for (int i = 0; i < rows; i++) {
      LocalDate born = birth(i, today);
      LocalDate visit = checkupDay(i, today);
      csv.append(residentNumber(i))
          .append(",,1,スズキ,")
          .append(born)
          .append(',')
          .append(i % 2 == 0 ? '1' : '2')
          .append(",02,")
          .append(visit)
          .append(",4,")
          .append(ChronoUnit.DAYS.between(born.plusMonths(4), visit))
          .append(',')
          .append(weight(i))
          .append(",62.0,41.0,40.0,1,2,0,0,0,")
          .append(i % 10 == 0 ? '1' : '0')
          .append(",0,0,0,0,0,,,,,")
          .append(i % 25 == 0 ? '3' : '1')
          .append(",0,,保健センター\r\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The encounters and findings the checkup file stores, for the baseline municipality. */
  static List<String[]> checkupBaseline(int rows, LocalDate today) {
    StringBuilder encounters = new StringBuilder();
    StringBuilder findings = new StringBuilder();
    String m = BASELINE_MUNICIPALITY.toString();
    long finding = 0;
    for (int i = 0; i < rows; i++) {
      UUID encounter = new UUID(0x454e_434f_0000_0000L, i);
      UUID child = child(BASELINE_MUNICIPALITY, i);
      LocalDate visit = checkupDay(i, today);
      encounters
          .append(encounter)
          .append(',')
          .append(m)
          .append(",infant-3-4-months,")
          .append(child)
          .append(',')
          .append(visit)
          .append(",2026-11-21T00:00:00Z,AMB,保健センター,municipal\n");
      String[][] values = {
        {
          "age-at-checkup",
          "quantity",
          Long.toString(ChronoUnit.DAYS.between(birth(i, today), visit)),
          "d",
          "",
          ""
        },
        {"body-weight", "quantity", weight(i), "kg", "", ""},
        {"body-length", "quantity", "62.0", "cm", "", ""},
        {"head-circumference", "quantity", "41.0", "cm", "", ""},
        {"nutritional-status", "coded", "", "", NUTRITION, "good"},
        {"feeding-method", "coded", "", "", FEEDING, "mixed"},
        {"physical-growth-finding", "coded", "", "", PRESENCE, "absent"},
        {"mental-development-finding", "coded", "", "", PRESENCE, "absent"},
        {"motor-function-finding", "coded", "", "", PRESENCE, "absent"},
        {"skin-finding", "coded", "", "", PRESENCE, i % 10 == 0 ? "present" : "absent"},
        {"hip-abduction-limitation", "coded", "", "", PRESENCE, "absent"},
        {"circulatory-finding", "coded", "", "", PRESENCE, "absent"},
        {"respiratory-finding", "coded", "", "", PRESENCE, "absent"},
        {"digestive-finding", "coded", "", "", PRESENCE, "absent"},
        {"genitourinary-finding", "coded", "", "", PRESENCE, "absent"},
        {
          "overall-judgement",
          "coded",
          "",
          "",
          JUDGEMENT,
          i % 25 == 0 ? "observation" : "no-abnormality"
        },
        {"follow-up-referral", "boolean", "", "", "", "", "false"},
      };
      for (String[] value : values) {
        findings
            .append(new UUID(0x4649_4e44_0000_0000L, finding++))
            .append(',')
            .append(encounter)
            .append(',')
            .append(m)
            .append(',')
            .append(new UUID(0x4f42_5345_0000_0000L, finding))
            .append(',')
            .append(value[0])
            .append(',')
            .append(value[1])
            .append(',')
            .append(value[2])
            .append(',')
            .append(value[3])
            .append(',')
            .append(value[4])
            .append(',')
            .append(value[5])
            .append(',')
            .append(value.length > 6 ? value[6] : "")
            .append(',')
            .append(ITEM_SYSTEM)
            .append(',')
            .append(value[0])
            .append(",1,final\n");
      }
    }
    return List.of(
        new String[] {
          "COPY checkup_encounter (id, municipality_id, kind, child_id, visit_date, recorded_at,"
              + " encounter_class, performer_name, source) FROM STDIN WITH (FORMAT csv)",
          encounters.toString()
        },
        new String[] {
          "COPY checkup_finding (id, encounter_id, municipality_id, observation_id, item_code,"
              + " value_type, quantity_value, quantity_unit, code_system, code_value,"
              + " boolean_value, source_system, source_code, version, status)"
              + " FROM STDIN WITH (FORMAT csv)",
          findings.toString()
        });
  }

  // --- The vaccinations' export and what it stores --------------------------------------------

  private static final String[][] DOSES = {
    {"ヒブ", "HIB", "ヒブ（乾燥ヘモフィルスb型ワクチン）", ""},
    {"小児肺炎球菌", "PCV", "小児用肺炎球菌", ""},
    {"B型肝炎", "HEPB", "B型肝炎", ""},
    {"ロタリックス", "ROTA", "ロタウイルス", "RV1"}
  };

  static LocalDate doseDay(int i, LocalDate today) {
    return birth(i, today).plusMonths(2).plusDays(i % 7);
  }

  static String wareki(LocalDate date) {
    JapaneseDate japanese = JapaneseDate.from(date);
    return (japanese.getEra() == JapaneseEra.REIWA ? "R" : "H")
        + japanese.get(ChronoField.YEAR_OF_ERA)
        + "."
        + date.getMonthValue()
        + "."
        + date.getDayOfMonth();
  }

  static byte[] vaccinationFile(int children, LocalDate today) {
    StringBuilder csv = new StringBuilder("住民番号,カナ氏名,生年月日,ワクチン名,接種回,接種日,ロット,医療機関名,医療機関コード\r\n");
    for (int i = 0; i < children; i++) {
      String born = wareki(birth(i, today));
      String day = wareki(doseDay(i, today));
      for (String[] dose : DOSES) {
        csv.append(residentNumber(i))
            .append(",スズキ,")
            .append(born)
            .append(',')
            .append(dose[0])
            .append(",1回目,")
            .append(day)
            .append(",LOT")
            .append(i % 97)
            .append(",すこやか小児科,\r\n");
      }
    }
    return csv.toString().getBytes(SJIS);
  }

  /** The records and credits the vaccination file stores, for the baseline municipality. */
  static List<String[]> vaccinationBaseline(int children, LocalDate today) {
    StringBuilder records = new StringBuilder();
    StringBuilder credits = new StringBuilder();
    String m = BASELINE_MUNICIPALITY.toString();
    long n = 0;
    for (int i = 0; i < children; i++) {
      UUID child = child(BASELINE_MUNICIPALITY, i);
      LocalDate day = doseDay(i, today);
      for (String[] dose : DOSES) {
        UUID record = new UUID(0x5245_434f_0000_0000L, n++);
        records
            .append(record)
            .append(',')
            .append(m)
            .append(',')
            .append(child)
            .append(',')
            .append(day)
            .append(',')
            .append(VACCINE_KIND)
            .append(',')
            .append(dose[1])
            .append(',')
            .append(dose[2])
            .append(',')
            .append(dose[1])
            .append(',')
            .append(dose[3])
            .append(",LOT")
            .append(i % 97)
            .append(",1,true,municipal,verified,staff:")
            .append(STAFF)
            .append(",2026-11-21T00:00:00Z,すこやか小児科,staff,")
            .append(STAFF)
            .append(",2026-11-21T00:00:00Z,2026-11-21T00:00:00Z\n");
        credits
            .append(record)
            .append(',')
            .append(m)
            .append(',')
            .append(child)
            .append(',')
            .append(dose[1])
            .append(",1\n");
      }
    }
    return List.of(
        new String[] {
          "COPY immunization_record (id, municipality_id, child_id, occurrence_date,"
              + " vaccine_system, vaccine_code, vaccine_display, vaccine_kind, product, lot_number,"
              + " dose_label, routine, source, verification, verified_by, verified_at,"
              + " performer_name, recorded_by_role, recorded_by, recorded_at, updated_at)"
              + " FROM STDIN WITH (FORMAT csv)",
          records.toString()
        },
        new String[] {
          "COPY immunization_credit (record_id, municipality_id, child_id, vaccine, dose_label)"
              + " FROM STDIN WITH (FORMAT csv)",
          credits.toString()
        });
  }

  // --- The report ----------------------------------------------------------------------------

  static void report(PrintStream out, Options options, Result result) {
    out.printf(
        Locale.ROOT,
        "Sukoyaka bulk import benchmark  (N=%,d rows per file, %d cores)%n",
        options.rows(),
        Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "%-58s %9s %10s%n", "", "wall s", "rows/s");
    for (Figure figure : result.figures()) {
      out.println(figure.name());
      line(out, "  service: import command, whole process", figure.commandSeconds(), figure.rows());
      line(
          out, "  service: the job (file read to last commit)", figure.jobSeconds(), figure.rows());
      line(
          out,
          "  baseline: plain COPY of the same table rows",
          figure.baselineSeconds(),
          figure.rows());
      out.printf(
          Locale.ROOT, "  %-56s %9.2f x%n", "ratio service job / baseline (time)", figure.ratio());
      line(out, "  the same file again (stores nothing)", figure.againSeconds(), figure.rows());
      out.printf(
          Locale.ROOT,
          "  checked: %,d of %,d rows stored (%,d table rows), %,d errors; again: %,d stored, %,d"
              + " unchanged%n",
          figure.stored(),
          figure.rows(),
          figure.rowsStored(),
          figure.errors(),
          figure.storedAgain(),
          figure.unchangedAgain());
    }
    double slowest = result.figures().stream().mapToDouble(Figure::commandSeconds).max().orElse(0);
    out.printf(
        Locale.ROOT,
        "goal: a 100,000-row file within minutes: %s (slowest file %.1f s for %,d rows)%n",
        slowest < GOAL_SECONDS ? "met" : "missed",
        slowest,
        options.rows());
  }

  private static void line(PrintStream out, String what, double seconds, int rows) {
    out.printf(Locale.ROOT, "%-58s %9.2f %,10.0f%n", what, seconds, rows / seconds);
  }
}
