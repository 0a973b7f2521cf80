package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.fhir.HandbookFhirMapper;
import app.sukoyaka.fhir.HandbookFhirMapperTestData;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Stored records → FHIR (the read API's mapper) → a clinic submission → validated against the
 * profiles → mapped back by the intake: the same kind, visit, findings (values, whom each is about,
 * how they were grouped into Observations and the EPDS response) and the same Patients, for
 * generated records of every kind.
 */
class FhirRoundTripTest {
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private final HandbookFhirMapper toFhir = new HandbookFhirMapper(CATALOG);
  private final IntakeMapper fromFhir = new IntakeMapper(CATALOG);
  private final SukoyakaValidator validator = SukoyakaValidator.create(FhirContext.forR4Cached());

  @Test
  void generatedRecordsOfEveryKindSurviveTheRoundTripThroughFhir() {
    Random random = new Random(42);
    PregnantPerson mother = HandbookFhirMapperTestData.motherAt20Weeks();
    for (CheckupKind kind : CATALOG.kinds()) {
      for (int i = 0; i < 3; i++) {
        // Twins have a birth order; a child's checkup sometimes carries its mother too.
        Child child =
            random.nextBoolean()
                ? HandbookFhirMapperTestData.childOf(mother)
                : HandbookFhirMapperTestData.secondTwinOf(mother);
        boolean withMother = kind.subject() == Subject.MOTHER || random.nextBoolean();
        Checkup stored =
            HandbookFhirMapperTestData.generated(
                random, kind, mother.pregnancies().get(0).id(), child);
        boolean aboutNewborn = stored.findings().stream().anyMatch(f -> f.childId() != null);

        Bundle submission = submission(mother, child, stored, withMother, aboutNewborn);
        ValidationReport report = validator.validateSubmission(submission);
        assertThat(report.errors()).as(kind.code() + " " + report.errors()).isEmpty();
        MappedSubmission mapped = fromFhir.map(submission);

        MappedSubmission.DraftCheckup back = mapped.checkups().get(0);
        assertThat(back.kind()).isEqualTo(stored.kind());
        assertThat(back.encounterClass()).isEqualTo(stored.encounterClass());
        assertThat(back.kindName()).isEqualTo(stored.kindName());
        assertThat(back.visitDate()).isEqualTo(stored.visitDate());
        assertThat(findings(back)).as(kind.code()).isEqualTo(findingsOf(stored));
        assertThat(groups(back.findings())).isEqualTo(groupsOf(stored.findings()));
        for (MappedSubmission.SubmittedPatient patient : mapped.patients()) {
          if (patient.role() == Subject.MOTHER) {
            assertThat(patient.key().handbookNumber()).isEqualTo("R08-0001");
            assertThat(patient.key().birthDate()).isEqualTo(mother.birthDate());
          } else {
            assertThat(patient.key().handbookNumber()).isEqualTo(child.handbookNumber());
            assertThat(patient.key().municipalityCode()).isEqualTo(child.municipalityCode());
            assertThat(patient.key().birthDate()).isEqualTo(child.birthDate());
            assertThat(patient.birthOrder()).isEqualTo(child.birthOrder());
            assertThat(patient.sex()).isEqualTo(child.sex());
            assertThat(patient.familyName()).isEqualTo(child.familyName());
            assertThat(patient.givenName()).isEqualTo(child.givenName());
            assertThat(patient.familyNameKana()).isEqualTo(child.familyNameKana());
            assertThat(patient.givenNameKana()).isEqualTo(child.givenNameKana());
            if (withMother) {
              assertThat(patient.mother()).isNotNull();
            }
          }
        }
      }
    }
  }

  /**
   * The records as a clinic would send them: the Encounter's subject, the newborn or the mother as
   * the second Patient, references rewritten to the Bundle's fullUrls.
   */
  private Bundle submission(
      PregnantPerson mother, Child child, Checkup stored, boolean withMother, boolean newborn) {
    boolean childsKind = stored.childId() != null;
    UUID subject = childsKind ? child.id() : mother.id();
    Map<String, String> urls = new HashMap<>();
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    bundle
        .getIdentifier()
        .setSystem("https://clinic.example.jp/sid/submission")
        .setValue(UUID.randomUUID().toString());
    List<Patient> patients = new ArrayList<>();
    if (withMother || !childsKind) {
      patients.add(toFhir.patient(mother));
    }
    if (childsKind || newborn) {
      patients.add(toFhir.patient(child));
    }
    patients.sort((a, b) -> a.getIdPart().equals(subject.toString()) ? -1 : 1);
    for (Patient patient : patients) {
      urls.put("Patient/" + patient.getIdPart(), "urn:uuid:" + UUID.randomUUID());
    }
    Encounter encounter = toFhir.encounter(stored, subject);
    urls.put("Encounter/" + stored.id(), "urn:uuid:" + UUID.randomUUID());
    for (Patient patient : patients) {
      Extension named = patient.getExtensionByUrl(SukoyakaCanonicals.MOTHER_EXTENSION);
      if (named != null) {
        Reference reference = (Reference) named.getValue();
        if (urls.containsKey(reference.getReference())) {
          reference.setReference(urls.get(reference.getReference()));
        } else {
          patient.getExtension().remove(named);
        }
      }
      add(bundle, urls.get("Patient/" + patient.getIdPart()), patient);
    }
    rewrite(encounter.getSubject(), urls);
    add(bundle, urls.get("Encounter/" + stored.id()), encounter);
    for (Observation observation : toFhir.observations(stored, subject)) {
      rewrite(observation.getSubject(), urls);
      rewrite(observation.getEncounter(), urls);
      add(bundle, "urn:uuid:" + UUID.randomUUID(), observation);
    }
    for (QuestionnaireResponse response : toFhir.questionnaireResponses(stored, subject)) {
      rewrite(response.getSubject(), urls);
      rewrite(response.getEncounter(), urls);
      add(bundle, "urn:uuid:" + UUID.randomUUID(), response);
    }
    return bundle;
  }

  private static void rewrite(Reference reference, Map<String, String> urls) {
    reference.setReference(urls.get(reference.getReference()));
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

  /** A finding without its ids: item, value, whether it is about a newborn, its resource. */
  private record Kept(
      String item, FindingValue value, boolean aboutNewborn, String resource, Instant authored) {}

  private static Map<String, Kept> findings(MappedSubmission.DraftCheckup checkup) {
    Map<String, Kept> kept = new HashMap<>();
    for (NewCheckup.NewFinding f : checkup.findings()) {
      kept.put(
          f.itemCode(),
          new Kept(
              f.itemCode(),
              normalised(f.value()),
              checkup.findingSubjects().containsKey(f.id()),
              f.resourceType(),
              f.authoredAt()));
    }
    return kept;
  }

  private static Map<String, Kept> findingsOf(Checkup checkup) {
    Map<String, Kept> kept = new HashMap<>();
    for (Checkup.Finding f : checkup.findings()) {
      kept.put(
          f.itemCode(),
          new Kept(
              f.itemCode(),
              normalised(f.value()),
              f.childId() != null,
              f.resourceType(),
              f.authoredAt()));
    }
    return kept;
  }

  /** Which items share one Observation or response. */
  private static Set<Set<String>> groups(List<NewCheckup.NewFinding> findings) {
    Map<UUID, Set<String>> byResource = new HashMap<>();
    findings.forEach(
        f -> byResource.computeIfAbsent(f.observationId(), k -> new TreeSet<>()).add(f.itemCode()));
    return new HashSet<>(byResource.values());
  }

  private static Set<Set<String>> groupsOf(List<Checkup.Finding> findings) {
    Map<UUID, Set<String>> byResource = new HashMap<>();
    findings.forEach(
        f -> byResource.computeIfAbsent(f.observationId(), k -> new TreeSet<>()).add(f.itemCode()));
    return new HashSet<>(byResource.values());
  }

  private static FindingValue normalised(FindingValue value) {
    return value instanceof FindingValue.Quantity q
        ? new FindingValue.Quantity(q.value().stripTrailingZeros(), q.unit())
        : value;
  }
}
