package app.sukoyaka.clinic;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.fhir.ImmunizationResources;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationEntryException;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.VaccinationRules;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic's vaccination submission from the validated Bundle to the records to store: the person
 * matched (a child by handbook number, birth order and birth date; the pregnant person by handbook
 * number and birth date), each dose held to the vaccination rules (a vaccine kind of the catalog,
 * given to this kind of person, routine only when it can be, a dose label of its series, given by
 * this clinic). Reads only; the records are stored with the submission.
 */
@Singleton
class VaccinationIntake {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final VaccinationIntakeMapper mapper;
  private final VaccinationRules rules;
  private final FamilyService families;
  private final MunicipalityRepository municipalities;
  private final ImmunizationHistory history;
  private final Clock clock;

  VaccinationIntake(
      FhirContext context,
      VaccineCatalog catalog,
      FamilyService families,
      MunicipalityRepository municipalities,
      ImmunizationHistory history,
      Clock clock) {
    this.mapper =
        new VaccinationIntakeMapper(
            new ImmunizationResources(catalog),
            immunization -> context.newJsonParser().encodeResourceToString(immunization));
    this.rules = new VaccinationRules(catalog);
    this.families = families;
    this.municipalities = municipalities;
    this.history = history;
    this.clock = clock;
  }

  /**
   * A submission ready to store once it has its id.
   *
   * @param patientId the Patient the person is here (the child's id, or the pregnant person's)
   * @param subject the child or the pregnancy, for the access policy and the access log
   */
  record Prepared(
      VaccinationIntakeMapper.Mapped mapped,
      UUID municipalityId,
      UUID childId,
      UUID pregnancyId,
      UUID patientId,
      ProtectedSubject subject,
      List<VaccinationRules.Checked> checked,
      Facility facility) {

    /** The records of the doses, from the submission with this id, stored at {@code now}. */
    List<ImmunizationRecord> records(UUID submissionId, Principal principal, Instant now) {
      List<ImmunizationRecord> records = new ArrayList<>();
      for (int i = 0; i < mapped.doses().size(); i++) {
        VaccinationIntakeMapper.Dose dose = mapped.doses().get(i);
        VaccinationRules.Checked rule = checked.get(i);
        records.add(
            new ImmunizationRecord(
                dose.id(),
                municipalityId,
                childId,
                pregnancyId,
                dose.draft().date(),
                rule.vaccine(),
                rule.kind().code(),
                rule.product(),
                blankToNull(dose.draft().lotNumber()),
                rule.doseLabel(),
                rule.routine(),
                ImmunizationRecord.Source.CLINIC,
                ImmunizationRecord.Verification.VERIFIED,
                principal.actorId(),
                now,
                dose.draft().country(),
                facility.id(),
                blankToNull(dose.draft().performerName()) == null
                    ? facility.name()
                    : dose.draft().performerName().strip(),
                blankToNull(dose.draft().note()),
                1,
                submissionId,
                principal.role().claim(),
                principal.subject(),
                now,
                now,
                rule.credits()));
      }
      return records;
    }

    Map<UUID, String> payloads() {
      Map<UUID, String> payloads = new LinkedHashMap<>();
      mapped.doses().forEach(dose -> payloads.put(dose.id(), dose.payload()));
      return payloads;
    }
  }

