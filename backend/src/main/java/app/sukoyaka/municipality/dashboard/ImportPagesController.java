package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.bulk.BulkImportConfiguration;
import app.sukoyaka.municipality.bulk.BulkImports;
import app.sukoyaka.municipality.bulk.ImportJob;
import app.sukoyaka.municipality.bulk.ImportMapping;
import app.sukoyaka.municipality.bulk.RowError;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bulk import from the dashboard, through {@link BulkImports} as the API and the command line: an
 * upload page (the file, the system it was exported from, the kind of records it holds, a dry run)
 * with the municipality's recent jobs; each job's page with its progress (htmx asks again every two
 * seconds until it is done; without JavaScript the page refreshes itself), its counts, its first
 * errors and the whole error report as CSV. A file the import cannot take is answered on the upload
 * page, in the page language, with what to do.
 */
@Controller("/dashboard/imports")
@ExecuteOn(TaskExecutors.BLOCKING)
class ImportPagesController {
  static final int FIRST_ERRORS = 20;
  static final int JOBS_SHOWN = 50;

  private final DashboardRequests requests;
  private final DashboardPages pages;
  private final BulkImports imports;
  private final MunicipalityRepository municipalities;
  private final BulkImportConfiguration configuration;

  ImportPagesController(
      DashboardRequests requests,
      DashboardPages pages,
      BulkImports imports,
      MunicipalityRepository municipalities,
      BulkImportConfiguration configuration) {
    this.requests = requests;
    this.pages = pages;
    this.imports = imports;
    this.municipalities = municipalities;
    this.configuration = configuration;
  }

  record SystemOption(String value, String label, boolean selected) {}

  record JobRow(
      String id,
      String link,
      String createdAt,
      String fileName,
      String system,
      String kind,
      String status,
      String progress,
      int stored,
      int rowsWithErrors,
      boolean dryRun) {}

  record ErrorRow(int row, String column, String value, String code, String message) {}

  private String code(DashboardRequests.Staff staff) {
    return municipalities.findById(staff.municipalityId()).orElseThrow().code();
  }

  @Get(produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> page(HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-imports");
    return HttpResponse.ok(
        new ModelAndView<>(
            "dashboard/imports", uploadModel(staff, request, null, null, null, false)));
  }

  private Map<String, Object> uploadModel(
      DashboardRequests.Staff staff,
      HttpRequest<?> request,
      String system,
      String kind,
      ProblemException problem,
      boolean dryRun) {
    String language = staff.language();
    String code = code(staff);
    Map<String, Object> model = pages.model(staff, request, "imports");
    List<SystemOption> systems = new ArrayList<>();
    for (ImportMapping mapping : imports.systems(staff.principal(), code)) {
      systems.add(
          new SystemOption(
              mapping.system(),
              DashboardPages.in(mapping.name(), language) + " (" + mapping.system() + ")",
              mapping.system().equals(system)));
    }
    model.put("systems", systems);
    model.put("kind", kind == null ? "" : kind);
    model.put("dryRun", dryRun);
    model.put(
        "maxSize",
        pages.text(
            "imports.maxSize",
            language,
            Map.of("mb", configuration.maxFileBytes() / (1024 * 1024))));
    if (problem != null) {
      String key = "imports.error." + problem.errorCode().code();
      String message;
      try {
        message = pages.text(key, language, Map.of());
      } catch (IllegalArgumentException e) {
        message = pages.text("imports.error.other", language, Map.of());
      }
      model.put("uploadError", message);
      model.put("uploadErrorCode", problem.errorCode().code());
      model.put("uploadErrorDetail", problem.getMessage());
    }
    List<JobRow> jobs = new ArrayList<>();
    for (ImportJob job : imports.jobs(staff.principal(), code, JOBS_SHOWN)) {
      jobs.add(
          new JobRow(
              job.id().toString(),
              "/dashboard/imports/" + job.id(),
              DashboardPages.time(job.createdAt()),
              job.fileName() == null ? "" : job.fileName(),
              systemName(job, language),
              pages.text("imports.kind." + job.kind(), language, Map.of()),
              pages.text("imports.status." + job.status(), language, Map.of()),
              job.rowsDone() + " / " + job.rowsTotal(),
              job.stored(),
              job.rowsWithErrors(),
              job.dryRun()));
    }
    model.put("jobs", jobs);
    return model;
  }

  private String systemName(ImportJob job, String language) {
    return imports
        .mapping(job)
        .map(m -> DashboardPages.in(m.name(), language))
        .orElse(job.system());
  }

  @Post(consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.TEXT_HTML)
  MutableHttpResponse<?> upload(@Body MultipartBody body, HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "bulk-import");
    MultipartForms.Form form;
    try {
      form =
          MultipartForms.read(
              body, configuration.maxFileBytes(), ErrorCode.BULK_IMPORT_FILE_TOO_LARGE);
    } catch (ProblemException e) {
      // The token cannot be read from a form refused for its size: the refusal says only that.
      return refused(staff, request, null, null, false, e);
    }
    DashboardRequests.requireCsrf(request, form.value(DashboardRequests.CSRF_FIELD));
    String system = blankToNull(form.value("system"));
    String kind = blankToNull(form.value("kind"));
    boolean dryRun = form.value("dryRun") != null;
    try {
      List<ProblemException.FieldError> missing = new ArrayList<>();
      if (form.fileField() == null || !form.hasFile()) {
        missing.add(new ProblemException.FieldError("file", "choose the exported CSV file"));
      }
      if (system == null) {
        missing.add(new ProblemException.FieldError("system", "choose the system"));
      }
      if (kind != null && !kind.equals("checkup") && !kind.equals("vaccination")) {
        missing.add(new ProblemException.FieldError("kind", "checkup or vaccination"));
      }
      if (!missing.isEmpty()) {
        throw new ProblemException(
            ErrorCode.DASHBOARD_UPLOAD_INVALID,
            "Choose the file and the system it was exported from.",
            missing);
      }
      ImportJob job =
          imports.submit(
              staff.principal(),
              code(staff),
              new BulkImports.Upload(
                  system, form.fileName(), dryRun, new ByteArrayInputStream(form.file()), kind));
      return HttpResponse.seeOther(URI.create("/dashboard/imports/" + job.id()));
    } catch (ProblemException e) {
      if (e.errorCode() == ErrorCode.FORBIDDEN || e.errorCode() == ErrorCode.WRONG_ROLE) {
        throw e;
      }
      return refused(staff, request, system, kind, dryRun, e);
    }
  }

