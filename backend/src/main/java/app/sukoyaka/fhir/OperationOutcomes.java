package app.sukoyaka.fhir;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import ca.uhn.fhir.context.FhirContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Renders FHIR errors as OperationOutcome resources that carry our stable error code. */
@Singleton
public class OperationOutcomes {
  public static final String FHIR_JSON = "application/fhir+json";
  public static final String ERROR_CODE_SYSTEM =
      SukoyakaCanonicals.BASE_URL + "/CodeSystem/error-code";

  private final FhirContext context;

  OperationOutcomes(FhirContext context) {
    this.context = context;
  }

  public MutableHttpResponse<String> response(ErrorCode code, List<FhirIssue> issues) {
    return HttpResponse.<String>status(HttpStatus.valueOf(code.status()))
        .contentType(FHIR_JSON)
        .body(json(code, issues));
  }

  public String json(ErrorCode code, List<FhirIssue> issues) {
    OperationOutcome outcome = new OperationOutcome();
    List<FhirIssue> all =
        issues.isEmpty() ? List.of(FhirIssue.error(defaultType(code), code.title())) : issues;
    for (FhirIssue issue : all) {
      OperationOutcome.OperationOutcomeIssueComponent component = outcome.addIssue();
      component.setSeverity(OperationOutcome.IssueSeverity.fromCode(issue.severity()));
      component.setCode(OperationOutcome.IssueType.fromCode(issue.type()));
      component.setDetails(
          new CodeableConcept(new Coding(ERROR_CODE_SYSTEM, code.code(), code.title()))
              .setText(code.title()));
      component.setDiagnostics(issue.diagnostics());
      issue.expressions().forEach(component::addExpression);
    }
    return context.newJsonParser().encodeResourceToString(outcome);
  }

  static String defaultType(ErrorCode code) {
    return switch (code.status()) {
      case 400 -> "structure";
      case 401 -> "login";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405, 415 -> "not-supported";
      case 409, 412 -> "conflict";
      case 410 -> "deleted";
      case 413 -> "too-costly";
      case 422 -> "processing";
      case 429 -> "throttled";
      case 503 -> "transient";
      default -> "exception";
    };
  }
}
