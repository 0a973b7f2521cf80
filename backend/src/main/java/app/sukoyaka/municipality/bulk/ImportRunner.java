package app.sukoyaka.municipality.bulk;

import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.PrincipalDirectory;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.nio.charset.CharacterCodingException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed import job to the end of its file, a batch of rows per transaction: each batch
 * reads and checks its rows, looks up their children, facilities and what is on record in one
 * statement per question, and commits its records (through {@link CheckupService} and {@link
 * ImmunizationHistory}, as every source stores them, with their events), its errors, the access log
 * and the job's progress together. A valid row is stored and an invalid one is not; a batch that
 * cannot commit (the claim was lost to another instance after a stall) leaves nothing behind, and
 * the job goes on from the last committed batch wherever it is run next.
 */
@Singleton
public class ImportRunner {
  static final String PURPOSE = "municipal-records";
  private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final ImportStore store;
  private final ImportLookups lookups;
  private final ImportMappings mappings;
  private final CheckupItemCatalog catalog;
  private final VaccineCatalog vaccines;
  private final CheckupService checkups;
  private final ImmunizationHistory immunizations;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final PrincipalDirectory directory;
  private final TransactionOperations<Connection> transactions;
  private final BulkImportConfiguration configuration;
  private final Clock clock;

  ImportRunner(
      ImportStore store,
      ImportLookups lookups,
      ImportMappings mappings,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      AccessGuard guard,
      AccessLog accessLog,
      PrincipalDirectory directory,
      TransactionOperations<Connection> transactions,
      BulkImportConfiguration configuration,
      Clock clock) {
    this.store = store;
    this.lookups = lookups;
    this.mappings = mappings;
    this.catalog = catalog;
    this.vaccines = vaccines;
    this.checkups = checkups;
    this.immunizations = immunizations;
    this.guard = guard;
    this.accessLog = accessLog;
    this.directory = directory;
    this.transactions = transactions;
    this.configuration = configuration;
    this.clock = clock;
  }

  /**
   * Set when the service stops: a running job stops at its next batch, for another to take over.
   */
  private volatile boolean stopping;

  @EventListener
  void onShutdown(ShutdownEvent event) {
    stopping = true;
  }

  boolean stopping() {
    return stopping;
  }

  /** The service is stopping: the job is left for another instance, not failed. */
  private static final class Stopping extends RuntimeException {
    Stopping() {
      super("The service is stopping", null, false, false);
    }
  }

  /** Told after every committed batch. */
  public interface Progress {
    void batch(ImportJob job);

    Progress NONE = job -> {};
  }

