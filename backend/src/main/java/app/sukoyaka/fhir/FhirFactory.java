package app.sukoyaka.fhir;

import app.sukoyaka.profiles.SukoyakaValidator;
import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** One FHIR context and one validator for the whole service, built and warmed at start-up. */
@Factory
class FhirFactory {
  /** The environment of a command run from the service's jar instead of the service. */
  static final String COMMAND = "cli";

  @Singleton
  FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }

  // Built eagerly: the validator's first run costs seconds, which no clinic request should pay.
  @Context
  @Requires(notEnv = COMMAND)
  SukoyakaValidator validator(
      FhirContext context, @Value("${sukoyaka.intake.warm-up-validator:true}") boolean warmUp) {
    SukoyakaValidator validator = SukoyakaValidator.create(context);
    // Off only for short-lived test instances that validate nothing.
    if (warmUp) {
      validator.warmUp();
    }
    return validator;
  }

  // A command (the bulk import) validates no FHIR: the validator only when something needs it,
  // unwarmed, so that the command starts in seconds.
  @Singleton
  @Requires(env = COMMAND)
  SukoyakaValidator commandValidator(FhirContext context) {
    return SukoyakaValidator.create(context);
  }
}
