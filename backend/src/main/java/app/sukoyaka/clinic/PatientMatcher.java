package app.sukoyaka.clinic;

import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.HandbookHolder;
import app.sukoyaka.family.NewChild;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Finds the handbook records a submission's Patients are: the mother's pregnancy by handbook number
 * and birth date; a child by handbook number, birth order and birth date. A child not yet recorded
 * (a newborn at its delivery, or at its first screening) is recorded under the pregnancy its mother
 * is named by, or the pregnancy with its handbook number. Reads only; the new children are stored
 * with the submission.
 */
@Singleton
class PatientMatcher {
  private final FamilyService families;
  private final MunicipalityRepository municipalities;

  PatientMatcher(FamilyService families, MunicipalityRepository municipalities) {
    this.families = families;
    this.municipalities = municipalities;
  }

  /**
   * The matched submission.
   *
   * @param municipalityId the municipality of the Encounter's subject
   * @param patientIds each Patient's fullUrl → its Patient id here (a person's or a child's id)
   * @param created fullUrls of the Patients recorded now (new children)
   * @param subjects the pregnancies and children the submission writes to, for the access policy
   */
  record Matched(
      UUID municipalityId,
      Pregnancy pregnancy,
      UUID childId,
      Map<String, UUID> patientIds,
      Set<String> created,
      List<NewChild> newChildren,
      List<ProtectedSubject> subjects) {

    /** The checkups with their subject and facility, findings about a newborn naming it. */
    List<NewCheckup> checkups(MappedSubmission mapped, UUID facilityId) {
      List<NewCheckup> checkups = new ArrayList<>();
      for (MappedSubmission.DraftCheckup draft : mapped.checkups()) {
        List<NewCheckup.NewFinding> findings = new ArrayList<>();
        for (NewCheckup.NewFinding finding : draft.findings()) {
          String about = draft.findingSubjects().get(finding.id());
          findings.add(about == null ? finding : finding.about(patientIds.get(about)));
        }
        checkups.add(
            new NewCheckup(
                draft.id(),
                draft.kind(),
                draft.encounterClass(),
                draft.kindName(),
                municipalityId,
                childId == null ? pregnancy.id() : null,
                childId,
                facilityId,
                draft.visitDate(),
                draft.gestationalAgeDays(),
                findings));
      }
      return checkups;
    }
  }

  /**
   * @param principal the submitting clinic: the municipalities it serves choose among the records
   *     of a child that moved with its handbook
   */
  Matched match(MappedSubmission mapped, Principal principal) {
    LocalDate visitDate =
        mapped.checkups().stream()
            .map(MappedSubmission.DraftCheckup::visitDate)
            .filter(java.util.Objects::nonNull)
            .min(LocalDate::compareTo)
            .orElse(null);
    Map<String, UUID> patientIds = new LinkedHashMap<>();
    Map<String, Pregnancy> pregnancies = new LinkedHashMap<>();
    List<ProtectedSubject> subjects = new ArrayList<>();
    for (MappedSubmission.SubmittedPatient patient : mapped.patients()) {
      if (patient.role() == Subject.MOTHER) {
        Pregnancy pregnancy = pregnancy(patient.key());
        pregnancies.put(patient.fullUrl(), pregnancy);
        patientIds.put(patient.fullUrl(), pregnancy.personId());
        if (patient.encounterSubject()) {
          subjects.add(FamilySubjects.of(pregnancy, Set.of()));
        }
      }
    }
    MappedSubmission.SubmittedPatient subject = mapped.encounterSubject();
    Set<String> created = new HashSet<>();
    List<NewChild> newChildren = new ArrayList<>();
    UUID childId = null;
    UUID municipalityId =
        subject.role() == Subject.MOTHER
            ? pregnancies.get(subject.fullUrl()).municipalityId()
            : null;
    for (MappedSubmission.SubmittedPatient patient : mapped.patients()) {
      if (patient.role() != Subject.CHILD) {
        continue;
      }
      MappedSubmission.PatientKey key = patient.key();
      String identifierPath = "Bundle.entry[" + key.entry() + "].resource.identifier";
      Optional<Child> existing =
          existingChild(
              key, patient.birthOrder(), principal.municipalityIds(), visitDate, identifierPath);
      if (existing.isPresent()) {
        subjects.add(FamilySubjects.of(existing.get()));
        patientIds.put(patient.fullUrl(), existing.get().id());
        if (patient.encounterSubject()) {
          childId = existing.get().id();
          municipalityId = existing.get().municipalityId();
        }
        continue;
      }
      MunicipalityRow municipality =
          municipalities
              .findByCode(key.municipalityCode())
              .orElseThrow(() -> unknownChild(identifierPath));
      Pregnancy pregnancy =
          pregnancyOf(patient, pregnancies, subject, municipality)
              .orElseThrow(() -> unknownChild(identifierPath));
      NewChild child =
          new NewChild(
              Ids.newId(),
              municipality.id(),
              pregnancy.id(),
              pregnancy.personId(),
              key.handbookNumber(),
              patient.familyName(),
              patient.givenName(),
              patient.familyNameKana(),
              patient.givenNameKana(),
              key.birthDate(),
              patient.sex(),
              patient.birthOrder());
      newChildren.add(child);
      created.add(patient.fullUrl());
      subjects.add(FamilySubjects.of(child, pregnancy));
      patientIds.put(patient.fullUrl(), child.id());
      if (patient.encounterSubject()) {
        childId = child.id();
        municipalityId = municipality.id();
      }
    }
    return new Matched(
        municipalityId,
        pregnancies.get(subject.fullUrl()),
        childId,
        patientIds,
        created,
        newChildren,
        subjects);
  }

