package app.sukoyaka.testing;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.security.SecureRandom;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The people every test shares: municipalities, clinics with their keys, a mother at 20 weeks, a
 * family with an infant, staff. Each call makes new ones with their own numbers, so tests never see
 * each other's data.
 */
public final class Personas {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Personas() {}

  public record Municipality(UUID id, String code) {}

  public record Clinic(
      String clientId, UUID facilityId, String medicalInstitutionCode, ECKey key) {}

  public record Mother(
      UUID personId,
      UUID pregnancyId,
      String loginSubject,
      Municipality municipality,
      String handbookNumber,
      LocalDate birthDate) {

    public String handbookSystem() {
      return SukoyakaCanonicals.handbookNumberSystem(municipality.code());
    }
  }

  public record Staff(String subject, Municipality municipality) {}

  /** A mother whose baby was born four months ago, with the child in her handbook. */
  public record FamilyWithInfant(Mother mother, UUID childId, LocalDate childBirthDate) {}

  /** A municipality with a valid 全国地方公共団体コード (check digit included). */
  public static Municipality municipality() {
    while (true) {
      String code = String.format("%06d", RANDOM.nextInt(1_000_000));
      if (!SukoyakaCanonicals.isMunicipalityCode(code)) {
        continue;
      }
      UUID id = UUID.randomUUID();
      int inserted =
          Db.update(
              "INSERT INTO municipality (id, code, name_ja, name_en, created_at)"
                  + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (code) DO NOTHING",
              id,
              code,
              "テスト市" + code,
              "Test City " + code);
      if (inserted == 1) {
        return new Municipality(id, code);
      }
    }
  }

  /** A clinic system with its own ES256 key, under contract with those municipalities. */
  public static Clinic clinicServing(Municipality... served) {
    return clinic("system/Encounter.c system/Observation.c", served);
  }

  /**
   * A clinic that gives vaccinations as well as checkups: its client may also submit Immunizations
   * (system/Immunization.c).
   */
  public static Clinic vaccinatingClinicServing(Municipality... served) {
    return clinic("system/Encounter.c system/Immunization.c system/Observation.c", served);
  }

  private static Clinic clinic(String scopes, Municipality... served) {
    String code = String.format("13%08d", RANDOM.nextInt(100_000_000));
    UUID facility = UUID.randomUUID();
    Db.update(
        "INSERT INTO facility (id, medical_institution_code, name, kind, created_at)"
            + " VALUES (?, ?, ?, 'clinic', now())",
        facility,
        code,
        "テストクリニック " + code);
    for (Municipality municipality : served) {
      Db.update(
          "INSERT INTO facility_contract (facility_id, municipality_id, valid_from)"
              + " VALUES (?, ?, ?)",
          facility,
          municipality.id(),
          Date.valueOf(LocalDate.now().minusYears(1)));
    }
    ECKey key = newKey();
    String clientId = "clinic-" + code;
    Db.update(
        "INSERT INTO clinic_client (client_id, facility_id, public_jwks, scopes, created_at)"
            + " VALUES (?, ?, ?::jsonb, ?, now())",
        clientId,
        facility,
        new JWKSet(key.toPublicJWK()).toString(true),
        scopes);
    return new Clinic(clientId, facility, code, key);
  }

  /** A mother at 20 weeks with her handbook, who uses the app. */
  public static Mother motherAt20Weeks(Municipality municipality) {
    UUID person = UUID.randomUUID();
    String subject = "guardian-" + person;
    LocalDate birthDate = LocalDate.of(1993, 6, 15);
    Db.update(
        "INSERT INTO person (id, municipality_id, family_name, given_name, family_name_kana,"
            + " given_name_kana, birth_date, sex, login_subject, created_at)"
            + " VALUES (?, ?, '鈴木', '優子', 'スズキ', 'ユウコ', ?, 'female', ?, now())",
        person,
        municipality.id(),
        Date.valueOf(birthDate),
        subject);
    UUID pregnancy = UUID.randomUUID();
    String number = "T" + String.format("%07d", RANDOM.nextInt(10_000_000));
    LocalDate today = LocalDate.now();
    Db.update(
        "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
            + " handbook_issued_on, expected_delivery_date, fetus_count, status, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, 1, 'active', ?)",
        pregnancy,
        municipality.id(),
        person,
        number,
        Date.valueOf(today.minusWeeks(11)),
        Date.valueOf(today.plusDays(140)),
        Timestamp.from(Instant.now()));
    return new Mother(person, pregnancy, subject, municipality, number, birthDate);
  }

