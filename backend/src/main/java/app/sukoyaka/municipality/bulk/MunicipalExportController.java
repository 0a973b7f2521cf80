package app.sukoyaka.municipality.bulk;

import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/** The municipality's records as a ZIP of CSV files, written while it downloads. */
@Controller("/api/v1/municipalities/{municipalityCode}")
@ExecuteOn(TaskExecutors.BLOCKING)
class MunicipalExportController {
  static final String ZIP = "application/zip";

  private final MunicipalExport export;
  private final PipedDownloads downloads;
  private final Clock clock;

  MunicipalExportController(MunicipalExport export, PipedDownloads downloads, Clock clock) {
    this.export = export;
    this.downloads = downloads;
    this.clock = clock;
  }

  @Get(uri = "/exports/records.zip", produces = ZIP)
  HttpResponse<StreamedFile> records(@PathVariable String municipalityCode, Principal principal) {
    // Decided before the download starts, so a refusal is a problem, not a broken file.
    UUID municipality = export.authorize(principal, municipalityCode);
    InputStream zip =
        downloads.write(
            "records-" + municipalityCode, out -> export.write(principal, municipality, out));
    String day = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo"))).toString();
    return HttpResponse.ok(
        new StreamedFile(zip, MediaType.of(ZIP))
            .attach("sukoyaka-" + municipalityCode + "-" + day + ".zip"));
  }
}
