package app.sukoyaka.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A prefecture's families made up for the population benchmark, the same for the same seed, child
 * count and day: N children in families of one to three, spread over thirty municipalities of
 * realistic sizes (one city with about a third of the children, nine smaller cities, fifteen towns
 * and five villages); born over the six years before the day with the monthly pattern and the
 * yearly decline of Japan's births, older siblings two to four years before; mothers (most using
 * the app) and fathers for most families, some fathers using the app too; pregnancies under way
 * with their 妊婦健診; the infant and child checkups of the routine ages (1か月, 3～4か月, 6～7か月, 9～10か月,
 * 1歳6か月, 3歳) with growth on the children's own percentile lines and a judgement; the routine
 * vaccinations with the forecaster's vaccine ids and dose labels, each family with its own
 * diligence (coverage and delays); a year of municipal notices, most read online.
 *
 * <p>Every row is made from the seed and its indices (a family's draws from its own generator, ids
 * from a hash), so any range of families can be written by any thread in any order. Nothing here is
 * a real person; the municipality names say 架空 (fictional).
 */
final class Population {
  /** Changes when the rows the same options give change: a kept database of another is refused. */
  static final int VERSION = 1;

  static final String VACCINE_KIND = "https://sukoyaka.app/fhir/CodeSystem/vaccine-kind";
  static final String JUDGEMENT = "https://sukoyaka.app/fhir/CodeSystem/judgement";

  /** The tables the population is written to, each with its COPY statement. */
  enum Table {
    PERSON(
        "COPY person (id, municipality_id, family_name, given_name, family_name_kana,"
            + " given_name_kana, birth_date, sex, login_subject, created_at) FROM STDIN"),
    CHILD(
        "COPY child (id, municipality_id, handbook_number, family_name, given_name,"
            + " family_name_kana, given_name_kana, birth_date, sex, birth_order, created_at)"
            + " FROM STDIN"),
    GUARDIANSHIP("COPY guardianship (person_id, child_id, relationship, since) FROM STDIN"),
    PREGNANCY(
        "COPY pregnancy (id, municipality_id, person_id, handbook_number, handbook_issued_on,"
            + " expected_delivery_date, status, created_at) FROM STDIN"),
    ENCOUNTER(
        "COPY checkup_encounter (id, municipality_id, kind, pregnancy_id, child_id, facility_id,"
            + " visit_date, gestational_age_days, recorded_at, encounter_class) FROM STDIN"),
    FINDING(
        "COPY checkup_finding (id, encounter_id, municipality_id, observation_id, item_code,"
            + " value_type, quantity_value, quantity_unit, code_system, code_value) FROM STDIN"),
    RECORD(
        "COPY immunization_record (id, municipality_id, child_id, occurrence_date,"
            + " vaccine_system, vaccine_code, vaccine_kind, lot_number, dose_label, routine,"
            + " source, verification, verified_by, verified_at, facility_id, recorded_by_role,"
            + " recorded_by, recorded_at, updated_at) FROM STDIN"),
    CREDIT(
        "COPY immunization_credit (record_id, municipality_id, child_id, vaccine, dose_label)"
            + " FROM STDIN"),
    DEVICE(
        "COPY push_device (id, person_id, municipality_id, token, platform, locale, app_version,"
            + " registered_at, updated_at) FROM STDIN"),
    NOTICE(
        "COPY notice (id, municipality_id, kind, status, title, body, paper_after_days,"
            + " created_by, created_at, updated_by, updated_at, sent_by, sent_at, online_count,"
            + " paper_count) FROM STDIN"),
    DELIVERY(
        "COPY notice_delivery (notice_id, person_id, municipality_id, channel, child_ids,"
            + " read_at) FROM STDIN");

    final String copy;

    Table(String copy) {
      this.copy = copy;
    }
  }

  /** Where rows go: one call per row, values in the order of the table's COPY (null for NULL). */
  interface Sink {
    void row(Table table, String... values);
  }

  /** A municipality of the prefecture, its children {@code [firstChild, endChild)}. */
  record Municipality(
      int index,
      UUID id,
      String code,
      String nameJa,
      String nameEn,
      UUID facility,
      String facilityCode,
      int firstChild,
      int endChild) {}