  public static FamilyWithInfant familyWithInfant(Municipality municipality) {
    return babyBornTo(motherAt20Weeks(municipality));
  }

  /**
   * The mother's pregnancy ends in the birth of a boy four months ago, who joins her handbook (her
   * records of the pregnancy stay with it).
   */
  public static FamilyWithInfant babyBornTo(Mother mother) {
    Municipality municipality = mother.municipality();
    Db.update("UPDATE pregnancy SET status = 'delivered' WHERE id = ?", mother.pregnancyId());
    UUID child = UUID.randomUUID();
    LocalDate born = LocalDate.now().minusMonths(4);
    Db.update(
        "INSERT INTO child (id, municipality_id, pregnancy_id, handbook_number, family_name,"
            + " given_name, family_name_kana, given_name_kana, birth_date, sex, birth_order,"
            + " created_at) VALUES (?, ?, ?, ?, '鈴木', '蓮', 'スズキ', 'レン', ?, 'male', 1, now())",
        child,
        municipality.id(),
        mother.pregnancyId(),
        mother.handbookNumber(),
        Date.valueOf(born));
    Db.update(
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " VALUES (?, ?, 'mother', ?)",
        mother.personId(),
        child,
        Date.valueOf(born));
    return new FamilyWithInfant(mother, child, born);
  }

  // --- Vaccinations of stored children -------------------------------------------------------

  /**
   * A four-month-old whose two-month vaccinations a clinic recorded the day it turned two months
   * (五種混合 1, 小児用肺炎球菌 1, B型肝炎 1 and ロタ 1 with Rotarix), each dose with its label.
   */
  public record VaccinatedInfant(FamilyWithInfant family, Clinic clinic, List<UUID> recordIds) {}

  public static VaccinatedInfant infantWithTwoMonthVaccinations(Municipality municipality) {
    FamilyWithInfant family = familyWithInfant(municipality);
    Clinic clinic = clinicServing(municipality);
    LocalDate day = family.childBirthDate().plusMonths(2);
    List<UUID> records = new java.util.ArrayList<>();
    for (String[] dose :
        new String[][] {{"DPT_IPV_HIB", null}, {"PCV", "PCV20"}, {"HEPB", null}, {"ROTA", "RV1"}}) {
      records.add(
          StoredVaccinations.clinicDose(
              family, clinic.facilityId(), dose[0], "1", day, dose[1], Instant.now()));
    }
    return new VaccinatedInfant(family, clinic, List.copyOf(records));
  }

  public static Staff staffOf(Municipality municipality) {
    String subject = "staff-" + UUID.randomUUID();
    Db.update(
        "INSERT INTO staff_account (subject, municipality_id, display_name, created_at)"
            + " VALUES (?, ?, '保健師 テスト', now())",
        subject,
        municipality.id());
    return new Staff(subject, municipality);
  }

  public static ECKey newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- Vaccination visits ------------------------------------------------------------------

  /**
   * An infant of three months whose first doses of 五種混合, 小児用肺炎球菌 and ロタ (RV1) were given a month
   * ago at two months, recorded as a clinic's verified records: the second doses are due today.
   */
  public record InfantDueForSecondDoses(FamilyWithInfant family, LocalDate firstDoses) {
    public UUID childId() {
      return family.childId();
    }

    public Mother mother() {
      return family.mother();
    }
  }