  /**
   * The recorded child the key names: by every handbook number a child has had (its own, and those
   * it carried when it moved in), in the municipality that serves it now.
   *
   * @throws FhirException the clinic serves only a municipality the child moved away from before
   *     the visit
   */
  private Optional<Child> existingChild(
      MappedSubmission.PatientKey key,
      int birthOrder,
      Set<UUID> served,
      LocalDate visitDate,
      String identifierPath) {
    List<HandbookHolder> holders =
        families.handbookHolders(key.municipalityCode(), key.handbookNumber(), birthOrder);
    Optional<HandbookResolution.Resolved> resolved =
        HandbookResolution.resolve(holders, key.birthDate(), served, visitDate);
    if (resolved.isEmpty()) {
      if (!holders.isEmpty()) {
        // A child has this number, born on another day: not a new child to record.
        throw unknownChild(identifierPath);
      }
      return Optional.empty();
    }
    if (resolved.get().movedAway()) {
      throw movedAway(resolved.get().holder(), identifierPath);
    }
    return families.child(resolved.get().holder().childId());
  }

  /** The refusal of a record of a child who moved away, naming where the child went. */
  static FhirException movedAway(HandbookHolder holder, String path) {
    HandbookHolder.Move move = holder.movedTo();
    return new FhirException(
        ErrorCode.CLINIC_CHILD_MOVED_AWAY,
        FhirIssue.error(
            "business-rule",
            "The child moved from municipality "
                + holder.municipalityCode()
                + " to "
                + move.name()
                + " ("
                + move.code()
                + "), which took the child in on "
                + move.on()
                + "; a visit since then is recorded by "
                + move.name()
                + ", and this clinic has no contract with it. Nothing was stored: submit it"
                + " under "
                + move.name()
                + "'s 乳幼児健診/予防接種 arrangements (or through a visit the family granted"
                + " with its QR code).",
            path));
  }

  /**
   * The pregnancy a new child is recorded under: its named mother's (another Patient of the Bundle
   * or a handbook number), the mother's at her delivery, or the one with the child's handbook
   * number.
   */
  private Optional<Pregnancy> pregnancyOf(
      MappedSubmission.SubmittedPatient child,
      Map<String, Pregnancy> pregnancies,
      MappedSubmission.SubmittedPatient subject,
      MunicipalityRow municipality) {
    MappedSubmission.MotherRef mother = child.mother();
    if (mother != null && mother.bundleUrl() != null) {
      return Optional.ofNullable(pregnancies.get(mother.bundleUrl()));
    }
    if (mother != null) {
      return municipalities
          .findByCode(mother.municipalityCode())
          .flatMap(m -> families.pregnancyByHandbookNumber(m.id(), mother.handbookNumber()));
    }
    if (subject.role() == Subject.MOTHER) {
      return Optional.of(pregnancies.get(subject.fullUrl()));
    }
    return families.pregnancyByHandbookNumber(municipality.id(), child.key().handbookNumber());
  }

  private Pregnancy pregnancy(MappedSubmission.PatientKey key) {
    String identifierPath = "Bundle.entry[" + key.entry() + "].resource.identifier";
    // One statement: the municipality by its code and the pregnancy together.
    return families
        .pregnancyByHandbook(key.municipalityCode(), key.handbookNumber(), key.birthDate())
        .orElseThrow(() -> unknownHandbook(identifierPath));
  }

  private static FhirException unknownHandbook(String path) {
    return new FhirException(
        ErrorCode.FHIR_UNKNOWN_HANDBOOK,
        FhirIssue.error(
            "not-found",
            "No pregnancy has this handbook number with this birth date in the issuing"
                + " municipality.",
            path));
  }

  private static FhirException unknownChild(String path) {
    return new FhirException(
        ErrorCode.FHIR_UNKNOWN_HANDBOOK,
        FhirIssue.error(
            "not-found",
            "No child has this handbook number, birth order and birth date in the issuing"
                + " municipality, and neither the mother named on the child nor this handbook"
                + " number leads to a pregnancy to record the child under.",
            path));
  }
}
