package app.sukoyaka.testing;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Vaccination records of a child written straight into {@code immunization_record} and {@code
 * immunization_credit}, as clinic intake and parent entries store them, for tests that read them
 * back.
 */
public final class StoredVaccinations {
  private StoredVaccinations() {}

  /** A dose a clinic recorded, verified, counting as that dose of that series. */
  public static UUID clinicDose(
      Personas.FamilyWithInfant family,
      UUID facilityId,
      String vaccine,
      String dose,
      LocalDate date,
      String product,
      Instant recordedAt) {
    return insert(
        family,
        facilityId,
        "clinic",
        "verified",
        "clinic",
        vaccine,
        dose,
        date,
        product,
        recordedAt);
  }

  /**
   * A parent's own entry, not confirmed yet, without a dose label (the family wrote down the day
   * and the vaccine, not which dose it was).
   */
  public static UUID parentEntry(
      Personas.FamilyWithInfant family, String vaccine, LocalDate date, Instant recordedAt) {
    return insert(
        family, null, "parent", "unverified", "guardian", vaccine, null, date, null, recordedAt);
  }

  /** Marks a record rejected by staff, as the verification of a parent's entry does. */
  public static void reject(UUID recordId) {
    Db.update(
        "UPDATE immunization_record SET verification = 'rejected', verified_by = 'staff-test',"
            + " verified_at = now() WHERE id = ?",
        recordId);
  }

  private static UUID insert(
      Personas.FamilyWithInfant family,
      UUID facilityId,
      String source,
      String verification,
      String role,
      String vaccine,
      String dose,
      LocalDate date,
      String product,
      Instant recordedAt) {
    UUID id = UUID.randomUUID();
    UUID municipality = family.mother().municipality().id();
    boolean verified = verification.equals("verified");
    Db.update(
        "INSERT INTO immunization_record (id, municipality_id, child_id, occurrence_date,"
            + " vaccine_system, vaccine_code, vaccine_kind, product, dose_label, routine, source,"
            + " verification, verified_by, verified_at, facility_id, recorded_by_role,"
            + " recorded_by, recorded_at, updated_at)"
            + " VALUES (?, ?, ?, ?, 'https://sukoyaka.app/fhir/CodeSystem/vaccine-kind', ?, ?, ?,"
            + " ?, true, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        municipality,
        family.childId(),
        Date.valueOf(date),
        vaccine,
        vaccine,
        product,
        dose,
        source,
        verification,
        verified ? "clinic:clinic-test" : null,
        verified ? Timestamp.from(recordedAt) : null,
        facilityId,
        role,
        role + "-test",
        Timestamp.from(recordedAt),
        Timestamp.from(recordedAt));
    Db.update(
        "INSERT INTO immunization_credit (record_id, municipality_id, child_id, vaccine,"
            + " dose_label) VALUES (?, ?, ?, ?, ?)",
        id,
        municipality,
        family.childId(),
        vaccine,
        dose);
    return id;
  }
}
