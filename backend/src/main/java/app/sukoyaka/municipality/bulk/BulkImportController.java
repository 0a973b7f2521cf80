package app.sukoyaka.municipality.bulk;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/**
 * The bulk import API for the dashboard's upload page and other clients: the mappings, an upload
 * (202 with the job's location), the job with its progress and counts, the municipality's recent
 * jobs, and the error report as CSV.
 */
@Controller("/api/v1/municipalities/{municipalityCode}")
@ExecuteOn(TaskExecutors.BLOCKING)
class BulkImportController {
  static final String CSV = "text/csv";
  private static final int FIRST_ERRORS = 20;

  private final BulkImports imports;
  private final PipedDownloads downloads;

  BulkImportController(BulkImports imports, PipedDownloads downloads) {
    this.imports = imports;
    this.downloads = downloads;
  }

  @Get(uri = "/import-systems", produces = MediaType.APPLICATION_JSON)
  ImportBodies.SystemList systems(@PathVariable String municipalityCode, Principal principal) {
    return new ImportBodies.SystemList(
        imports.systems(principal, municipalityCode).stream().map(ImportBodies::system).toList());
  }

  @Post(
      uri = "/imports",
      consumes = {CSV, MediaType.APPLICATION_OCTET_STREAM},
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<ImportBodies.Job> upload(
      @PathVariable String municipalityCode,
      @Nullable @QueryValue String system,
      @Nullable @QueryValue String fileName,
      @Nullable @QueryValue Boolean dryRun,
      @Body InputStream body,
      Principal principal) {
    if (system == null || system.isBlank()) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "Name the system the file was exported from: ?system=…",
          List.of(new ProblemException.FieldError("system", "required")));
    }
    ImportJob job =
        imports.submit(
            principal,
            municipalityCode,
            new BulkImports.Upload(system, fileName, Boolean.TRUE.equals(dryRun), body));
    ImportBodies.Job created = body(job, municipalityCode);
    return HttpResponse.<ImportBodies.Job>status(HttpStatus.ACCEPTED)
        .header("Location", created.links().self())
        .body(created);
  }

  @Get(uri = "/imports", produces = MediaType.APPLICATION_JSON)
  ImportBodies.JobList jobs(
      @PathVariable String municipalityCode,
      @Nullable @QueryValue Integer limit,
      Principal principal) {
    int count = limit == null ? 20 : limit;
    if (count < 1 || count > 100) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "limit must be 1 to 100.",
          List.of(new ProblemException.FieldError("limit", "1 to 100")));
    }
    return new ImportBodies.JobList(
        imports.jobs(principal, municipalityCode, count).stream()
            .map(
                job ->
                    ImportBodies.job(
                        job, municipalityCode, imports.mapping(job).orElse(null), List.of()))
            .toList());
  }

  @Get(uri = "/imports/{importId}", produces = MediaType.APPLICATION_JSON)
  ImportBodies.Job job(
      @PathVariable String municipalityCode, @PathVariable String importId, Principal principal) {
    return body(imports.job(principal, municipalityCode, id(importId)), municipalityCode);
  }

  @Get(uri = "/imports/{importId}/errors.csv", produces = CSV)
  HttpResponse<StreamedFile> errorReport(
      @PathVariable String municipalityCode, @PathVariable String importId, Principal principal) {
    UUID id = id(importId);
    // Checked (and logged) before the download starts, so a refusal is a problem, not a file.
    ImportJob job = imports.job(principal, municipalityCode, id);
    InputStream csv =
        downloads.write(
            "import-errors-" + id,
            out -> {
              CsvWriter writer = new CsvWriter(out);
              writer.row("行番号", "列", "値", "エラーコード", "メッセージ", "message");
              imports.errorReport(
                  principal,
                  municipalityCode,
                  id,
                  error ->
                      writer.row(
                          Integer.toString(error.row()),
                          error.column(),
                          error.value(),
                          error.code().code(),
                          error.messageJa(),
                          error.messageEn()));
              writer.flush();
            });
    String name =
        "import-errors-" + (job.fileName() == null ? id.toString() : stem(job.fileName())) + ".csv";
    return HttpResponse.ok(
        new StreamedFile(csv, new MediaType(CSV + ";charset=utf-8")).attach(name));
  }

  private ImportBodies.Job body(ImportJob job, String municipalityCode) {
    return ImportBodies.job(
        job,
        municipalityCode,
        imports.mapping(job).orElse(null),
        imports.firstErrors(job, FIRST_ERRORS));
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  private static UUID id(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "No such import job.");
    }
  }
}
