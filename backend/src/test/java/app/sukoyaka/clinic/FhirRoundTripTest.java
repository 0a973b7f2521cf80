package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.fhir.HandbookFhirMapper;
import app.sukoyaka.fhir.HandbookFhirMapperTestData;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaValidator;
import ca.uhn.fhir.context.FhirContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Stored checkup → FHIR (the read API's mapper) → a clinic submission → validated → mapped back by
 * the intake: the same items with the same values, for generated checkups.
 */
class FhirRoundTripTest {
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private final HandbookFhirMapper toFhir = new HandbookFhirMapper(CATALOG);
  private final IntakeMapper fromFhir = new IntakeMapper(CATALOG);
  private final SukoyakaValidator validator = SukoyakaValidator.create(FhirContext.forR4Cached());

  @Test
  void generatedCheckupsSurviveTheRoundTripThroughFhir() {
    Random random = new Random(42);
    PregnantPerson mother = HandbookFhirMapperTestData.motherAt20Weeks();
    for (int i = 0; i < 30; i++) {
      Checkup stored =
          HandbookFhirMapperTestData.generatedCheckup(random, mother.pregnancies().get(0).id());

      Bundle submission = submission(mother, stored);
      assertThat(validator.validateSubmission(submission).errors()).isEmpty();
      MappedSubmission mapped = fromFhir.map(submission);

      MappedSubmission.DraftCheckup back = mapped.checkups().get(0);
      assertThat(back.visitDate()).isEqualTo(stored.visitDate());
      assertThat(back.kind()).isEqualTo(stored.kind());
      assertThat(values(back.findings())).isEqualTo(valuesOf(stored.findings()));
      assertThat(mapped.patient().handbookNumber()).isEqualTo("R08-0001");
      assertThat(mapped.patient().birthDate()).isEqualTo(mother.birthDate());
    }
  }

  private Bundle submission(PregnantPerson mother, Checkup stored) {
    Patient patient = toFhir.patient(mother);
    Encounter encounter = toFhir.encounter(stored, mother.id());
    List<Observation> observations = toFhir.observations(stored, mother.id());
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    bundle
        .getIdentifier()
        .setSystem("https://clinic.example.jp/sid/submission")
        .setValue(UUID.randomUUID().toString());
    String patientUrl = "urn:uuid:" + UUID.randomUUID();
    String encounterUrl = "urn:uuid:" + UUID.randomUUID();
    add(bundle, patientUrl, patient);
    encounter.setSubject(new Reference(patientUrl));
    add(bundle, encounterUrl, encounter);
    for (Observation observation : observations) {
      observation.setSubject(new Reference(patientUrl));
      observation.setEncounter(new Reference(encounterUrl));
      add(bundle, "urn:uuid:" + UUID.randomUUID(), observation);
    }
    return bundle;
  }

  private static void add(Bundle bundle, String fullUrl, Resource resource) {
    resource.setId((String) null);
    resource.setMeta(null);
    bundle
        .addEntry()
        .setFullUrl(fullUrl)
        .setResource(resource)
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl(resource.fhirType());
  }

  private static Map<String, FindingValue> values(List<NewCheckup.NewFinding> findings) {
    Map<String, FindingValue> values = new HashMap<>();
    findings.forEach(f -> values.put(f.itemCode(), normalised(f.value())));
    return values;
  }

  private static Map<String, FindingValue> valuesOf(List<Checkup.Finding> findings) {
    Map<String, FindingValue> values = new HashMap<>();
    findings.forEach(f -> values.put(f.itemCode(), normalised(f.value())));
    return values;
  }

  private static FindingValue normalised(FindingValue value) {
    return value instanceof FindingValue.Quantity q
        ? new FindingValue.Quantity(q.value().stripTrailingZeros(), q.unit())
        : value;
  }
}