  /**
   * One family: a mother, a father or none, the children (none for a first pregnancy).
   *
   * @param motherLogin the mother's login subject, null when she does not use the app
   * @param pregnancy the pregnancy under way, or null
   */
  record Family(
      int index,
      Municipality municipality,
      UUID mother,
      String motherLogin,
      UUID father,
      String fatherLogin,
      List<UUID> children,
      UUID pregnancy) {}

  /** The routine doses: vaccine, label, months of age usually, coverage, born from, born before. */
  private record Dose(
      String vaccine, String label, int months, double coverage, LocalDate from, LocalDate to) {}

  private static final LocalDate EVER = LocalDate.of(1900, 1, 1);
  private static final LocalDate NEVER = LocalDate.of(2100, 1, 1);
  // 五種混合 became routine on 2024-04-01: children two months old by then started on it.
  private static final LocalDate FIVE_IN_ONE = LocalDate.of(2024, 2, 1);
  private static final List<Dose> SCHEDULE =
      List.of(
          new Dose("HEPB", "1", 2, 0.97, LocalDate.of(2016, 4, 1), NEVER),
          new Dose("HEPB", "2", 3, 0.96, LocalDate.of(2016, 4, 1), NEVER),
          new Dose("HEPB", "3", 8, 0.93, LocalDate.of(2016, 4, 1), NEVER),
          new Dose("ROTA", "1", 2, 0.94, LocalDate.of(2020, 8, 1), NEVER),
          new Dose("ROTA", "2", 3, 0.92, LocalDate.of(2020, 8, 1), NEVER),
          new Dose("DPT_IPV_HIB", "1", 2, 0.97, FIVE_IN_ONE, NEVER),
          new Dose("DPT_IPV_HIB", "2", 3, 0.96, FIVE_IN_ONE, NEVER),
          new Dose("DPT_IPV_HIB", "3", 4, 0.95, FIVE_IN_ONE, NEVER),
          new Dose("DPT_IPV_HIB", "4", 13, 0.91, FIVE_IN_ONE, NEVER),
          new Dose("DPT_IPV", "1", 3, 0.97, EVER, FIVE_IN_ONE),
          new Dose("DPT_IPV", "2", 4, 0.96, EVER, FIVE_IN_ONE),
          new Dose("DPT_IPV", "3", 5, 0.95, EVER, FIVE_IN_ONE),
          new Dose("DPT_IPV", "4", 15, 0.91, EVER, FIVE_IN_ONE),
          new Dose("HIB", "1", 2, 0.96, EVER, FIVE_IN_ONE),
          new Dose("HIB", "2", 3, 0.95, EVER, FIVE_IN_ONE),
          new Dose("HIB", "3", 4, 0.94, EVER, FIVE_IN_ONE),
          new Dose("HIB", "4", 13, 0.90, EVER, FIVE_IN_ONE),
          new Dose("PCV", "1", 2, 0.97, EVER, NEVER),
          new Dose("PCV", "2", 3, 0.96, EVER, NEVER),
          new Dose("PCV", "3", 4, 0.95, EVER, NEVER),
          new Dose("PCV", "4", 13, 0.91, EVER, NEVER),
          new Dose("BCG", "1", 5, 0.97, EVER, NEVER),
          new Dose("MR", "1期", 12, 0.95, EVER, NEVER),
          new Dose("MR", "2期", 68, 0.92, EVER, NEVER),
          new Dose("VAR", "1", 12, 0.94, EVER, NEVER),
          new Dose("VAR", "2", 19, 0.89, EVER, NEVER),
          new Dose("JE", "1期初回1", 37, 0.85, EVER, NEVER),
          new Dose("JE", "1期初回2", 38, 0.84, EVER, NEVER),
          new Dose("JE", "1期追加", 49, 0.79, EVER, NEVER));

  /** The infant and child checkups: kind, months of age, days the window stays open, attendance. */
  private record Checkup(String kind, int months, int window, double attendance) {}

