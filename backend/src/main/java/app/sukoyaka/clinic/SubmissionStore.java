package app.sukoyaka.clinic;

import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.NewChild;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.SqlTime;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores a submission whole or not at all: the raw Bundle with its provenance, the children it
 * records for the first time, the checkups and the access-log rows commit together. The unique key
 * on (client, Bundle.identifier) makes concurrent retries of one Bundle store it exactly once; the
 * others get the stored response.
 */
@Singleton
class SubmissionStore {

  private final JdbcOperations jdbc;
  private final CheckupService checkups;
  private final AccessLog accessLog;
  private final FamilyService families;
  private final CheckupItemCatalog catalog;
  private final ImmunizationHistory immunizations;

  SubmissionStore(
      JdbcOperations jdbc,
      CheckupService checkups,
      AccessLog accessLog,
      FamilyService families,
      CheckupItemCatalog catalog,
      ImmunizationHistory immunizations) {
    this.catalog = catalog;
    this.immunizations = immunizations;
    this.jdbc = jdbc;
    this.checkups = checkups;
    this.accessLog = accessLog;
    this.families = families;
  }

  /** What a client already submitted under a Bundle.identifier. */
  record Stored(String payloadSha256, String response) {}

  /** A submission ready to store. */
  record Submission(
      UUID id,
      String clientId,
      UUID facilityId,
      UUID municipalityId,
      String identifierSystem,
      String identifierValue,
      String payloadSha256,
      byte[] payload,
      String response,
      Instant receivedAt,
      List<NewCheckup> checkups,
      List<NewChild> children) {}

  /**
   * One statement, so no transaction of its own; inside {@link #storeOnce} it reads what the
   * conflicting request committed.
   */
  @Connectable
  Optional<Stored> find(String clientId, String system, String value) {
    return jdbc.prepareStatement(
        "SELECT payload_sha256, response FROM raw_submission"
            + " WHERE client_id = ? AND bundle_system = ? AND bundle_value = ?",
        statement -> {
          statement.setString(1, clientId);
          statement.setString(2, system);
          statement.setString(3, value);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next()
                ? Optional.of(new Stored(rs.getString(1), rs.getString(2)))
                : Optional.empty();
          }
        });
  }

  /**
   * Stores the submission and returns its response, or the response of the identical submission
   * that got there first.
   *
   * @throws FhirException when the identifier was used before for different content
   */
  @Transactional
  String storeOnce(Submission submission, Principal principal, List<ProtectedSubject> subjects) {
    Optional<String> earlier = insertRaw(submission);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    for (NewChild child : submission.children()) {
      if (!families.createChild(child, submission.receivedAt())) {
        // Rolls the whole submission back; a retry finds the child recorded and matches it.
        throw new FhirException(
            ErrorCode.FHIR_CONCURRENT_REGISTRATION,
            FhirIssue.error(
                "conflict",
                "Another submission recorded this child at the same time; send the Bundle again."));
      }
    }
    checkups.store(submission.checkups(), submission.id(), submission.receivedAt());
    for (NewCheckup checkup : submission.checkups()) {
      // The delivery record ends the pregnancy's active phase: the handbook turns to the child.
      boolean endsPregnancy =
          catalog.kind(checkup.kind()).map(CheckupKind::endsPregnancy).orElse(false);
      if (endsPregnancy && checkup.pregnancyId() != null) {
        families.markDelivered(checkup.pregnancyId());
      }
    }
    for (ProtectedSubject subject : subjects) {
      accessLog.write(principal, subject, "submit-checkup", "clinic-report");
    }
    return submission.response();
  }

  /**
   * Stores a vaccination submission (the raw Bundle, its records and their credits, the access-log
   * row) and returns its response, or the response of the identical submission that got there
   * first.
   *
   * @param payloads each record's Immunization as the clinic sent it, by record id
   * @throws FhirException when the identifier was used before for different content
   */
  @Transactional
  String storeVaccinationsOnce(
      Submission submission,
      List<ImmunizationRecord> records,
      Map<UUID, String> payloads,
      Principal principal,
      ProtectedSubject subject) {
    Optional<String> earlier = insertRaw(submission);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    immunizations.store(records, payloads);
    accessLog.write(principal, subject, "submit-immunization", "clinic-report");
    return submission.response();
  }

  /**
   * Inserts the raw submission; empty when it is new, else the response to give instead (the stored
   * one for an identical retry that committed first).
   */
  private Optional<String> insertRaw(Submission submission) {
    int inserted =
        jdbc.prepareStatement(
            "INSERT INTO raw_submission (id, client_id, facility_id, municipality_id,"
                + " bundle_system, bundle_value, payload_sha256, payload, response, received_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, convert_from(?, 'UTF8')::jsonb, ?, ?)"
                + " ON CONFLICT (client_id, bundle_system, bundle_value) DO NOTHING",
            statement -> {
              statement.setObject(1, submission.id());
              statement.setString(2, submission.clientId());
              statement.setObject(3, submission.facilityId());
              statement.setObject(4, submission.municipalityId());
              statement.setString(5, submission.identifierSystem());
              statement.setString(6, submission.identifierValue());
              statement.setString(7, submission.payloadSha256());
              // The clinic's bytes as they came: no re-encoding of a large Japanese text.
              statement.setBytes(8, submission.payload());
              statement.setString(9, submission.response());
              SqlTime.setInstant(statement, 10, submission.receivedAt());
              return statement.executeUpdate();
            });
    if (inserted == 1) {
      return Optional.empty();
    }
    // Another request with this identifier committed first (we waited for it on the key).
    Stored stored =
        find(submission.clientId(), submission.identifierSystem(), submission.identifierValue())
            .orElseThrow(() -> new IllegalStateException("Conflicting submission vanished"));
    return Optional.of(replay(stored, submission.payloadSha256(), submission.identifierValue()));
  }

  /** The stored response for an identical retry; a conflict for different content. */
  static String replay(Stored stored, String payloadSha256, String identifierValue) {
    if (!stored.payloadSha256().equals(payloadSha256)) {
      throw new FhirException(
          ErrorCode.FHIR_IDEMPOTENCY_CONFLICT,
          FhirIssue.error(
              "conflict",
              "Bundle.identifier "
                  + identifierValue
                  + " was already used by this clinic for a different Bundle; give each"
                  + " submission its own identifier.",
              "Bundle.identifier"));
    }
    return stored.response();
  }
}