  Prepared prepare(org.hl7.fhir.r4.model.Bundle bundle, Principal principal) {
    VaccinationIntakeMapper.Mapped mapped = mapper.map(bundle);
    Facility facility =
        history.facilities(List.of(principal.facilityId())).get(principal.facilityId());
    if (facility == null) {
      throw new IllegalStateException("Clinic without facility " + principal.facilityId());
    }
    VaccinationIntakeMapper.Vaccinated person = mapped.person();
    LocalDate firstDose =
        mapped.doses().stream()
            .map(d -> d.draft().date())
            .filter(java.util.Objects::nonNull)
            .min(LocalDate::compareTo)
            .orElse(null);
    Optional<Child> child =
        person.declared() == Subject.MOTHER
            ? Optional.empty()
            : child(person, principal.municipalityIds(), firstDose);
    Optional<Pregnancy> pregnancy =
        child.isPresent() || person.declared() == Subject.CHILD
            ? Optional.empty()
            : families.pregnancyByHandbook(
                person.municipalityCode(), person.handbookNumber(), person.birthDate());
    if (child.isEmpty() && pregnancy.isEmpty()) {
      throw new FhirException(
          ErrorCode.FHIR_UNKNOWN_HANDBOOK,
          FhirIssue.error(
              "not-found",
              "No child (handbook number, birth order, birth date) nor pregnant person (handbook"
                  + " number, birth date) of the issuing municipality matches this Patient.",
              person.identifierPath()));
    }
    VaccinationRules.Person vaccinated =
        child.isPresent()
            ? new VaccinationRules.Person(Subject.CHILD, child.get().birthDate(), child.get().sex())
            : new VaccinationRules.Person(
                Subject.MOTHER, pregnancy.get().motherBirthDate(), "female");
    LocalDate today = LocalDate.now(clock.withZone(JAPAN));
    List<VaccinationRules.Checked> checked = new ArrayList<>();
    for (VaccinationIntakeMapper.Dose dose : mapped.doses()) {
      if (dose.draft().foreignDoseNumber() != null) {
        throw new FhirException(
            ErrorCode.IMMUNIZATION_DOSE_NOT_IN_SERIES,
            FhirIssue.error(
                "business-rule",
                "A clinic names the dose by its label in the Japanese schedule, as"
                    + " doseNumberString ('1', '4', '1期', '1期初回1' …).",
                dose.path("protocolApplied[0].doseNumber")));
      }
      if (!facility.medicalInstitutionCode().equals(dose.draft().performerCode())) {
        throw new FhirException(
            ErrorCode.IMMUNIZATION_PERFORMER_NOT_SUBMITTER,
            FhirIssue.error(
                "business-rule",
                "The performer's 医療機関コード "
                    + dose.draft().performerCode()
                    + " is not this clinic's ("
                    + facility.medicalInstitutionCode()
                    + "); a clinic submits the doses it gave.",
                dose.path("performer[0].actor.identifier")));
      }
      try {
        checked.add(rules.check(dose.draft(), vaccinated, today, true));
      } catch (ImmunizationEntryException refused) {
        String element = ImmunizationResources.element(refused.field());
        throw new FhirException(
            refused.errorCode(),
            FhirIssue.error(
                refused.errorCode().status() == 422 ? "business-rule" : "invalid",
                refused.getMessage(),
                dose.path(element)));
      }
    }
    if (child.isPresent()) {
      return new Prepared(
          mapped,
          child.get().municipalityId(),
          child.get().id(),
          null,
          child.get().id(),
          FamilySubjects.of(child.get()),
          checked,
          facility);
    }
    return new Prepared(
        mapped,
        pregnancy.get().municipalityId(),
        null,
        pregnancy.get().id(),
        pregnancy.get().personId(),
        FamilySubjects.of(pregnancy.get(), java.util.Set.of()),
        checked,
        facility);
  }

  /**
   * The child by any handbook number it has had, in the municipality that serves it now (see {@link
   * HandbookResolution}); refused when the clinic serves only a municipality the child left before
   * the dose.
   */
  private Optional<Child> child(
      VaccinationIntakeMapper.Vaccinated person, Set<UUID> served, LocalDate firstDose) {
    Optional<HandbookResolution.Resolved> resolved =
        HandbookResolution.resolve(
            families.handbookHolders(
                person.municipalityCode(), person.handbookNumber(), person.birthOrder()),
            person.birthDate(),
            served,
            firstDose);
    if (resolved.isEmpty()) {
      return Optional.empty();
    }
    if (resolved.get().movedAway()) {
      throw PatientMatcher.movedAway(resolved.get().holder(), person.identifierPath());
    }
    return families.child(resolved.get().holder().childId());
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