  private static final List<Checkup> CHECKUPS =
      List.of(
          new Checkup("infant-1-month", 1, 30, 0.97),
          new Checkup("infant-3-4-months", 3, 60, 0.96),
          new Checkup("infant-6-7-months", 6, 60, 0.89),
          new Checkup("infant-9-10-months", 9, 60, 0.88),
          new Checkup("child-18-months", 18, 90, 0.95),
          new Checkup("child-3-years", 36, 120, 0.94));

  // Growth medians of Japanese boys (乳幼児身体発育調査 2010, rounded) by month of age; girls are
  // about 4% lighter and 1.5% shorter. Linear between the points.
  private static final int[] GROWTH_MONTHS = {0, 1, 3, 6, 9, 12, 18, 24, 36, 48};
  private static final double[] WEIGHT_KG = {3.0, 4.8, 6.7, 8.0, 8.7, 9.3, 10.4, 11.8, 14.1, 16.1};
  private static final double[] LENGTH_CM = {
    49.0, 54.5, 61.5, 67.5, 71.5, 75.0, 81.0, 86.0, 94.5, 101.5
  };
  private static final double[] HEAD_CM = {
    33.5, 37.5, 40.5, 43.5, 45.0, 46.0, 47.5, 48.5, 49.5, 50.0
  };

  // Births by month in Japan (vital statistics, relative): fewest in February, most in summer.
  private static final double[] MONTHLY_BIRTHS = {
    0.97, 0.89, 0.97, 0.96, 1.00, 0.98, 1.06, 1.07, 1.05, 1.04, 0.98, 1.01
  };
  private static final double YEARLY_DECLINE = 0.05;
  private static final int WINDOW_DAYS = 6 * 365;

  private static final String[] FAMILY = {
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"
  };
  private static final String[] FAMILY_KANA = {
    "サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ"
  };
  private static final String[] MOTHER = {"花子", "優子", "美咲", "陽菜", "結衣", "葵", "さくら", "真央"};
  private static final String[] FATHER = {"太郎", "健太", "翔", "大輔", "拓也", "直樹"};
  private static final String[] CHILD = {"蓮", "陽翔", "湊", "蒼", "結菜", "陽葵", "凛", "芽依"};
  private static final String[] CHILD_KANA = {"レン", "ハルト", "ミナト", "アオイ", "ユイナ", "ヒマリ", "リン", "メイ"};

  /** Municipality weights: a large city, nine cities, fifteen towns, five villages. */
  private static final double[] SIZES = {
    34.0, 9.0, 7.5, 6.0, 5.0, 4.2, 3.6, 3.0, 2.6, 2.2, 1.6, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.85, 0.8,
    0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.3, 0.25, 0.2, 0.15, 0.1
  };

  private static final int CITIES = 10;
  private static final int TOWNS = 15;

  /** A fictional prefecture's code; no municipality of the other benchmarks shares it. */
  private static final String PREFECTURE = "39";

  private final long seed;
  private final int children;
  private final LocalDate asOf;
  private final List<Municipality> municipalities;
  private final int[] firstChild;
  private final byte[] sizes;
  private final int families;

  Population(long seed, int children, LocalDate asOf) {
    if (children < SIZES.length) {
      throw new IllegalArgumentException("At least " + SIZES.length + " children");
    }
    this.seed = seed;
    this.children = children;
    this.asOf = asOf;
    this.municipalities = municipalities(seed, children);
    // Families of 1 to 3 children (about 58%, 33%, 9% of families with children under seven),
    // then about 5 first pregnancies per 100 children in families of none.
    int expecting = Math.max(1, children / 20);
    int[] first = new int[children + expecting];
    byte[] size = new byte[children + expecting];
    int f = 0;
    int child = 0;
    while (child < children) {
      SplittableRandom random = random(1, f);
      double r = random.nextDouble();
      int n = r < 0.58 ? 1 : r < 0.91 ? 2 : 3;
      // A family does not straddle two municipalities.
      int end = municipalityOf(child).endChild();
      n = Math.min(n, end - child);
      first[f] = child;
      size[f] = (byte) n;
      child += n;
      f++;
    }
    for (int e = 0; e < expecting; e++, f++) {
      first[f] = (int) ((long) e * children / expecting);
      size[f] = 0;
    }
    this.firstChild = first;
    this.sizes = size;
    this.families = f;
  }

