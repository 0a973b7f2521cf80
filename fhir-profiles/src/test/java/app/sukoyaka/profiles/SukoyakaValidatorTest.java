package app.sukoyaka.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;

/** The parts of the validator that need no profile: construction and location paths. */
class SukoyakaValidatorTest {

  @Test
  void hapiLocationsBecomePlainPathsFromTheRoot() {
    assertThat(
            SukoyakaValidator.location(
                "Bundle.entry[2].resource/*Observation/null*/.value.ofType(Quantity)"))
        .isEqualTo("Bundle.entry[2].resource.valueQuantity");
    assertThat(SukoyakaValidator.location("Observation.component[0].value.ofType(Quantity).code"))
        .isEqualTo("Observation.component[0].valueQuantity.code");
    assertThat(SukoyakaValidator.location("Bundle.entry[0].resource/*Patient/null*/"))
        .isEqualTo("Bundle.entry[0].resource");
    assertThat(SukoyakaValidator.location(null)).isEmpty();
  }

  @Test
  void onlyAnR4ContextIsAccepted() {
    assertThatThrownBy(() -> SukoyakaValidator.create(FhirContext.forR5Cached()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("R4");
  }

  @Test
  void resourceTypesWithoutASukoyakaProfileAreRefused() {
    SukoyakaValidator validator = SukoyakaValidator.create(ProfileAssertions.FHIR);

    assertThatThrownBy(() -> validator.validate(new Organization()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Organization");
  }
}
