package app.sukoyaka.fhir;

import app.sukoyaka.profiles.SukoyakaValidator;
import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** One FHIR context and one validator for the whole service, built and warmed at start-up. */
@Factory
class FhirFactory {

  @Singleton
  FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }

  // Built eagerly: the validator's first run costs seconds, which no clinic request should pay.
  @Context
  SukoyakaValidator validator(FhirContext context) {
    SukoyakaValidator validator = SukoyakaValidator.create(context);
    validator.warmUp();
    return validator;
  }
}