  /**
   * Runs the job this claim holds to its end; returns it as it ended, or as far as it got when
   * another instance took it over.
   */
  public ImportJob run(UUID jobId, UUID claim, Progress progress) {
    ImportJob job = store.job(jobId).orElseThrow();
    try {
      Optional<String> refused = refusal(job);
      if (refused.isPresent()) {
        fail(job, claim, ErrorCode.BULK_IMPORT_STOPPED, refused.get());
        return store.job(jobId).orElseThrow();
      }
      ImportMapping mapping = mappings.of(job.system()).orElseThrow();
      Principal principal = directory.staff(job.requestedBy()).orElseThrow();
      guard.require(
          principal, AccessPolicy.Action.WRITE, municipality(job), "bulk-import", PURPOSE);
      Optional<byte[]> kept = store.file(jobId);
      if (kept.isEmpty()) {
        fail(job, claim, ErrorCode.BULK_IMPORT_STOPPED, "The file is no longer kept.");
        return store.job(jobId).orElseThrow();
      }
      byte[] content = kept.get();
      ImportMapping.Layout layout =
          mapping.layout(ImportMapping.Kind.of(job.kind()).orElseThrow()).orElseThrow();
      CsvRecords records = new CsvRecords(content, mapping.delimiter());
      List<String> header = RowReader.header(records.next(), mapping.charset());
      RowReader reader = new RowReader(mapping, layout, header, catalog);
      Batch batch = new Batch(job, claim, principal, layout, reader.identifiesChildren());
      for (int skipped = 0; skipped < job.rowsDone() && records.hasNext(); skipped++) {
        records.next();
      }
      ImportJob current = job;
      List<ImportRow> rows = new ArrayList<>(configuration.batchSize());
      while (records.hasNext()) {
        if (stopping) {
          throw new Stopping();
        }
        rows.add(reader.read(records.next()));
        if (rows.size() == configuration.batchSize()) {
          current = batch.commit(rows);
          progress.batch(current);
          rows.clear();
        }
      }
      if (!rows.isEmpty()) {
        current = batch.commit(rows);
        progress.batch(current);
      }
      store.finish(jobId, claim, ImportJob.COMPLETED, null, null, clock.instant());
    } catch (ImportStore.ClaimLostException e) {
      LOG.warn("Import job {} was taken over by another instance; this one stops", jobId);
    } catch (Stopping e) {
      release(jobId, claim);
      LOG.info(
          "Import job {} left at row {} for another instance: the service stops",
          jobId,
          store.job(jobId).map(ImportJob::rowsDone).orElse(0));
    } catch (CharacterCodingException e) {
      fail(job, claim, ErrorCode.BULK_IMPORT_FILE_NOT_MAPPED, "The header cannot be read.");
    } catch (RuntimeException e) {
      if (stopping) {
        // Most likely the database going away with the service: not the job's fault.
        LOG.warn("Import job {} interrupted by the service stopping: {}", jobId, e.toString());
        return job;
      }
      LOG.error("Import job {} stopped", jobId, e);
      fail(
          job,
          claim,
          ErrorCode.BULK_IMPORT_STOPPED,
          "The import stopped; the rows before it are stored. It has been logged; run the same"
              + " file again to import the rest (rows already stored stay unchanged).");
    }
    ImportJob ended = store.job(jobId).orElseThrow();
    progress.batch(ended);
    return ended;
  }

