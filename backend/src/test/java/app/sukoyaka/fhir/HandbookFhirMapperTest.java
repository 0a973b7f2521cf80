package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stored records map to FHIR resources that conform to our profiles, for generated records of every
 * kind, catalog item, unit and answer. (The way back, FHIR to rows, is the intake's mapper; the
 * round trip through both is {@code FhirRoundTripTest} in the clinic package.)
 */
class HandbookFhirMapperTest {
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static SukoyakaValidator validator;
  private final HandbookFhirMapper mapper = new HandbookFhirMapper(CATALOG);

  @BeforeAll
  static void buildValidator() {
    validator = SukoyakaValidator.create(FhirContext.forR4Cached());
  }

  private static void assertConforms(Resource resource) {
    ValidationReport report = validator.validate(resource);
    assertThat(report.errors()).as(resource.fhirType() + " " + report.errors()).isEmpty();
  }

  @Test
  void thePregnantPersonIsAPatientWithHerHandbookNumberAndNamesInKanjiAndKana() {
    PregnantPerson mother = HandbookFhirMapperTestData.motherAt20Weeks();

    Patient patient = mapper.patient(mother);

    assertConforms(patient);
    assertThat(patient.getIdentifierFirstRep().getSystem())
        .isEqualTo("https://sukoyaka.app/fhir/sid/boshi-techo/131059");
    assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("R08-0001");
    assertThat(patient.getName()).hasSize(2);
    assertThat(patient.getName().get(1).getFamily()).isEqualTo("ヤマダ");
  }

  @Test
  void theChildIsAPatientNamingItsMotherWithItsHandbookNumberAndBirthOrder() {
    PregnantPerson mother = HandbookFhirMapperTestData.motherAt20Weeks();
    Child named = HandbookFhirMapperTestData.childOf(mother);
    Child twin = HandbookFhirMapperTestData.secondTwinOf(mother);

    Patient child = mapper.patient(named);
    Patient nameless = mapper.patient(twin);

    for (Patient patient : List.of(child, nameless)) {
      ValidationReport report = validator.validate(patient, SukoyakaCanonicals.CHILD_PROFILE);
      assertThat(report.errors()).as(report.errors().toString()).isEmpty();
      assertThat(patient.getExtensionByUrl(SukoyakaCanonicals.MOTHER_EXTENSION).getValue())
          .isInstanceOfSatisfying(
              Reference.class,
              r -> assertThat(r.getReference()).isEqualTo("Patient/" + mother.id()));
    }
    assertThat(child.getIdentifierFirstRep().getValue()).isEqualTo("R08-0001");
    assertThat(child.getName()).extracting(HumanName::getFamily).containsExactly("山田", "ヤマダ");
    assertThat(child.hasMultipleBirth()).isFalse();
    assertThat(nameless.getName()).isEmpty();
    assertThat(nameless.getMultipleBirthIntegerType().getValue()).isEqualTo(2);
  }

