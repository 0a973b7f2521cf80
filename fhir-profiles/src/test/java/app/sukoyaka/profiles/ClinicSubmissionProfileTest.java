package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static app.sukoyaka.profiles.ProfileAssertions.assertAccepted;
import static app.sukoyaka.profiles.ProfileAssertions.assertRejectedAt;
import static app.sukoyaka.profiles.ProfileAssertions.example;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profile {@code sukoyaka-clinic-submission|0.2.0}; examples under r4/sukoyaka-clinic-submission.
 * The entries declare no meta.profile: the submission profile's slices apply ours to them.
 */
class ClinicSubmissionProfileTest {

  private static final String PROFILE_ID = "sukoyaka-clinic-submission";
  private static SukoyakaValidator validator;
  private static ExecutorService threads;

  @BeforeAll
  static void buildAndWarmUpValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
    validator.warmUp();
    threads = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  private static Bundle bundle(String file) {
    return example(PROFILE_ID, file, Bundle.class);
  }

  @Test
  void profileCanonicalIsPinnedToVersion020() {
    assertThat(SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
  }

  // SHALL: type = transaction; identifier 1..1 with system and value; a Patient (created
  // conditionally on her handbook number) and one Encounter, and Observations, each conforming to
  // its Sukoyaka profile.
  @Test
  void fullPrenatalCheckupWithOneObservationPerCatalogItemIsAccepted() {
    Bundle bundle = bundle("valid-prenatal-checkup.json");
    assertThat(bundle.getEntry())
        .hasSize(2 + CheckupItemCatalog.load().itemsOf("prenatal").size())
        .allSatisfy(entry -> assertThat(entry.getResource().getMeta().getProfile()).isEmpty());
    assertThat(bundle.getEntryFirstRep().getRequest().getIfNoneExist())
        .startsWith("identifier=https://sukoyaka.app/fhir/sid/boshi-techo/");

    assertAccepted(validator.validateSubmission(bundle));
  }

  // SHALL: the blood pressure may come as the vital-signs panel 85354-9 with components.
  @Test
  void submissionWithTheBloodPressurePanelIsAccepted() {
    assertAccepted(validator.validateSubmission(bundle("valid-blood-pressure-panel.json")));
  }

  // SHALL: entry:observation.resource conforms to sukoyaka-checkup-observation, whether or not it
  // declares meta.profile; the location is given from the Bundle root.
  @Test
  void entryWithoutMetaProfileIsStillValidatedAgainstItsSukoyakaProfile() {
    assertRejectedAt(
        validator.validateSubmission(bundle("invalid-entry-weight-in-cm.json")),
        "Bundle.entry[5].resource.valueQuantity",
        "sky-body-weight");
  }

  // SHALL: entry:patient.resource conforms to sukoyaka-pregnant-person: "At least one identifier
  // is a 母子健康手帳 交付番号" (sky-pat-1)
  @Test
  void patientWithoutHandbookNumberIsRejected() {
    assertRejectedAt(
        validator.validateSubmission(bundle("invalid-patient-without-handbook-number.json")),
        "Bundle.entry[0].resource",
        "sky-pat-1");
  }

  // SHALL: type fixed to transaction
  @Test
  void bundleOfTypeCollectionIsRejected() {
    assertRejectedAt(
        validator.validateSubmission(bundle("invalid-type-collection.json")),
        "Bundle.type",
        "_DT_Fixed_Wrong");
  }

  // SHALL: identifier 1..1, so that a retry of the same submission is recognised
  @Test
  void bundleWithoutIdentifierIsRejected() {
    assertRejectedAt(
        validator.validateSubmission(bundle("invalid-without-identifier.json")),
        "Bundle",
        "Validation_VAL_Profile_Minimum");
  }

  // SHALL: identifier.value 1..1
  @Test
  void bundleIdentifierWithoutValueIsRejected() {
    Bundle bundle = bundle("valid-prenatal-checkup.json");
    bundle.getIdentifier().setValue(null);

    assertRejectedAt(
        validator.validateSubmission(bundle),
        "Bundle.identifier",
        "Validation_VAL_Profile_Minimum");
  }

  // SHALL: entries are limited to Patient, Encounter and Observation (closed slicing)
  @Test
  void organizationEntryIsRejected() {
    assertRejectedAt(
        validator.validateSubmission(bundle("invalid-organization-entry.json")),
        "Bundle.entry[12]",
        "Validation_VAL_Profile_NotSlice");
  }

  // SHALL: every record kind is submitted the same way; the Patient is the mother
  // (sukoyaka-pregnant-person) or the child (sukoyaka-child), each item carries its JP Core
  // category
  // and its value type (integer, dateTime with time, date, boolean, string, coded with text).
  @ParameterizedTest
  @ValueSource(
      strings = {
        "valid-postpartum-checkup-with-epds.json",
        "valid-postpartum-care-stay.json",
        "valid-newborn-screening.json",
        "valid-newborn-visit.json",
        "valid-infant-3-4-months.json",
        "valid-municipal-checkup.json",
        "valid-infant-1-month.json",
        "valid-infant-6-7-months.json",
        "valid-infant-9-10-months.json",
        "valid-child-18-months.json",
        "valid-child-3-years.json"
      })
  void everyRecordKindIsAccepted(String file) {
    assertAccepted(validator.validateSubmission(bundle(file)));
  }

  // SHALL: entry:patient 1..2 — a delivery record carries the mother and the newborn, linked by the
  // sukoyaka-mother extension; the newborn's findings at birth are about the newborn.
  @Test
  void deliveryRecordWithTheMotherAndHerNewbornIsAccepted() {
    Bundle bundle = bundle("valid-delivery-with-newborn.json");
    assertThat(bundle.getEntry())
        .filteredOn(entry -> entry.getResource() instanceof Patient)
        .hasSize(2);

    assertAccepted(validator.validateSubmission(bundle));
  }

  // SHALL: entry:patient 1..9 — the mother and each newborn of a multiple birth in one delivery
  // record, each newborn with its birth order.
  @Test
  void deliveryOfTwinsInOneSubmissionIsAccepted() {
    Bundle bundle = twins(bundle("valid-delivery-with-newborn.json"));

    assertAccepted(validator.validateSubmission(bundle));
  }

  @Test
  void tenthPatientIsRejected() {
    Bundle bundle = bundle("valid-delivery-with-newborn.json");
    for (int i = 0; i < 8; i++) {
      Bundle.BundleEntryComponent another = bundle.getEntry().get(1).copy();
      another.setFullUrl("urn:uuid:5f0c1d9e-8a4b-4c55-9d1e-2b7f3c6a0e1" + i);
      bundle.getEntry().add(2, another);
    }

    ValidationReport report = validator.validateSubmission(bundle);

    assertThat(report.isValid()).isFalse();
    assertThat(report.errors())
        .anySatisfy(
            issue -> {
              assertThat(issue.location()).isEqualTo("Bundle");
              assertThat(issue.message()).contains("Bundle.entry:patient");
            });
  }

  /** The delivery example with a second newborn (birth order 2) and its birth weight. */
  static Bundle twins(Bundle delivery) {
    Bundle.BundleEntryComponent first = delivery.getEntry().get(1);
    ((Patient) first.getResource()).setMultipleBirth(new org.hl7.fhir.r4.model.IntegerType(1));
    Bundle.BundleEntryComponent second = first.copy();
    second.setFullUrl("urn:uuid:7d1e2f3a-4b5c-4d6e-8f70-819203a4b5c6");
    ((Patient) second.getResource()).setMultipleBirth(new org.hl7.fhir.r4.model.IntegerType(2));
    delivery.getEntry().add(2, second);
    Bundle.BundleEntryComponent weight =
        delivery.getEntry().stream()
            .filter(
                entry ->
                    entry.getResource() instanceof org.hl7.fhir.r4.model.Observation observation
                        && observation.getCode().getCoding().stream()
                            .anyMatch(coding -> coding.getCode().equals("birth-weight")))
            .findFirst()
            .orElseThrow()
            .copy();
    weight.setFullUrl("urn:uuid:7d1e2f3a-4b5c-4d6e-8f70-819203a4b5c7");
    ((org.hl7.fhir.r4.model.Observation) weight.getResource())
        .getSubject()
        .setReference(second.getFullUrl());
    delivery.addEntry(weight);
    return delivery;
  }

  // SHALL: "The Encounter and every Observation refer to the Patient (and the Observations to the
  // Encounter) of this Bundle by fullUrl" (sky-sub-1)
  @Test
  void observationAboutSomeoneOutsideTheBundleIsRejected() {
    assertRejectedAt(
        validator.validateSubmission(bundle("invalid-observation-outside-bundle-patient.json")),
        "Bundle",
        "sky-sub-1");
  }

  // The validator is shared by all request threads: concurrent validations give the verdicts a
  // single thread gives.
  @Test
  void concurrentSubmissionsFromManyThreadsGetTheirOwnVerdicts() throws Exception {
    Bundle valid = bundle("valid-prenatal-checkup.json");
    Bundle invalid = bundle("invalid-entry-weight-in-cm.json");
    List<Future<Boolean>> verdicts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Bundle submission = (i % 2 == 0 ? valid : invalid).copy();
      verdicts.add(threads.submit(() -> validator.validateSubmission(submission).isValid()));
    }
    for (int i = 0; i < verdicts.size(); i++) {
      assertThat(verdicts.get(i).get()).as("verdict %d", i).isEqualTo(i % 2 == 0);
    }
  }
}