  int children() {
    return children;
  }

  int families() {
    return families;
  }

  LocalDate asOf() {
    return asOf;
  }

  long seed() {
    return seed;
  }

  List<Municipality> municipalities() {
    return municipalities;
  }

  /** What a kept database was loaded as; another run reuses it only when equal. */
  String signature() {
    return "population v" + VERSION + " seed " + seed + " children " + children + " as of " + asOf;
  }

  private static List<Municipality> municipalities(long seed, int children) {
    double total = 0;
    for (double size : SIZES) {
      total += size;
    }
    List<Municipality> list = new ArrayList<>();
    int start = 0;
    double cumulative = 0;
    for (int m = 0; m < SIZES.length; m++) {
      cumulative += SIZES[m];
      int end = m == SIZES.length - 1 ? children : (int) Math.round(children * cumulative / total);
      end = Math.max(end, start + 1);
      String kind;
      String kindEn;
      int number;
      String local;
      if (m < CITIES) {
        kind = "市";
        kindEn = "City";
        number = m + 1;
        local = String.format(Locale.ROOT, "%03d", 201 + m);
      } else if (m < CITIES + TOWNS) {
        kind = "町";
        kindEn = "Town";
        number = m - CITIES + 1;
        local = String.format(Locale.ROOT, "%03d", 301 + 20 * (m - CITIES));
      } else {
        kind = "村";
        kindEn = "Village";
        number = m - CITIES - TOWNS + 1;
        local = String.format(Locale.ROOT, "%03d", 601 + 20 * (m - CITIES - TOWNS));
      }
      String code = withCheckDigit(PREFECTURE + local);
      list.add(
          new Municipality(
              m,
              uuid(seed, 100, m, 0),
              code,
              "すこやか第" + number + kind + "（架空）",
              "Sukoyaka " + kindEn + " " + number + " (fictional)",
              uuid(seed, 101, m, 0),
              String.format(Locale.ROOT, "39%08d", 1000 + m),
              start,
              end));
      start = end;
    }
    return List.copyOf(list);
  }

  /** The check digit of a 地方公共団体コード (total of digits × 6,5,4,3,2; 11 − remainder). */
  static String withCheckDigit(String five) {
    int sum = 0;
    for (int i = 0; i < 5; i++) {
      sum += (five.charAt(i) - '0') * (6 - i);
    }
    int check = (11 - sum % 11) % 10;
    return five + check;
  }

  Municipality municipalityOf(int child) {
    int low = 0;
    int high = municipalities.size() - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (municipalities.get(mid).endChild() <= child) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return municipalities.get(low);
  }

  /** The family's people and ids, without writing anything. */
  Family family(int f) {
    SplittableRandom random = random(2, f);
    Municipality municipality = municipalityOf(Math.min(firstChild[f], children - 1));
    boolean app = random.nextDouble() < 0.85;
    boolean hasFather = sizes[f] > 0 ? random.nextDouble() < 0.62 : random.nextDouble() < 0.5;
    boolean fatherApp = hasFather && app && random.nextDouble() < 0.4;
    List<UUID> kids = new ArrayList<>();
    for (int c = 0; c < sizes[f]; c++) {
      kids.add(uuid(seed, 3, firstChild[f] + c, 0));
    }
    // A mother of young children is expecting again now and then; a family of none always is.
    boolean expecting = sizes[f] == 0 || random.nextDouble() < 0.04;
    return new Family(
        f,
        municipality,
        uuid(seed, 1, f, 0),
        app ? "pop-" + seed + "-" + f + "-m" : null,
        hasFather ? uuid(seed, 2, f, 0) : null,
        fatherApp ? "pop-" + seed + "-" + f + "-f" : null,
        List.copyOf(kids),
        expecting ? uuid(seed, 4, f, 0) : null);
  }

