package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * once) writes one NDJSON file per resource type, and the files can be fetched until they expire. A
 * file is written in parts while the municipality is read a page at a time, and sent part by part:
 * neither making nor sending it holds more than a page of records and a part of text.
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
  private final BulkExportConfiguration config;
  private final java.util.concurrent.atomic.AtomicLong peakPage =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong peakPart =
      new java.util.concurrent.atomic.AtomicLong();

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
      VaccineCatalog vaccines,
      BulkExportConfiguration config) {
    this.config = config;
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

  /**
   * The file as a stream that reads one part at a time (a file made before files were written in
   * parts is read whole, as it was stored).
   */
  InputStream file(Principal principal, UUID id, String type) {
    job(principal, id);
    String whole =
        transactions.executeRead(
            status ->
                jdbc.prepareStatement(
                    "SELECT COALESCE(ndjson, '') FROM export_file WHERE job_id = ?"
                        + " AND resource_type = ?",
                    statement -> {
                      statement.setObject(1, id);
                      statement.setString(2, type);
                      try (ResultSet rs = statement.executeQuery()) {
                        if (!rs.next()) {
                          throw new FhirException(
                              ErrorCode.NOT_FOUND,
                              FhirIssue.error("not-found", "No such export file."));
                        }
                        return rs.getString(1);
                      }
                    }));
    if (!whole.isEmpty()) {
      return new java.io.ByteArrayInputStream(whole.getBytes(StandardCharsets.UTF_8));
    }
    return new PartStream(id, type);
  }

  /** The parts of a stored file, read one at a time as the response is sent. */
  private final class PartStream extends InputStream {
    private final UUID job;
    private final String type;
    private int seq;
    private byte[] current = new byte[0];
    private int at;
    private boolean ended;

    PartStream(UUID job, String type) {
      this.job = job;
      this.type = type;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      while (at >= current.length) {
        if (ended || !next()) {
          ended = true;
          return -1;
        }
      }
      int n = Math.min(length, current.length - at);
      System.arraycopy(current, at, buffer, offset, n);
      at += n;
      return n;
    }

    private boolean next() {
      int number = seq++;
      String text =
          transactions.executeRead(
              status ->
                  jdbc.prepareStatement(
                      "SELECT ndjson FROM export_file_part WHERE job_id = ? AND resource_type = ?"
                          + " AND seq = ?",
                      statement -> {
                        statement.setObject(1, job);
                        statement.setString(2, type);
                        statement.setInt(3, number);
                        try (ResultSet rs = statement.executeQuery()) {
                          return rs.next() ? rs.getString(1) : null;
                        }
                      }));
      if (text == null) {
        return false;
      }
      current = text.getBytes(StandardCharsets.UTF_8);
      at = 0;
      return true;
    }
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
    UUID claim = UUID.randomUUID();
    claimNext(claim).ifPresent(id -> run(id, claim));
  }

  /** Raised when another instance took the job over (this one stalled past its lease). */
  private static final class LostClaim extends RuntimeException {
    LostClaim() {
      super("the export job was taken over", null, false, false);
    }
  }

  /**
   * Claims the oldest pending job, or a running one whose lease lapsed (its instance died), for
   * this instance, in one statement with SKIP LOCKED: however many instances poll, one runs a job.
   * A job taken over starts again from nothing: the dead run's files are dropped with the claim.
   * Background work outside any request (the system scope).
   */
  Optional<UUID> claimNext(UUID claim) {
    Instant now = clock.instant();
    return transactions.executeWrite(
        status -> {
          jdbc.prepareStatement(
              "DELETE FROM export_job WHERE expires_at < ?",
              statement -> {
                statement.setTimestamp(1, Timestamp.from(now));
                return statement.executeUpdate();
              });
          Optional<UUID> claimed =
              jdbc.prepareStatement(
                  "UPDATE export_job SET status = 'running', claim_token = ?, lease_until = ?,"
                      + " attempts = attempts + 1 WHERE id = (SELECT id FROM export_job"
                      + " WHERE status = 'pending' OR (status = 'running'"
                      + " AND (lease_until IS NULL OR lease_until < ?)) ORDER BY created_at"
                      + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id",
                  statement -> {
                    statement.setObject(1, claim);
                    statement.setTimestamp(2, Timestamp.from(now.plus(config.lease())));
                    statement.setTimestamp(3, Timestamp.from(now));
                    try (ResultSet rs = statement.executeQuery()) {
                      return rs.next()
                          ? Optional.of(rs.getObject(1, UUID.class))
                          : Optional.<UUID>empty();
                    }
                  });
          claimed.ifPresent(
              id ->
                  jdbc.prepareStatement(
                      "DELETE FROM export_file WHERE job_id = ?",
                      statement -> {
                        statement.setObject(1, id);
                        return statement.executeUpdate();
                      }));
          return claimed;
        });
  }

  /**
   * Renews the claim's lease inside the caller's transaction, which must not commit when the job
   * was taken over meanwhile.
   */
  private void holdClaim(UUID id, UUID claim) {
    int held =
        jdbc.prepareStatement(
            "UPDATE export_job SET lease_until = ? WHERE id = ? AND claim_token = ?"
                + " AND status = 'running'",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(clock.instant().plus(config.lease())));
              statement.setObject(2, id);
              statement.setObject(3, claim);
              return statement.executeUpdate();
            });
    if (held != 1) {
      throw new LostClaim();
    }
  }

  private void run(UUID id, UUID claim) {
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
    @SuppressWarnings("unchecked")
    List<String> types = (List<String>) job.get("types");
    try {
      for (String type : types) {
        write(id, claim, type, (UUID) job.get("municipality"), (Instant) job.get("since"));
      }
      transactions.executeWrite(
          status -> {
            holdClaim(id, claim);
            finish(id, "completed", null);
            return null;
          });
    } catch (LostClaim e) {
      LOG.warn("Export job {} was taken over by another instance; this run stops", id);
    } catch (RuntimeException e) {
      LOG.error("Export job {} failed", id, e);
      try {
        transactions.executeWrite(
            status -> {
              holdClaim(id, claim);
              jdbc.prepareStatement(
                  "DELETE FROM export_file WHERE job_id = ?",
                  statement -> {
                    statement.setObject(1, id);
                    return statement.executeUpdate();
                  });
              finish(id, "failed", "The export could not be completed; it has been logged.");
              return null;
            });
      } catch (LostClaim taken) {
        // Another instance runs it now: its files are not this run's to drop.
        LOG.warn("Export job {} was taken over by another instance meanwhile", id);
      }
    }
  }

  /** The most records one page held while an export ran (a bound the tests hold it to). */
  long peakPage() {
    return peakPage.get();
  }

  /** The most characters a part held before it was stored (a bound the tests hold it to). */
  long peakPart() {
    return peakPart.get();
  }

  /**
   * One resource type's file: the municipality read a page at a time, each resource written as a
   * line into the current part, each full part stored and let go.
   */
  private void write(UUID job, UUID claim, String type, UUID municipality, Instant since) {
    transactions.executeWrite(
        status -> {
          holdClaim(job, claim);
          return jdbc.prepareStatement(
              "INSERT INTO export_file (job_id, resource_type, resource_count) VALUES (?, ?, 0)",
              statement -> {
                statement.setObject(1, job);
                statement.setString(2, type);
                return statement.executeUpdate();
              });
        });
    Parts parts = new Parts(job, claim, type);
    int page = config.pageSize();
    switch (type) {
      case "Patient" -> {
        UUID after = null;
        while (true) {
          Map.Entry<List<PregnantPerson>, UUID> people =
              families.pregnantPeoplePage(municipality, since, after, page);
          if (people.getValue() == null) {
            break;
          }
          held(people.getKey().size());
          people.getKey().forEach(person -> parts.add(mapper.patient(person)));
          after = people.getValue();
        }
        after = null;
        while (true) {
          List<Child> children = families.childrenPage(municipality, since, after, page);
          if (children.isEmpty()) {
            break;
          }
          held(children.size());
          children.forEach(child -> parts.add(mapper.patient(child)));
          after = children.get(children.size() - 1).id();
        }
      }
      case "Immunization" -> {
        UUID after = null;
        while (true) {
          List<ImmunizationRecord> records =
              immunizations.ofMunicipalityPage(municipality, since, after, page);
          if (records.isEmpty()) {
            break;
          }
          held(records.size());
          java.util.Set<UUID> facilityIds = new java.util.HashSet<>();
          java.util.Set<UUID> pregnancies = new java.util.HashSet<>();
          for (ImmunizationRecord record : records) {
            if (record.facilityId() != null) {
              facilityIds.add(record.facilityId());
            }
            if (record.childId() == null && record.pregnancyId() != null) {
              pregnancies.add(record.pregnancyId());
            }
          }
          Map<UUID, Facility> facilities = immunizations.facilities(facilityIds);
          Map<UUID, UUID> personOfPregnancy = families.personsOfPregnancies(pregnancies);
          for (ImmunizationRecord record : records) {
            // A child's vaccination is about the child; a pregnant person's about her.
            UUID patient =
                record.childId() != null
                    ? record.childId()
                    : personOfPregnancy.get(record.pregnancyId());
            parts.add(
                immunizationResources.resource(
                    new StoredImmunization(record, null, null),
                    patient,
                    facilities.get(record.facilityId())));
          }
          after = records.get(records.size() - 1).id();
        }
      }
      default -> {
        UUID after = null;
        while (true) {
          List<Checkup> page1 = checkups.forMunicipalityPage(municipality, since, after, page);
          if (page1.isEmpty()) {
            break;
          }
          held(page1.size());
          java.util.Set<UUID> pregnancies = new java.util.HashSet<>();
          for (Checkup checkup : page1) {
            if (checkup.childId() == null && checkup.pregnancyId() != null) {
              pregnancies.add(checkup.pregnancyId());
            }
          }
          Map<UUID, UUID> personOfPregnancy = families.personsOfPregnancies(pregnancies);
          for (Checkup checkup : page1) {
            // A child's checkup is about the child; a pregnancy's about the mother.
            UUID patient =
                checkup.childId() != null
                    ? checkup.childId()
                    : personOfPregnancy.get(checkup.pregnancyId());
            switch (type) {
              case "Encounter" -> parts.add(mapper.encounter(checkup, patient));
              case "Observation" -> mapper.observations(checkup, patient).forEach(parts::add);
              default -> mapper.questionnaireResponses(checkup, patient).forEach(parts::add);
            }
          }
          after = page1.get(page1.size() - 1).id();
        }
      }
    }
    parts.close();
  }

  private void held(int records) {
    peakPage.accumulateAndGet(records, Math::max);
  }

  /** The parts of one file being written; the lines of the current part only are held. */
  private final class Parts {
    private final UUID job;
    private final UUID claim;
    private final String type;
    private final IParser parser = context.newJsonParser().setPrettyPrint(false);
    private final StringBuilder part = new StringBuilder();
    private int seq;
    private int count;

    Parts(UUID job, UUID claim, String type) {
      this.job = job;
      this.claim = claim;
      this.type = type;
    }

    void add(Resource resource) {
      part.append(parser.encodeResourceToString(resource)).append('\n');
      count++;
      if (part.length() >= config.partChars()) {
        store();
      }
    }

    void close() {
      if (part.length() > 0) {
        store();
      }
      transactions.executeWrite(
          status -> {
            holdClaim(job, claim);
            return jdbc.prepareStatement(
                "UPDATE export_file SET resource_count = ? WHERE job_id = ? AND resource_type = ?",
                statement -> {
                  statement.setInt(1, count);
                  statement.setObject(2, job);
                  statement.setString(3, type);
                  return statement.executeUpdate();
                });
          });
    }

    private void store() {
      peakPart.accumulateAndGet(part.length(), Math::max);
      String text = part.toString();
      int number = seq++;
      part.setLength(0);
      transactions.executeWrite(
          status -> {
            holdClaim(job, claim);
            return jdbc.prepareStatement(
                "INSERT INTO export_file_part (job_id, resource_type, seq, ndjson)"
                    + " VALUES (?, ?, ?, ?)",
                statement -> {
                  statement.setObject(1, job);
                  statement.setString(2, type);
                  statement.setInt(3, number);
                  statement.setString(4, text);
                  return statement.executeUpdate();
                });
          });
    }
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
