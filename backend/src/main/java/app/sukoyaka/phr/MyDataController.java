package app.sukoyaka.phr;

import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Download of all my data, as CSV files in a ZIP or as one FHIR Bundle. */
@Controller("/api/v1/me/data-export")
@ExecuteOn(TaskExecutors.BLOCKING)
class MyDataController {
  private final MyDataExport export;

  MyDataController(MyDataExport export) {
    this.export = export;
  }

  @Get(uri = "/csv", produces = "application/zip")
  HttpResponse<byte[]> csv(Principal principal) {
    return HttpResponse.ok(export.csvZip(principal))
        .header("Content-Disposition", "attachment; filename=\"sukoyaka-my-data.zip\"")
        .header("Cache-Control", "no-store");
  }

  @Get(uri = "/fhir", produces = "application/fhir+json")
  HttpResponse<String> fhir(Principal principal) {
    return HttpResponse.ok(export.fhirBundle(principal))
        .header("Content-Disposition", "attachment; filename=\"sukoyaka-my-data.json\"")
        .header("Cache-Control", "no-store");
  }
}