  /** The municipality's notices of the last year, one a month: id and day sent. */
  List<UUID> notices(Municipality municipality) {
    List<UUID> ids = new ArrayList<>();
    for (int m = 0; m < 12; m++) {
      ids.add(uuid(seed, 102, municipality.index(), m));
    }
    return ids;
  }

  Instant noticeSent(int month) {
    return asOf.minusDays(30L * month + 3).atTime(1, 0).toInstant(ZoneOffset.UTC);
  }

  /** Writes the municipalities' notices (their counts are set after the deliveries are in). */
  void writeNotices(Sink sink) {
    for (Municipality municipality : municipalities) {
      List<UUID> ids = notices(municipality);
      for (int m = 0; m < ids.size(); m++) {
        String sent = ts(noticeSent(m));
        sink.row(
            Table.NOTICE,
            ids.get(m).toString(),
            municipality.id().toString(),
            "official",
            "sent",
            "{\"ja\":\"子育て講座のご案内（" + (12 - m) + "）\"}",
            "{\"ja\":\"保健センターで子育て講座を開きます。\"}",
            "14",
            "synthetic",
            sent,
            "synthetic",
            sent,
            "synthetic",
            sent,
            "0",
            "0");
      }
    }
  }

  /** Writes families {@code from} … {@code to - 1}. */
  void write(int from, int to, Sink sink) {
    for (int f = from; f < to; f++) {
      writeFamily(f, sink);
    }
  }

  private void writeFamily(int f, Sink sink) {
    Family family = family(f);
    SplittableRandom random = random(3, f);
    String municipality = family.municipality().id().toString();
    String facility = family.municipality().facility().toString();
    String created = ts(asOf.minusYears(7).atStartOfDay().toInstant(ZoneOffset.UTC));
    int surname = random.nextInt(FAMILY.length);
    // How promptly this family gets things done: coverage and delays follow it.
    double diligence = random.nextDouble();

    LocalDate[] births = births(random, sizes[f]);
    LocalDate eldest = births.length > 0 ? births[0] : asOf;
    LocalDate motherBirth = eldest.minusDays(365L * 26 + random.nextInt(365 * 12));
    sink.row(
        Table.PERSON,
        family.mother().toString(),
        municipality,
        FAMILY[surname],
        MOTHER[random.nextInt(MOTHER.length)],
        FAMILY_KANA[surname],
        null,
        motherBirth.toString(),
        "female",
        family.motherLogin(),
        created);
    if (family.father() != null) {
      sink.row(
          Table.PERSON,
          family.father().toString(),
          municipality,
          FAMILY[surname],
          FATHER[random.nextInt(FATHER.length)],
          FAMILY_KANA[surname],
          null,
          motherBirth.minusDays(random.nextInt(2000)).toString(),
          "male",
          family.fatherLogin(),
          created);
    }
    for (int c = 0; c < births.length; c++) {
      int index = firstChild[f] + c;
      UUID child = family.children().get(c);
      LocalDate born = births[c];
      boolean girl = random.nextBoolean();
      int name = random.nextInt(CHILD.length);
      sink.row(
          Table.CHILD,
          child.toString(),
          municipality,
          "P" + family.municipality().code() + "-" + index,
          FAMILY[surname],
          CHILD[name],
          FAMILY_KANA[surname],
          CHILD_KANA[name],
          born.toString(),
          girl ? "female" : "male",
          Integer.toString(c + 1),
          ts(born.plusDays(14).atStartOfDay().toInstant(ZoneOffset.UTC)));
      sink.row(
          Table.GUARDIANSHIP,
          family.mother().toString(),
          child.toString(),
          "mother",
          born.toString());
      if (family.father() != null) {
        sink.row(
            Table.GUARDIANSHIP,
            family.father().toString(),
            child.toString(),
            "father",
            born.toString());
      }
      checkups(sink, random, index, child, born, girl, diligence, municipality, facility);
      vaccinations(sink, random, index, child, born, diligence, municipality, facility);
    }
    if (family.pregnancy() != null) {
      pregnancy(sink, random, family, municipality, facility, created);
    }
    if (family.motherLogin() != null) {
      device(sink, random, family.mother(), family.index(), "m", municipality, created);
      notices(sink, random, family, municipality);
    }
    if (family.fatherLogin() != null) {
      device(sink, random, family.father(), family.index(), "f", municipality, created);
    }
  }