  public static InfantDueForSecondDoses infantDueForSecondDoses(Municipality municipality) {
    FamilyWithInfant family = familyWithInfant(municipality);
    LocalDate born = LocalDate.now().minusMonths(3);
    Db.update("UPDATE child SET birth_date = ? WHERE id = ?", Date.valueOf(born), family.childId());
    LocalDate firstDoses = born.plusMonths(2);
    String[][] doses = {
      {"DPT_IPV_HIB", "五種混合", null}, {"PCV", "小児用肺炎球菌", "PCV20"}, {"ROTA", "ロタウイルス", "RV1"}
    };
    for (String[] dose : doses) {
      UUID record = UUID.randomUUID();
      Db.update(
          "INSERT INTO immunization_record (id, municipality_id, child_id, occurrence_date,"
              + " vaccine_system, vaccine_code, vaccine_display, vaccine_kind, product, dose_label,"
              + " routine, source, verification, verified_by, verified_at, recorded_by_role,"
              + " recorded_by, recorded_at, updated_at) VALUES (?, ?, ?, ?,"
              + " 'https://sukoyaka.app/fhir/CodeSystem/vaccine-kind', ?, ?, ?, ?, '1', true,"
              + " 'clinic', 'verified', 'clinic:clinic-test', now(), 'clinic', 'clinic-test', now(),"
              + " now())",
          record,
          municipality.id(),
          family.childId(),
          Date.valueOf(firstDoses),
          dose[0],
          dose[1],
          dose[0],
          dose[2]);
      Db.update(
          "INSERT INTO immunization_credit (record_id, municipality_id, child_id, vaccine,"
              + " dose_label) VALUES (?, ?, ?, ?, '1')",
          record,
          municipality.id(),
          family.childId(),
          dose[0]);
    }
    return new InfantDueForSecondDoses(
        new FamilyWithInfant(family.mother(), family.childId(), born), firstDoses);
  }

  // --- Push delivery -----------------------------------------------------------------------

  /** A device registered for push: its id and FCM registration token. */
  public record Device(UUID id, String token, String platform) {}

  /**
   * A phone of the mother registered for push (as {@code POST /api/v1/me/devices} stores it), with
   * a token of its own.
   */
  public static Device phoneOf(Mother mother) {
    return deviceOf(mother, "android");
  }

  /** A device of the mother on that platform (ios, android or web). */
  public static Device deviceOf(Mother mother, String platform) {
    UUID id = UUID.randomUUID();
    String token =
        "fcm-" + platform + "-" + UUID.randomUUID() + ":APA91b" + RANDOM.nextInt(1 << 30);
    Db.update(
        "INSERT INTO push_device (id, person_id, municipality_id, token, platform, locale,"
            + " app_version, registered_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ja-JP', '1.0.0',"
            + " now(), now())",
        id,
        mother.personId(),
        mother.municipality().id(),
        token,
        platform);
    return new Device(id, token, platform);
  }

  // --- Notices (お知らせ) and online-delivery consent -------------------------------------------

  /** The version of the consent text of the consent requests personas answered. */
  public static final String CONSENT_TEXT_VERSION = "2026-04";

  /**
   * A consent request the municipality sent a while ago (kept as sent: the yes/no question, the
   * consent text of {@link #CONSENT_TEXT_VERSION}); the decisions of consenting personas cite it.
   */
  public static UUID consentRequestOnRecord(Municipality municipality) {
    UUID notice = UUID.randomUUID();
    Db.update(
        "INSERT INTO notice (id, municipality_id, kind, status, title, body, question,"
            + " reply_deadline, reply_policy, consent_text_version, created_by, created_at,"
            + " updated_by, updated_at, sent_by, sent_at, online_count, paper_count)"
            + " VALUES (?, ?, 'consent_request', 'sent',"
            + " '{\"ja\": \"お知らせをアプリで受け取ることへの同意のお願い\"}',"
            + " '{\"ja\": \"市からのお知らせをアプリでお届けします。\"}',"
            + " '{\"type\": \"single_choice\", \"prompt\": {\"ja\": \"同意しますか。\"},"
            + " \"options\": [{\"code\": \"yes\", \"label\": {\"ja\": \"同意する\"}},"
            + " {\"code\": \"no\", \"label\": {\"ja\": \"同意しない\"}}], \"dates\": []}',"
            + " now() + interval '30 days', 'changeable', ?, 'staff-on-record',"
            + " now() - interval '40 days', 'staff-on-record', now() - interval '40 days',"
            + " 'staff-on-record', now() - interval '40 days', 0, 0)",
        notice,
        municipality.id(),
        CONSENT_TEXT_VERSION);
    return notice;
  }

