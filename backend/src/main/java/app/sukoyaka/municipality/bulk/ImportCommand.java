package app.sukoyaka.municipality.bulk;

import app.sukoyaka.platform.EmbeddedDatabase;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.PrincipalDirectory;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Imports one legacy export from the command line, with a progress bar, into the database the
 * service is configured with (the same environment: {@code DATASOURCES_DEFAULT_URL} … or the
 * embedded PostgreSQL under {@code SUKOYAKA_DATA_DIR}):
 *
 * <pre>
 * java -cp backend/target/sukoyaka.jar app.sukoyaka.municipality.bulk.ImportCommand \
 *     --municipality 131059 --system legacy-sjis --staff staff-subject [--dry-run] \
 *     [--errors report.csv] file.csv
 * </pre>
 *
 * The import is made as the named staff member, who must work for the municipality (the access
 * policy decides, as for an upload, and the access log names them). It is a job like an upload's:
 * run here at once, and if this process stops, a running service takes it over after the lease.
 * Exit status: 0 every row imported (stored, unchanged or already recorded), 3 finished with rows
 * in error (the report is written), 1 the import could not start or stopped, 2 wrong usage.
 */
public final class ImportCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int ROW_ERRORS = 3;
  private static final int BAR = 30;

  private ImportCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, Map.of(), System.out, System.err));
  }

  /** The command's options. */
  record Options(
      String municipality,
      String system,
      String staff,
      boolean dryRun,
      Path errors,
      Path file,
      boolean verbose) {}

  /** Runs the command; {@code properties} are added to the service's configuration (tests). */
  static int run(String[] args, Map<String, Object> properties, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(usage());
      return USAGE;
    }
    if (!Files.isRegularFile(options.file())) {
      err.println("No such file: " + options.file());
      return USAGE;
    }
    AtomicReference<EmbeddedDatabase> embedded = new AtomicReference<>();
    Map<String, Object> configuration = new HashMap<>();
    if (!properties.containsKey("datasources.default.url")) {
      configuration.putAll(EmbeddedDatabase.startIfUnconfigured(new String[0], embedded::set));
    }
    if (!options.verbose()) {
      // The progress bar and the summary are the output; the service's own log only for warnings.
      configuration.put("logger.levels.ROOT", "WARN");
      configuration.put("logger.levels.org.flywaydb", "WARN");
    }
    configuration.putAll(properties);
    // This process runs its own job and nothing else of the service's.
    configuration.put("sukoyaka.bulk-import.worker-enabled", false);
    configuration.put("sukoyaka.bulk-export.worker-enabled", false);
    configuration.put("sukoyaka.push.enabled", false);
    configuration.put("sukoyaka.reminders.schedule.enabled", false);
    configuration.put("sukoyaka.account-deletion.schedule.enabled", false);
    configuration.put("sukoyaka.intake.warm-up-submissions", 0);
    try (ApplicationContext context =
        ApplicationContext.builder().properties(configuration).environments("cli").start()) {
      return importFile(context, options, out, err);
    } finally {
      EmbeddedDatabase database = embedded.get();
      if (database != null) {
        database.close();
      }
    }
  }

  private static int importFile(
      ApplicationContext context, Options options, PrintStream out, PrintStream err) {
    Principal staff = context.getBean(PrincipalDirectory.class).staff(options.staff()).orElse(null);
    if (staff == null) {
      err.println("No staff account " + options.staff() + " (staff_account.subject).");
      return FAILED;
    }
    BulkImports imports = context.getBean(BulkImports.class);
    BulkImports.Started started;
    try (InputStream in = Files.newInputStream(options.file())) {
      started =
          imports.startHere(
              staff,
              options.municipality(),
              new BulkImports.Upload(
                  options.system(), options.file().getFileName().toString(), options.dryRun(), in));
    } catch (ProblemException e) {
      err.println(e.errorCode().code() + " " + e.getMessage());
      e.errors().forEach(f -> err.println("  " + f.field() + ": " + f.message()));
      return FAILED;
    } catch (IOException e) {
      err.println("Cannot read " + options.file() + ": " + e.getMessage());
      return FAILED;
    } catch (app.sukoyaka.security.AccessDeniedException e) {
      err.println(e.errorCode().code() + " " + e.getMessage());
      return FAILED;
    }
    ImportJob job = started.job();
    out.println(
        "Import "
            + job.id()
            + ": "
            + job.kind()
            + " rows of "
            + job.system()
            + (job.dryRun() ? " (dry run: nothing is stored)" : "")
            + ", "
            + String.format(Locale.ROOT, "%,d", job.rowsTotal())
            + " rows");
    if (!job.ignoredColumns().isEmpty()) {
      out.println("Columns not imported: " + String.join(", ", job.ignoredColumns()));
    }
    ProgressBar bar = new ProgressBar(err, System.console() != null);
    ImportJob ended = context.getBean(ImportRunner.class).run(job.id(), started.claim(), bar::show);
    bar.done();
    out.println(summary(ended));
    if (ended.errors() > 0) {
      Path report =
          options.errors() != null
              ? options.errors()
              : options.file().resolveSibling(options.file().getFileName() + ".errors.csv");
      try (OutputStream file = Files.newOutputStream(report)) {
        CsvWriter writer = new CsvWriter(file);
        writer.row("行番号", "列", "値", "エラーコード", "メッセージ", "message");
        imports.errorReport(
            staff,
            options.municipality(),
            ended.id(),
            error ->
                writer.row(
                    Integer.toString(error.row()),
                    error.column(),
                    error.value(),
                    error.code().code(),
                    error.messageJa(),
                    error.messageEn()));
        writer.flush();
      } catch (IOException e) {
        err.println("Cannot write the error report " + report + ": " + e.getMessage());
        return FAILED;
      }
      out.println("Error report: " + report);
    }
    if (!ImportJob.COMPLETED.equals(ended.status())) {
      err.println(ended.failureCode() + " " + ended.failure());
      return FAILED;
    }
    return ended.rowsWithErrors() > 0 ? ROW_ERRORS : OK;
  }

  static String summary(ImportJob job) {
    return String.format(
        Locale.ROOT,
        "%s: %,d rows; %s %,d, unchanged %,d, already recorded %,d, with errors %,d (%,d errors)",
        job.status(),
        job.rowsDone(),
        job.dryRun() ? "would store" : "stored",
        job.stored(),
        job.unchanged(),
        job.alreadyRecorded(),
        job.rowsWithErrors(),
        job.errors());
  }

  static Options parse(String[] args) {
    String municipality = null;
    String system = null;
    String staff = null;
    boolean dryRun = false;
    boolean verbose = false;
    Path errors = null;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--municipality" -> municipality = value(args, ++i, arg);
        case "--system" -> system = value(args, ++i, arg);
        case "--staff" -> staff = value(args, ++i, arg);
        case "--errors" -> errors = Path.of(value(args, ++i, arg));
        case "--dry-run" -> dryRun = true;
        case "--verbose" -> verbose = true;
        default -> {
          if (arg.startsWith("--")) {
            throw new IllegalArgumentException("Unknown option " + arg);
          }
          files.add(arg);
        }
      }
    }
    if (municipality == null || system == null || staff == null || files.size() != 1) {
      throw new IllegalArgumentException(
          "--municipality, --system, --staff and one file are required");
    }
    return new Options(municipality, system, staff, dryRun, errors, Path.of(files.get(0)), verbose);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  static String usage() {
    return "usage: java -cp sukoyaka.jar app.sukoyaka.municipality.bulk.ImportCommand"
        + " --municipality CODE --system ID --staff SUBJECT [--dry-run] [--errors REPORT.csv]"
        + " [--verbose] FILE.csv";
  }

  /** The progress bar on the terminal: redrawn in place, or a line per tenth when piped. */
  static final class ProgressBar {
    private final PrintStream err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private int lastTenth = -1;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    void show(ImportJob job) {
      String line = line(job, (System.nanoTime() - started) / 1e9);
      if (terminal) {
        err.print("\r" + line);
        drawn = true;
      } else {
        int tenth = (int) (job.progress() * 10);
        if (tenth != lastTenth) {
          lastTenth = tenth;
          err.println(line);
        }
      }
      err.flush();
    }

    void done() {
      if (drawn) {
        err.println();
      }
    }

    static String line(ImportJob job, double seconds) {
      int filled = (int) Math.round(job.progress() * BAR);
      double rate = seconds > 0 ? job.rowsDone() / seconds : 0;
      long remaining = rate > 0 ? Math.round((job.rowsTotal() - job.rowsDone()) / rate) : 0;
      return String.format(
          Locale.ROOT,
          "[%s%s] %3d%%  %,d/%,d rows  stored %,d  unchanged %,d  already %,d  errors %,d"
              + "  %,.0f rows/s  ETA %d:%02d",
          "#".repeat(filled),
          "-".repeat(BAR - filled),
          (int) Math.floor(job.progress() * 100),
          job.rowsDone(),
          job.rowsTotal(),
          job.stored(),
          job.unchanged(),
          job.alreadyRecorded(),
          job.rowsWithErrors(),
          rate,
          remaining / 60,
          remaining % 60);
    }
  }
}
