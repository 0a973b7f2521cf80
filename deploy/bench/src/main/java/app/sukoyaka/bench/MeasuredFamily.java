package app.sukoyaka.bench;

import app.sukoyaka.immunization.schedule.Sex;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The family whose handbook is synced: a mother who uses the app, two pregnancies and the two
 * children born of them, about five and two years ago. What the municipality has on record before
 * clinics submit (the mother, her two handbooks) is written over JDBC; everything else — the 14
 * 妊婦健診 of each pregnancy, each delivery (which records the newborn), each child's 乳幼児健診 (1か月,
 * 3～4か月, 6～7か月, 9～10か月, 1歳6か月, 3歳 as they apply) and routine vaccinations — is what the clinics
 * submit, as FHIR Bundles through the service, in the order of the days they happened.
 */
final class MeasuredFamily {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  static final String FAMILY_NAME = "鈴木";

  /** Child checkups of the standard set, with the age in days at the visit. */
  private static final List<Object[]> CHILD_CHECKUPS =
      List.of(
          new Object[] {"infant-1-month", 33},
          new Object[] {"infant-3-4-months", 110},
          new Object[] {"infant-6-7-months", 200},
          new Object[] {"infant-9-10-months", 290},
          new Object[] {"child-18-months", 555},
          new Object[] {"child-3-years", 1110});

  /** A child of the family as clinics name it, and its sex for the forecaster. */
  record Child(ClinicBundle.ChildPatient patient, Sex sex) {}

  private final LocalDate today;
  private final UUID municipalityId;
  private final UUID personId = UUID.randomUUID();
  private final String loginSubject = "bench-guardian-" + personId;
  private final ClinicBundle.MotherPatient[] handbooks = new ClinicBundle.MotherPatient[2];
  private final UUID[] pregnancyIds = {UUID.randomUUID(), UUID.randomUUID()};
  private final PregnancyRecords.Pregnancy[] pregnancies = new PregnancyRecords.Pregnancy[2];
  private final Child[] children = new Child[2];

  MeasuredFamily(LocalDate today, UUID municipalityId) {
    this.today = today;
    this.municipalityId = municipalityId;
    LocalDate motherBorn = today.minusYears(35).minusDays(123);
    // Born about five years and about two years ago.
    LocalDate[] births = {today.minusYears(5).minusDays(47), today.minusYears(2).minusDays(19)};
    String[][] names = {{"蓮", "male"}, {"結衣", "female"}};
    for (int k = 0; k < 2; k++) {
      LocalDate zero = births[k].minusDays(PregnancyRecords.DELIVERY_DAY);
      String number = String.format("%d-%06d", zero.plusDays(63).getYear(), 990_001 + k);
      handbooks[k] =
          new ClinicBundle.MotherPatient(
              PrenatalVisit.MUNICIPALITY_CODE, number, motherBorn, FAMILY_NAME, "優子");
      // The child's handbook number is its pregnancy's, as the delivery records it.
      ClinicBundle.ChildPatient child =
          new ClinicBundle.ChildPatient(
              PrenatalVisit.MUNICIPALITY_CODE,
              number,
              births[k],
              names[k][1],
              FAMILY_NAME,
              names[k][0],
              number);
      children[k] = new Child(child, k == 0 ? Sex.MALE : Sex.FEMALE);
      pregnancies[k] = new PregnancyRecords.Pregnancy(handbooks[k], zero, newborn(child));
    }
  }

  /** The newborn as the delivery record names it: the mother is the other Patient. */
  private static ClinicBundle.ChildPatient newborn(ClinicBundle.ChildPatient child) {
    return new ClinicBundle.ChildPatient(
        child.municipalityCode(),
        child.handbookNumber(),
        child.birthDate(),
        child.sex(),
        child.familyName(),
        child.givenName(),
        null);
  }

  UUID personId() {
    return personId;
  }

  String loginSubject() {
    return loginSubject;
  }

  List<UUID> pregnancyIds() {
    return List.of(pregnancyIds);
  }

  Child younger() {
    return children[1];
  }

