package app.sukoyaka.bench;

import app.sukoyaka.profiles.CatalogItem;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What the rest of the municipality holds besides vaccinations, so that the tables the sync reads
 * have the size and shape of a municipality's after years of use: for each child born in the last
 * five years, the pregnancy it was born of with its 14 妊婦健診 and the delivery record (the newborn's
 * findings naming the child); every checkup's full set of findings (a 乳幼児健診 carries 25 to 45); and
 * the notices the municipality sent over five years, each to about a quarter of its residents (some
 * on paper), most of them read, replies to those that asked a question. Written with set-based SQL
 * on the server, after the children, guardians and their checkups were loaded ({@link
 * ReminderFamilies}) and before the measured family's records arrive through the service.
 */
final class OtherFamilies {
  /** Notices the municipality sent over the five years; each resident gets about a quarter. */
  static final int NOTICES = 200;

  /** The measured mother gets every fourth notice: 50 over the five years. */
  static final int EVERY = 4;

  private static final int YEARS = 5;

  private static final String[][] TOPICS = {
    {"乳幼児健康診査のお知らせ", "Notice of the infant checkup"},
    {"予防接種を忘れずに受けましょう", "Remember your child's vaccinations"},
    {"子育て支援センターの催しのご案内", "Events at the childcare support centre"},
    {"両親学級（もうすぐパパ・ママ教室）のご案内", "Classes for parents-to-be"},
    {"子どものインフルエンザ予防接種の費用助成", "Subsidy for children's influenza vaccination"},
    {"児童手当の手続きについて", "About the child allowance"},
    {"熱中症に気をつけましょう", "Beware of heatstroke"},
    {"保育園の入園申込みについて", "Applying for a place at a nursery"},
    {"歯みがき教室のご案内", "Tooth-brushing class for toddlers"},
    {"離乳食教室のご案内", "Weaning food class"},
  };

  private OtherFamilies() {}

  /** What the load wrote. */
  record Loaded(
      long pregnancies,
      long encounters,
      long findings,
      long notices,
      long deliveries,
      long measuredDeliveries,
      long replies) {}

