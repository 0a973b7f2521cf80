package app.sukoyaka.bench;

import app.sukoyaka.immunization.SyntheticStoredChildren;
import app.sukoyaka.notice.reminder.ReminderPlanner;
import app.sukoyaka.notice.reminder.ReminderRules;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * What the daily reminder run reads besides vaccination records, for the stored children of the
 * benchmark: each child's guardians (the mother, and the father for about a third), some guardians'
 * notification settings (English, a kind switched off), the infant and child checkups attended (95%
 * of each window that has opened, on a day inside it) with a few 要精密 referrals (4%, a result
 * recorded for about 60% of them), and the municipality's pregnancies (5.8 per 100 children: about
 * the births of nine months in a municipality whose children are spread over 13 years) with the
 * 妊婦健診 visits of the standard schedule attended so far (93%). Deterministic for a seed.
 */
final class ReminderFamilies {
  static final String JUDGEMENT = "https://sukoyaka.app/fhir/CodeSystem/judgement";
  static final String FOLLOW_UP_RESULT = "https://sukoyaka.app/fhir/CodeSystem/follow-up-result";
  private static final List<String> CHECKUPS =
      List.of(
          "infant-1-month",
          "infant-3-4-months",
          "infant-9-10-months",
          "child-18-months",
          "child-3-years");
  private static final List<String> REFERRING =
      List.of("infant-3-4-months", "child-18-months", "child-3-years");

  private ReminderFamilies() {}

  /**
   * What a load wrote.
   *
   * @param followUpsDue referrals without a result whose follow-up reminder is due on the day
   */
  record Loaded(
      long guardians,
      long settings,
      long checkups,
      long referrals,
      long results,
      long pregnancies,
      long prenatalVisits,
      long followUpsDue) {}

