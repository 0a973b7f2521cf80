package app.sukoyaka.clinic;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.DeliveryBundle;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PostpartumBundle;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clinics submit every kind of handbook record: the delivery with the newborn, 産婦健診 with the EPDS,
 * 産後ケア, newborn screening and visits, infant and child checkups. A child not yet on record is
 * recorded under its mother's pregnancy; what breaks the catalog's rules is refused whole.
 */
class RecordKindsIntakeIT {
  private static final LocalDate VISIT = LocalDate.now().minusDays(1);

  private Personas.Municipality town;
  private Personas.Clinic clinic;
  private String clinicToken;
  private Personas.FamilyWithInfant family;
  private RecordBundle.ChildPatient infant;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    clinic = Personas.clinicServing(town);
    clinicToken = Tokens.clinic(clinic);
    family = Personas.familyWithInfant(town);
    infant = RecordBundle.ChildPatient.of(family);
  }

  /** One ordinary record of each kind: the family's mother or infant, as the kind is about. */
  static Stream<Arguments> everyKind() {
    return Stream.of(
        kind("delivery", 16, (f, c) -> deliveryOf(f)),
        kind("postpartum-2-weeks", 17, (f, c) -> PostpartumBundle.twoWeeks(f.mother(), VISIT)),
        kind(
            "postpartum-1-month",
            12,
            (f, c) ->
                RecordBundle.aboutMother(f.mother(), "postpartum-1-month", "AMB", VISIT)
                    .coded("urine-protein", "negative")
                    .epds(0, 0, 1, 1, 0, 0, 0, 1, 0, 0)),
        kind(
            "postpartum-care",
            1,
            (f, c) ->
                RecordBundle.aboutMother(f.mother(), "postpartum-care", "HH", VISIT)
                    .coded("postpartum-care-type", "outreach")),
        kind(
            "newborn-screening",
            10,
            (f, c) ->
                RecordBundle.aboutChild(c, "newborn-screening", "IMP", f.childBirthDate())
                    .date("metabolic-screening-sample-date", f.childBirthDate().plusDays(4))
                    .coded("metabolic-screening-result", "normal")
                    .date("hearing-first-date", f.childBirthDate().plusDays(2))
                    .coded("hearing-first-method", "aabr")
                    .coded("hearing-first-right", "pass")
                    .coded("hearing-first-left", "refer")
                    .date("hearing-confirmatory-date", f.childBirthDate().plusDays(5))
                    .coded("hearing-confirmatory-method", "aabr")
                    .coded("hearing-confirmatory-right", "pass")
                    .coded("hearing-confirmatory-left", "pass")),
        kind(
            "newborn-visit",
            5,
            (f, c) ->
                RecordBundle.aboutChild(c, "newborn-visit", "HH", f.childBirthDate().plusDays(20))
                    .integer("age-in-days-at-visit", 20)
                    .quantity("body-weight", "3890", "g")
                    .quantity("body-length", "53.2", "cm")
                    .quantity("chest-circumference", "35.1", "cm")
                    .coded("feeding-method", "breast")),
        kind(
            "infant-1-month",
            4,
            (f, c) ->
                RecordBundle.aboutChild(c, "infant-1-month", "AMB", VISIT)
                    .quantity("body-weight", "4.3", "kg")
                    .flag("moves-limbs-when-undressed", true)
                    .flag("startles-at-loud-sound", true)
                    .coded("overall-judgement", "no-abnormality")),
        kind("infant-3-4-months", 27, (f, c) -> InfantCheckupBundle.threeToFourMonths(f, VISIT)),
        kind(
            "infant-6-7-months",
            3,
            (f, c) ->
                RecordBundle.aboutChild(c, "infant-6-7-months", "AMB", VISIT)
                    .flag("rolls-over", true)
                    .flag("sits-without-support", false)
                    .coded("weaning", "in-progress")),
        kind(
            "infant-9-10-months",
            3,
            (f, c) ->
                RecordBundle.aboutChild(c, "infant-9-10-months", "AMB", VISIT)
                    .flag("crawls", true)
                    .flag("pulls-to-stand", true)
                    .coded("overall-judgement", "no-abnormality")),
        kind(
            "child-18-months",
            5,
            (f, c) ->
                RecordBundle.aboutChild(c, "child-18-months", "AMB", VISIT)
                    .flag("walks-alone", true)
                    .flag("still-breastfed", false)
                    .integer("untreated-caries-count", 0)
                    .coded("caries-type", "o1")
                    .coded("dental-judgement", "no-abnormality")),
        kind(
            "child-3-years",
            6,
            (f, c) ->
                RecordBundle.aboutChild(c, "child-3-years", "AMB", VISIT)
                    .coded("refraction-test", "refer")
                    .coded("vision-test", "no-abnormality")
                    .coded("hearing-test", "no-abnormality")
                    .coded("urine-protein", "negative")
                    .integer("untreated-caries-count", 2)
                    .coded("eye-judgement", "detailed-examination")),
        kind(
            "municipal-checkup",
            2,
            (f, c) ->
                RecordBundle.aboutChild(c, "municipal-checkup", "AMB", VISIT)
                    .named("すこやか市 5歳児健康診査")
                    .quantity("body-weight", "18.2", "kg")
                    .coded("overall-judgement", "no-abnormality")));
  }

  private static Arguments kind(
      String kind,
      int findings,
      BiFunction<Personas.FamilyWithInfant, RecordBundle.ChildPatient, RecordBundle> bundle) {
    return Arguments.of(kind, findings, bundle);
  }

  /** The mother (another one: the family's has a child of birth order 1) with her newborn. */
  private static RecordBundle deliveryOf(Personas.FamilyWithInfant family) {
    return DeliveryBundle.of(
        family.mother(),
        RecordBundle.ChildPatient.newbornOf(family.mother(), VISIT).withBirthOrder(0),
        VISIT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKind")
  void everyKindOfRecordIsAcceptedAndStoredWithEachFinding(
      String kind,
      int findings,
      BiFunction<Personas.FamilyWithInfant, RecordBundle.ChildPatient, RecordBundle> bundle) {
    if (kind.equals("delivery")) {
      // Her first child holds birth order 1 of this handbook number; this is another pregnancy.
      Personas.Mother again = Personas.motherAt20Weeks(town);
      family = new Personas.FamilyWithInfant(again, family.childId(), family.childBirthDate());
    }

    Http.Response response = Http.postFhir(clinicToken, bundle.apply(family, infant).json());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    UUID encounter = UUID.fromString(location(response.json(), "Encounter").split("/")[1]);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE id = ? AND kind = ?",
                encounter,
                kind))
        .isEqualTo(1);
    assertThat(Db.count("SELECT count(*) FROM checkup_finding WHERE encounter_id = ?", encounter))
        .isEqualTo(findings);
    boolean childs = !kind.startsWith("postpartum") && !kind.equals("delivery");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE id = ? AND "
                    + (childs ? "child_id = ?" : "pregnancy_id = ?"),
                encounter,
                childs ? family.childId() : family.mother().pregnancyId()))
        .isEqualTo(1);
  }

  @Test
  void aDeliveryRecordsTheNewbornUnderTheMothersPregnancyWithItsStateAtBirth() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate born = LocalDate.now().minusDays(2);

    Http.Response response =
        Http.postFhir(
            clinicToken,
            DeliveryBundle.of(mother, RecordBundle.ChildPatient.newbornOf(mother, born), born)
                .json());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode entries = response.json().path("entry");
    assertThat(entries.get(0).path("response").path("status").asText()).isEqualTo("200 OK");
    assertThat(entries.get(0).path("response").path("location").asText())
        .isEqualTo("Patient/" + mother.personId());
    assertThat(entries.get(1).path("response").path("status").asText()).isEqualTo("201 Created");
    UUID child =
        UUID.fromString(entries.get(1).path("response").path("location").asText().split("/")[1]);
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE id = ? AND pregnancy_id = ? AND birth_order = 1"
                    + " AND family_name IS NULL AND given_name IS NULL AND birth_date = ?"
                    + " AND sex = 'female' AND handbook_number = ?",
                child,
                mother.pregnancyId(),
                born,
                mother.handbookNumber()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM guardianship WHERE person_id = ? AND child_id = ?",
                mother.personId(),
                child))
        .isEqualTo(1);
    // The mother's delivery, with the newborn's findings naming the child.
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE pregnancy_id = ? AND kind = 'delivery'"
                    + " AND encounter_class = 'IMP'",
                mother.pregnancyId()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy WHERE id = ? AND status = 'delivered'",
                mother.pregnancyId()))
        .isEqualTo(1);
    assertThat(Db.count("SELECT count(*) FROM checkup_finding WHERE child_id = ?", child))
        .isEqualTo(9);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding WHERE child_id = ? AND item_code ="
                    + " 'apgar-5-minute' AND value_type = 'integer' AND integer_value = 9",
                child))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding f JOIN checkup_encounter e ON e.id ="
                    + " f.encounter_id WHERE e.pregnancy_id = ? AND f.item_code ="
                    + " 'delivery-datetime' AND f.child_id IS NULL AND f.datetime_value = ?::timestamptz",
                mother.pregnancyId(),
                born + "T05:42:00+09:00"))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id IN (?, ?)"
                    + " AND action = 'submit-checkup' AND outcome = 'allowed'",
                mother.pregnancyId(),
                child))
        .isEqualTo(2);
  }

  @Test
  void aLaterRecordOfTheNewbornMatchesTheChildRecordedAtBirth() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate born = LocalDate.now().minusDays(5);
    RecordBundle.ChildPatient newborn = RecordBundle.ChildPatient.newbornOf(mother, born);
    Http.postFhir(clinicToken, DeliveryBundle.of(mother, newborn, born).json());

    Http.Response screening =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutChild(newborn, "newborn-screening", "IMP", born.plusDays(4))
                .coded("metabolic-screening-result", "normal")
                .json());

    assertThat(screening.status()).as(screening.body()).isEqualTo(200);
    JsonNode patient = screening.json().path("entry").get(0).path("response");
    assertThat(patient.path("status").asText()).isEqualTo("200 OK");
    assertThat(Db.count("SELECT count(*) FROM child WHERE pregnancy_id = ?", mother.pregnancyId()))
        .isEqualTo(1);
  }

  @Test
  void twinsAreTwoChildrenOfOnePregnancyByBirthOrder() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate born = LocalDate.now().minusDays(1);
    for (int order = 1; order <= 2; order++) {
      Http.Response response =
          Http.postFhir(
              clinicToken,
              RecordBundle.aboutMother(mother, "delivery", "IMP", born)
                  .withNewborn(
                      RecordBundle.ChildPatient.newbornOf(mother, born).withBirthOrder(order))
                  .aboutNewborn()
                  .integer("birth-plurality", 2)
                  .integer("birth-order", order)
                  .quantity("birth-weight", order == 1 ? "2410" : "2280", "g")
                  .json());
      assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    assertThat(
            Db.count(
                "SELECT count(DISTINCT birth_order) FROM child WHERE pregnancy_id = ?",
                mother.pregnancyId()))
        .isEqualTo(2);
  }

  @Test
  void twinsDeliveredTogetherAreRecordedFromOneSubmissionEachWithItsOwnStateAtBirth() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate born = LocalDate.now().minusDays(1);

    Http.Response response =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutMother(mother, "delivery", "IMP", born)
                .withNewborn(RecordBundle.ChildPatient.newbornOf(mother, born).withBirthOrder(1))
                .withNewborn(RecordBundle.ChildPatient.newbornOf(mother, born).withBirthOrder(2))
                .aboutNewborn(1)
                .integer("birth-order", 1)
                .quantity("birth-weight", "2410", "g")
                .aboutNewborn(2)
                .integer("birth-order", 2)
                .quantity("birth-weight", "2280", "g")
                .json());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE pregnancy_id = ? AND birth_order IN (1, 2)",
                mother.pregnancyId()))
        .isEqualTo(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding f JOIN child c ON c.id = f.child_id"
                    + " WHERE c.pregnancy_id = ? AND f.item_code = 'birth-weight'"
                    + " AND ((c.birth_order = 1 AND f.quantity_value = 2410)"
                    + " OR (c.birth_order = 2 AND f.quantity_value = 2280))",
                mother.pregnancyId()))
        .isEqualTo(2);
  }

  @Test
  void aChildNotYetRecordedIsRecordedUnderThePregnancyWithItsHandbookNumber() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate born = LocalDate.now().minusDays(3);

    Http.Response response =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutChild(
                    RecordBundle.ChildPatient.newbornOf(mother, born).named("鈴木", "葵"),
                    "newborn-screening",
                    "IMP",
                    born.plusDays(2))
                .coded("hearing-first-method", "oae")
                .coded("hearing-first-right", "pass")
                .json());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE pregnancy_id = ? AND family_name = '鈴木'"
                    + " AND given_name = '葵'",
                mother.pregnancyId()))
        .isEqualTo(1);
  }

  @Test
  void aChildWithItsOwnHandbookNumberIsRecordedUnderTheMotherItNames() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate born = LocalDate.now().minusDays(3);
    RecordBundle.ChildPatient second =
        RecordBundle.ChildPatient.newbornOf(mother, born)
            .withHandbookNumber(mother.handbookNumber() + "-2")
            .withBirthOrder(2);

    Http.Response response =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutChild(second, "newborn-screening", "IMP", born.plusDays(2))
                .withMotherByHandbookNumber(mother)
                .coded("metabolic-screening-result", "normal")
                .json());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE pregnancy_id = ? AND handbook_number = ?"
                    + " AND birth_order = 2",
                mother.pregnancyId(),
                mother.handbookNumber() + "-2"))
        .isEqualTo(1);
  }

  @Test
  void aChildThatLeadsToNoHandbookIsRefused() {
    RecordBundle.ChildPatient stranger = infant.withHandbookNumber("NO-SUCH-NUMBER");

    Http.Response response =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutChild(stranger, "infant-3-4-months", "AMB", VISIT)
                .flag("head-control", true)
                .json());

    assertOutcome(response, 422, "SKY-2004");
    assertThat(response.body()).contains("Bundle.entry[0].resource.identifier");
    assertNothingStored();
  }

  @Test
  void theInfantWithAnotherBirthDateMatchesNoChild() {
    RecordBundle.ChildPatient wrong =
        new RecordBundle.ChildPatient(
            infant.municipalityCode(),
            infant.handbookNumber(),
            infant.birthDate().minusDays(1),
            "male",
            0,
            "鈴木",
            "蓮");

    Http.Response response =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutChild(wrong, "infant-3-4-months", "AMB", VISIT)
                .flag("head-control", true)
                .json());

    assertOutcome(response, 422, "SKY-2004");
    assertNothingStored();
  }

  @Test
  void aNinetyKilogramInfantIsRefusedNamingTheItem() {
    Http.Response response =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutChild(infant, "infant-3-4-months", "AMB", VISIT)
                .quantity("body-length", "63.1", "cm")
                .quantity("body-weight", "90", "kg")
                .json());

    // 90 kg is a plausible mother, so the profile lets it through; not a plausible infant.
    assertOutcome(response, 422, "SKY-2006");
    assertThat(response.body())
        .contains("Body weight (体重) of 90 kg is outside the plausible range 0.3–80 kg")
        .contains("for the child (子)")
        .contains("Bundle.entry[3].resource.valueQuantity.value");
    assertNothingStored();
  }

  @Test
  void aDeliveryWithANinetyKilogramNewbornRecordsNeitherTheDeliveryNorTheChild() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate born = LocalDate.now();

    Http.Response response =
        Http.postFhir(
            clinicToken,
            DeliveryBundle.of(mother, RecordBundle.ChildPatient.newbornOf(mother, born), born)
                .aboutNewborn()
                .quantity("birth-weight", "90", "kg")
                .json());

    assertOutcome(response, 422, "SKY-2003");
    assertThat(response.body()).contains("birth-weight");
    assertThat(Db.count("SELECT count(*) FROM child WHERE pregnancy_id = ?", mother.pregnancyId()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE pregnancy_id = ?",
                mother.pregnancyId()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy WHERE id = ? AND status = 'active'",
                mother.pregnancyId()))
        .isEqualTo(1);
  }

  @Test
  void anItemNotRecordedAtThisKindOfCheckupIsRefused() {
    Http.Response response =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutChild(infant, "child-3-years", "AMB", VISIT)
                .coded("refraction-test", "no-abnormality")
                .flag("head-control", true)
                .json());

    assertOutcome(response, 422, "SKY-2012");
    assertThat(response.body())
        .contains("Holds head steady (head control) (首がすわった) is not recorded at")
        .contains("3歳児健康診査")
        .contains("Bundle.entry[3].resource.code");
    assertNothingStored();
  }

  @Test
  void aMothersItemAboutTheNewbornIsRefused() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate born = LocalDate.now();

    Http.Response response =
        Http.postFhir(
            clinicToken,
            DeliveryBundle.of(mother, RecordBundle.ChildPatient.newbornOf(mother, born), born)
                .aboutNewborn()
                .quantity("delivery-blood-loss", "300", "mL")
                .json());

    assertOutcome(response, 422, "SKY-2013");
    assertThat(response.body())
        .contains("Blood loss at delivery (出血量) is recorded about the mother (母)")
        .contains("not about the child (子)");
    assertThat(Db.count("SELECT count(*) FROM child WHERE pregnancy_id = ?", mother.pregnancyId()))
        .isZero();
  }

  @Test
  void aMothersItemAtAChildsCheckupIsRefused() {
    Http.Response response =
        Http.postFhir(
            clinicToken,
            RecordBundle.aboutChild(infant, "infant-1-month", "AMB", VISIT)
                .quantity("systolic-blood-pressure", "92", "mm[Hg]")
                .json());

    assertOutcome(response, 422, "SKY-2013");
    assertThat(response.body()).contains("Systolic blood pressure (収縮期血圧)");
    assertNothingStored();
  }

  @Test
  void aChildsCheckupWhoseEncounterIsAboutTheMotherIsRefused() {
    RecordBundle bundle =
        RecordBundle.aboutChild(infant, "infant-3-4-months", "AMB", VISIT)
            .withMother(family.mother())
            .flag("head-control", true)
            .edit(
                b ->
                    ((Encounter) b.getEntry().get(2).getResource())
                        .setSubject(new Reference(b.getEntry().get(1).getFullUrl())));

    Http.Response response = Http.postFhir(clinicToken, bundle.json());

    assertOutcome(response, 422, "SKY-2015");
    assertThat(response.body())
        .contains("is about the child (子), but the Encounter's subject is the mother (母)")
        .contains("Bundle.entry[2].resource.subject");
    assertNothingStored();
  }

  @Test
  void theEpdsAnswersAreStoredWithTheirComputedTotal() {
    Http.Response response =
        Http.postFhir(clinicToken, PostpartumBundle.twoWeeks(family.mother(), VISIT).json());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(location(response.json(), "QuestionnaireResponse"))
        .startsWith("QuestionnaireResponse/");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding WHERE resource_type = 'QuestionnaireResponse'"
                    + " AND authored_at IS NOT NULL AND encounter_id = ?",
                encounter(response)))
        .isEqualTo(10);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding WHERE encounter_id = ? AND item_code ="
                    + " 'epds-total-score' AND integer_value = 6",
                encounter(response)))
        .isEqualTo(1);
  }

  @Test
  void anEpdsTotalSentWithTheAnswersIsStoredOnceWhenItIsTheirSum() {
    Http.Response response =
        Http.postFhir(
            clinicToken,
            PostpartumBundle.twoWeeks(family.mother(), VISIT)
                .integer("epds-total-score", 6)
                .json());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding WHERE encounter_id = ? AND item_code ="
                    + " 'epds-total-score'",
                encounter(response)))
        .isEqualTo(1);
  }

  @Test
  void anEpdsTotalThatIsNotTheSumOfTheAnswersIsRefused() {
    Http.Response response =
        Http.postFhir(
            clinicToken,
            PostpartumBundle.twoWeeks(family.mother(), VISIT)
                .integer("epds-total-score", 9)
                .json());

    assertOutcome(response, 422, "SKY-2014");
    assertThat(response.body())
        .contains("EPDS total score (EPDS 合計点) 9 is not the sum of the ten answers, 6")
        .contains("valueInteger");
    assertNothingStored();
  }

  @Test
  void aChildOfAMunicipalityTheClinicDoesNotServeIsRefused() {
    Personas.FamilyWithInfant elsewhere = Personas.familyWithInfant(Personas.municipality());

    Http.Response response =
        Http.postFhir(clinicToken, InfantCheckupBundle.threeToFourMonths(elsewhere, VISIT).json());

    assertOutcome(response, 403, "SKY-1004");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND outcome = 'denied'",
                elsewhere.childId()))
        .isEqualTo(1);
  }

  private static String location(JsonNode response, String type) {
    for (JsonNode entry : response.path("entry")) {
      String location = entry.path("response").path("location").asText();
      if (location.startsWith(type + "/")) {
        return location;
      }
    }
    throw new AssertionError("No " + type + " in " + response);
  }

  private static UUID encounter(Http.Response response) {
    return UUID.fromString(location(response.json(), "Encounter").split("/")[1]);
  }

  private void assertNothingStored() {
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE child_id = ? OR pregnancy_id = ?",
                family.childId(),
                family.mother().pregnancyId()))
        .isZero();
    assertThat(
            Db.count("SELECT count(*) FROM raw_submission WHERE client_id = ?", clinic.clientId()))
        .isZero();
  }
}