  /**
   * Writes the other families' pregnancies and findings, and the municipality's notices (those to
   * the measured mother among them), in one transaction.
   */
  static Loaded load(
      Connection connection,
      UUID municipality,
      UUID facility,
      LocalDate today,
      UUID measuredMother,
      PrintStream progress)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      // Triggers and foreign keys are off while history is written as it stands today: a sent
      // notice is immutable and its attachments can only be added before it is sent.
      statement.execute("SET LOCAL session_replication_role = replica");
      long started = System.nanoTime();
      long pregnancies = pastPregnancies(connection, municipality, facility, today);
      long encounters = count(connection, "checkup_encounter", municipality);
      progress.printf(
          "  %,d past pregnancies, %,d checkups in %.1f s%n",
          pregnancies, encounters, seconds(started));
      started = System.nanoTime();
      long findings = findings(connection, municipality);
      progress.printf("  %,d findings in %.1f s%n", findings, seconds(started));
      started = System.nanoTime();
      long[] notices = notices(connection, municipality, today, measuredMother);
      progress.printf(
          "  %,d notices, %,d deliveries, %,d replies in %.1f s%n",
          NOTICES, notices[0], notices[2], seconds(started));
      connection.commit();
      return new Loaded(
          pregnancies, encounters, findings, NOTICES, notices[0], notices[1], notices[2]);
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Statistics after the load. */
  static void analyze(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "VACUUM (ANALYZE) pregnancy, child, checkup_encounter, checkup_finding, notice,"
              + " notice_attachment, notice_delivery, notice_reply");
    }
  }

  /**
   * The pregnancy each child born in the last five years was born of (its mother's, delivered),
   * with the 14 妊婦健診 and the delivery.
   */
  private static long pastPregnancies(
      Connection connection, UUID municipality, UUID facility, LocalDate today)
      throws SQLException {
    long inserted;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
                + " handbook_issued_on, expected_delivery_date, fetus_count, status, created_at)"
                + " SELECT md5('pregnancy/' || c.id)::uuid, c.municipality_id, g.person_id,"
                + " 'B-' || c.id, c.birth_date - ?, c.birth_date + ?, 1, 'delivered',"
                + " (c.birth_date - ?)::timestamptz"
                + " FROM child c JOIN guardianship g ON g.child_id = c.id"
                + " AND g.relationship = 'mother'"
                + " WHERE c.municipality_id = ? AND c.birth_date > ?")) {
      int issued = PregnancyRecords.DELIVERY_DAY - 63;
      statement.setInt(1, issued);
      statement.setInt(2, 280 - PregnancyRecords.DELIVERY_DAY);
      statement.setInt(3, issued);
      statement.setObject(4, municipality);
      statement.setDate(5, Date.valueOf(today.minusYears(YEARS)));
      inserted = statement.executeUpdate();
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE child c SET pregnancy_id = md5('pregnancy/' || c.id)::uuid"
                + " WHERE c.municipality_id = ? AND c.birth_date > ?"
                + " AND EXISTS (SELECT 1 FROM pregnancy p WHERE p.id = md5('pregnancy/' ||"
                + " c.id)::uuid)")) {
      statement.setObject(1, municipality);
      statement.setDate(2, Date.valueOf(today.minusYears(YEARS)));
      statement.executeUpdate();
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO checkup_encounter (id, municipality_id, kind, pregnancy_id, facility_id,"
                + " visit_date, gestational_age_days, encounter_class, recorded_at)"
                + " SELECT md5(p.id || '/visit/' || d)::uuid, p.municipality_id, 'prenatal', p.id,"
                + " ?, p.expected_delivery_date - 280 + d, d, 'AMB',"
                + " (p.expected_delivery_date - 280 + d)::timestamptz"
                + " FROM pregnancy p CROSS JOIN unnest(?::int[]) AS d"
                + " WHERE p.municipality_id = ? AND p.handbook_number LIKE 'B-%'"
                + " UNION ALL"
                + " SELECT md5(p.id || '/delivery')::uuid, p.municipality_id, 'delivery', p.id, ?,"
                + " p.expected_delivery_date - 280 + ?, NULL, 'IMP',"
                + " (p.expected_delivery_date - 280 + ?)::timestamptz"
                + " FROM pregnancy p WHERE p.municipality_id = ? AND p.handbook_number LIKE"
                + " 'B-%'")) {
      Integer[] days =
          java.util.Arrays.stream(PregnancyRecords.visitDays()).boxed().toArray(Integer[]::new);
      statement.setObject(1, facility);
      statement.setArray(2, connection.createArrayOf("int4", days));
      statement.setObject(3, municipality);
      statement.setObject(4, facility);
      statement.setInt(5, PregnancyRecords.DELIVERY_DAY);
      statement.setInt(6, PregnancyRecords.DELIVERY_DAY);
      statement.setObject(7, municipality);
      statement.executeUpdate();
    }
    return inserted;
  }

  /** Every loaded checkup's findings, as a clinic's submission of its kind would leave them. */
  private static long findings(Connection connection, UUID municipality) throws SQLException {
    long written = 0;
    written += insertFindings(connection, municipality, "prenatal", prenatal(), false);
    written += insertFindings(connection, municipality, "delivery", delivery(), false);
    for (String kind :
        List.of(
            "infant-1-month",
            "infant-3-4-months",
            "infant-6-7-months",
            "infant-9-10-months",
            "child-18-months",
            "child-3-years")) {
      written += insertFindings(connection, municipality, kind, child(kind), true);
    }
    return written;
  }

  /** One finding as a row template; {@code newborn} findings name the pregnancy's child. */
  record Finding(
      String item,
      String valueType,
      BigDecimal quantity,
      String unit,
      String codeSystem,
      String code,
      Boolean flag,
      Integer integer,
      String text,
      boolean newborn) {

    String sqlRow() {
      CatalogItem catalogItem = ClinicBundle.item(item);
      return "("
          + literal(item)
          + ", "
          + literal(valueType)
          + ", "
          + (quantity == null ? "NULL" : quantity.toPlainString())
          + "::numeric, "
          + literal(unit)
          + ", "
          + literal(codeSystem)
          + ", "
          + literal(code)
          + ", "
          + (flag == null ? "NULL" : flag.toString())
          + "::boolean, "
          + (integer == null ? "NULL" : integer.toString())
          + "::integer, "
          + literal(text)
          + ", "
          + literal(catalogItem.fhirCodes().get(0).system())
          + ", "
          + literal(catalogItem.fhirCodes().get(0).code())
          + ", "
          + newborn
          + ")";
    }

    private static String literal(String value) {
      return value == null ? "NULL::text" : "'" + value.replace("'", "''") + "'::text";
    }
  }

  private static long insertFindings(
      Connection connection,
      UUID municipality,
      String kind,
      List<Finding> findings,
      boolean besidesLoaded)
      throws SQLException {
    List<String> rows = findings.stream().map(Finding::sqlRow).toList();
    String sql =
        "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id,"
            + " item_code, value_type, quantity_value, quantity_unit, code_system, code_value,"
            + " boolean_value, integer_value, string_value, date_value, datetime_value,"
            + " source_system, source_code, child_id)"
            + " SELECT md5(e.id || '/' || t.item)::uuid, e.id, e.municipality_id,"
            + " md5(e.id || '/observation/' || t.item)::uuid, t.item, t.vt, t.q, t.u, t.cs,"
            + " t.cv, t.b, t.i, t.s,"
            + " CASE WHEN t.vt = 'date' THEN e.visit_date END,"
            + " CASE WHEN t.vt = 'datetime' THEN (e.visit_date + time '05:42')::timestamptz END,"
            + " t.ss, t.sc,"
            + " CASE WHEN t.newborn THEN (SELECT c.id FROM child c WHERE c.pregnancy_id ="
            + " e.pregnancy_id LIMIT 1) END"
            + " FROM checkup_encounter e CROSS JOIN (VALUES "
            + String.join(", ", rows)
            + ") AS t (item, vt, q, u, cs, cv, b, i, s, ss, sc, newborn)"
            + " WHERE e.municipality_id = ? AND e.kind = ? AND e.submission_id IS NULL"
            // The loaded child checkups already hold their judgement and any referral.
            + (besidesLoaded
                ? " AND NOT EXISTS (SELECT 1 FROM checkup_finding f WHERE f.encounter_id = e.id"
                    + " AND f.item_code = t.item)"
                : "");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, municipality);
      statement.setString(2, kind);
      return statement.executeUpdate();
    }
  }

  /** The ten findings of every 妊婦健診, at about week 24. */
  static List<Finding> prenatal() {
    return List.of(
        quantity("gestational-age", "170", "d"),
        quantity("body-weight", "56.4", "kg"),
        quantity("systolic-blood-pressure", "114", "mm[Hg]"),
        quantity("diastolic-blood-pressure", "68", "mm[Hg]"),
        quantity("fundal-height", "20.5", "cm"),
        quantity("abdominal-circumference", "79.6", "cm"),
        coded("urine-protein", "negative"),
        coded("urine-glucose", "negative"),
        coded("oedema", "none"),
        coded("fetal-heart-activity", "present"));
  }

  /** The delivery record's findings, the newborn's naming the child. */
  static List<Finding> delivery() {
    List<Finding> findings = new ArrayList<>();
    findings.add(
        quantity(
            "gestational-length-at-delivery",
            Integer.toString(PregnancyRecords.DELIVERY_DAY),
            "d"));
    findings.add(
        new Finding(
            "delivery-datetime", "datetime", null, null, null, null, null, null, null, false));
    findings.add(coded("delivery-presentation", "cephalic"));
    findings.add(coded("delivery-method", "vaginal-spontaneous"));
    findings.add(quantity("labour-duration", "570", "min"));
    findings.add(quantity("delivery-blood-loss", "420", "mL"));
    findings.add(
        new Finding(
            "delivery-transfusion", "boolean", null, null, null, null, false, null, null, false));
    findings.add(integer("birth-plurality", 1, true));
    findings.add(integer("birth-order", 1, true));
    findings.add(newborn(quantity("birth-weight", "3080", "g")));
    findings.add(newborn(quantity("birth-length", "49.0", "cm")));
    findings.add(newborn(quantity("birth-chest-circumference", "32.0", "cm")));
    findings.add(newborn(quantity("birth-head-circumference", "33.0", "cm")));
    findings.add(integer("apgar-1-minute", 8, true));
    findings.add(integer("apgar-5-minute", 9, true));
    findings.add(newborn(coded("birth-special-findings", "absent")));
    return findings;
  }

  /**
   * A child checkup's findings: the items of its kind, as {@link InfantCheckupVisit} sends them.
   */
  static List<Finding> child(String kind) {
    long age =
        switch (kind) {
          case "infant-1-month" -> 33;
          case "infant-3-4-months" -> 110;
          case "infant-6-7-months" -> 200;
          case "infant-9-10-months" -> 290;
          case "child-18-months" -> 555;
          default -> 1110;
        };
    List<Finding> findings = new ArrayList<>();
    for (CatalogItem item : InfantCheckupVisit.items(kind)) {
      switch (item.valueType()) {
        case QUANTITY -> {
          String unit = item.canonicalUnit().orElseThrow();
          findings.add(
              new Finding(
                  item.code(),
                  "quantity",
                  InfantCheckupVisit.quantity(item, age),
                  unit,
                  null,
                  null,
                  null,
                  null,
                  null,
                  false));
        }
        case CODED -> findings.add(coded(item.code(), item.answers().get(0).code()));
        case BOOLEAN ->
            findings.add(
                new Finding(
                    item.code(),
                    "boolean",
                    null,
                    null,
                    null,
                    null,
                    !item.code().equals("follow-up-referral"),
                    null,
                    null,
                    false));
        case INTEGER ->
            findings.add(integer(item.code(), item.plausibleRange().min().intValueExact(), false));
        case STRING ->
            findings.add(
                new Finding(
                    item.code(),
                    "string",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "すこやか小児科クリニック",
                    false));
        case DATE ->
            findings.add(
                new Finding(item.code(), "date", null, null, null, null, null, null, null, false));
        case DATETIME ->
            findings.add(
                new Finding(
                    item.code(), "datetime", null, null, null, null, null, null, null, false));
      }
    }
    return findings;
  }

  private static Finding quantity(String item, String value, String unit) {
    return new Finding(
        item, "quantity", new BigDecimal(value), unit, null, null, null, null, null, false);
  }

  private static Finding coded(String item, String answer) {
    String system =
        ClinicBundle.item(item).answers().stream()
            .filter(a -> a.code().equals(answer))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(item + " has no answer " + answer))
            .system();
    return new Finding(item, "coded", null, null, system, answer, null, null, null, false);
  }

  private static Finding integer(String item, int value, boolean newborn) {
    return new Finding(item, "integer", null, null, null, null, null, value, null, newborn);
  }

  private static Finding newborn(Finding finding) {
    return new Finding(
        finding.item(),
        finding.valueType(),
        finding.quantity(),
        finding.unit(),
        finding.codeSystem(),
        finding.code(),
        finding.flag(),
        finding.integer(),
        finding.text(),
        true);
  }

  private static long count(Connection connection, String table, UUID municipality)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM " + table + " WHERE municipality_id = ?")) {
      statement.setObject(1, municipality);
      try (var rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The municipality's notices over five years, sent to about a quarter of its residents each (one
   * in ten on paper, 85% of the online ones read, 60% of the questions answered); the measured
   * mother gets every fourth one online, has read all but the last five and answered every question
   * she read. Answers the deliveries, the measured mother's, and the replies.
   */
  private static long[] notices(
      Connection connection, UUID municipality, LocalDate today, UUID measuredMother)
      throws SQLException {
    LocalDate first = today.minusYears(YEARS);
    long span = ChronoUnit.DAYS.between(first, today.minusDays(3));
    List<UUID> ids = new ArrayList<>();
    List<UUID> mothers = new ArrayList<>();
    try (PreparedStatement notice =
            connection.prepareStatement(
                "INSERT INTO notice (id, municipality_id, kind, status, title, body, question,"
                    + " reply_deadline, reply_policy, consent_text_version, created_by,"
                    + " created_at, updated_by, updated_at, sent_by, sent_at, online_count,"
                    + " paper_count) VALUES (?, ?, ?, 'sent', ?::jsonb, ?::jsonb, ?::jsonb, ?, ?,"
                    + " ?, 'staff-bench', ?, 'staff-bench', ?, 'staff-bench', ?, 0, 0)");
        PreparedStatement attachment =
            connection.prepareStatement(
                "INSERT INTO notice_attachment (id, notice_id, municipality_id, file_name,"
                    + " content_type, size_bytes, sha256, content, created_by, created_at)"
                    + " VALUES (?, ?, ?, ?, 'application/pdf', ?, ?, ?, 'staff-bench', ?)")) {
      for (int n = 0; n < NOTICES; n++) {
        UUID id = UUID.nameUUIDFromBytes(("notice/" + municipality + "/" + n).getBytes());
        ids.add(id);
        Timestamp sent =
            Timestamp.from(
                first
                    .plusDays(span * n / NOTICES)
                    .atTime(10, 0)
                    .atZone(MeasuredFamily.JAPAN)
                    .toInstant());
        boolean consent = n == 0;
        boolean question = consent || n % 5 == 3;
        String[] topic = TOPICS[n % TOPICS.length];
        notice.setObject(1, id);
        notice.setObject(2, municipality);
        notice.setString(3, consent ? "consent_request" : "official");
        notice.setString(
            4,
            consent
                ? texts("お知らせをアプリで受け取ることへの同意のお願い", "Consent to receive notices in the app")
                : texts(topic[0], topic[1]));
        notice.setString(5, texts(bodyJa(topic[0], n), bodyEn(topic[1], n)));
        notice.setString(
            6,
            question
                ? "{\"type\": \"single_choice\", \"prompt\": {\"ja\": \""
                    + (consent ? "同意しますか。" : "参加しますか。")
                    + "\", \"en\": \""
                    + (consent ? "Do you consent?" : "Will you take part?")
                    + "\"}, \"options\": [{\"code\": \"yes\", \"label\": {\"ja\": \"はい\", \"en\":"
                    + " \"Yes\"}}, {\"code\": \"no\", \"label\": {\"ja\": \"いいえ\", \"en\":"
                    + " \"No\"}}], \"dates\": []}"
                : null);
        notice.setTimestamp(
            7, question ? Timestamp.from(sent.toInstant().plus(30, ChronoUnit.DAYS)) : null);
        notice.setString(8, question ? (consent ? "changeable" : "once") : null);
        notice.setString(9, consent ? first.getYear() + "-04" : null);
        Timestamp drafted = Timestamp.from(sent.toInstant().minus(2, ChronoUnit.DAYS));
        notice.setTimestamp(10, drafted);
        notice.setTimestamp(11, sent);
        notice.setTimestamp(12, sent);
        notice.addBatch();
        if (n % 10 == 7) {
          byte[] pdf = pdf(topic[0], n);
          attachment.setObject(1, UUID.nameUUIDFromBytes(("attachment/" + id).getBytes()));
          attachment.setObject(2, id);
          attachment.setObject(3, municipality);
          attachment.setString(4, "notice-" + n + ".pdf");
          attachment.setInt(5, pdf.length);
          attachment.setString(6, sha256(pdf));
          attachment.setBytes(7, pdf);
          attachment.setTimestamp(8, drafted);
          attachment.addBatch();
        }
        if (n % EVERY == 0) {
          mothers.add(id);
        }
      }
      notice.executeBatch();
      attachment.executeBatch();
    }
    long deliveries;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel,"
                + " read_at)"
                + " SELECT n.id, p.id, n.municipality_id,"
                + " CASE WHEN x.h / 4 % 10 = 0 THEN 'paper' ELSE 'online' END,"
                + " CASE WHEN x.h / 4 % 10 <> 0 AND x.h / 40 % 100 < 85"
                + " THEN n.sent_at + make_interval(hours => (x.h / 4000 % 96)::int) END"
                + " FROM notice n JOIN person p ON p.municipality_id = n.municipality_id"
                + " CROSS JOIN LATERAL (SELECT hashtextextended(n.id::text || p.id::text, 0)"
                + " & 9223372036854775807 AS h) x"
                + " WHERE n.municipality_id = ? AND p.id <> ? AND x.h % 4 = 0")) {
      statement.setObject(1, municipality);
      statement.setObject(2, measuredMother);
      deliveries = statement.executeUpdate();
    }
    // The measured mother: every fourth notice online, read but for the latest five.
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel,"
                + " read_at)"
                + " SELECT n.id, ?, n.municipality_id, 'online',"
                + " CASE WHEN n.sent_at < (SELECT min(sent_at) FROM (SELECT sent_at FROM notice"
                + " WHERE id = ANY (?) ORDER BY sent_at DESC LIMIT 5) latest)"
                + " THEN n.sent_at + interval '7 hours' END"
                + " FROM notice n WHERE n.id = ANY (?)")) {
      Array chosen = connection.createArrayOf("uuid", mothers.toArray());
      statement.setObject(1, measuredMother);
      statement.setArray(2, chosen);
      statement.setArray(3, chosen);
      statement.executeUpdate();
    }
    long replies;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO notice_reply (id, notice_id, person_id, municipality_id, choices,"
                + " answered_at)"
                + " SELECT md5('reply/' || d.notice_id || d.person_id)::uuid, d.notice_id,"
                + " d.person_id, d.municipality_id, ARRAY['yes'], d.read_at + interval '5"
                + " minutes'"
                + " FROM notice_delivery d JOIN notice n ON n.id = d.notice_id"
                + " WHERE n.municipality_id = ? AND n.question IS NOT NULL AND d.read_at IS NOT"
                + " NULL AND (d.person_id = ? OR (hashtext(d.person_id::text ||"
                + " d.notice_id::text) & 2147483647) % 10 < 6)")) {
      statement.setObject(1, municipality);
      statement.setObject(2, measuredMother);
      replies = statement.executeUpdate();
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE notice n SET online_count = c.online, paper_count = c.paper FROM (SELECT"
                + " notice_id, count(*) FILTER (WHERE channel = 'online') AS online, count(*)"
                + " FILTER (WHERE channel = 'paper') AS paper FROM notice_delivery GROUP BY"
                + " notice_id) c WHERE c.notice_id = n.id AND n.municipality_id = ?")) {
      statement.setObject(1, municipality);
      statement.executeUpdate();
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO online_delivery_consent (id, person_id, municipality_id, decision,"
                + " text_version, notice_id, decided_at) VALUES (?, ?, ?, 'granted', ?, ?, ?)")) {
      statement.setObject(1, UUID.randomUUID());
      statement.setObject(2, measuredMother);
      statement.setObject(3, municipality);
      statement.setString(4, first.getYear() + "-04");
      statement.setObject(5, ids.get(0));
      statement.setTimestamp(
          6, Timestamp.from(first.atTime(12, 0).atZone(MeasuredFamily.JAPAN).toInstant()));
      statement.executeUpdate();
    }
    return new long[] {deliveries + mothers.size(), mothers.size(), replies};
  }

  private static String texts(String ja, String en) {
    return "{\"ja\": \"" + ja + "\", \"en\": \"" + en + "\"}";
  }

  private static String bodyJa(String topic, int n) {
    return topic
        + "についてお知らせします。対象のお子さんがいるご家庭は、同封の案内をご確認のうえ、期日までにお手続きください。"
        + "ご不明な点は保健センター（電話 03-0000-"
        + String.format(Locale.ROOT, "%04d", 1000 + n)
        + "）までお問い合わせください。会場はいずれも区役所の保健センターです。"
        + "当日は母子健康手帳をお持ちください。";
  }

  private static String bodyEn(String topic, int n) {
    return topic
        + ". Families with a child concerned, please read the guidance and complete the"
        + " procedure by the date given. For questions, call the health centre (03-0000-"
        + String.format(Locale.ROOT, "%04d", 1000 + n)
        + "). All sessions take place at the health centre of the city office. Please bring"
        + " your maternal and child health handbook.";
  }

  /** A small one-page PDF naming the notice. */
  private static byte[] pdf(String title, int n) {
    String text =
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
            + "% notice "
            + n
            + ": "
            + title
            + "\n"
            + "x".repeat(2048)
            + "\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