  /**
   * Records a guardian's online-delivery decision (granted, refused or withdrawn) as if they had
   * answered a consent request of the municipality a minute ago.
   */
  public static void onlineDeliveryDecision(
      UUID personId, Municipality municipality, String decision) {
    UUID request = consentRequestOnRecord(municipality);
    Db.update(
        "INSERT INTO online_delivery_consent (id, person_id, municipality_id, decision,"
            + " text_version, notice_id, decided_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, now() - interval '1 minute')",
        UUID.randomUUID(),
        personId,
        municipality.id(),
        decision,
        CONSENT_TEXT_VERSION,
        request);
  }

  /** A family with a four-month-old whose mother consented to receive notices in the app. */
  public static FamilyWithInfant familyWhoConsentedToOnlineNotices(Municipality municipality) {
    FamilyWithInfant family = familyWithInfant(municipality);
    onlineDeliveryDecision(family.mother().personId(), municipality, "granted");
    return family;
  }

  /**
   * A family with a four-month-old whose mother uses the app but was never asked to consent to
   * online notices: official notices reach her on paper.
   */
  public static FamilyWithInfant familyNotAskedForOnlineConsent(Municipality municipality) {
    return familyWithInfant(municipality);
  }

  /** A family with a four-month-old whose mother answered no to online notices. */
  public static FamilyWithInfant familyWhoRefusedOnlineNotices(Municipality municipality) {
    FamilyWithInfant family = familyWithInfant(municipality);
    onlineDeliveryDecision(family.mother().personId(), municipality, "refused");
    return family;
  }

  /** A family whose only child was born that many months and days ago. */
  public static FamilyWithInfant familyWithChildAged(
      Municipality municipality, int months, int days) {
    FamilyWithInfant family = familyWithInfant(municipality);
    LocalDate born =
        LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusMonths(months).minusDays(days);
    Db.update("UPDATE child SET birth_date = ? WHERE id = ?", Date.valueOf(born), family.childId());
    return new FamilyWithInfant(family.mother(), family.childId(), born);
  }

  // --- Reminders ---------------------------------------------------------------------------

  /** A guardian with a login of their own. */
  public record Guardian(UUID personId, String loginSubject) {}

  /** A mother and her infant, born on the given day (for a reminder due on a chosen day). */
  public static FamilyWithInfant infantBornOn(Municipality municipality, LocalDate born) {
    FamilyWithInfant family = familyWithInfant(municipality);
    Db.update("UPDATE child SET birth_date = ? WHERE id = ?", Date.valueOf(born), family.childId());
    return new FamilyWithInfant(family.mother(), family.childId(), born);
  }

  /** A pregnant mother in the middle of that week of gestation (by her expected delivery date). */
  public static Mother motherAtWeek(Municipality municipality, int week) {
    Mother mother = motherAt20Weeks(municipality);
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
    Db.update(
        "UPDATE pregnancy SET expected_delivery_date = ? WHERE id = ?",
        Date.valueOf(today.plusDays(280 - 7L * week - 3)),
        mother.pregnancyId());
    return mother;
  }

  /** An area (地区) of the municipality, with the given people living in it. */
  public static void area(Municipality municipality, String code, String name, UUID... people) {
    Db.update(
        "INSERT INTO municipal_area (municipality_id, code, name_ja, created_at, updated_at)"
            + " VALUES (?, ?, ?, now(), now()) ON CONFLICT DO NOTHING",
        municipality.id(),
        code,
        name);
    for (UUID person : people) {
      Db.update("UPDATE person SET area_code = ? WHERE id = ?", code, person);
    }
  }

