package app.sukoyaka.clinic;

import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.profiles.Subject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A clinic's transaction Bundle after mapping, before its Patients are matched: who each Patient is
 * (the mother by handbook number and birth date, a child by handbook number and birth order) and
 * the checkup it records.
 *
 * @param patients the Bundle's Patients, in the Bundle's order
 * @param entries what each Bundle entry became, in the Bundle's order, for the response
 */
record MappedSubmission(
    String identifierSystem,
    String identifierValue,
    List<SubmittedPatient> patients,
    List<DraftCheckup> checkups,
    List<EntryResult> entries) {

  /** The key of the Patient the Encounter is about. */
  PatientKey patient() {
    return encounterSubject().key();
  }

  SubmittedPatient encounterSubject() {
    return patients.stream().filter(SubmittedPatient::encounterSubject).findFirst().orElseThrow();
  }

  /** The handbook number (with the issuing municipality's code) and the birth date. */
  record PatientKey(
      int entry, String municipalityCode, String handbookNumber, LocalDate birthDate) {}

  /**
   * A Patient of the submission.
   *
   * @param role the mother or a child
   * @param encounterSubject whether the Encounter is about this Patient
   * @param birthOrder a child's place among multiples (1 unless twins or more)
   * @param sex a child's sex: female, male or unknown
   * @param familyName a child's names, each null when not given (a newborn may have none yet)
   * @param mother whom a child names as its mother, if anyone
   */
  record SubmittedPatient(
      String fullUrl,
      Subject role,
      boolean encounterSubject,
      PatientKey key,
      int birthOrder,
      String sex,
      String familyName,
      String givenName,
      String familyNameKana,
      String givenNameKana,
      MotherRef mother) {

    static SubmittedPatient mother(String fullUrl, boolean encounterSubject, PatientKey key) {
      return new SubmittedPatient(
          fullUrl,
          Subject.MOTHER,
          encounterSubject,
          key,
          1,
          "female",
          null,
          null,
          null,
          null,
          null);
    }
  }

  /**
   * The mother a child names: another Patient of the Bundle (its fullUrl), or the handbook number
   * of her pregnancy.
   */
  record MotherRef(String bundleUrl, String municipalityCode, String handbookNumber) {}

  /**
   * A checkup whose municipality, subject and facility are filled in after matching.
   *
   * @param findingSubjects for findings about another Patient than the Encounter's subject (the
   *     newborn at a delivery): finding id → that Patient's fullUrl
   */
  record DraftCheckup(
      UUID id,
      String kind,
      String encounterClass,
      String kindName,
      LocalDate visitDate,
      Integer gestationalAgeDays,
      List<NewCheckup.NewFinding> findings,
      Map<UUID, String> findingSubjects) {}

  /**
   * The resource an entry created: its type and id (null for a Patient, which is matched or
   * recorded after mapping) and the entry's fullUrl.
   */
  record EntryResult(String resourceType, UUID id, String fullUrl) {}
}