  /** Lets the lease lapse now, so that the next poll of any instance takes the job over. */
  private void release(UUID jobId, UUID claim) {
    try {
      store.release(jobId, claim, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("Import job {} could not be released; it is taken over after its lease", jobId);
    }
  }

  /** Why the job cannot run any more, if it cannot. */
  private Optional<String> refusal(ImportJob job) {
    if (mappings.of(job.system()).isEmpty()) {
      return Optional.of("The mapping " + job.system() + " is no longer configured.");
    }
    Optional<Principal> principal = directory.staff(job.requestedBy());
    if (principal.isEmpty() || !principal.get().municipalityIds().contains(job.municipalityId())) {
      return Optional.of(
          "The staff account that started the import no longer works for the municipality.");
    }
    return Optional.empty();
  }

  private void fail(ImportJob job, UUID claim, ErrorCode code, String message) {
    store.finish(job.id(), claim, ImportJob.FAILED, code, message, clock.instant());
  }

  static ProtectedSubject municipality(ImportJob job) {
    return new ProtectedSubject(
        "municipality", job.municipalityId(), job.municipalityId(), Set.of(), Set.of());
  }

  /** The batches of one run: what the run has seen of its file so far. */
  private final class Batch {
    private final ImportJob job;
    private final UUID claim;
    private final Principal principal;
    private final RowChecks checks;
    private final boolean checkup;

    /** Whether the rows are 妊婦健診 (about a pregnancy, not a child). */
    private final boolean prenatal;

    /** Whether the file carries what a child not yet on record is recorded by. */
    private final boolean identifies;

    /** Rows of this run by natural key, for repeats within the file: row and digest. */
    private final Map<String, Object[]> seen = new HashMap<>();

    /**
     * Children recorded from rows of this run, by 宛名番号: the same child for every row naming it.
     * Those of a committed batch are on record for the next (and for a run of the same file again);
     * a dry run keeps them here only.
     */
    private final Map<String, ImportLookups.KnownChild> recordedFromRows = new HashMap<>();

    /** The children this run stored. */
    private final Set<UUID> created = new HashSet<>();

    Batch(
        ImportJob job,
        UUID claim,
        Principal principal,
        ImportMapping.Layout layout,
        boolean identifies) {
      this.job = job;
      this.claim = claim;
      this.principal = principal;
      this.checks = new RowChecks(layout, catalog, vaccines);
      this.checkup = layout.kind() == ImportMapping.Kind.CHECKUP;
      this.prenatal = layout.kind() == ImportMapping.Kind.PRENATAL;
      this.identifies = identifies;
    }

    ImportJob commit(List<ImportRow> rows) {
      transactions.executeWrite(
          status -> {
            if (!store.holds(job.id(), claim)) {
              throw new ImportStore.ClaimLostException(job.id());
            }
            write(rows);
            return null;
          });
      return store.job(job.id()).orElseThrow();
    }

    private void write(List<ImportRow> rows) {
      Instant now = clock.instant();
      LocalDate today = LocalDate.now(clock.withZone(JAPAN));
      UUID municipality = job.municipalityId();
      Set<String> residents = new HashSet<>();
      Set<String> handbooks = new HashSet<>();
      Set<String> facilityCodes = new HashSet<>();
      for (ImportRow row : rows) {
        if (row.child() != null) {
          if (row.child().residentNumber() != null) {
            residents.add(row.child().residentNumber());
          }
          if (row.child().handbookNumber() != null) {
            handbooks.add(row.child().handbookNumber());
          }
        }
        String code =
            row.checkup() != null
                ? row.checkup().facilityCode()
                : row.vaccination() == null ? null : row.vaccination().facilityCode();
        if (code != null) {
          facilityCodes.add(code);
        }
      }
      Map<String, ImportLookups.KnownChild> byResident =
          prenatal ? Map.of() : lookups.byResidentNumber(municipality, residents);
      Map<String, ImportLookups.KnownChild> byHandbook =
          prenatal ? Map.of() : lookups.byHandbookNumber(municipality, handbooks);
      List<ImportLookups.KnownPregnancy> pregnancies =
          prenatal ? lookups.pregnancies(municipality, residents, handbooks) : List.of();
      Map<String, Facility> facilities = lookups.facilities(facilityCodes);
      Map<UUID, String> personNumbers = new LinkedHashMap<>();

      // The child of each row; a 宛名番号 a row teaches is kept for its child.
      Map<UUID, String> learned = new LinkedHashMap<>();
      Map<String, UUID> learnedBy = new HashMap<>();
      List<RowChecks.Checked> checked = new ArrayList<>();
      for (ImportRow row : rows) {
        if (!row.valid()) {
          continue;
        }
        if (prenatal) {
          ImportLookups.KnownPregnancy pregnancy = pregnancyOf(row, pregnancies, personNumbers);
          RowChecks.Checked ready =
              pregnancy == null ? null : checks.checkPrenatal(row, pregnancy, today);
          if (ready != null) {
            checked.add(ready);
          }
          continue;
        }
        ImportLookups.KnownChild child = match(row, byResident, byHandbook, learned, learnedBy);
        if (child == null) {
          continue;
        }
        RowChecks.Checked ready = checks.check(row, child, today);
        if (ready != null) {
          checked.add(ready);
        }
      }

      Set<UUID> children = new LinkedHashSet<>();
      checked.forEach(c -> children.add(c.subjectId()));
      Set<String> recorded =
          prenatal
              ? lookups.recordedPrenatal(children)
              : checkup ? lookups.recordedCheckups(children) : lookups.recordedDoses(children);
      Map<String, ImportStore.ImportedKey> imported =
          store.imported(
              municipality, checked.stream().map(RowChecks.Checked::naturalKey).toList());

      int unchanged = 0;
      int alreadyRecorded = 0;
      List<RowChecks.Checked> fresh = new ArrayList<>();
      for (RowChecks.Checked row : checked) {
        String key = row.naturalKey();
        Object[] earlier = seen.get(key);
        ImportStore.ImportedKey before = imported.get(key);
        if (earlier != null) {
          if (earlier[1].equals(row.contentSha256())) {
            unchanged++;
          } else {
            row.row().errors().add(repeatedDifferently(row, (Integer) earlier[0]));
          }
          continue;
        }
        seen.put(key, new Object[] {row.row().row(), row.contentSha256()});
        if (before != null) {
          if (before.contentSha256().equals(row.contentSha256())) {
            unchanged++;
          } else {
            row.row().errors().add(conflict(row, before));
          }
          continue;
        }
        if (recorded.contains(key)) {
          alreadyRecorded++;
          continue;
        }
        fresh.add(row);
      }

      int stored = fresh.size();
      if (!job.dryRun()) {
        // A child recorded from a row is stored with the first record it has, in this
        // transaction; a child whose rows all failed is not recorded.
        Map<UUID, ImportLookups.KnownChild> newChildren = new LinkedHashMap<>();
        for (RowChecks.Checked row : fresh) {
          if (row.child() != null
              && row.child().identity() != null
              && !byResident.containsKey(row.child().residentNumber())) {
            newChildren.putIfAbsent(row.child().id(), row.child());
          }
        }
        newChildren.values().removeIf(child -> created.contains(child.id()));
        if (!newChildren.isEmpty()) {
          lookups.createChildren(municipality, newChildren.values(), now);
          created.addAll(newChildren.keySet());
          accessLog.writeAll(
              principal,
              newChildren.keySet().stream()
                  .map(id -> new ProtectedSubject("child", id, municipality, Set.of(), Set.of()))
                  .toList(),
              "bulk-import-record-child " + job.system(),
              PURPOSE);
        }
        stored = store(fresh, facilities, now);
        // A key another job claimed between the read and the insert: the same file imported twice
        // at once. The other job stores the row.
        unchanged += fresh.size() - stored;
        Map<UUID, String> toLearn = new LinkedHashMap<>();
        learned.forEach(
            (child, number) -> {
              if (children.contains(child)) {
                toLearn.put(child, number);
              }
            });
        lookups.learnResidentNumbers(toLearn);
        Map<UUID, String> persons = new LinkedHashMap<>();
        for (RowChecks.Checked row : fresh) {
          if (row.pregnancy() != null && personNumbers.containsKey(row.pregnancy().personId())) {
            persons.put(row.pregnancy().personId(), personNumbers.get(row.pregnancy().personId()));
          }
        }
        lookups.learnPersonResidentNumbers(persons);
      }

      List<RowError> errors = new ArrayList<>();
      int rowsWithErrors = 0;
      for (ImportRow row : rows) {
        if (!row.valid()) {
          rowsWithErrors++;
          errors.addAll(row.errors());
        }
      }
      store.errors(job.id(), errors);
      store.progress(
          job.id(),
          claim,
          new ImportJob.Counts(
              rows.size(), stored, unchanged, alreadyRecorded, rowsWithErrors, errors.size()),
          now,
          now.plus(configuration.lease()));
    }

    /**
     * Stores the new rows whose keys this transaction claims (a key another job claimed in the
     * meantime is left to it); returns how many were stored.
     */
    private int store(
        List<RowChecks.Checked> fresh, Map<String, Facility> facilities, Instant now) {
      Map<String, UUID> recordIds = new HashMap<>();
      List<ImportStore.NewKey> keys = new ArrayList<>();
      for (RowChecks.Checked row : fresh) {
        UUID id = Ids.newId();
        recordIds.put(row.naturalKey(), id);
        keys.add(
            new ImportStore.NewKey(
                row.naturalKey(),
                row.contentSha256(),
                prenatal ? "prenatal" : checkup ? "checkup" : "vaccination",
                id,
                row.subjectId(),
                row.row().row()));
      }
      Set<String> taken = store.claimKeys(job.municipalityId(), job.id(), keys, now);
      List<NewCheckup> newCheckups = new ArrayList<>();
      List<ImmunizationRecord> newRecords = new ArrayList<>();
      List<ProtectedSubject> subjects = new ArrayList<>();
      Set<UUID> logged = new HashSet<>();
      for (RowChecks.Checked row : fresh) {
        if (!taken.contains(row.naturalKey())) {
          continue;
        }
        UUID id = recordIds.get(row.naturalKey());
        if (checkup || prenatal) {
          newCheckups.add(newCheckup(id, row, facilities));
        } else {
          newRecords.add(newRecord(id, row, facilities, now));
        }
        if (logged.add(row.subjectId())) {
          subjects.add(
              new ProtectedSubject(
                  prenatal ? "pregnancy" : "child",
                  row.subjectId(),
                  job.municipalityId(),
                  Set.of(),
                  Set.of()));
        }
      }
      if (!newCheckups.isEmpty()) {
        checkups.store(newCheckups, null, now);
      }
      if (!newRecords.isEmpty()) {
        immunizations.store(newRecords, Map.of());
      }
      accessLog.writeAll(
          principal, subjects, "bulk-import " + job.system() + " " + job.kind(), PURPOSE);
      return newCheckups.size() + newRecords.size();
    }

    private NewCheckup newCheckup(
        UUID id, RowChecks.Checked row, Map<String, Facility> facilities) {
      ImportRow.Checkup checkup = row.row().checkup();
      Facility facility =
          checkup.facilityCode() == null ? null : facilities.get(checkup.facilityCode());
      String performer = checkup.performerName();
      if (facility == null && checkup.facilityCode() != null) {
        // A 医療機関コード that no registered facility has: kept with the name it came with.
        performer =
            (performer == null ? "医療機関" : performer) + "（医療機関コード " + checkup.facilityCode() + "）";
      }
      List<NewCheckup.NewFinding> findings = new ArrayList<>();
      for (ImportRow.ItemValue value : row.findings()) {
        findings.add(
            new NewCheckup.NewFinding(
                Ids.newId(),
                Ids.newId(),
                value.item().code(),
                value.value(),
                SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
                value.item().code()));
      }
      String encounterClass =
          catalog.kind(checkup.kind()).orElseThrow().encounterClasses().contains("AMB")
              ? "AMB"
              : catalog.kind(checkup.kind()).orElseThrow().encounterClasses().iterator().next();
      return new NewCheckup(
          id,
          checkup.kind(),
          encounterClass,
          checkup.kindName(),
          job.municipalityId(),
          prenatal ? row.pregnancy().id() : null,
          prenatal ? null : row.child().id(),
          facility == null ? null : facility.id(),
          checkup.visitDate(),
          prenatal ? gestationalAgeDays(row.findings()) : null,
          findings,
          facility == null ? performer : null,
          NewCheckup.MUNICIPAL);
    }

    /** The gestational age of a 妊婦健診 in days, as clinic intake keeps it with the visit. */
    private static Integer gestationalAgeDays(List<ImportRow.ItemValue> findings) {
      for (ImportRow.ItemValue finding : findings) {
        if (finding.item().code().equals(ImportMappings.GESTATIONAL_AGE)
            && finding.value() instanceof app.sukoyaka.checkup.FindingValue.Quantity q) {
          java.math.BigDecimal days =
              q.unit().equals("wk")
                  ? q.value().multiply(java.math.BigDecimal.valueOf(7))
                  : q.value();
          return days.setScale(0, java.math.RoundingMode.HALF_UP).intValueExact();
        }
      }
      return null;
    }

    /**
     * The pregnancy of a 妊婦健診 row: by its handbook number, else the pregnancy of the person with
     * its 宛名番号 that the visit falls in; a row naming both teaches the person her 宛名番号. Null, with
     * the row's error, when there is none.
     */
    private ImportLookups.KnownPregnancy pregnancyOf(
        ImportRow row,
        List<ImportLookups.KnownPregnancy> pregnancies,
        Map<UUID, String> personNumbers) {
      ImportRow.ChildKey key = row.child();
      LocalDate visit = row.checkup().visitDate();
      ImportLookups.KnownPregnancy found = null;
      if (key.handbookNumber() != null) {
        found =
            pregnancies.stream()
                .filter(p -> key.handbookNumber().equals(p.handbookNumber()))
                .findFirst()
                .orElse(null);
        if (found != null
            && key.residentNumber() != null
            && found.residentNumber() != null
            && !found.residentNumber().equals(key.residentNumber())) {
          row.errors()
              .add(
                  RowError.of(
                      row.row(),
                      checks.layout().column(ImportMapping.Field.RESIDENT_NUMBER).orElse(null),
                      key.residentNumber(),
                      ErrorCode.IMPORT_PERSON_MISMATCH,
                      "この母子健康手帳番号の妊婦には別の宛名番号が登録されています",
                      "the pregnant person with this handbook number has another resident number"));
          return null;
        }
        if (found != null && key.residentNumber() != null && found.residentNumber() == null) {
          personNumbers.putIfAbsent(found.personId(), key.residentNumber());
        }
      } else if (key.residentNumber() != null) {
        found =
            pregnancies.stream()
                .filter(p -> key.residentNumber().equals(p.residentNumber()))
                .filter(p -> visit != null && RowChecks.inPregnancy(p, visit))
                .reduce((a, b) -> b)
                .orElse(null);
      }
      if (found == null) {
        row.errors()
            .add(
                new RowError(
                    row.row(),
                    null,
                    key.handbookNumber() != null ? key.handbookNumber() : key.residentNumber(),
                    ErrorCode.IMPORT_PREGNANCY_NOT_FOUND,
                    "この番号の妊婦の、受診日にあたる妊娠がこの市区町村の記録にありません"
                        + "（宛名番号が未登録の妊婦は、母子健康手帳番号と宛名番号の両方がある行で一度取り込むと照合できるようになります）",
                    "no pregnancy of the municipality for this number at the visit (a pregnant"
                        + " person whose resident number is not known yet is matched once a row"
                        + " naming both her handbook number and resident number is imported)"));
      }
      return found;
    }

    private ImmunizationRecord newRecord(
        UUID id, RowChecks.Checked row, Map<String, Facility> facilities, Instant now) {
      ImportRow.Vaccination dose = row.row().vaccination();
      Facility facility = dose.facilityCode() == null ? null : facilities.get(dose.facilityCode());
      String performer = dose.performerName();
      String note = null;
      if (facility == null && dose.facilityCode() != null) {
        note = "医療機関コード: " + dose.facilityCode();
      } else if (facility != null && performer == null) {
        performer = facility.name();
      }
      return new ImmunizationRecord(
          id,
          job.municipalityId(),
          row.child().id(),
          null,
          dose.date(),
          row.checked().vaccine(),
          row.checked().kind() == null ? null : row.checked().kind().code(),
          row.checked().product(),
          dose.lot(),
          row.checked().doseLabel(),
          row.checked().routine(),
          ImmunizationRecord.Source.MUNICIPAL,
          ImmunizationRecord.Verification.VERIFIED,
          principal.actorId(),
          now,
          null,
          facility == null ? null : facility.id(),
          performer,
          note,
          1,
          null,
          principal.role().claim(),
          principal.subject(),
          now,
          now,
          row.checked().credits());
    }

    /**
     * The row's child: by 宛名番号, else by handbook number and birth order; a row that names both
     * teaches the child its 宛名番号. Null, with the row's error, when there is none or the numbers
     * disagree.
     */
    private ImportLookups.KnownChild match(
        ImportRow row,
        Map<String, ImportLookups.KnownChild> byResident,
        Map<String, ImportLookups.KnownChild> byHandbook,
        Map<UUID, String> learned,
        Map<String, UUID> learnedBy) {
      ImportRow.ChildKey key = row.child();
      ImportMapping.Layout layout = checks.layout();
      ImportLookups.KnownChild resident =
          key.residentNumber() == null ? null : byResident.get(key.residentNumber());
      ImportLookups.KnownChild handbook =
          key.handbookNumber() == null
              ? null
              : byHandbook.get(ImportLookups.handbookKey(key.handbookNumber(), key.birthOrder()));
      if (resident == null && key.residentNumber() != null) {
        UUID taught = learnedBy.get(key.residentNumber());
        if (taught != null && handbook != null && taught.equals(handbook.id())) {
          resident = handbook;
        }
      }
      if (resident != null && handbook != null && !resident.id().equals(handbook.id())) {
        row.errors()
            .add(
                RowError.of(
                    row.row(),
                    layout.column(ImportMapping.Field.HANDBOOK_NUMBER).orElse(null),
                    key.handbookNumber(),
                    ErrorCode.IMPORT_CHILD_MISMATCH,
                    "宛名番号と母子健康手帳番号が別の子どもを指しています",
                    "the resident number and the handbook number name different children"));
        return null;
      }
      if (resident != null) {
        return resident;
      }
      if (handbook == null && identifies && key.residentNumber() != null) {
        return childFromRow(row);
      }
      if (handbook == null) {
        row.errors()
            .add(
                new RowError(
                    row.row(),
                    null,
                    key.residentNumber() != null ? key.residentNumber() : key.handbookNumber(),
                    ErrorCode.IMPORT_CHILD_NOT_FOUND,
                    "この番号の子どもがこの市区町村の記録にありません"
                        + (key.residentNumber() != null && key.handbookNumber() == null
                            ? "（宛名番号が未登録の子どもは、母子健康手帳番号と宛名番号の両方がある行で一度取り込むと照合できるようになります）"
                            : ""),
                    "no child of the municipality has this number"
                        + (key.residentNumber() != null && key.handbookNumber() == null
                            ? " (a child whose resident number is not known yet is matched once a"
                                + " row naming both its handbook number and resident number is"
                                + " imported)"
                            : "")));
        return null;
      }
      if (key.residentNumber() != null) {
        if (handbook.residentNumber() != null) {
          row.errors()
              .add(
                  RowError.of(
                      row.row(),
                      layout.column(ImportMapping.Field.RESIDENT_NUMBER).orElse(null),
                      key.residentNumber(),
                      ErrorCode.IMPORT_CHILD_MISMATCH,
                      "この母子健康手帳番号の子どもには別の宛名番号が登録されています",
                      "the child with this handbook number has another resident number"));
          return null;
        }
        UUID other = learnedBy.get(key.residentNumber());
        String own = learned.get(handbook.id());
        if ((other != null && !other.equals(handbook.id()))
            || (own != null && !own.equals(key.residentNumber()))) {
          row.errors()
              .add(
                  RowError.of(
                      row.row(),
                      layout.column(ImportMapping.Field.RESIDENT_NUMBER).orElse(null),
                      key.residentNumber(),
                      ErrorCode.IMPORT_RESIDENT_NUMBER_TAKEN,
                      "この宛名番号は、このファイルの別の行で別の子どもに使われています",
                      "another row of this file gives this resident number to another child"));
          return null;
        }
        learned.put(handbook.id(), key.residentNumber());
        learnedBy.put(key.residentNumber(), handbook.id());
      }
      return handbook;
    }

    /**
     * The child a row of a child not yet on record names, recorded from the row (the same child for
     * every row of the run with its 宛名番号); null, with the row's error, when the row lacks what a
     * child is recorded by or contradicts an earlier row about the same child.
     */
    private ImportLookups.KnownChild childFromRow(ImportRow row) {
      ImportRow.ChildKey key = row.child();
      ImportRow.Identity identity = key.identity();
      ImportMapping.Layout layout = checks.layout();
      List<String> missingJa = new ArrayList<>();
      List<String> missingEn = new ArrayList<>();
      if (identity.familyName() == null) {
        missingJa.add("氏名");
        missingEn.add("name");
      }
      if (key.birthDate() == null) {
        missingJa.add("生年月日");
        missingEn.add("birth date");
      }
      if (key.sex() == null) {
        missingJa.add("性別");
        missingEn.add("sex");
      }
      if (!missingJa.isEmpty()) {
        row.errors()
            .add(
                new RowError(
                    row.row(),
                    null,
                    key.residentNumber(),
                    ErrorCode.IMPORT_CHILD_IDENTITY_INCOMPLETE,
                    "この宛名番号の子どもはまだ記録になく、記録するための項目（" + String.join("・", missingJa) + "）が空欄です",
                    "no child of the municipality has this resident number, and the row lacks"
                        + " what one is recorded by ("
                        + String.join(", ", missingEn)
                        + ")"));
        return null;
      }
      ImportLookups.KnownChild earlier = recordedFromRows.get(key.residentNumber());
      if (earlier != null) {
        if (!earlier.birthDate().equals(key.birthDate())
            || !earlier.sex().equals(key.sex())
            || !RowChecks.sameName(earlier.familyName(), identity.familyName())
            || !RowChecks.sameName(earlier.givenName(), identity.givenName())) {
          row.errors()
              .add(
                  RowError.of(
                      row.row(),
                      layout.column(ImportMapping.Field.RESIDENT_NUMBER).orElse(null),
                      key.residentNumber(),
                      ErrorCode.IMPORT_CHILD_MISMATCH,
                      "このファイルの前の行で同じ宛名番号の子どもを別の氏名・生年月日・性別で記録しています",
                      "an earlier row of this file records the child with this resident number"
                          + " with another name, birth date or sex"));
          return null;
        }
        return earlier;
      }
      ImportLookups.KnownChild child =
          new ImportLookups.KnownChild(
              Ids.newId(),
              key.residentNumber(),
              key.handbookNumber(),
              key.birthOrder(),
              key.birthDate(),
              key.sex(),
              identity.familyName(),
              identity.givenName(),
              identity.familyNameKana(),
              identity.givenNameKana(),
              identity);
      recordedFromRows.put(key.residentNumber(), child);
      return child;
    }

    private RowError repeatedDifferently(RowChecks.Checked row, int earlierRow) {
      return new RowError(
          row.row().row(),
          null,
          null,
          ErrorCode.IMPORT_DUPLICATE_ROW_DIFFERS,
          "同じ子ども・同じ日の同じ記録が " + earlierRow + " 行目にもあり、内容が違います",
          "row " + earlierRow + " records the same for the same child and day, differently");
    }

    private RowError conflict(RowChecks.Checked row, ImportStore.ImportedKey before) {
      boolean sameJob = before.jobId().equals(job.id());
      return new RowError(
          row.row().row(),
          null,
          null,
          ErrorCode.IMPORT_CONFLICTS_WITH_EARLIER_IMPORT,
          (sameJob ? "このファイルの " + before.row() + " 行目" : "以前の取り込み（" + before.row() + " 行目）")
              + "で同じ子ども・同じ日の記録を登録済みで、内容が違います。訂正は記録の訂正として行ってください",
          (sameJob
                  ? "row " + before.row() + " of this file"
                  : "an earlier import (row " + before.row() + ")")
              + " stored this record of the same child and day with other content; correct the"
              + " record instead");
    }
  }
}
