package app.sukoyaka.municipality.bulk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An import job as stored: the file it imports, how far it got and what it found.
 *
 * @param kind checkup or vaccination, told by the file's header
 * @param requestedBy the staff member's login subject; the job runs on their behalf
 * @param status queued, running, completed or failed
 * @param stored rows stored (for a dry run: rows that would be)
 * @param unchanged rows imported before with the same content (and repeats within the file)
 * @param alreadyRecorded rows whose checkup or dose another source (a clinic) had recorded
 * @param rowsWithErrors rows not stored because of errors; {@code errors} counts the errors
 * @param ignoredColumns columns of the file that the mapping does not read
 */
public record ImportJob(
    UUID id,
    UUID municipalityId,
    String system,
    String kind,
    String fileName,
    String fileSha256,
    long fileBytes,
    boolean dryRun,
    String status,
    String requestedBy,
    int rowsTotal,
    int rowsDone,
    int stored,
    int unchanged,
    int alreadyRecorded,
    int rowsWithErrors,
    int errors,
    List<String> ignoredColumns,
    String failureCode,
    String failure,
    Instant createdAt,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  public ImportJob {
    ignoredColumns = List.copyOf(ignoredColumns);
  }

  public boolean finished() {
    return COMPLETED.equals(status) || FAILED.equals(status);
  }

  /** Rows read so far, as a share of the file. */
  public double progress() {
    return rowsTotal == 0 ? 1.0 : (double) rowsDone / rowsTotal;
  }

  /** What one batch adds to the counts. */
  record Counts(
      int rows, int stored, int unchanged, int alreadyRecorded, int rowsWithErrors, int errors) {
    static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
  }
}
