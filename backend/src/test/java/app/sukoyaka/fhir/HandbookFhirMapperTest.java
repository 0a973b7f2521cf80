package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stored records map to FHIR resources that conform to our profiles, for generated checkups of
 * every catalog item, unit and answer. (The way back, FHIR to rows, is the intake's mapper; the
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
  void generatedCheckupsMapToAnEncounterAndObservationsThatConform() {
    Random random = new Random(20261121);
    PregnantPerson mother = HandbookFhirMapperTestData.motherAt20Weeks();
    for (int i = 0; i < 40; i++) {
      Checkup checkup =
          HandbookFhirMapperTestData.generatedCheckup(random, mother.pregnancies().get(0).id());
      Encounter encounter = mapper.encounter(checkup, mother.id());
      List<Observation> observations = mapper.observations(checkup, mother.id());

      assertConforms(encounter);
      observations.forEach(HandbookFhirMapperTest::assertConforms);
      assertThat(observations).hasSize(checkup.findings().size());
      assertThat(encounter.getServiceProvider().getIdentifier().getValue()).isEqualTo("1312345678");
    }
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
