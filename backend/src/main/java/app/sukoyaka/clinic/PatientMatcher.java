package app.sukoyaka.clinic;

import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.NewChild;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.security.ProtectedSubject;
import jakarta.inject.Singleton;
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

  Matched match(MappedSubmission mapped) {
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
      MunicipalityRow municipality =
          municipalities
              .findByCode(key.municipalityCode())
              .orElseThrow(() -> unknownChild(identifierPath));
      Optional<Child> existing =
          families.childByHandbook(municipality.id(), key.handbookNumber(), patient.birthOrder());
      UUID id;
      if (existing.isPresent()) {
        if (!existing.get().birthDate().equals(key.birthDate())) {
          throw unknownChild(identifierPath);
        }
        id = existing.get().id();
        subjects.add(FamilySubjects.of(existing.get()));
      } else {
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
        id = child.id();
        subjects.add(FamilySubjects.of(child, pregnancy));
      }
      patientIds.put(patient.fullUrl(), id);
      if (patient.encounterSubject()) {
        childId = id;
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
