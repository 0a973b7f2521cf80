package app.sukoyaka.clinic;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;

/** Builds the transaction-response Bundle of a stored submission. Pure. */
final class TransactionResponses {
  private TransactionResponses() {}

  static String json(
      FhirContext context,
      UUID submissionId,
      MappedSubmission mapped,
      UUID patientId,
      Instant storedAt) {
    Bundle response = new Bundle();
    response.setId(submissionId.toString());
    response.setType(Bundle.BundleType.TRANSACTIONRESPONSE);
    response.getMeta().setLastUpdated(Date.from(storedAt));
    for (MappedSubmission.EntryResult entry : mapped.entries()) {
      Bundle.BundleEntryResponseComponent result = response.addEntry().getResponse();
      if (entry.id() == null) {
        // The Patient was matched to the pregnant person on record; nothing was created.
        result.setStatus("200 OK").setLocation("Patient/" + patientId);
      } else {
        result
            .setStatus("201 Created")
            .setLocation(entry.resourceType() + "/" + entry.id() + "/_history/1")
            .setEtag("W/\"1\"")
            .setLastModified(Date.from(storedAt));
      }
    }
    return context.newJsonParser().encodeResourceToString(response);
  }
}