  private MutableHttpResponse<?> refused(
      DashboardRequests.Staff staff,
      HttpRequest<?> request,
      String system,
      String kind,
      boolean dryRun,
      ProblemException problem) {
    return HttpResponse.status(HttpStatus.valueOf(problem.errorCode().status()))
        .body(
            new ModelAndView<>(
                "dashboard/imports", uploadModel(staff, request, system, kind, problem, dryRun)));
  }

  @Get(uri = "/{importId}", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> job(
      @PathVariable String importId, HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-import");
    String language = staff.language();
    ImportJob job = imports.job(staff.principal(), code(staff), id(importId));
    Map<String, Object> model = pages.model(staff, request, "imports");
    model.put("job", job);
    model.put("jobId", job.id().toString());
    model.put("title", job.fileName() == null ? job.id().toString() : job.fileName());
    model.put("system", systemName(job, language));
    model.put("kind", pages.text("imports.kind." + job.kind(), language, Map.of()));
    model.put("status", pages.text("imports.status." + job.status(), language, Map.of()));
    model.put("percent", (int) Math.floor(job.progress() * 100));
    model.put("createdAt", DashboardPages.time(job.createdAt()));
    model.put("finishedAt", DashboardPages.time(job.finishedAt()));
    model.put(
        "progressText",
        pages.text(
            "imports.progressText",
            language,
            Map.of(
                "done",
                job.rowsDone(),
                "total",
                job.rowsTotal(),
                "percent",
                (int) Math.floor(job.progress() * 100))));
    List<ErrorRow> errors = new ArrayList<>();
    for (RowError error : imports.firstErrors(job, FIRST_ERRORS)) {
      errors.add(
          new ErrorRow(
              error.row(),
              error.column() == null ? "" : error.column(),
              error.value() == null ? "" : error.value(),
              error.code().code(),
              "en".equals(language) ? error.messageEn() : error.messageJa()));
    }
    model.put("firstErrors", errors);
    model.put("errorReport", "/dashboard/imports/" + job.id() + "/errors.csv");
    return DashboardPages.page(request, "dashboard/import", "job-progress", model);
  }

  @Get(uri = "/{importId}/errors.csv", produces = "text/csv")
  MutableHttpResponse<byte[]> errorReport(@PathVariable String importId, HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-import-errors");
    String code = code(staff);
    UUID id = id(importId);
    ImportJob job = imports.job(staff.principal(), code, id);
    Csv csv = new Csv();
    csv.line(List.of("行番号", "列", "値", "エラーコード", "メッセージ", "message"));
    imports.errorReport(
        staff.principal(),
        code,
        id,
        error ->
            csv.line(
                java.util.Arrays.asList(
                    Integer.toString(error.row()),
                    error.column(),
                    error.value(),
                    error.code().code(),
                    error.messageJa(),
                    error.messageEn())));
    String stem = job.fileName() == null ? id.toString() : job.fileName();
    int dot = stem.lastIndexOf('.');
    if (dot > 0) {
      stem = stem.substring(0, dot);
    }
    return Csv.download(csv.bytes(), "import-errors-" + safeName(stem) + ".csv");
  }

  /** A file name for the Content-Disposition header: ASCII letters, digits, dot, dash. */
  static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.replace("_", "").isEmpty() ? "import" : safe;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static UUID id(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "No such import job.");
    }
  }
}
