package app.sukoyaka.fhir;

import app.sukoyaka.phr.consent.ConsentEntry;
import app.sukoyaka.phr.consent.ConsentRegister;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.security.Principal;
import ca.uhn.fhir.context.FhirContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;

/**
 * FHIR read and search of the guardian's own consents (the consent register as {@code Consent}
 * resources). Search takes {@code patient} (the guardian's own Patient; another is refused) and
 * {@code status}; another guardian's consent reads as not found.
 */
@Controller("/fhir/Consent")
@Produces({OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
@ExecuteOn(TaskExecutors.BLOCKING)
class FhirConsentController {
  private final ConsentRegister register;
  private final FhirContext context;
  private final String base;

  FhirConsentController(
      ConsentRegister register,
      FhirContext context,
      app.sukoyaka.security.SecurityConfiguration security) {
    this.register = register;
    this.context = context;
    this.base = security.issuer().replaceAll("/+$", "") + "/fhir";
  }

  @Get("/{id}")
  HttpResponse<String> read(@PathVariable String id, Principal principal) {
    ConsentRegister.Register found = register.of(principal, "read-fhir-consent");
    for (ConsentEntry entry : found.entries()) {
      if (ConsentResources.fhirId(entry).equals(id)) {
        return FhirResponses.resource(encode(resource(found, entry)));
      }
    }
    throw new FhirException(
        ErrorCode.CONSENT_NOT_FOUND,
        FhirIssue.error("not-found", "You gave no consent with this id."));
  }

  @Get
  HttpResponse<String> search(HttpRequest<?> request, Principal principal) {
    ConsentRegister.Register found = register.of(principal, "search-fhir-consent");
    String patient = request.getParameters().get("patient");
    if (patient != null
        && !patient.replaceFirst("^Patient/", "").equals(found.holder().personId().toString())) {
      throw new FhirException(
          ErrorCode.FORBIDDEN,
          FhirIssue.error("forbidden", "A guardian searches their own consents only."));
    }
    String status = request.getParameters().get("status");
    List<Consent> matches = new ArrayList<>();
    for (ConsentEntry entry : found.entries()) {
      Consent consent = resource(found, entry);
      if (status == null || status.equals(consent.getStatus().toCode())) {
        matches.add(consent);
      }
    }
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.SEARCHSET);
    bundle.setTotal(matches.size());
    String query = request.getUri().getRawQuery();
    bundle
        .addLink()
        .setRelation("self")
        .setUrl(base + "/Consent" + (query == null ? "" : "?" + query));
    for (Consent consent : matches) {
      bundle
          .addEntry()
          .setFullUrl(base + "/Consent/" + consent.getIdElement().getIdPart())
          .setResource(consent)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    return FhirResponses.bundle(encode(bundle));
  }

  private static Consent resource(ConsentRegister.Register found, ConsentEntry entry) {
    return ConsentResources.consent(
        entry, found.holder().personId(), found.holder().displayName(), found.readAt());
  }

  private String encode(org.hl7.fhir.r4.model.Resource resource) {
    return context.newJsonParser().encodeResourceToString(resource);
  }
}
