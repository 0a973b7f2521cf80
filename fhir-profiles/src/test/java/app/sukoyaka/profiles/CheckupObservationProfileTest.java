package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static app.sukoyaka.profiles.ProfileAssertions.assertAccepted;
import static app.sukoyaka.profiles.ProfileAssertions.assertRejectedAt;
import static app.sukoyaka.profiles.ProfileAssertions.example;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Profile {@code sukoyaka-checkup-observation|0.2.0}; examples under
 * r4/sukoyaka-checkup-observation, plus Observations built from every catalog item to show that the
 * generated invariants accept exactly what the catalog accepts.
 */
class CheckupObservationProfileTest {

  private static final String PROFILE_ID = "sukoyaka-checkup-observation";
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static ValidationReport validate(String file) {
    return validator.validate(example(PROFILE_ID, file, Observation.class));
  }

  @Test
  void profileCanonicalIsPinnedToVersion010() {
    assertThat(SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
  }

  // SHALL: code 1..1 bound (required) to checkup-observation-codes; LOINC and MEDIS codes are
  // accepted offline.
  @Test
  void bodyWeightCodedWithMedisAndLoincIsAccepted() {
    assertAccepted(validate("valid-body-weight-medis-and-loinc.json"));
  }

  // SHALL: "体重 (body-weight) is a Quantity in UCUM kg or g, between 0.3 and 250 kg"
  // (sky-body-weight)
  @Test
  void bodyWeightInGramsIsAccepted() {
    assertAccepted(validate("valid-body-weight-in-grams.json"));
  }

  // SHALL: "妊娠週数 (gestational-age) is a Quantity in UCUM d or wk, between 0 and 315 d"
  @Test
  void gestationalAgeInWeeksIsAccepted() {
    assertAccepted(validate("valid-gestational-age-in-weeks.json"));
  }

  // SHALL: "尿蛋白 (urine-protein) is a CodeableConcept coded negative (−), trace (±), plus-1 (+) …"
  @Test
  void urineProteinWithATestStripGradeIsAccepted() {
    assertAccepted(validate("valid-urine-protein.json"));
  }

  // SHALL: the blood pressure panel 85354-9 "has no value[x] and exactly one component for each of
  // systolic-blood-pressure, diastolic-blood-pressure" (sky-blood-pressure-panel)
  @Test
  void bloodPressurePanelWithSystolicAndDiastolicComponentsIsAccepted() {
    assertAccepted(validate("valid-blood-pressure-panel.json"));
  }

  // SHALL: "value[x] is required unless dataAbsentReason says why it is missing" (sky-obs-value)
  @Test
  void missingValueExplainedByDataAbsentReasonIsAccepted() {
    assertAccepted(validate("valid-data-absent-reason.json"));
  }

  // SHALL: "value[x] is required unless dataAbsentReason says why it is missing or the Observation
  // is a panel that carries its values as components" (sky-obs-value)
  @Test
  void observationWithoutValueIsRejected() {
    assertRejectedAt(validate("invalid-without-value.json"), "Observation", "sky-obs-value");
  }

  // SHALL: "体重 (body-weight) is a Quantity in UCUM kg or g, between 0.3 and 250 kg"
  // (sky-body-weight)
  @Test
  void bodyWeightInCentimetresIsRejected() {
    assertRejectedAt(
        validate("invalid-body-weight-in-cm.json"), "Observation.valueQuantity", "sky-body-weight");
  }

  // SHALL: the same invariant rejects values outside the plausible range (584 kg is a typo).
  @Test
  void implausibleBodyWeightIsRejected() {
    assertRejectedAt(
        validate("invalid-body-weight-implausible.json"),
        "Observation.valueQuantity",
        "sky-body-weight");
  }

  // SHALL: code bound (required) to checkup-observation-codes; LOINC 8867-4 (heart rate) is a real
  // LOINC code but no catalog item.
  @Test
  void codeOutsideTheCatalogIsRejected() {
    assertRejectedAt(
        validate("invalid-unknown-code.json"), "Observation.code", "Terminology_TX_NoValid_1_CC");
  }

  // SHALL: "尿蛋白 (urine-protein) is a CodeableConcept coded negative (−) … of
  // https://sukoyaka.app/fhir/CodeSystem/urine-dipstick" (sky-urine-protein)
  @Test
  void urineProteinAnsweredWithAnOedemaGradeIsRejected() {
    assertRejectedAt(
        validate("invalid-urine-protein-wrong-answer.json"),
        "Observation.valueCodeableConcept",
        "sky-urine-protein");
  }

  // SHALL: the value type of a coded item is CodeableConcept (sky-urine-protein)
  @Test
  void urineProteinSentAsFreeTextIsRejected() {
    assertRejectedAt(
        validate("invalid-urine-protein-as-string.json"),
        "Observation.valueString",
        "sky-urine-protein");
  }

  // SHALL: "exactly one component for each of systolic-blood-pressure, diastolic-blood-pressure"
  // (sky-blood-pressure-panel)
  @Test
  void bloodPressurePanelWithoutDiastolicIsRejected() {
    assertRejectedAt(
        validate("invalid-blood-pressure-panel-without-diastolic.json"),
        "Observation",
        "sky-blood-pressure-panel");
  }

  // SHALL: "A component's value follows its catalog item: systolic-blood-pressure is a Quantity in
  // UCUM mm[Hg] …" (sky-obs-component-value)
  @Test
  void bloodPressureComponentInKilopascalIsRejected() {
    assertRejectedAt(
        validate("invalid-blood-pressure-component-in-kpa.json"),
        "Observation.component[0]",
        "sky-obs-component-value");
  }

  // SHALL: status in final | amended | corrected
  @Test
  void preliminaryResultIsRejected() {
    assertRejectedAt(
        validate("invalid-preliminary-status.json"),
        "Observation.status",
        "Terminology_TX_NoValid_16");
  }

  // SHALL: "The codings of Observation.code name at most one catalog item or panel"
  // (sky-obs-one-item)
  @Test
  void codingsNamingTwoDifferentItemsAreRejected() {
    assertRejectedAt(validate("invalid-two-items.json"), "Observation", "sky-obs-one-item");
  }

  // SHALL: encounter 1..1
  @Test
  void observationWithoutEncounterIsRejected() {
    assertRejectedAt(
        validate("invalid-without-encounter.json"),
        "Observation",
        "Validation_VAL_Profile_Minimum");
  }

  // SHALL: subject 1..1, encounter 1..1, effective[x] 1..1, and the item's invariant; for every
  // accepted coding of every catalog item, every accepted unit (at the middle of the plausible
  // range) and every answer passes.
  @TestFactory
  List<DynamicTest> everyCodingUnitAndAnswerOfTheCatalogIsAccepted() {
    List<DynamicTest> tests = new ArrayList<>();
    for (CatalogItem item : CATALOG.items()) {
      for (CodingRef coding : item.fhirCodes()) {
        for (Observation candidate : acceptableValues(item, coding)) {
          String name = item.code() + " " + coding + " " + describe(candidate);
          tests.add(dynamicTest(name, () -> assertAccepted(validator.validate(candidate))));
        }
      }
    }
    return tests;
  }

  // SHALL: each item's invariant sky-<item-code> rejects a foreign unit, an implausible value and
  // an answer from another item, and points at the value.
  @TestFactory
  List<DynamicTest> everyCatalogItemRejectsValuesItsCatalogEntryDoesNotAllow() {
    List<DynamicTest> tests = new ArrayList<>();
    for (CatalogItem item : CATALOG.items()) {
      CodingRef coding = item.fhirCodes().get(0);
      for (Observation candidate : unacceptableValues(item, coding)) {
        String name = item.code() + " " + describe(candidate);
        tests.add(
            dynamicTest(
                name,
                () ->
                    assertRejectedAt(
                        validator.validate(candidate),
                        valueLocation(candidate),
                        "sky-" + item.code())));
      }
    }
    return tests;
  }

  private static List<Observation> acceptableValues(CatalogItem item, CodingRef coding) {
    List<Observation> observations = new ArrayList<>();
    switch (item.valueType()) {
      case QUANTITY -> {
        BigDecimal middle =
            item.plausibleRange()
                .min()
                .add(item.plausibleRange().max())
                .divide(BigDecimal.valueOf(2));
        for (UnitConversion unit : item.units()) {
          observations.add(
              observation(item, coding)
                  .setValue(
                      quantity(middle.divide(unit.factor(), MathContext.DECIMAL64), unit.ucum())));
        }
      }
      case CODED -> {
        for (AnswerCode answer : item.answers()) {
          CodeableConcept value =
              new CodeableConcept(new Coding(answer.system(), answer.code(), null));
          observations.add(observation(item, coding).setValue(value));
        }
        // The description of a finding travels in the text beside the answer.
        AnswerCode first = item.answers().get(0);
        observations.add(
            observation(item, coding)
                .setValue(
                    new CodeableConcept(new Coding(first.system(), first.code(), null))
                        .setText("右股関節の開排制限")));
      }
      case INTEGER -> {
        observations.add(
            observation(item, coding)
                .setValue(new IntegerType(item.plausibleRange().min().intValueExact())));
        observations.add(
            observation(item, coding)
                .setValue(new IntegerType(item.plausibleRange().max().intValueExact())));
      }
      case BOOLEAN -> {
        observations.add(observation(item, coding).setValue(new BooleanType(true)));
        observations.add(observation(item, coding).setValue(new BooleanType(false)));
      }
      case STRING -> observations.add(observation(item, coding).setValue(new StringType("すこやか病院")));
      case DATE ->
          observations.add(observation(item, coding).setValue(new DateTimeType("2026-11-20")));
      case DATETIME ->
          observations.add(
              observation(item, coding).setValue(new DateTimeType("2026-11-18T22:10:00+09:00")));
      default -> throw new IllegalStateException("No example value for " + item.valueType());
    }
    return observations;
  }

  private static List<Observation> unacceptableValues(CatalogItem item, CodingRef coding) {
    List<Observation> observations = new ArrayList<>();
    switch (item.valueType()) {
      case QUANTITY -> {
        observations.add(observation(item, coding).setValue(quantity(BigDecimal.ONE, "%")));
        BigDecimal tooHigh = item.plausibleRange().max().add(BigDecimal.ONE);
        observations.add(
            observation(item, coding)
                .setValue(quantity(tooHigh, item.canonicalUnit().orElseThrow())));
      }
      case CODED -> {
        AnswerCode foreign =
            CATALOG.items().stream()
                .flatMap(other -> other.answers().stream())
                .filter(answer -> !answer.system().equals(item.answers().get(0).system()))
                .findFirst()
                .orElseThrow();
        observations.add(
            observation(item, coding)
                .setValue(new CodeableConcept(new Coding(foreign.system(), foreign.code(), null))));
      }
      case INTEGER -> {
        observations.add(
            observation(item, coding)
                .setValue(new IntegerType(item.plausibleRange().max().intValueExact() + 1)));
        observations.add(observation(item, coding).setValue(quantity(BigDecimal.ONE, "1")));
      }
      case BOOLEAN -> observations.add(observation(item, coding).setValue(new StringType("はい")));
      case STRING -> observations.add(observation(item, coding).setValue(new BooleanType(true)));
      case DATE ->
          observations.add(observation(item, coding).setValue(new StringType("2026-11-20")));
      case DATETIME ->
          observations.add(observation(item, coding).setValue(new DateTimeType("2026-11-18")));
      default -> throw new IllegalStateException("No example value for " + item.valueType());
    }
    return observations;
  }

  // SHALL: "An Observation of an item of category <c> carries that JP Core category"
  // (sky-category-<c>), for every category the catalog uses.
  @TestFactory
  List<DynamicTest> anItemWithoutItsJpCoreCategoryIsRejected() {
    List<DynamicTest> tests = new ArrayList<>();
    CATALOG.items().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                CatalogItem::category, item -> item, (a, b) -> a, java.util.TreeMap::new))
        .forEach(
            (category, item) -> {
              Observation candidate = acceptableValues(item, item.fhirCodes().get(0)).get(0);
              candidate
                  .getCategoryFirstRep()
                  .getCodingFirstRep()
                  .setCode(category.equals("exam") ? "laboratory" : "exam");
              tests.add(
                  dynamicTest(
                      item.code() + " without " + category,
                      () ->
                          assertRejectedAt(
                              validator.validate(candidate),
                              "Observation",
                              "sky-category-" + category)));
            });
    return tests;
  }

  private static Observation observation(CatalogItem item, CodingRef coding) {
    Observation observation = new Observation();
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation
        .addCategory()
        .addCoding()
        .setSystem(SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM)
        .setCode(item.category());
    observation.getCode().addCoding().setSystem(coding.system()).setCode(coding.code());
    observation.setSubject(new Reference("Patient/example"));
    observation.setEncounter(new Reference("Encounter/example"));
    observation.setEffective(new DateTimeType("2026-11-20"));
    if (item.specimen() != null) {
      observation.setSpecimen(new Reference().setDisplay(item.specimen().ja()));
    }
    return observation;
  }

  private static Quantity quantity(BigDecimal value, String ucum) {
    return new Quantity().setValue(value).setSystem(SukoyakaCanonicals.UCUM_SYSTEM).setCode(ucum);
  }

  /** Where HAPI reports a value[x] failure, e.g. {@code Observation.valueQuantity}. */
  private static String valueLocation(Observation observation) {
    String type = observation.getValue().fhirType();
    return "Observation.value" + Character.toUpperCase(type.charAt(0)) + type.substring(1);
  }

  private static String describe(Observation observation) {
    if (observation.getValue() instanceof Quantity quantity) {
      return quantity.getValue().toPlainString() + " " + quantity.getCode();
    }
    if (observation.getValue() instanceof CodeableConcept concept) {
      return concept.getCodingFirstRep().getCode() + (concept.hasText() ? " + text" : "");
    }
    return observation.getValue().fhirType() + " " + observation.getValue().primitiveValue();
  }
}
