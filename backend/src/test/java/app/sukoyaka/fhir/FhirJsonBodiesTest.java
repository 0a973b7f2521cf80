package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class FhirJsonBodiesTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void anExtensionThatIsAStringIsAnUnreadableBodyNotACrashOfTheParser() {
    // The shape the intake's fuzzing found: HAPI itself fails on it with a NullPointerException.
    String body =
        "{\"resourceType\":\"Patient\",\"name\":[{\"extension\":[\"ハナコ\"],\"family\":\"山田\"}]}";

    assertThatThrownBy(() -> FhirJsonBodies.parse(FHIR.newJsonParser(), body))
        .isInstanceOf(FhirJsonBodies.Unreadable.class)
        .hasMessageContaining("JSON shape")
        .hasMessageNotContaining("null");
  }

  @Test
  void whatHapiRefusesItselfKeepsItsReason() {
    assertThatThrownBy(() -> FhirJsonBodies.parse(FHIR.newJsonParser(), "{\"resourceType\":1}"))
        .isInstanceOf(FhirJsonBodies.Unreadable.class)
        .hasMessageContaining("resourceType");
  }

  @Test
  void aWellFormedResourceIsParsed() throws Exception {
    String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"山田\"}]}";

    assertThat(FhirJsonBodies.parse(FHIR.newJsonParser(), body)).isInstanceOf(Patient.class);
  }
}
