package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.testing.DeliveryBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PostpartumBundle;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.RecordBundle;
import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.junit.jupiter.api.Test;

class IntakeMapperTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final Personas.Municipality BUNKYO =
      new Personas.Municipality(UUID.randomUUID(), "131059");
  private static final Personas.Mother MOTHER_AT_20_WEEKS =
      new Personas.Mother(
          UUID.randomUUID(),
          UUID.randomUUID(),
          "hanako",
          BUNKYO,
          "R08-0001",
          LocalDate.of(1994, 4, 12));

  private final IntakeMapper mapper = new IntakeMapper(CheckupItemCatalog.load());

  private static Bundle parse(String json) {
    return FHIR.newJsonParser().parseResource(Bundle.class, json);
  }

  private static NewCheckup.NewFinding finding(MappedSubmission mapped, String item) {
    return mapped.checkups().get(0).findings().stream()
        .filter(f -> f.itemCode().equals(item))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aFullVisitBecomesOneCheckupWithAFindingPerItem() {
    MappedSubmission mapped =
        mapper.map(
            parse(PrenatalBundle.fullVisit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20)).json()));

    assertThat(mapped.patient().municipalityCode()).isEqualTo("131059");
    assertThat(mapped.patient().handbookNumber()).isEqualTo("R08-0001");
    assertThat(mapped.patient().birthDate()).isEqualTo(LocalDate.of(1994, 4, 12));
    assertThat(mapped.checkups()).hasSize(1);
    MappedSubmission.DraftCheckup checkup = mapped.checkups().get(0);
    assertThat(checkup.kind()).isEqualTo("prenatal");
    assertThat(checkup.visitDate()).isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(checkup.gestationalAgeDays()).isEqualTo(140);
    assertThat(checkup.findings()).hasSize(10);
    assertThat(finding(mapped, "urine-protein").value())
        .isEqualTo(new FindingValue.Coded(SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM, "negative"));
    assertThat(finding(mapped, "body-weight").sourceSystem()).isEqualTo("http://loinc.org");
    assertThat(mapped.entries()).hasSize(12);
    assertThat(mapped.entries().get(0).id()).isNull();
  }

  @Test
  void gramsAndWeeksAreStoredInTheCanonicalUnits() {
    MappedSubmission mapped =
        mapper.map(
            parse(
                PrenatalBundle.visit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20))
                    .quantity(
                        SukoyakaCanonicals.MEDIS_BODY_MEASUREMENT_SYSTEM, "31000296", "58200", "g")
                    .quantity("http://loinc.org", "11884-4", "20.5", "wk")
                    .json()));

    FindingValue.Quantity weight = (FindingValue.Quantity) finding(mapped, "body-weight").value();
    assertThat(weight.value()).isEqualByComparingTo(new BigDecimal("58.2"));
    assertThat(weight.unit()).isEqualTo("kg");
    FindingValue.Quantity age = (FindingValue.Quantity) finding(mapped, "gestational-age").value();
    assertThat(age.value()).isEqualByComparingTo(new BigDecimal("143.5"));
    assertThat(mapped.checkups().get(0).gestationalAgeDays()).isEqualTo(144);
  }

  @Test
  void aBloodPressurePanelGivesTwoFindingsOfOneObservation() {
    Bundle bundle =
        parse(
            PrenatalBundle.visit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20))
                .quantity("http://loinc.org", "29463-7", "60", "kg")
                .json());
    Observation panel = new Observation();
    panel.setStatus(Observation.ObservationStatus.FINAL);
    panel.setCode(new CodeableConcept(new Coding("http://loinc.org", "85354-9", null)));
    panel.setSubject(((Observation) bundle.getEntry().get(2).getResource()).getSubject().copy());
    panel.setEncounter(
        ((Observation) bundle.getEntry().get(2).getResource()).getEncounter().copy());
    panel
        .addComponent()
        .setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", null)))
        .setValue(
            new Quantity().setValue(121).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
    panel
        .addComponent()
        .setCode(new CodeableConcept(new Coding("http://loinc.org", "8462-4", null)))
        .setValue(
            new Quantity().setValue(79).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
    bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(panel);

    MappedSubmission mapped = mapper.map(bundle);

    NewCheckup.NewFinding systolic = finding(mapped, "systolic-blood-pressure");
    NewCheckup.NewFinding diastolic = finding(mapped, "diastolic-blood-pressure");
    assertThat(((FindingValue.Quantity) systolic.value()).value()).isEqualByComparingTo("121");
    assertThat(((FindingValue.Quantity) diastolic.value()).value()).isEqualByComparingTo("79");
    assertThat(systolic.observationId()).isEqualTo(diastolic.observationId());
  }

  @Test
  void aVisitTimeIsDatedInJapan() {
    Bundle bundle =
        parse(PrenatalBundle.fullVisit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20)).json());
    ((Encounter) bundle.getEntry().get(1).getResource())
        .getPeriod()
        .setStartElement(new DateTimeType("2026-11-20T16:30:00Z"));

    assertThat(mapper.map(bundle).checkups().get(0).visitDate())
        .isEqualTo(LocalDate.of(2026, 11, 21));
  }

  @Test
  void aVisitOfOnlyAMonthIsRefusedWithItsPath() {
    Bundle bundle =
        parse(PrenatalBundle.fullVisit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20)).json());
    ((Encounter) bundle.getEntry().get(1).getResource())
        .getPeriod()
        .setStartElement(new DateTimeType("2026-11"));

    assertThatThrownBy(() -> mapper.map(bundle))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_BUNDLE_STRUCTURE);
              assertThat(e.issues().get(0).expressions())
                  .containsExactly("Bundle.entry[1].resource.period.start");
            });
  }

  @Test
  void aMotherWhosePatientDeclaresTheChildProfileIsNotTheSubjectOfAPrenatalVisit() {
    Bundle bundle =
        parse(PrenatalBundle.fullVisit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20)).json());
    ((Patient) bundle.getEntry().get(0).getResource())
        .getMeta()
        .addProfile(SukoyakaCanonicals.CHILD_PROFILE);

    assertThatThrownBy(() -> mapper.map(bundle))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_ENCOUNTER_SUBJECT_MISMATCH));
  }

  @Test
  void aResourceOfAnotherTypeIsRefusedWhereItStands() {
    Bundle bundle =
        parse(PrenatalBundle.fullVisit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20)).json());
    bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(new Organization());
    int last = bundle.getEntry().size() - 1;

    assertThatThrownBy(() -> mapper.map(bundle))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_BUNDLE_STRUCTURE);
              assertThat(e.issues().get(0).expressions())
                  .containsExactly("Bundle.entry[" + last + "].resource");
            });
  }

  @Test
  void aFindingGivenAsARangeIsRefusedAsNoValueItsItemTakes() {
    Bundle bundle =
        parse(PrenatalBundle.fullVisit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20)).json());
    ((Observation) bundle.getEntry().get(2).getResource())
        .setValue(new Range().setLow(new Quantity(1)).setHigh(new Quantity(2)));

    assertThatThrownBy(() -> mapper.map(bundle))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_PROFILE_VIOLATION);
              assertThat(e.issues().get(0).expressions().get(0))
                  .startsWith("Bundle.entry[2].resource.value");
            });
  }

  @Test
  void aPatientWithTwoHandbookNumbersIsAmbiguous() {
    Bundle bundle =
        parse(PrenatalBundle.fullVisit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20)).json());
    ((Patient) bundle.getEntry().get(0).getResource())
        .addIdentifier()
        .setSystem(SukoyakaCanonicals.handbookNumberSystem("131059"))
        .setValue("R06-0099");

    assertThatThrownBy(() -> mapper.map(bundle))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_BUNDLE_STRUCTURE);
              assertThat(e.issues().get(0).expressions())
                  .containsExactly("Bundle.entry[0].resource.identifier");
            });
  }

  @Test
  void anObservationOfAnotherEncounterIsRefusedWithItsPath() {
    Bundle bundle =
        parse(PrenatalBundle.fullVisit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 20)).json());
    ((Observation) bundle.getEntry().get(4).getResource())
        .getEncounter()
        .setReference("Encounter/elsewhere");

    assertThatThrownBy(() -> mapper.map(bundle))
        .isInstanceOfSatisfying(
            FhirException.class,
            e ->
                assertThat(e.issues().get(0).expressions())
                    .isEqualTo(List.of("Bundle.entry[4].resource.encounter")));
  }

  @Test
  void aDeliveryKnowsTheMotherAndTheNewbornAndWhichFindingsAreTheNewborns() {
    LocalDate born = LocalDate.of(2026, 11, 18);
    MappedSubmission mapped =
        mapper.map(
            DeliveryBundle.of(
                    MOTHER_AT_20_WEEKS,
                    RecordBundle.ChildPatient.newbornOf(MOTHER_AT_20_WEEKS, born).withBirthOrder(2),
                    born)
                .bundle());

    assertThat(mapped.patients())
        .extracting(MappedSubmission.SubmittedPatient::role)
        .containsExactly(Subject.MOTHER, Subject.CHILD);
    MappedSubmission.SubmittedPatient newborn = mapped.patients().get(1);
    assertThat(newborn.birthOrder()).isEqualTo(2);
    assertThat(newborn.familyName()).isNull();
    assertThat(newborn.mother().bundleUrl()).isEqualTo(mapped.patients().get(0).fullUrl());
    MappedSubmission.DraftCheckup checkup = mapped.checkups().get(0);
    assertThat(checkup.kind()).isEqualTo("delivery");
    assertThat(checkup.encounterClass()).isEqualTo("IMP");
    assertThat(checkup.findings()).hasSize(16);
    assertThat(checkup.findingSubjects()).hasSize(9).containsValue(newborn.fullUrl());
    assertThat(finding(mapped, "delivery-datetime").value())
        .isEqualTo(new FindingValue.Moment(java.time.Instant.parse("2026-11-17T20:42:00Z")));
    assertThat(finding(mapped, "apgar-1-minute").value())
        .isEqualTo(new FindingValue.WholeNumber(8));
  }

  @Test
  void aNinetyKilogramInfantIsImplausibleThoughNinetyKilogramsIsAPlausibleMother() {
    Personas.FamilyWithInfant family =
        new Personas.FamilyWithInfant(
            MOTHER_AT_20_WEEKS, UUID.randomUUID(), LocalDate.of(2026, 7, 1));

    assertThatThrownBy(
            () ->
                mapper.map(
                    RecordBundle.aboutChild(
                            RecordBundle.ChildPatient.of(family),
                            "infant-3-4-months",
                            "AMB",
                            LocalDate.of(2026, 11, 1))
                        .quantity("body-weight", "90", "kg")
                        .bundle()))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_IMPLAUSIBLE_VALUE);
              assertThat(e.issues().get(0).diagnostics())
                  .contains("Body weight (体重)")
                  .contains("0.3–80 kg for the child");
            });
    MappedSubmission mother =
        mapper.map(
            parse(
                PrenatalBundle.visit(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 11, 1))
                    .quantity("http://loinc.org", "29463-7", "90", "kg")
                    .json()));
    assertThat(mother.checkups().get(0).findings()).hasSize(1);
  }

  @Test
  void aChildWithoutItsSexIsRefusedThoughTheMothersProfileWouldAcceptThePatient() {
    Personas.FamilyWithInfant family =
        new Personas.FamilyWithInfant(
            MOTHER_AT_20_WEEKS, UUID.randomUUID(), LocalDate.of(2026, 7, 1));
    Bundle bundle =
        RecordBundle.aboutChild(
                RecordBundle.ChildPatient.of(family),
                "infant-3-4-months",
                "AMB",
                LocalDate.of(2026, 11, 1))
            .quantity("body-weight", "6.4", "kg")
            .bundle();
    bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(org.hl7.fhir.r4.model.Patient.class::isInstance)
        .forEach(patient -> ((org.hl7.fhir.r4.model.Patient) patient).setGender(null));

    assertThatThrownBy(() -> mapper.map(bundle))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_BUNDLE_STRUCTURE);
              assertThat(e.issues().get(0).expressions().get(0)).endsWith(".gender");
            });
  }

  @Test
  void theCheckupKindDecidesWhichItemsItRecords() {
    Bundle lochiaAtAPrenatalVisit =
        RecordBundle.aboutMother(MOTHER_AT_20_WEEKS, "prenatal", "AMB", LocalDate.of(2026, 11, 1))
            .coded("lochia", "normal")
            .bundle();

    assertThatThrownBy(() -> mapper.map(lochiaAtAPrenatalVisit))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_ITEM_NOT_AT_THIS_CHECKUP);
              assertThat(e.issues().get(0).diagnostics())
                  .isEqualTo("Lochia (悪露) is not recorded at Prenatal checkup (妊婦健康診査).");
              assertThat(e.issues().get(0).expressions())
                  .containsExactly("Bundle.entry[2].resource.code");
            });
  }

  @Test
  void anEpdsTotalMustBeTheSumOfTheAnswers() {
    assertThatThrownBy(
            () ->
                mapper.map(
                    PostpartumBundle.twoWeeks(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 12, 2))
                        .integer("epds-total-score", 7)
                        .bundle()))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_EPDS_TOTAL_MISMATCH));

    MappedSubmission mapped =
        mapper.map(
            PostpartumBundle.twoWeeks(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 12, 2)).bundle());
    assertThat(finding(mapped, "epds-total-score").value())
        .isEqualTo(new FindingValue.WholeNumber(6));
    assertThat(finding(mapped, "epds-item-2").resourceType()).isEqualTo("QuestionnaireResponse");
    assertThat(mapped.entries())
        .extracting(MappedSubmission.EntryResult::resourceType)
        .contains("QuestionnaireResponse");
  }

  @Test
  void theEpdsAnswersComeOnceNotAlsoAsObservations() {
    Bundle twice =
        PostpartumBundle.twoWeeks(MOTHER_AT_20_WEEKS, LocalDate.of(2026, 12, 2))
            .integer("epds-item-1", 0)
            .bundle();

    assertThatThrownBy(() -> mapper.map(twice))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FHIR_BUNDLE_STRUCTURE);
              assertThat(e.issues().get(0).expressions())
                  .containsExactly("Bundle.entry[9].resource.valueInteger");
            });
  }
}
