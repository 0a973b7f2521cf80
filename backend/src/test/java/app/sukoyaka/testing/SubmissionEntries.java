package app.sukoyaka.testing;

import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** Entries of a clinic's transaction Bundle as the test builders write them. */
final class SubmissionEntries {
  private SubmissionEntries() {}

  /** A Patient created unless one with its first identifier exists (conditional create). */
  static void patient(Bundle bundle, String fullUrl, Patient patient) {
    post(bundle, fullUrl, patient)
        .setIfNoneExist(
            "identifier="
                + patient.getIdentifierFirstRep().getSystem()
                + "|"
                + patient.getIdentifierFirstRep().getValue());
  }

  /** Any other resource, posted under its fullUrl (a fresh one when {@code fullUrl} is null). */
  static Bundle.BundleEntryRequestComponent post(Bundle bundle, String fullUrl, Resource resource) {
    return bundle
        .addEntry()
        .setFullUrl(fullUrl == null ? "urn:uuid:" + UUID.randomUUID() : fullUrl)
        .setResource(resource)
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl(resource.fhirType());
  }
}
