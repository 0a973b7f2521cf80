package app.sukoyaka.municipality.bulk;

import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Bulk import for municipal staff, the one entry point of the upload API, the dashboard's upload
 * page and the command line: a file and the system it came from become a job (checked at once: the
 * mapping exists and serves this municipality, the header is one of its layouts, there are rows),
 * which a worker runs; its progress, counts and error report are read back here. Staff of the
 * municipality only, through the access policy; every start and every read of an error report
 * (which repeats the rows' numbers and dates) is in the access log.
 *
 * <p>A file with errors stores its valid rows and not the others (what staff expect of a file of
 * thousands of rows: the report lists the rest to fix, and the same file imported again after the
 * fix adds only them). A dry run checks every row and stores nothing.
 */
@Singleton
public class BulkImports {
  private final ImportMappings mappings;
  private final ImportStore store;
  private final MunicipalityRepository municipalities;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;
  private final BulkImportConfiguration configuration;
  private final Clock clock;

  BulkImports(
      ImportMappings mappings,
      ImportStore store,
      MunicipalityRepository municipalities,
      AccessGuard guard,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions,
      BulkImportConfiguration configuration,
      Clock clock) {
    this.mappings = mappings;
    this.store = store;
    this.municipalities = municipalities;
    this.guard = guard;
    this.accessLog = accessLog;
    this.transactions = transactions;
    this.configuration = configuration;
    this.clock = clock;
  }

  /**
   * A file to import, as uploaded.
   *
   * @param kind the kind of records staff said the file holds (checkup, vaccination), checked
   *     against the layout its header fits; null: whichever it fits
   */
  public record Upload(
      String system, String fileName, boolean dryRun, InputStream content, String kind) {
    public Upload(String system, String fileName, boolean dryRun, InputStream content) {
      this(system, fileName, dryRun, content, null);
    }
  }

  /** A job started for a caller that runs it itself (the command line). */
  public record Started(ImportJob job, UUID claim) {}

  /** The mappings the municipality's staff may import with. */
  public List<ImportMapping> systems(Principal principal, String municipalityCode) {
    MunicipalityRow municipality =
        municipality(principal, municipalityCode, "read-import-systems", AccessPolicy.Action.READ);
    return mappings.all().values().stream().filter(m -> m.isFor(municipality.code())).toList();
  }

  /** Starts an import; a worker runs it. */
  public ImportJob submit(Principal principal, String municipalityCode, Upload upload) {
    return start(principal, municipalityCode, upload, false).job();
  }

  /**
   * Starts an import that the caller runs at once under the returned claim ({@link
   * ImportRunner#run}); if the caller stops, a worker takes it over after the lease.
   */
  public Started startHere(Principal principal, String municipalityCode, Upload upload) {
    return start(principal, municipalityCode, upload, true);
  }

  private Started start(
      Principal principal, String municipalityCode, Upload upload, boolean runHere) {
    MunicipalityRow municipality =
        municipality(principal, municipalityCode, "bulk-import", AccessPolicy.Action.WRITE);
    ImportMapping mapping =
        mappings
            .of(upload.system())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.BULK_IMPORT_UNKNOWN_SYSTEM,
                        "No import mapping is called "
                            + upload.system()
                            + "; the mappings are "
                            + mappings.all().keySet()
                            + ".",
                        List.of(new ProblemException.FieldError("system", "unknown"))));
    if (!mapping.isFor(municipality.code())) {
      throw new ProblemException(
          ErrorCode.BULK_IMPORT_MAPPING_NOT_FOR_MUNICIPALITY,
          "The mapping " + mapping.system() + " is configured for other municipalities.");
    }
    byte[] content = readLimited(upload.content());
    CsvRecords records = new CsvRecords(content, mapping.delimiter());
    if (!records.hasNext()) {
      throw new ProblemException(ErrorCode.BULK_IMPORT_EMPTY_FILE, "The file is empty.");
    }
    List<String> header;
    try {
      header = RowReader.header(records.next(), mapping.charset());
    } catch (CharacterCodingException e) {
      throw new ProblemException(
          ErrorCode.BULK_IMPORT_FILE_NOT_MAPPED,
          "The header is not "
              + mapping.charset().name()
              + " text, the encoding of "
              + mapping.system()
              + ": is it an export of that system?");
    }
    ImportMapping.Layout layout =
        mapping.layoutOf(header).orElseThrow(() -> notMapped(mapping, header));
    if (upload.kind() != null && !upload.kind().equals(layout.kind().code())) {
      throw new ProblemException(
          ErrorCode.BULK_IMPORT_KIND_MISMATCH,
          "The file's header is the "
              + layout.kind().code()
              + " export of "
              + mapping.system()
              + ", not the "
              + upload.kind()
              + " one chosen.",
          List.of(new ProblemException.FieldError("kind", layout.kind().code())));
    }
    int rows = CsvRecords.countRows(content, mapping.delimiter());
    if (rows == 0) {
      throw new ProblemException(
          ErrorCode.BULK_IMPORT_EMPTY_FILE, "The file has a header and no rows.");
    }
    Instant now = clock.instant();
    ImportJob job =
        new ImportJob(
            Ids.newId(),
            municipality.id(),
            mapping.system(),
            layout.kind().code(),
            fileName(upload.fileName()),
            sha256(content),
            content.length,
            upload.dryRun(),
            ImportJob.QUEUED,
            principal.subject(),
            rows,
            0,
            0,
            0,
            0,
            0,
            0,
            layout.ignored(header),
            null,
            null,
            now,
            null,
            now,
            null);
    UUID claim = runHere ? Ids.newId() : null;
    transactions.executeWrite(
        status -> {
          store.create(job, content, claim, runHere ? now.plus(configuration.lease()) : null);
          accessLog.write(
              principal,
              subject(municipality.id()),
              "bulk-import " + mapping.system() + " " + layout.kind().code(),
              ImportRunner.PURPOSE);
          return null;
        });
    return new Started(store.job(job.id()).orElseThrow(), claim);
  }

  /** The job, when it is one of the municipality's. */
  public ImportJob job(Principal principal, String municipalityCode, UUID id) {
    MunicipalityRow municipality =
        municipality(principal, municipalityCode, "read-import", AccessPolicy.Action.READ);
    return store
        .job(id)
        .filter(job -> job.municipalityId().equals(municipality.id()))
        .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such import job."));
  }

  /** The municipality's most recent jobs, newest first. */
  public List<ImportJob> jobs(Principal principal, String municipalityCode, int limit) {
    MunicipalityRow municipality =
        municipality(principal, municipalityCode, "read-import", AccessPolicy.Action.READ);
    return store.jobs(municipality.id(), limit);
  }

  /** The first errors of the job's report, in row order. */
  public List<RowError> firstErrors(ImportJob job, int limit) {
    List<RowError> errors = new ArrayList<>();
    store.forEachError(job.id(), limit, errors::add);
    return errors;
  }

  /** The job's whole error report, in row order; the read is logged. */
  public void errorReport(
      Principal principal, String municipalityCode, UUID id, Consumer<RowError> consumer) {
    ImportJob job = job(principal, municipalityCode, id);
    accessLog.access(
        principal,
        subject(job.municipalityId()),
        "read-import-errors " + job.id(),
        ImportRunner.PURPOSE,
        true);
    store.forEachError(job.id(), 0, consumer);
  }

  /** The municipality, when the caller is one of its staff; refusals are logged by the guard. */
  private MunicipalityRow municipality(
      Principal principal, String code, String what, AccessPolicy.Action action) {
    if (principal.role() != Role.STAFF) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Bulk import is for the municipality's staff.");
    }
    MunicipalityRow municipality =
        municipalities
            .findByCode(code)
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No municipality " + code + "."));
    guard.require(principal, action, subject(municipality.id()), what, ImportRunner.PURPOSE);
    return municipality;
  }

  private static ProtectedSubject subject(UUID municipalityId) {
    return new ProtectedSubject("municipality", municipalityId, municipalityId, Set.of(), Set.of());
  }

  private ProblemException notMapped(ImportMapping mapping, List<String> header) {
    List<ProblemException.FieldError> missing = new ArrayList<>();
    StringBuilder detail =
        new StringBuilder("The header fits no layout of ")
            .append(mapping.system())
            .append(" (")
            .append(mapping.name().ja())
            .append(").");
    for (ImportMapping.Layout layout : mapping.layouts()) {
      List<String> absent =
          layout.columns().stream()
              .map(ImportMapping.Column::name)
              .filter(name -> !header.contains(name))
              .toList();
      detail
          .append(" The ")
          .append(layout.kind().code())
          .append(" export lacks ")
          .append(absent.isEmpty() ? "nothing" : String.join(", ", absent))
          .append('.');
      absent.forEach(
          name ->
              missing.add(
                  new ProblemException.FieldError(
                      layout.kind().code() + "/" + name, "column missing")));
    }
    return new ProblemException(ErrorCode.BULK_IMPORT_FILE_NOT_MAPPED, detail.toString(), missing);
  }

  private byte[] readLimited(InputStream in) {
    long limit = configuration.maxFileBytes();
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int read;
      while ((read = in.read(buffer)) != -1) {
        total += read;
        if (total > limit) {
          throw new ProblemException(
              ErrorCode.BULK_IMPORT_FILE_TOO_LARGE,
              "An import file has at most " + limit + " bytes; split the export.");
        }
        out.write(buffer, 0, read);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fileName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).strip();
    return base.length() > 200 ? base.substring(0, 200) : base;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The job's mapping, for its description. */
  public Optional<ImportMapping> mapping(ImportJob job) {
    return mappings.of(job.system());
  }
}
