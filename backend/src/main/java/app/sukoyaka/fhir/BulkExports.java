package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FHIR bulk data export for municipal staff, limited to their municipality: a request becomes a
 * job, a worker (one job at a time per instance; instances claim with SKIP LOCKED, so a job runs
 * once) writes one NDJSON file per resource type, and the files can be fetched until they expire.
 */
@Singleton
class BulkExports {
  static final List<String> TYPES =
      List.of("Patient", "Encounter", "Observation", "QuestionnaireResponse", "Immunization");
  private static final Duration KEEP_FOR = Duration.ofDays(1);
  private static final Logger LOG = LoggerFactory.getLogger(BulkExports.class);

  private final JdbcOperations jdbc;
  private final TransactionOperations<Connection> transactions;
  private final FamilyService families;
  private final CheckupService checkups;
  private final HandbookFhirMapper mapper;
  private final FhirContext context;
  private final AccessLog accessLog;
  private final Clock clock;
  private final ImmunizationHistory immunizations;
  private final ImmunizationResources immunizationResources;

  BulkExports(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FamilyService families,
      CheckupService checkups,
      CheckupItemCatalog catalog,
      FhirContext context,
      AccessLog accessLog,
      Clock clock,
      ImmunizationHistory immunizations,
      VaccineCatalog vaccines) {
    this.immunizations = immunizations;
    this.immunizationResources = new ImmunizationResources(vaccines);
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.families = families;
    this.checkups = checkups;
    this.mapper = new HandbookFhirMapper(catalog);
    this.context = context;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** A job's state, and its files once completed. */
  record Job(
      UUID id,
      UUID municipalityId,
      String requestedBy,
      String requestUrl,
      String status,
      Instant transactionTime,
      String error,
      Map<String, Integer> counts) {}

  UUID start(Principal principal, List<String> types, Instant since, String requestUrl) {
    UUID municipality = staffMunicipality(principal);
    UUID id = Ids.newId();
    Instant now = clock.instant();
    transactions.executeWrite(
        status -> {
          jdbc.prepareStatement(
              "INSERT INTO export_job (id, municipality_id, requested_by, request_url,"
                  + " resource_types, since, status, transaction_time, created_at, expires_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
              statement -> {
                statement.setObject(1, id);
                statement.setObject(2, municipality);
                statement.setString(3, principal.subject());
                statement.setString(4, requestUrl);
                statement.setArray(
                    5, statement.getConnection().createArrayOf("text", types.toArray()));
                statement.setTimestamp(6, since == null ? null : Timestamp.from(since));
                statement.setTimestamp(7, Timestamp.from(now));
                statement.setTimestamp(8, Timestamp.from(now));
                statement.setTimestamp(9, Timestamp.from(now.plus(KEEP_FOR)));
                return statement.executeUpdate();
              });
          accessLog.write(
              principal,
              new ProtectedSubject("municipality", municipality, municipality, Set.of(), Set.of()),
              "bulk-export " + String.join(",", types),
              "municipal-records");
          return null;
        });
    return id;
  }

  /** The job, if it belongs to the caller's municipality and has not expired. */
  Job job(Principal principal, UUID id) {
    UUID municipality = staffMunicipality(principal);
    Job job =
        find(id)
            .filter(j -> j.municipalityId().equals(municipality))
            .orElseThrow(
                () ->
                    new FhirException(
                        ErrorCode.NOT_FOUND, FhirIssue.error("not-found", "No such export job.")));
    return job;
  }

  String file(Principal principal, UUID id, String type) {
    job(principal, id);
    return transactions.executeRead(status -> ndjson(id, type));
  }

  private String ndjson(UUID id, String type) {
    return jdbc.prepareStatement(
        "SELECT ndjson FROM export_file WHERE job_id = ? AND resource_type = ?",
        statement -> {
          statement.setObject(1, id);
          statement.setString(2, type);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              throw new FhirException(
                  ErrorCode.NOT_FOUND, FhirIssue.error("not-found", "No such export file."));
            }
            return rs.getString(1);
          }
        });
  }

  void delete(Principal principal, UUID id) {
    job(principal, id);
    transactions.executeWrite(
        status ->
            jdbc.prepareStatement(
                "DELETE FROM export_job WHERE id = ?",
                statement -> {
                  statement.setObject(1, id);
                  return statement.executeUpdate();
                }));
  }

  /** Runs the oldest pending job, if any; also drops expired ones ({@link BulkExportWorker}). */
  void work() {
    Optional<UUID> claimed =
        transactions.executeWrite(
            status -> {
              jdbc.prepareStatement(
                  "DELETE FROM export_job WHERE expires_at < ?",
                  statement -> {
                    statement.setTimestamp(1, Timestamp.from(clock.instant()));
                    return statement.executeUpdate();
                  });
              return jdbc.prepareStatement(
                  "UPDATE export_job SET status = 'running' WHERE id = (SELECT id FROM export_job"
                      + " WHERE status = 'pending' ORDER BY created_at"
                      + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id",
                  statement -> {
                    try (ResultSet rs = statement.executeQuery()) {
                      return rs.next()
                          ? Optional.of(rs.getObject(1, UUID.class))
                          : Optional.<UUID>empty();
                    }
                  });
            });
    claimed.ifPresent(this::run);
  }

  private void run(UUID id) {
    Map<String, Object> job =
        transactions.executeRead(
            status ->
                jdbc.prepareStatement(
                    "SELECT municipality_id, resource_types, since FROM export_job WHERE id = ?",
                    statement -> {
                      statement.setObject(1, id);
                      try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        Map<String, Object> row = new HashMap<>();
                        row.put("municipality", rs.getObject(1, UUID.class));
                        Array types = rs.getArray(2);
                        row.put("types", List.of((String[]) types.getArray()));
                        Timestamp since = rs.getTimestamp(3);
                        row.put("since", since == null ? null : since.toInstant());
                        return row;
                      }
                    }));
    try {
      @SuppressWarnings("unchecked")
      Map<String, List<Resource>> files =
          resources(
              (UUID) job.get("municipality"),
              (List<String>) job.get("types"),
              (Instant) job.get("since"));
      IParser parser = context.newJsonParser().setPrettyPrint(false);
      transactions.executeWrite(
          status -> {
            for (Map.Entry<String, List<Resource>> file : files.entrySet()) {
              StringBuilder ndjson = new StringBuilder();
              for (Resource resource : file.getValue()) {
                ndjson.append(parser.encodeResourceToString(resource)).append('\n');
              }
              jdbc.prepareStatement(
                  "INSERT INTO export_file (job_id, resource_type, resource_count, ndjson)"
                      + " VALUES (?, ?, ?, ?)",
                  statement -> {
                    statement.setObject(1, id);
                    statement.setString(2, file.getKey());
                    statement.setInt(3, file.getValue().size());
                    statement.setString(4, ndjson.toString());
                    return statement.executeUpdate();
                  });
            }
            finish(id, "completed", null);
            return null;
          });
    } catch (RuntimeException e) {
      LOG.error("Export job {} failed", id, e);
      transactions.executeWrite(
          status -> {
            finish(id, "failed", "The export could not be completed; it has been logged.");
            return null;
          });
    }
  }

  private Map<String, List<Resource>> resources(
      UUID municipality, List<String> types, Instant since) {
    Map<String, List<Resource>> files = new java.util.LinkedHashMap<>();
    types.forEach(type -> files.put(type, new ArrayList<>()));
    if (types.contains("Patient")) {
      for (PregnantPerson person : families.pregnantPeopleOf(municipality, since)) {
        files.get("Patient").add(mapper.patient(person));
      }
      for (Child child : families.childrenOf(municipality, since)) {
        files.get("Patient").add(mapper.patient(child));
      }
    }
    if (types.contains("Encounter")
        || types.contains("Observation")
        || types.contains("QuestionnaireResponse")) {
      Map<UUID, UUID> personOfPregnancy = new HashMap<>();
      for (PregnantPerson person : families.pregnantPeopleOf(municipality, null)) {
        for (Pregnancy pregnancy : person.pregnancies()) {
          personOfPregnancy.put(pregnancy.id(), person.id());
        }
      }
      for (Checkup checkup : checkups.forMunicipality(municipality, since)) {
        // A child's checkup is about the child; a pregnancy's about the mother.
        UUID patient =
            checkup.childId() != null
                ? checkup.childId()
                : personOfPregnancy.get(checkup.pregnancyId());
        if (types.contains("Encounter")) {
          files.get("Encounter").add(mapper.encounter(checkup, patient));
        }
        if (types.contains("Observation")) {
          files.get("Observation").addAll(mapper.observations(checkup, patient));
        }
        if (types.contains("QuestionnaireResponse")) {
          files
              .get("QuestionnaireResponse")
              .addAll(mapper.questionnaireResponses(checkup, patient));
        }
      }
    }
    if (types.contains("Immunization")) {
      Map<UUID, UUID> personOfPregnancy = new HashMap<>();
      for (PregnantPerson person : families.pregnantPeopleOf(municipality, null)) {
        for (Pregnancy pregnancy : person.pregnancies()) {
          personOfPregnancy.put(pregnancy.id(), person.id());
        }
      }
      List<ImmunizationRecord> records = immunizations.ofMunicipality(municipality, since);
      java.util.Set<UUID> facilityIds = new java.util.HashSet<>();
      records.forEach(
          record -> {
            if (record.facilityId() != null) {
              facilityIds.add(record.facilityId());
            }
          });
      Map<UUID, Facility> facilities = immunizations.facilities(facilityIds);
      for (ImmunizationRecord record : records) {
        // A child's vaccination is about the child; a pregnant person's about her.
        UUID patient =
            record.childId() != null
                ? record.childId()
                : personOfPregnancy.get(record.pregnancyId());
        files
            .get("Immunization")
            .add(
                immunizationResources.resource(
                    new StoredImmunization(record, null, null),
                    patient,
                    facilities.get(record.facilityId())));
      }
    }
    return files;
  }

  private void finish(UUID id, String status, String error) {
    jdbc.prepareStatement(
        "UPDATE export_job SET status = ?, completed_at = ?, error = ? WHERE id = ?",
        statement -> {
          statement.setString(1, status);
          statement.setTimestamp(2, Timestamp.from(clock.instant()));
          statement.setString(3, error);
          statement.setObject(4, id);
          return statement.executeUpdate();
        });
  }

  private Optional<Job> find(UUID id) {
    return transactions.executeRead(
        status ->
            jdbc.prepareStatement(
                "SELECT j.id, j.municipality_id, j.requested_by, j.request_url, j.status,"
                    + " j.transaction_time, j.error, f.resource_type, f.resource_count"
                    + " FROM export_job j LEFT JOIN export_file f ON f.job_id = j.id"
                    + " WHERE j.id = ? AND j.expires_at > ? ORDER BY f.resource_type",
                statement -> {
                  statement.setObject(1, id);
                  statement.setTimestamp(2, Timestamp.from(clock.instant()));
                  Job job = null;
                  Map<String, Integer> counts = new java.util.LinkedHashMap<>();
                  try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                      if (rs.getString(8) != null) {
                        counts.put(rs.getString(8), rs.getInt(9));
                      }
                      job =
                          new Job(
                              rs.getObject(1, UUID.class),
                              rs.getObject(2, UUID.class),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getString(5),
                              rs.getTimestamp(6).toInstant(),
                              rs.getString(7),
                              counts);
                    }
                  }
                  return Optional.ofNullable(job);
                }));
  }

  private static UUID staffMunicipality(Principal principal) {
    if (principal.role() != Role.STAFF || principal.municipalityIds().size() != 1) {
      throw new FhirException(
          ErrorCode.WRONG_ROLE,
          FhirIssue.error("forbidden", "Bulk export is for municipal staff."));
    }
    return principal.municipalityIds().iterator().next();
  }
}
