package app.sukoyaka.clinic;

import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.immunization.ImmunizationRecords;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.UUID;

/** A clinic retracts (deletes) a vaccination record it submitted: entered in error. */
@Controller("/fhir/Immunization/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
class ClinicImmunizationController {
  private final ImmunizationRecords records;

  ClinicImmunizationController(ImmunizationRecords records) {
    this.records = records;
  }

  @Delete
  HttpResponse<?> retract(@PathVariable String id, Principal principal) {
    UUID recordId;
    try {
      recordId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new FhirException(
          ErrorCode.NOT_FOUND,
          FhirIssue.error("not-found", "Immunization/" + id + " is not known."));
    }
    records.retract(principal, recordId);
    return HttpResponse.status(HttpStatus.NO_CONTENT);
  }
}
