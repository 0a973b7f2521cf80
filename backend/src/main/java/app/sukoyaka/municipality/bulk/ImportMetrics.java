package app.sukoyaka.municipality.bulk;

import app.sukoyaka.platform.observability.DatabaseGauge;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.util.List;
import javax.sql.DataSource;

/**
 * Bulk import jobs as metrics: jobs by status ({@code sukoyaka_import_jobs}) and rows still to
 * check in queued and running jobs ({@code sukoyaka_import_rows_pending}).
 */
@Context
class ImportMetrics {
  static final List<String> STATUSES = List.of("queued", "running", "completed", "failed");

  ImportMetrics(MeterRegistry meters, DataSource dataSource) {
    DataSource plain = DelegatingDataSource.unwrapDataSource(dataSource);
    DatabaseGauge jobs =
        new DatabaseGauge(
            plain,
            "SELECT status, count(*) FROM import_job GROUP BY status"
                + " UNION ALL SELECT 'rows_pending', coalesce(sum(rows_total - rows_done), 0)"
                + " FROM import_job WHERE status IN ('queued', 'running')");
    for (String status : STATUSES) {
      Gauge.builder("sukoyaka.import.jobs", jobs, gauge -> gauge.value(status))
          .description("Bulk import jobs by status")
          .tag("status", status)
          .register(meters);
    }
    Gauge.builder("sukoyaka.import.rows.pending", jobs, gauge -> gauge.value("rows_pending"))
        .description("Rows of queued and running import jobs not yet checked")
        .register(meters);
  }
}