  /** Birth days, eldest first: the youngest within the six years, siblings 1.5 to 4 years apart. */
  private LocalDate[] births(SplittableRandom random, int count) {
    LocalDate[] births = new LocalDate[count];
    if (count == 0) {
      return births;
    }
    LocalDate youngest = birthDay(random);
    births[count - 1] = youngest;
    for (int c = count - 2; c >= 0; c--) {
      births[c] = births[c + 1].minusDays(540 + random.nextInt(920));
    }
    return births;
  }

  /** A day in the six years before the day, as often as Japan's births fall on it. */
  private LocalDate birthDay(SplittableRandom random) {
    double max = 1.07 * (1 + YEARLY_DECLINE * 6);
    while (true) {
      int back = 1 + random.nextInt(WINDOW_DAYS);
      LocalDate day = asOf.minusDays(back);
      double weight = MONTHLY_BIRTHS[day.getMonthValue() - 1] * (1 + YEARLY_DECLINE * back / 365.0);
      if (random.nextDouble() * max < weight) {
        return day;
      }
    }
  }

  private void checkups(
      Sink sink,
      SplittableRandom random,
      int index,
      UUID child,
      LocalDate born,
      boolean girl,
      double diligence,
      String municipality,
      String facility) {
    // The child's own percentile lines, kept from checkup to checkup.
    double zWeight = gaussian(random);
    double zLength = 0.7 * zWeight + 0.71 * gaussian(random);
    double zHead = 0.5 * zLength + 0.87 * gaussian(random);
    for (int k = 0; k < CHECKUPS.size(); k++) {
      Checkup checkup = CHECKUPS.get(k);
      LocalDate opens = born.plusMonths(checkup.months());
      double attendance = checkup.attendance() + (diligence - 0.5) * 0.08;
      boolean attends = random.nextDouble() < attendance;
      int delay = (int) (checkup.window() * Math.pow(random.nextDouble(), 1.5 + diligence));
      LocalDate day = opens.plusDays(delay);
      if (!attends || !day.isBefore(asOf)) {
        continue;
      }
      UUID encounter = uuid(seed, 10 + k, index, 0);
      // Most results come from the clinic's report within days; some are typed in weeks later.
      long recordedAfter = random.nextDouble() < 0.8 ? random.nextInt(3) : 14 + random.nextInt(50);
      LocalDate recorded = day.plusDays(recordedAfter);
      if (recorded.isAfter(asOf)) {
        recorded = asOf;
      }
      sink.row(
          Table.ENCOUNTER,
          encounter.toString(),
          municipality,
          checkup.kind(),
          null,
          child.toString(),
          facility,
          day.toString(),
          null,
          ts(recorded.atTime(2, 0).toInstant(ZoneOffset.UTC)),
          "AMB");
      long ageDays = ChronoUnit.DAYS.between(born, day);
      double months = ageDays / 30.4375;
      double weightScale = girl ? 0.96 : 1.0;
      double lengthScale = girl ? 0.985 : 1.0;
      double weight =
          growth(WEIGHT_KG, months) * weightScale * (1 + 0.10 * zWeight) + 0.05 * gaussian(random);
      double length =
          growth(LENGTH_CM, months) * lengthScale * (1 + 0.035 * zLength) + 0.3 * gaussian(random);
      double head =
          growth(HEAD_CM, months) * lengthScale * (1 + 0.03 * zHead) + 0.2 * gaussian(random);
      int o = 0;
      finding(sink, encounter, o++, municipality, "age-at-checkup", ageDays + "", "d");
      finding(sink, encounter, o++, municipality, "body-weight", decimal(weight, 2), "kg");
      finding(sink, encounter, o++, municipality, "body-length", decimal(length, 1), "cm");
      if (checkup.months() <= 18) {
        finding(sink, encounter, o++, municipality, "head-circumference", decimal(head, 1), "cm");
      }
      double j = random.nextDouble();
      String judgement =
          j < 0.86
              ? "no-abnormality"
              : j < 0.94 ? "observation" : j < 0.975 ? "detailed-examination" : "under-treatment";
      sink.row(
          Table.FINDING,
          uuid(seed, 30, index, k * 16 + o).toString(),
          encounter.toString(),
          municipality,
          uuid(seed, 31, index, k * 16 + o).toString(),
          "overall-judgement",
          "coded",
          null,
          null,
          JUDGEMENT,
          judgement);
    }
  }