  /**
   * Writes the families of children {@code from} … {@code from + count - 1} of the municipality and
   * its pregnancies, in the connection's transaction.
   */
  static Loaded copyInto(
      Connection connection,
      SyntheticStoredChildren synthetic,
      UUID municipalityId,
      UUID facilityId,
      int from,
      int count,
      long seed)
      throws SQLException {
    CopyManager copy = connection.unwrap(BaseConnection.class).getCopyAPI();
    LocalDate asOf = synthetic.asOf();
    String municipality = municipalityId.toString();
    String facility = facilityId.toString();
    String created = asOf.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    long[] n = new long[8];
    ReminderRules rules = ReminderRules.load();
    ReminderRules.Kind infant = rules.latest(ReminderRules.INFANT_CHECKUP);
    ReminderPlanner followUp = new ReminderPlanner(rules);
    // Closed in reverse order, each sending its COPY: the persons first, then what names them.
    try (Writer findings =
            new Writer(
                copy,
                "COPY checkup_finding (id, encounter_id, municipality_id, observation_id,"
                    + " item_code, value_type, code_system, code_value, boolean_value)"
                    + " FROM STDIN");
        Writer encounters =
            new Writer(
                copy,
                "COPY checkup_encounter (id, municipality_id, kind, pregnancy_id, child_id,"
                    + " facility_id, visit_date, gestational_age_days, recorded_at) FROM STDIN");
        Writer settings =
            new Writer(
                copy,
                "COPY notification_preference (person_id, municipality_id, language, quiet_start,"
                    + " quiet_end, reminders_off, updated_at) FROM STDIN");
        Writer guardianships =
            new Writer(
                copy, "COPY guardianship (person_id, child_id, relationship, since) FROM STDIN");
        Writer persons =
            new Writer(
                copy,
                "COPY person (id, municipality_id, family_name, given_name, birth_date, sex,"
                    + " created_at) FROM STDIN")) {
      for (int i = from; i < from + count; i++) {
        SyntheticStoredChildren.Child child = synthetic.child(i);
        SplittableRandom random = new SplittableRandom(seed * 7919 + i);
        String childId = child.id().toString();
        UUID mother = uuid("mother", child.id());
        persons.row(
            mother.toString(),
            municipality,
            "合成",
            "母" + i,
            child.birthDate().minusYears(31).toString(),
            "female",
            created);
        guardianships.row(mother.toString(), childId, "mother", child.birthDate().toString());
        n[0]++;
        if (random.nextInt(100) < 35) {
          UUID father = uuid("father", child.id());
          persons.row(
              father.toString(),
              municipality,
              "合成",
              "父" + i,
              child.birthDate().minusYears(33).toString(),
              "male",
              created);
          guardianships.row(father.toString(), childId, "father", child.birthDate().toString());
          n[0]++;
          if (random.nextInt(100) < 20) {
            settings.row(
                father.toString(), municipality, "en", "22:00:00", "07:00:00", "{}", created);
            n[1]++;
          }
        }
        int choice = random.nextInt(100);
        if (choice < 5) {
          settings.row(
              mother.toString(),
              municipality,
              "ja",
              "21:00:00",
              "08:00:00",
              "{vaccine-overdue}",
              created);
          n[1]++;
        } else if (choice < 8) {
          settings.row(
              mother.toString(), municipality, "en", "00:00:00", "00:00:00", "{}", created);
          n[1]++;
        }
        if (child.birthDate().isBefore(asOf.minusMonths(48))) {
          continue;
        }
        for (ReminderRules.InfantCheckup checkup : infant.checkups()) {
          if (!CHECKUPS.contains(checkup.checkupKind())) {
            continue;
          }
          LocalDate opens = child.birthDate().plusMonths(checkup.fromMonths());
          LocalDate ends = child.birthDate().plusMonths(checkup.toMonths()).minusDays(1);
          boolean attends = random.nextInt(100) < 95;
          long span = ChronoUnit.DAYS.between(opens, ends.isAfter(asOf) ? asOf : ends);
          if (!attends || span < 0) {
            continue;
          }
          LocalDate visit = opens.plusDays(random.nextLong(span + 1));
          UUID encounter = uuid(checkup.checkupKind(), child.id());
          encounters.row(
              encounter.toString(),
              municipality,
              checkup.checkupKind(),
              null,
              childId,
              facility,
              visit.toString(),
              null,
              visit.atStartOfDay().toInstant(ZoneOffset.UTC).toString());
          n[2]++;
          if (REFERRING.contains(checkup.checkupKind()) && random.nextInt(100) < 4) {
            finding(
                findings,
                encounter,
                municipality,
                "overall-judgement",
                JUDGEMENT,
                "detailed-examination",
                null);
            finding(findings, encounter, municipality, "follow-up-referral", null, null, true);
            n[3]++;
            boolean result = random.nextInt(100) < 60 && !visit.plusDays(30).isAfter(asOf);
            if (!result
                && followUp
                    .followUp(child.id(), encounter, checkup.checkupKind(), visit, asOf)
                    .isPresent()) {
              n[7]++;
            }
            if (result) {
              finding(
                  findings,
                  encounter,
                  municipality,
                  "follow-up-result",
                  FOLLOW_UP_RESULT,
                  "no-abnormality",
                  null);
              n[4]++;
            }
          } else {
            finding(
                findings,
                encounter,
                municipality,
                "overall-judgement",
                JUDGEMENT,
                "no-abnormality",
                null);
          }
        }
      }
    }
    n[5] = pregnancies(copy, rules, asOf, municipality, facility, from, count, seed, created, n);
    return new Loaded(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
  }

  /**
   * The pregnancies belonging to this range of children (5.8 per 100), with expected delivery days
   * spread evenly from a week ago to 32 weeks ahead (weeks 8 to 41 of pregnancy today).
   */
  private static long pregnancies(
      CopyManager copy,
      ReminderRules rules,
      LocalDate asOf,
      String municipality,
      String facility,
      int from,
      int count,
      long seed,
      String created,
      long[] n)
      throws SQLException {
    int first = (int) Math.round(from * 0.058);
    int last = (int) Math.round((from + count) * 0.058);
    List<ReminderRules.Visit> visits = rules.latest(ReminderRules.PRENATAL_CHECKUP).visits();
    try (Writer pregnancies =
            new Writer(
                copy,
                "COPY pregnancy (id, municipality_id, person_id, handbook_number,"
                    + " handbook_issued_on, expected_delivery_date, status, created_at)"
                    + " FROM STDIN");
        Writer persons =
            new Writer(
                copy,
                "COPY person (id, municipality_id, family_name, given_name, birth_date, sex,"
                    + " created_at) FROM STDIN")) {
      for (int j = first; j < last; j++) {
        UUID person = uuid("pregnant", new UUID(seed, j));
        UUID pregnancy = uuid("pregnancy", new UUID(seed, j));
        LocalDate delivery = expectedDelivery(asOf, j);
        persons.row(
            person.toString(), municipality, "合成", "妊婦" + j, "1994-05-05", "female", created);
        pregnancies.row(
            pregnancy.toString(),
            municipality,
            person.toString(),
            "P" + seed + "-" + j,
            delivery.minusDays(280 - 56).toString(),
            delivery.toString(),
            "active",
            created);
      }
    }
    long visitsWritten = 0;
    try (Writer encounters =
        new Writer(
            copy,
            "COPY checkup_encounter (id, municipality_id, kind, pregnancy_id, child_id,"
                + " facility_id, visit_date, gestational_age_days, recorded_at) FROM STDIN")) {
      for (int j = first; j < last; j++) {
        UUID pregnancy = uuid("pregnancy", new UUID(seed, j));
        LocalDate zero = expectedDelivery(asOf, j).minusDays(280);
        SplittableRandom random = new SplittableRandom(seed * 15_485_863L + j);
        for (ReminderRules.Visit visit : visits) {
          LocalDate opens = zero.plusDays(visit.fromWeek() * 7L);
          LocalDate ends = zero.plusDays(visit.toWeek() * 7L + 6);
          boolean attends = random.nextInt(100) < 93;
          long span = ChronoUnit.DAYS.between(opens, ends.isAfter(asOf) ? asOf : ends);
          if (!attends || span < 0) {
            continue;
          }
          LocalDate day = opens.plusDays(random.nextLong(span + 1));
          encounters.row(
              uuid("visit-" + visit.number(), pregnancy).toString(),
              municipality,
              "prenatal",
              pregnancy.toString(),
              null,
              facility,
              day.toString(),
              Long.toString(ChronoUnit.DAYS.between(zero, day)),
              day.atStartOfDay().toInstant(ZoneOffset.UTC).toString());
          visitsWritten++;
        }
      }
    }
    n[6] = visitsWritten;
    return last - first;
  }

  private static LocalDate expectedDelivery(LocalDate asOf, int j) {
    return asOf.minusDays(7).plusDays(Math.floorMod(j * 37L, 232));
  }

  private static void finding(
      Writer findings,
      UUID encounter,
      String municipality,
      String item,
      String system,
      String code,
      Boolean flag)
      throws SQLException {
    UUID observation = uuid(item, encounter);
    findings.row(
        uuid("finding", observation).toString(),
        encounter.toString(),
        municipality,
        observation.toString(),
        item,
        flag == null ? "coded" : "boolean",
        system,
        code,
        flag == null ? null : flag.toString());
  }

  private static UUID uuid(String what, UUID of) {
    return UUID.nameUUIDFromBytes((what + "/" + of).getBytes(StandardCharsets.UTF_8));
  }

  /** Statistics after the load. */
  static void analyze(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "VACUUM (ANALYZE) person, guardianship, notification_preference, pregnancy,"
              + " checkup_encounter, checkup_finding");
    }
  }

  /**
   * Rows of one COPY in PostgreSQL's text format, gathered and sent when closed: a connection runs
   * one COPY at a time, and the rows of several tables are made together.
   */
  private static final class Writer implements AutoCloseable {
    private final CopyManager manager;
    private final String sql;
    private final StringBuilder buffer = new StringBuilder(1 << 16);

    Writer(CopyManager manager, String sql) {
      this.manager = manager;
      this.sql = sql;
    }

    void row(String... values) {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          buffer.append('\t');
        }
        // No value here holds a tab, a newline or a backslash, so none needs escaping.
        buffer.append(values[i] == null ? "\\N" : values[i]);
      }
      buffer.append('\n');
    }

    @Override
    public void close() throws SQLException {
      CopyIn copy = manager.copyIn(sql);
      try {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    }
  }
}
