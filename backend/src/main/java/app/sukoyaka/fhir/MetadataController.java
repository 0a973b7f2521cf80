package app.sukoyaka.fhir;

import app.sukoyaka.apispec.CapabilityStatementResource;
import app.sukoyaka.security.SecurityConfiguration;
import ca.uhn.fhir.context.FhirContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.time.Clock;
import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * The CapabilityStatement, written contract-first in {@code api-spec}; this fills in the instance's
 * own URLs and the time it started.
 */
@Controller("/fhir/metadata")
class MetadataController {
  private final String statement;

  MetadataController(FhirContext context, SecurityConfiguration security, Clock clock) {
    String base = security.issuer().replaceAll("/+$", "");
    String text =
        CapabilityStatementResource.load()
            .replace(CapabilityStatementResource.BASE_URL_PLACEHOLDER, base);
    CapabilityStatement capability =
        context.newJsonParser().parseResource(CapabilityStatement.class, text);
    capability.setDate(Date.from(clock.instant()));
    capability.getImplementation().setUrl(base + "/fhir");
    this.statement = context.newJsonParser().encodeResourceToString(capability);
  }

  @Get(produces = {OperationOutcomes.FHIR_JSON, "application/json"})
  HttpResponse<String> metadata() {
    return HttpResponse.ok(statement).contentType(OperationOutcomes.FHIR_JSON);
  }
}