  private void finding(
      Sink sink,
      UUID encounter,
      int order,
      String municipality,
      String item,
      String value,
      String unit) {
    sink.row(
        Table.FINDING,
        uuid(seed, 32, encounter.getLeastSignificantBits(), order).toString(),
        encounter.toString(),
        municipality,
        uuid(seed, 33, encounter.getLeastSignificantBits(), order).toString(),
        item,
        "quantity",
        value,
        unit,
        null,
        null);
  }

  private void vaccinations(
      Sink sink,
      SplittableRandom random,
      int index,
      UUID child,
      LocalDate born,
      double diligence,
      String municipality,
      String facility) {
    java.util.Map<String, LocalDate> last = new java.util.HashMap<>();
    java.util.Set<String> stopped = new java.util.HashSet<>();
    for (int d = 0; d < SCHEDULE.size(); d++) {
      Dose dose = SCHEDULE.get(d);
      if (born.isBefore(dose.from()) || !born.isBefore(dose.to())) {
        continue;
      }
      // Coverage falls with a family's diligence; a missed dose ends that vaccine's series.
      boolean given = diligence < dose.coverage() + 0.02 * gaussian(random);
      if (!given || stopped.contains(dose.vaccine())) {
        stopped.add(dose.vaccine());
        continue;
      }
      // Usual age plus a delay: days for the diligent, months for a few.
      int delay =
          random.nextDouble() < 0.85
              ? (int) (40 * diligence * random.nextDouble())
              : 30 + (int) (150 * random.nextDouble());
      LocalDate day = born.plusMonths(dose.months()).plusDays(delay);
      // Doses of one vaccine at least four weeks apart.
      LocalDate previous = last.get(dose.vaccine());
      if (previous != null && day.isBefore(previous.plusDays(28))) {
        day = previous.plusDays(28 + random.nextInt(14));
      }
      if (!day.isBefore(asOf)) {
        stopped.add(dose.vaccine());
        continue;
      }
      last.put(dose.vaccine(), day);
      UUID record = uuid(seed, 40, index, d);
      boolean clinic = random.nextDouble() < 0.92;
      String at =
          ts(
              day.plusDays(clinic ? random.nextInt(3) : 20 + random.nextInt(60))
                  .atTime(2, 0)
                  .toInstant(ZoneOffset.UTC));
      sink.row(
          Table.RECORD,
          record.toString(),
          municipality,
          child.toString(),
          day.toString(),
          VACCINE_KIND,
          dose.vaccine(),
          dose.vaccine(),
          clinic ? "LOT" + (day.toEpochDay() % 997) : null,
          dose.label(),
          "true",
          clinic ? "clinic" : "municipal",
          "verified",
          clinic ? "clinic-synthetic" : "staff-synthetic",
          at,
          clinic ? facility : null,
          clinic ? "clinic" : "staff",
          clinic ? "clinic-synthetic" : "staff-synthetic",
          at,
          at);
      sink.row(
          Table.CREDIT,
          record.toString(),
          municipality,
          child.toString(),
          dose.vaccine(),
          dose.label());
    }
  }