  /** The child's father: a second guardian, who uses the app too. */
  public static Guardian fatherOf(FamilyWithInfant family) {
    UUID person = UUID.randomUUID();
    String subject = "guardian-" + person;
    Db.update(
        "INSERT INTO person (id, municipality_id, family_name, given_name, family_name_kana,"
            + " given_name_kana, birth_date, sex, login_subject, created_at)"
            + " VALUES (?, ?, '鈴木', '健太', 'スズキ', 'ケンタ', ?, 'male', ?, now())",
        person,
        family.mother().municipality().id(),
        Date.valueOf(LocalDate.of(1991, 2, 3)),
        subject);
    Db.update(
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " VALUES (?, ?, 'father', ?)",
        person,
        family.childId(),
        Date.valueOf(family.childBirthDate()));
    return new Guardian(person, subject);
  }

  // --- Family sharing and account deletion --------------------------------------------------

  /** Someone signed in at the residents' identity provider with no record here yet. */
  public static String newResidentSubject() {
    return "resident-" + UUID.randomUUID();
  }

  /**
   * A second pregnancy of the mother (an earlier child's, already delivered), with its handbook.
   */
  public static UUID earlierPregnancyOf(Mother mother) {
    UUID pregnancy = UUID.randomUUID();
    Db.update(
        "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
            + " handbook_issued_on, expected_delivery_date, fetus_count, status, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, 1, 'delivered', now() - interval '3 years')",
        pregnancy,
        mother.municipality().id(),
        mother.personId(),
        "E" + String.format("%07d", RANDOM.nextInt(10_000_000)),
        Date.valueOf(LocalDate.now().minusYears(4)),
        Date.valueOf(LocalDate.now().minusYears(3)));
    return pregnancy;
  }

  // --- Languages ----------------------------------------------------------------------------

  /**
   * A mother of an infant who reads the handbook in another language: her setting as she chose it
   * in the app (a calendar null: the language's default).
   */
  public static FamilyWithInfant familySpeaking(
      Municipality municipality, String language, String calendar) {
    FamilyWithInfant family = familyWithInfant(municipality);
    Db.update(
        "INSERT INTO notification_preference (person_id, municipality_id, language, calendar,"
            + " updated_at) VALUES (?, ?, ?, ?, now())",
        family.mother().personId(),
        municipality.id(),
        language,
        calendar);
    return family;
  }

  // --- Pregnancy notification (妊娠届出) -----------------------------------------------------

  /**
   * A pregnant resident logged in at the residents' identity provider, with no handbook here yet.
   *
   * @param subject her login subject
   */
  public record Resident(
      String subject,
      String familyName,
      String givenName,
      String familyNameKana,
      String givenNameKana,
      LocalDate birthDate,
      LocalDate expectedDeliveryDate) {}

  /** A resident in week {@code week} of her pregnancy today (Japan), named 佐藤 美咲. */
  public static Resident residentAt(int week) {
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
    return new Resident(
        "resident-" + UUID.randomUUID(),
        "佐藤",
        "美咲",
        "サトウ",
        "ミサキ",
        LocalDate.of(1995, 3, 8),
        today.plusDays(280 - 7L * week));
  }

  // --- Bulk import from legacy health-management systems -----------------------------------

  /**
   * A child as the municipality's legacy health-management system knows it: by its 宛名番号, and by its
   * handbook number when the handbook was issued here.
   *
   * @param residentNumber the 宛名番号, or null when Sukoyaka has not learned it yet
   * @param residentNumberInLegacySystem the number the legacy system's exports name the child by
   */
  public record ChildInLegacySystem(
      FamilyWithInfant family, String residentNumber, String residentNumberInLegacySystem) {
    public UUID childId() {
      return family.childId();
    }

    public LocalDate birthDate() {
      return family.childBirthDate();
    }

    public String handbookNumber() {
      return family.mother().handbookNumber();
    }
  }

  /**
   * A boy born that many months and days ago whose 宛名番号 Sukoyaka learned from an earlier import
   * (exports that name children by it alone find him).
   */
  public static ChildInLegacySystem childKnownByResidentNumber(
      Municipality municipality, int months, int days) {
    FamilyWithInfant family = familyWithChildAged(municipality, months, days);
    String number = String.format("%010d", RANDOM.nextInt(1_000_000_000));
    Db.update("UPDATE child SET resident_number = ? WHERE id = ?", number, family.childId());
    return new ChildInLegacySystem(family, number, number);
  }

