package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stored vaccination records as {@code sukoyaka-immunization} resources (source, verification,
 * credits), and Immunizations as the drafts the rules read.
 */
class ImmunizationResourcesTest {
  private static final Instant NOW = Instant.parse("2026-11-21T01:00:00Z");
  private static final UUID CHILD = UUID.fromString("8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f");
  private static SukoyakaValidator validator;

  private final ImmunizationResources resources = new ImmunizationResources(VaccineCatalog.load());

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FhirContext.forR4Cached());
  }

  private static ImmunizationRecord record(
      ImmunizationRecord.Coding vaccine,
      String kind,
      String product,
      String dose,
      boolean routine,
      ImmunizationRecord.Source source,
      ImmunizationRecord.Verification verification,
      String country,
      UUID facility,
      List<ImmunizationRecord.Credit> credits) {
    boolean decided = verification != ImmunizationRecord.Verification.UNVERIFIED;
    return new ImmunizationRecord(
        UUID.randomUUID(),
        UUID.randomUUID(),
        CHILD,
        null,
        LocalDate.of(2026, 4, 10),
        vaccine,
        kind,
        product,
        "X123A",
        dose,
        routine,
        source,
        verification,
        decided ? "staff:s-1" : null,
        decided ? NOW : null,
        country,
        facility,
        facility == null ? "Kaiser Permanente Oakland" : null,
        null,
        1,
        null,
        "clinic",
        "clinic-1311234568",
        NOW,
        NOW,
        credits);
  }

  private static void assertConforms(Immunization immunization) {
    ValidationReport report =
        validator.validate(immunization, SukoyakaCanonicals.IMMUNIZATION_PROFILE);
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void aClinicsRoutineDoseIsAPrimarySourceWithItsFacilityProductDoseAndCredit() {
    UUID facility = UUID.randomUUID();
    ImmunizationRecord rota =
        record(
            new ImmunizationRecord.Coding(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, "ROTA", null),
            "ROTA",
            "RV1",
            "2",
            true,
            ImmunizationRecord.Source.CLINIC,
            ImmunizationRecord.Verification.VERIFIED,
            null,
            facility,
            List.of(new ImmunizationRecord.Credit("ROTA", "2")));
    Immunization immunization =
        resources.resource(
            new StoredImmunization(rota, null, null),
            CHILD,
            new Facility(facility, "1311234568", "すこやか小児科"));

    assertConforms(immunization);
    assertThat(immunization.getPrimarySource()).isTrue();
    assertThat(immunization.hasReportOrigin()).isFalse();
    assertThat(immunization.getVaccineCode().getCoding())
        .extracting(Coding::getSystem, Coding::getCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, "ROTA"),
            org.assertj.core.groups.Tuple.tuple(SukoyakaCanonicals.VACCINE_PRODUCT_SYSTEM, "RV1"));
    assertThat(immunization.getPerformerFirstRep().getActor().getIdentifier().getValue())
        .isEqualTo("1311234568");
    assertThat(immunization.getProtocolAppliedFirstRep().getDoseNumber().primitiveValue())
        .isEqualTo("2");
    assertThat(immunization.getProgramEligibilityFirstRep().getCodingFirstRep().getCode())
        .isEqualTo("routine");
    Extension credit = immunization.getExtensionByUrl(SukoyakaCanonicals.CREDIT_EXTENSION);
    assertThat(credit.getExtensionByUrl("series").getValue().primitiveValue()).isEqualTo("ROTA");
    assertThat(credit.getExtensionByUrl("dose").getValue().primitiveValue()).isEqualTo("2");
  }

  @Test
  void aDoseEnteredFromAbroadSaysItsOriginCountryVerificationAndBothCredits() {
    ImmunizationRecord mmrv =
        record(
            new ImmunizationRecord.Coding(SukoyakaCanonicals.CVX_SYSTEM, "94", "MMRV"),
            null,
            null,
            null,
            false,
            ImmunizationRecord.Source.ABROAD,
            ImmunizationRecord.Verification.UNVERIFIED,
            "US",
            null,
            List.of(
                new ImmunizationRecord.Credit("MR", null),
                new ImmunizationRecord.Credit("VAR", null)));
    Immunization immunization =
        resources.resource(new StoredImmunization(mmrv, null, null), CHILD, null);

    assertConforms(immunization);
    assertThat(immunization.getPrimarySource()).isFalse();
    assertThat(immunization.getReportOrigin().getCodingFirstRep().getCode()).isEqualTo("abroad");
    assertThat(
            immunization
                .getExtensionByUrl(SukoyakaCanonicals.VERIFICATION_EXTENSION)
                .getValue()
                .primitiveValue())
        .isEqualTo("unverified");
    assertThat(immunization.getExtensionsByUrl(SukoyakaCanonicals.CREDIT_EXTENSION)).hasSize(2);
    assertThat(
            ((Coding)
                    immunization.getExtensionByUrl(SukoyakaCanonicals.COUNTRY_EXTENSION).getValue())
                .getCode())
        .isEqualTo("US");
    assertThat(immunization.getVaccineCode().getText()).isEqualTo("MMRV");
  }

  @Test
  void aParentsEntryIsReportedByAParentAndARetractedRecordIsEnteredInError() {
    ImmunizationRecord mr =
        record(
            new ImmunizationRecord.Coding(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, "MR", null),
            "MR",
            null,
            "1期",
            true,
            ImmunizationRecord.Source.PARENT,
            ImmunizationRecord.Verification.REJECTED,
            null,
            null,
            List.of(new ImmunizationRecord.Credit("MR", "1期")));
    Immunization rejected =
        resources.resource(new StoredImmunization(mr, "日付が違います", null), CHILD, null);
    assertConforms(rejected);
    assertThat(rejected.getReportOrigin().getCodingFirstRep().getCode()).isEqualTo("parent");

    Immunization retracted = resources.resource(new StoredImmunization(mr, null, NOW), CHILD, null);
    assertThat(retracted.getStatus()).isEqualTo(Immunization.ImmunizationStatus.ENTEREDINERROR);
  }

  @Test
  void anImmunizationFromAbroadBecomesADraftWithItsForeignDoseNumberAndCountry() {
    Immunization abroad = new Immunization();
    abroad.setStatus(Immunization.ImmunizationStatus.COMPLETED);
    abroad.getVaccineCode().addCoding(new Coding(SukoyakaCanonicals.CVX_SYSTEM, "94", "MMRV"));
    abroad.setPatient(new Reference("Patient/" + CHILD));
    abroad.setOccurrence(new DateTimeType("2026-03-01T23:30:00-08:00"));
    abroad.addProtocolApplied().setDoseNumber(new PositiveIntType(1));
    abroad.addExtension(
        SukoyakaCanonicals.COUNTRY_EXTENSION,
        new Coding(SukoyakaCanonicals.ISO_3166_SYSTEM, "US", null));
    abroad.addPerformer().setActor(new Reference().setDisplay("Kaiser Permanente Oakland"));

    VaccinationDraft draft = resources.draft(abroad, "Immunization");

    assertThat(draft.codings()).hasSize(1);
    // 23:30 in California on 1 March is 2 March in Japan.
    assertThat(draft.date()).isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(draft.foreignDoseNumber()).isEqualTo(1);
    assertThat(draft.doseLabel()).isNull();
    assertThat(draft.country()).isEqualTo("US");
    assertThat(draft.abroad()).isTrue();
    assertThat(draft.routine()).isNull();
    assertThat(draft.performerName()).isEqualTo("Kaiser Permanente Oakland");
  }

  @Test
  void aVaccinationNotGivenIsNotADraft() {
    Immunization notDone = new Immunization();
    notDone.setStatus(Immunization.ImmunizationStatus.NOTDONE);
    notDone
        .getVaccineCode()
        .addCoding(new Coding(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, "BCG", null));
    notDone.setOccurrence(new DateTimeType("2026-03-01"));
    assertThatThrownBy(() -> resources.draft(notDone, "Bundle.entry[1].resource"))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.IMMUNIZATION_NOT_COMPLETED);
              assertThat(e.issues().get(0).expressions())
                  .containsExactly("Bundle.entry[1].resource.status");
            });
  }
}
