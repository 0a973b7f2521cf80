package app.sukoyaka.clinic;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;

/** Builds the transaction-response Bundle of a stored submission. Pure. */
final class TransactionResponses {
  private TransactionResponses() {}

  /**
   * @param patientIds each Patient entry's fullUrl → the Patient it was matched to or recorded as
   * @param created fullUrls of the Patients recorded by this submission (new children)
   */
  static String json(
      FhirContext context,
      UUID submissionId,
      MappedSubmission mapped,
      Map<String, UUID> patientIds,
      Set<String> created,
      Instant storedAt) {
    Bundle response = new Bundle();
    response.setId(submissionId.toString());
    response.setType(Bundle.BundleType.TRANSACTIONRESPONSE);
    response.getMeta().setLastUpdated(Date.from(storedAt));
    for (MappedSubmission.EntryResult entry : mapped.entries()) {
      Bundle.BundleEntryResponseComponent result = response.addEntry().getResponse();
      if (entry.id() == null && !created.contains(entry.fullUrl())) {
        // The Patient was matched to the person or child on record; nothing was created.
        result.setStatus("200 OK").setLocation("Patient/" + patientIds.get(entry.fullUrl()));
      } else {
        UUID id = entry.id() == null ? patientIds.get(entry.fullUrl()) : entry.id();
        result
            .setStatus("201 Created")
            .setLocation(entry.resourceType() + "/" + id + "/_history/1")
            .setEtag("W/\"1\"")
            .setLastModified(Date.from(storedAt));
      }
    }
    return context.newJsonParser().encodeResourceToString(response);
  }
}
