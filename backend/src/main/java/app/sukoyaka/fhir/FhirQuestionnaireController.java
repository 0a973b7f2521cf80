package app.sukoyaka.fhir;

import app.sukoyaka.platform.ErrorCode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FHIR read of the Questionnaires Sukoyaka publishes ({@code vaccination-prescreening}, the 予診票,
 * and {@code epds}), served as fhir-profiles generated them. They hold no personal data; any
 * authenticated caller may read them.
 */
@Controller("/fhir/Questionnaire")
@Produces({OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
class FhirQuestionnaireController {
  private static final String CONFORMANCE = "/app/sukoyaka/profiles/conformance/";

  private final Map<String, String> questionnaires = new LinkedHashMap<>();

  FhirQuestionnaireController() {
    for (String id : new String[] {"vaccination-prescreening", "epds"}) {
      questionnaires.put(id, classpathText(CONFORMANCE + "Questionnaire-" + id + ".json"));
    }
  }

  @Get("/{id}")
  HttpResponse<String> read(@PathVariable String id) {
    String json = questionnaires.get(id);
    if (json == null) {
      throw new FhirException(
          ErrorCode.NOT_FOUND,
          FhirIssue.error(
              "not-found",
              "Questionnaire/"
                  + id
                  + " is not known; Sukoyaka publishes "
                  + String.join(", ", questionnaires.keySet())
                  + "."));
    }
    return FhirResponses.resource(json);
  }

  private static String classpathText(String path) {
    try (InputStream in = FhirQuestionnaireController.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