  /** The mother and her two handbooks, as the municipality issued them. */
  void register(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement person =
          connection.prepareStatement(
              "INSERT INTO person (id, municipality_id, family_name, given_name,"
                  + " family_name_kana, given_name_kana, birth_date, sex, login_subject,"
                  + " created_at) VALUES (?, ?, ?, '優子', 'スズキ', 'ユウコ', ?, 'female', ?, ?)")) {
        person.setObject(1, personId);
        person.setObject(2, municipalityId);
        person.setString(3, FAMILY_NAME);
        person.setDate(4, Date.valueOf(handbooks[0].birthDate()));
        person.setString(5, loginSubject);
        person.setTimestamp(6, startOfDay(pregnancies[0].zero().plusDays(63)));
        person.executeUpdate();
      }
      try (PreparedStatement pregnancy =
          connection.prepareStatement(
              "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
                  + " handbook_issued_on, expected_delivery_date, fetus_count, status, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, 1, 'active', ?)")) {
        for (int k = 0; k < 2; k++) {
          LocalDate issued = pregnancies[k].zero().plusDays(63);
          pregnancy.setObject(1, pregnancyIds[k]);
          pregnancy.setObject(2, municipalityId);
          pregnancy.setObject(3, personId);
          pregnancy.setString(4, handbooks[k].handbookNumber());
          pregnancy.setDate(5, Date.valueOf(issued));
          pregnancy.setDate(6, Date.valueOf(pregnancies[k].zero().plusDays(280)));
          pregnancy.setTimestamp(7, startOfDay(issued));
          pregnancy.addBatch();
        }
        pregnancy.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Everything the clinics submit about the family, in the order of the days it happened. */
  List<PregnancyRecords.Dated> submissions(String runId, String medicalInstitutionCode) {
    List<PregnancyRecords.Dated> all = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      String prefix = runId + "-p" + (k + 1);
      all.addAll(PregnancyRecords.prenatalVisits(pregnancies[k], prefix));
      all.add(PregnancyRecords.delivery(pregnancies[k], prefix + "-delivery"));
      Child child = children[k];
      LocalDate born = child.patient().birthDate();
      for (Object[] checkup : CHILD_CHECKUPS) {
        String kind = (String) checkup[0];
        LocalDate day = born.plusDays((Integer) checkup[1]);
        if (day.isAfter(today)) {
          continue;
        }
        all.add(
            new PregnancyRecords.Dated(
                day,
                kind,
                InfantCheckupVisit.bundle(
                    new InfantCheckupVisit.ChildVisit(
                        runId + "-c" + (k + 1) + "-" + kind, kind, child.patient(), day))));
      }
      int n = 0;
      for (VaccinationVisits.Visit visit : VaccinationVisits.diligent(born, child.sex(), today)) {
        n++;
        all.add(
            new PregnancyRecords.Dated(
                visit.day(),
                "予防接種 " + visit.doses().size() + " 回分",
                VaccinationVisits.bundle(
                    runId + "-c" + (k + 1) + "-vaccination-" + n,
                    child.patient(),
                    medicalInstitutionCode,
                    visit)));
      }
    }
    // A stable sort: on one day the delivery before the child's records, as it happened.
    all.sort(Comparator.comparing(PregnancyRecords.Dated::day));
    return all;
  }

  /** Vaccination doses the two children were given, by the diligent family's schedule. */
  int[] doses() {
    int[] doses = new int[2];
    for (int k = 0; k < 2; k++) {
      for (VaccinationVisits.Visit visit :
          VaccinationVisits.diligent(children[k].patient().birthDate(), children[k].sex(), today)) {
        doses[k] += visit.doses().size();
      }
    }
    return doses;
  }

  /**
   * A checkup a clinic records today for the younger child (a municipality's own 2歳児歯科健康診査): what a
   * small delta carries.
   */
  String newCheckup(String bundleId) {
    ClinicBundle.ChildPatient child = children[1].patient();
    ClinicBundle bundle =
        ClinicBundle.aboutChild(bundleId, "municipal-checkup", "AMB", today, child)
            .named("2歳児歯科健康診査")
            .heldBy(Fixtures.MEDICAL_INSTITUTION_CODE);
    long age = java.time.temporal.ChronoUnit.DAYS.between(child.birthDate(), today);
    for (String item :
        List.of(
            "age-at-checkup",
            "body-weight",
            "body-length",
            "untreated-caries-count",
            "treated-caries-count",
            "dental-plaque",
            "gingiva-mucosa",
            "occlusion",
            "dental-judgement",
            "overall-judgement")) {
      InfantCheckupVisit.value(bundle, ClinicBundle.item(item), today, age);
    }
    return bundle.json();
  }

  private static Timestamp startOfDay(LocalDate day) {
    return Timestamp.from(day.atStartOfDay(JAPAN).toInstant());
  }
}
