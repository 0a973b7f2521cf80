package app.sukoyaka.clinic;

import app.sukoyaka.checkup.NewCheckup;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A clinic's transaction Bundle after mapping, before the patient is matched: who it is about
 * (handbook number and birth date) and the checkups it records.
 *
 * @param entries what each Bundle entry became, in the Bundle's order, for the response
 */
record MappedSubmission(
    String identifierSystem,
    String identifierValue,
    PatientKey patient,
    List<DraftCheckup> checkups,
    List<EntryResult> entries) {

  /** The handbook number (with the issuing municipality's code) and the birth date. */
  record PatientKey(
      int entry, String municipalityCode, String handbookNumber, LocalDate birthDate) {}

  /** A checkup whose municipality, pregnancy and facility are filled in after matching. */
  record DraftCheckup(
      UUID id,
      String kind,
      LocalDate visitDate,
      Integer gestationalAgeDays,
      List<NewCheckup.NewFinding> findings) {}

  /** The resource an entry created: its type and id (null for the matched Patient). */
  record EntryResult(String resourceType, UUID id) {}
}