  @Test
  void generatedRecordsOfEveryKindMapToAnEncounterObservationsAndResponsesThatConform() {
    Random random = new Random(20261121);
    PregnantPerson mother = HandbookFhirMapperTestData.motherAt20Weeks();
    Child child = HandbookFhirMapperTestData.childOf(mother);
    int responses = 0;
    for (CheckupKind kind : CATALOG.kinds()) {
      for (int i = 0; i < 4; i++) {
        Checkup checkup =
            HandbookFhirMapperTestData.generated(
                random, kind, mother.pregnancies().get(0).id(), child);
        UUID patient = kind.subject() == Subject.MOTHER ? mother.id() : child.id();
        Encounter encounter = mapper.encounter(checkup, patient);
        List<Observation> observations = mapper.observations(checkup, patient);
        List<QuestionnaireResponse> epds = mapper.questionnaireResponses(checkup, patient);

        assertConforms(encounter);
        observations.forEach(HandbookFhirMapperTest::assertConforms);
        epds.forEach(HandbookFhirMapperTest::assertConforms);
        responses += epds.size();
        assertThat(encounter.getClass_().getCode()).isEqualTo(checkup.encounterClass());
        assertThat(encounter.getSubject().getReference()).isEqualTo("Patient/" + patient);
        for (Observation observation : observations) {
          CatalogItem item =
              CATALOG
                  .byCoding(
                      SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
                      observation.getCode().getCoding().stream()
                          .filter(c -> c.getSystem().equals(SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM))
                          .map(c -> c.getCode())
                          .findFirst()
                          .orElse("systolic-blood-pressure"))
                  .orElseThrow();
          assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getSystem())
              .isEqualTo(SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM);
          assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode())
              .isEqualTo(item.category());
          String about =
              kind.subject() == Subject.MOTHER && item.subjects().equals(Set.of(Subject.CHILD))
                  ? child.id().toString()
                  : patient.toString();
          assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + about);
        }
      }
    }
    assertThat(responses).as("EPDS responses generated").isPositive();
  }

  @Test
  void theEpdsAnswersComeBackAsTheQuestionnaireResponseWithTheirAuthoredTime() {
    Random random = new Random(7);
    PregnantPerson mother = HandbookFhirMapperTestData.motherAt20Weeks();
    CheckupKind kind = CATALOG.kind("postpartum-1-month").orElseThrow();
    Checkup checkup;
    do {
      checkup =
          HandbookFhirMapperTestData.generated(
              random, kind, mother.pregnancies().get(0).id(), null);
    } while (checkup.findings().stream().allMatch(Checkup.Finding::isObservation));

    QuestionnaireResponse response = mapper.questionnaireResponses(checkup, mother.id()).get(0);

    assertThat(response.getQuestionnaire()).isEqualTo(SukoyakaCanonicals.EPDS_QUESTIONNAIRE);
    assertThat(response.getItem())
        .extracting(i -> i.getLinkId())
        .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    Checkup.Finding first =
        checkup.findings().stream().filter(f -> !f.isObservation()).findFirst().orElseThrow();
    assertThat(response.getAuthored().toInstant()).isEqualTo(first.authoredAt());
    assertThat(mapper.observations(checkup, mother.id()))
        .noneMatch(o -> o.getIdPart().equals(response.getIdPart()));
  }

  @Test
  void twoFindingsOfOneObservationComeBackAsTheBloodPressurePanel() {
    UUID panel = UUID.randomUUID();
    Checkup checkup =
        new Checkup(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "prenatal",
            LocalDate.of(2026, 11, 20),
            140,
            "すこやかレディースクリニック",
            "1312345678",
            Instant.parse("2026-11-20T01:00:00Z"),
            List.of(
                new Checkup.Finding(
                    UUID.randomUUID(),
                    panel,
                    "systolic-blood-pressure",
                    new FindingValue.Quantity(new BigDecimal("121"), "mm[Hg]"),
                    "http://loinc.org",
                    "8480-6",
                    1,
                    "final"),
                new Checkup.Finding(
                    UUID.randomUUID(),
                    panel,
                    "diastolic-blood-pressure",
                    new FindingValue.Quantity(new BigDecimal("79"), "mm[Hg]"),
                    "http://loinc.org",
                    "8462-4",
                    1,
                    "final")));

    List<Observation> observations = mapper.observations(checkup, UUID.randomUUID());

    assertThat(observations).hasSize(1);
    Observation observation = observations.get(0);
    assertConforms(observation);
    assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9");
    assertThat(observation.getComponent()).hasSize(2);
    assertThat(observation.getComponent().get(0).getValueQuantity().getValue())
        .isEqualByComparingTo("121");
    assertThat(observation.getIdPart()).isEqualTo(panel.toString());
    assertThat(observation.getCode().getCoding())
        .noneMatch(c -> c.getSystem().equals(SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM));
  }
}
