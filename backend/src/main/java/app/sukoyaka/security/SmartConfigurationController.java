package app.sukoyaka.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** SMART on FHIR discovery: how clinic systems obtain tokens here. */
@Controller("/.well-known/smart-configuration")
class SmartConfigurationController {
  private final SmartConfiguration configuration;

  SmartConfigurationController(SecurityConfiguration security) {
    String base = security.issuer().replaceAll("/+$", "");
    this.configuration =
        new SmartConfiguration(
            security.issuer(),
            base + "/.well-known/jwks.json",
            security.tokenEndpoint(),
            List.of("private_key_jwt"),
            List.of("ES256", "RS384"),
            List.of("client_credentials", TokenEndpoint.TOKEN_EXCHANGE),
            List.of("system/Encounter.c", "system/Immunization.c", "system/Observation.c"),
            List.of("client-confidential-asymmetric"));
  }

  @Serdeable
  record SmartConfiguration(
      @JsonProperty("issuer") String issuer,
      @JsonProperty("jwks_uri") String jwksUri,
      @JsonProperty("token_endpoint") String tokenEndpoint,
      @JsonProperty("token_endpoint_auth_methods_supported") List<String> authMethods,
      @JsonProperty("token_endpoint_auth_signing_alg_values_supported")
          List<String> signingAlgorithms,
      @JsonProperty("grant_types_supported") List<String> grantTypes,
      @JsonProperty("scopes_supported") List<String> scopes,
      @JsonProperty("capabilities") List<String> capabilities) {}

  @Get(produces = MediaType.APPLICATION_JSON)
  HttpResponse<SmartConfiguration> smartConfiguration() {
    return HttpResponse.ok(configuration).header("Cache-Control", "public, max-age=3600");
  }
}