  /**
   * A boy born that many months and days ago whose handbook Sukoyaka issued, whom the legacy system
   * knows by a 宛名番号 Sukoyaka has not learned yet.
   */
  public static ChildInLegacySystem childKnownByHandbookOnly(
      Municipality municipality, int months, int days) {
    FamilyWithInfant family = familyWithChildAged(municipality, months, days);
    return new ChildInLegacySystem(
        family, null, String.format("%010d", RANDOM.nextInt(1_000_000_000)));
  }

  // --- Transfers between municipalities (転入・転出) ----------------------------------------------

  /**
   * A mother who moved in from another municipality with her child: a person of the new
   * municipality who uses the app, with no handbook here yet; the child's records come with the
   * transfer, which names her as its guardian.
   */
  public static Guardian parentMovingIn(Municipality municipality) {
    UUID person = UUID.randomUUID();
    String subject = "guardian-" + person;
    Db.update(
        "INSERT INTO person (id, municipality_id, family_name, given_name, family_name_kana,"
            + " given_name_kana, birth_date, sex, login_subject, created_at)"
            + " VALUES (?, ?, '鈴木', '優子', 'スズキ', 'ユウコ', ?, 'female', ?, now())",
        person,
        municipality.id(),
        Date.valueOf(LocalDate.of(1993, 6, 15)),
        subject);
    return new Guardian(person, subject);
  }

  /**
   * Her partner, who moved in with her: a person of the new municipality who uses the app, with no
   * handbook here yet.
   */
  public static Guardian partnerMovingIn(Municipality municipality) {
    UUID person = UUID.randomUUID();
    String subject = "guardian-" + person;
    Db.update(
        "INSERT INTO person (id, municipality_id, family_name, given_name, family_name_kana,"
            + " given_name_kana, birth_date, sex, login_subject, created_at)"
            + " VALUES (?, ?, '鈴木', '健太', 'スズキ', 'ケンタ', ?, 'male', ?, now())",
        person,
        municipality.id(),
        Date.valueOf(LocalDate.of(1991, 2, 3)),
        subject);
    return new Guardian(person, subject);
  }

  // --- My Portal (マイナポータル) ------------------------------------------------------------------

  /**
   * A family whose records マイナポータル holds too: at the local portal simulator the mother logs in with
   * her card as {@code cardLogin}; the portal knows her infant with the realistic records of the
   * simulator (1か月児 and 3～4か月児 健診, the vaccinations of 2 and 3 months) and, for a mother still
   * pregnant, her 妊婦健診 so far.
   */
  public record MyPortalFamily(FamilyWithInfant family, Mother mother, String cardLogin) {}

  public static MyPortalFamily infantKnownToMyPortal(Municipality municipality) {
    FamilyWithInfant family = familyWithInfant(municipality);
    String login = "card-" + UUID.randomUUID();
    app.sukoyaka.phr.myportal.MyPortalSimulator simulator = myPortalSimulator();
    simulator.register(
        login,
        simulator.household(
            login,
            "スズキ ユウコ",
            family.mother().birthDate(),
            null,
            List.<String[]>of(
                new String[] {"スズキ レン", family.childBirthDate().toString(), "male"})));
    return new MyPortalFamily(family, family.mother(), login);
  }

  /** A mother at 20 weeks whose 妊婦健診 so far マイナポータル holds. */
  public static MyPortalFamily pregnancyKnownToMyPortal(Municipality municipality) {
    Mother mother = motherAt20Weeks(municipality);
    String login = "card-" + UUID.randomUUID();
    LocalDate due =
        LocalDate.parse(
            Db.text(
                "SELECT expected_delivery_date::text FROM pregnancy WHERE id = ?",
                mother.pregnancyId()));
    app.sukoyaka.phr.myportal.MyPortalSimulator simulator = myPortalSimulator();
    simulator.register(
        login, simulator.household(login, "スズキ ユウコ", mother.birthDate(), due, List.of()));
    return new MyPortalFamily(null, mother, login);
  }