  private void pregnancy(
      Sink sink,
      SplittableRandom random,
      Family family,
      String municipality,
      String facility,
      String created) {
    // Handbooks are issued around 9–11 weeks: due from about 200 days ahead down to a week ago.
    LocalDate due = asOf.plusDays(-7 + random.nextInt(210));
    LocalDate zero = due.minusDays(280);
    String id = family.pregnancy().toString();
    sink.row(
        Table.PREGNANCY,
        id,
        municipality,
        family.mother().toString(),
        "M" + family.municipality().code() + "-" + family.index(),
        zero.plusDays(63 + random.nextInt(15)).toString(),
        due.toString(),
        "active",
        created);
    // The 14 妊婦健診: every 4 weeks to week 23, every 2 to week 35, weekly after.
    int[] weeks = {8, 12, 16, 20, 24, 26, 28, 30, 32, 34, 36, 37, 38, 39};
    for (int v = 0; v < weeks.length; v++) {
      LocalDate day = zero.plusDays(weeks[v] * 7L + random.nextInt(7));
      if (!day.isBefore(asOf) || random.nextDouble() > 0.94) {
        continue;
      }
      UUID encounter = uuid(seed, 50, family.index(), v);
      long gestation = ChronoUnit.DAYS.between(zero, day);
      sink.row(
          Table.ENCOUNTER,
          encounter.toString(),
          municipality,
          "prenatal",
          id,
          null,
          facility,
          day.toString(),
          Long.toString(gestation),
          ts(day.plusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC)),
          "AMB");
      double weight = 53 + 0.09 * gestation / 7 * 1.3 + 2 * gaussian(random);
      finding(sink, encounter, 0, municipality, "body-weight", decimal(weight, 1), "kg");
      finding(
          sink,
          encounter,
          1,
          municipality,
          "systolic-blood-pressure",
          Integer.toString(108 + (int) (9 * gaussian(random))),
          "mm[Hg]");
      finding(
          sink,
          encounter,
          2,
          municipality,
          "diastolic-blood-pressure",
          Integer.toString(66 + (int) (7 * gaussian(random))),
          "mm[Hg]");
    }
  }

  /** The phone of a guardian using the app, registered for pushes (two in three on Android). */
  private void device(
      Sink sink,
      SplittableRandom random,
      UUID person,
      int family,
      String who,
      String municipality,
      String created) {
    sink.row(
        Table.DEVICE,
        uuid(seed, 60, family, who.charAt(0)).toString(),
        person.toString(),
        municipality,
        "pop-" + seed + "-" + family + "-" + who + ":APA91bPopulation",
        random.nextInt(3) < 2 ? "android" : "ios",
        "ja-JP",
        "1.4.0",
        created,
        created);
  }

  private void notices(Sink sink, SplittableRandom random, Family family, String municipality) {
    // Each mother using the app gets three of the year's twelve notices; 70% are read.
    List<UUID> ids = notices(family.municipality());
    String children =
        "{" + String.join(",", family.children().stream().map(UUID::toString).toList()) + "}";
    for (int m = family.index() % 4; m < 12; m += 4) {
      Instant sent = noticeSent(m);
      sink.row(
          Table.DELIVERY,
          ids.get(m).toString(),
          family.mother().toString(),
          municipality,
          "online",
          children,
          random.nextDouble() < 0.7
              ? ts(sent.plusSeconds(3600 + random.nextInt(5 * 86_400)))
              : null);
    }
  }

  private static double growth(double[] values, double months) {
    for (int i = 1; i < GROWTH_MONTHS.length; i++) {
      if (months <= GROWTH_MONTHS[i]) {
        double share = (months - GROWTH_MONTHS[i - 1]) / (GROWTH_MONTHS[i] - GROWTH_MONTHS[i - 1]);
        return values[i - 1] + share * (values[i] - values[i - 1]);
      }
    }
    return values[values.length - 1];
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static String decimal(double value, int places) {
    return String.format(Locale.ROOT, "%." + places + "f", value);
  }

  private static String ts(Instant instant) {
    return instant.toString();
  }

  private SplittableRandom random(int stream, long index) {
    return new SplittableRandom(
        mix(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + index));
  }

  /** A version-4-shaped UUID from the seed, a kind and two indices: the same every run. */
  static UUID uuid(long seed, int kind, long a, long b) {
    long high = mix(seed ^ mix(kind * 0x632BE59BD9B4E019L + a));
    long low = mix(high ^ mix(b + 0x94D049BB133111EBL * (kind + 1)));
    high = (high & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
    low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
