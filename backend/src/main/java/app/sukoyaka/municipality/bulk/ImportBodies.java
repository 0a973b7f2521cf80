package app.sukoyaka.municipality.bulk;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies of the bulk import API, and their pure mapping from jobs and mappings. */
final class ImportBodies {
  private ImportBodies() {}

  /** What a file with errors stores: its valid rows (see {@link BulkImports}). */
  static final String VALID_ROWS_STORED = "valid-rows-stored";

  @Serdeable
  record Text(String ja, String en) {}

  @Serdeable
  record Progress(int rowsTotal, int rowsDone, int percent) {}

  @Serdeable
  record Counts(int stored, int unchanged, int alreadyRecorded, int rowsWithErrors, int errors) {}

  @Serdeable
  record Failure(String code, String message) {}

  @Serdeable
  record ErrorBody(
      int row,
      @Nullable String column,
      @Nullable String value,
      String code,
      String messageJa,
      String messageEn) {}

  @Serdeable
  record Links(String self, String errorReport) {}

  @Serdeable
  record Job(
      String id,
      String municipalityCode,
      String system,
      @Nullable Text systemName,
      String kind,
      @Nullable String fileName,
      String fileSha256,
      long fileBytes,
      boolean dryRun,
      String onErrors,
      String status,
      Progress progress,
      Counts counts,
      List<String> ignoredColumns,
      @Nullable Failure failure,
      List<ErrorBody> firstErrors,
      String requestedBy,
      Instant createdAt,
      @Nullable Instant startedAt,
      Instant updatedAt,
      @Nullable Instant finishedAt,
      Links links) {}

  @Serdeable
  record JobList(List<Job> imports) {}

  @Serdeable
  record ColumnBody(
      String name,
      @Nullable String field,
      @Nullable String item,
      @Nullable String unit,
      boolean required,
      Map<String, String> codes,
      Map<String, Map<String, String>> codesByVaccine,
      @Nullable String description) {}

  @Serdeable
  record LayoutBody(
      String kind,
      @Nullable Boolean routine,
      @Nullable String performerName,
      List<ColumnBody> columns) {}

  @Serdeable
  record SystemBody(
      String system,
      Text name,
      String source,
      String effectiveFrom,
      String encoding,
      String dates,
      List<String> notes,
      List<LayoutBody> layouts) {}

  @Serdeable
  record SystemList(List<SystemBody> systems) {}

  static Job job(
      ImportJob job, String municipalityCode, ImportMapping mapping, List<RowError> first) {
    String self = "/api/v1/municipalities/" + municipalityCode + "/imports/" + job.id();
    return new Job(
        job.id().toString(),
        municipalityCode,
        job.system(),
        mapping == null ? null : new Text(mapping.name().ja(), mapping.name().en()),
        job.kind(),
        job.fileName(),
        job.fileSha256(),
        job.fileBytes(),
        job.dryRun(),
        VALID_ROWS_STORED,
        job.status(),
        new Progress(job.rowsTotal(), job.rowsDone(), (int) Math.floor(job.progress() * 100)),
        new Counts(
            job.stored(),
            job.unchanged(),
            job.alreadyRecorded(),
            job.rowsWithErrors(),
            job.errors()),
        job.ignoredColumns(),
        job.failureCode() == null ? null : new Failure(job.failureCode(), job.failure()),
        first.stream().map(ImportBodies::error).toList(),
        job.requestedBy(),
        job.createdAt(),
        job.startedAt(),
        job.updatedAt(),
        job.finishedAt(),
        new Links(self, self + "/errors.csv"));
  }

  static ErrorBody error(RowError error) {
    return new ErrorBody(
        error.row(),
        error.column(),
        error.value(),
        error.code().code(),
        error.messageJa(),
        error.messageEn());
  }

  static SystemBody system(ImportMapping mapping) {
    List<LayoutBody> layouts = new ArrayList<>();
    for (ImportMapping.Layout layout : mapping.layouts()) {
      List<ColumnBody> columns = new ArrayList<>();
      for (ImportMapping.Column column : layout.columns()) {
        Map<String, String> codes = new LinkedHashMap<>();
        column.codes().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> codes.put(e.getKey(), target(e.getValue())));
        Map<String, Map<String, String>> byVaccine = new LinkedHashMap<>();
        column.codesByVaccine().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> byVaccine.put(e.getKey(), new java.util.TreeMap<>(e.getValue())));
        columns.add(
            new ColumnBody(
                column.name(),
                column.field() == null ? null : column.field().json(),
                column.item(),
                column.unit(),
                column.required(),
                codes,
                byVaccine,
                column.description()));
      }
      layouts.add(
          new LayoutBody(layout.kind().code(), layout.routine(), layout.performerName(), columns));
    }
    return new SystemBody(
        mapping.system(),
        new Text(mapping.name().ja(), mapping.name().en()),
        mapping.source(),
        mapping.effectiveFrom().toString(),
        mapping.charset().name(),
        mapping.dates().code(),
        mapping.notes(),
        layouts);
  }

  private static String target(Object target) {
    if (target instanceof ImportMapping.CheckupKindTarget kind) {
      return kind.name() == null ? kind.kind() : kind.kind() + " (" + kind.name() + ")";
    }
    if (target instanceof ImportMapping.VaccineTarget vaccine) {
      return vaccine.product() == null ? vaccine.kind() : vaccine.kind() + "/" + vaccine.product();
    }
    return String.valueOf(target);
  }
}
