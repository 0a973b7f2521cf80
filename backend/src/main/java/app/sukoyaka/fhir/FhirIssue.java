package app.sukoyaka.fhir;

import java.util.List;

/**
 * One issue of an OperationOutcome.
 *
 * @param type the FHIR issue type code (invalid, structure, not-found, forbidden, ...)
 * @param diagnostics what is wrong, for the clinic's developers
 * @param expressions FHIRPath locations of the offending elements, from the Bundle root
 */
public record FhirIssue(
    String severity, String type, String diagnostics, List<String> expressions) {

  public FhirIssue {
    expressions = List.copyOf(expressions);
  }

  public static FhirIssue error(String type, String diagnostics, String... expressions) {
    return new FhirIssue("error", type, diagnostics, List.of(expressions));
  }
}