  /** The local portal simulator the test service runs (demo mode). */
  public static app.sukoyaka.phr.myportal.MyPortalSimulator myPortalSimulator() {
    return TestService.bean(app.sukoyaka.phr.myportal.MyPortalConnection.class)
        .simulator()
        .orElseThrow();
  }

  // --- A large municipality ---------------------------------------------------------------------

  /**
   * A municipality with that many children and their families, checkups and vaccinations, loaded
   * set-based by the synthetic population generator (as the benchmarks load theirs).
   */
  public static Municipality municipalityWithChildren(int children, double seed) {
    Municipality municipality = municipality();
    try (java.sql.Connection connection = Db.connect()) {
      connection.setAutoCommit(false);
      app.sukoyaka.municipality.synthetic.SyntheticPopulation.load(
          connection,
          municipality.id(),
          municipality.code(),
          children,
          LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")),
          seed);
      connection.commit();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return municipality;
  }

  /** A younger sibling in the same family's handbook: born a week ago, the same guardian. */
  public static UUID siblingOf(FamilyWithInfant family) {
    UUID child = UUID.randomUUID();
    LocalDate born = LocalDate.now().minusWeeks(1);
    Db.update(
        "INSERT INTO child (id, municipality_id, family_name, given_name, family_name_kana,"
            + " given_name_kana, birth_date, sex, birth_order, created_at)"
            + " VALUES (?, ?, '鈴木', '葵', 'スズキ', 'アオイ', ?, 'female', 1, now())",
        child,
        family.mother().municipality().id(),
        Date.valueOf(born));
    Db.update(
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " VALUES (?, ?, 'mother', ?)",
        family.mother().personId(),
        child,
        Date.valueOf(born));
    return child;
  }

  // --- Names that can be told apart ---------------------------------------------------------

  /**
   * Gives the family names of its own (the personas otherwise all share 鈴木 優子 and 蓮), so a response
   * can be searched for them: a name of this family where it does not belong is a leak.
   */
  public static void renameFamily(
      FamilyWithInfant family, String familyName, String motherGivenName, String childGivenName) {
    Db.update(
        "UPDATE person SET family_name = ?, given_name = ? WHERE id = ?",
        familyName,
        motherGivenName,
        family.mother().personId());
    Db.update(
        "UPDATE child SET family_name = ?, given_name = ? WHERE id = ?",
        familyName,
        childGivenName,
        family.childId());
  }

  // --- Third-party PHR apps ------------------------------------------------------------------

  /** A registered public PHR app that may ask for every scope we support; its client id. */
  public static String phrApp() {
    String clientId = "phr-" + UUID.randomUUID();
    TestService.bean(app.sukoyaka.phr.smart.PhrApps.class)
        .register(
            new app.sukoyaka.phr.smart.PhrApps.Registration(
                clientId,
                "はぐくみ記録 " + clientId.substring(4, 12),
                List.of("https://phr.example.jp/callback"),
                false,
                java.util.Set.of(
                    "launch/patient",
                    "offline_access",
                    "patient/Immunization.rs",
                    "patient/Observation.rs",
                    "patient/Patient.rs")));
    return clientId;
  }

  /**
   * The mother's consent, given a minute ago for a year, that the app reads her child's records of
   * those SMART scopes (as the consent page stores it); the grant's id.
   */
  public static UUID appGrantOnChild(
      String clientId, FamilyWithInfant family, java.util.Set<String> scopes) {
    UUID grant = UUID.randomUUID();
    Db.update(
        "INSERT INTO phr_app_grant (id, client_id, guardian_person_id, guardian_subject,"
            + " subject_type, subject_id, patient_id, municipality_id, scopes, record_kinds,"
            + " text_version, agreed_at, expires_at) VALUES (?, ?, ?, ?, 'child', ?, ?, ?, ?,"
            + " '{}', '2026-04', now() - interval '1 minute', now() + interval '365 days')",
        grant,
        clientId,
        family.mother().personId(),
        family.mother().loginSubject(),
        family.childId(),
        family.childId(),
        family.mother().municipality().id(),
        String.join(" ", new java.util.TreeSet<>(scopes)));
    return grant;
  }
}
