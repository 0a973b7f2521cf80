package app.sukoyaka.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * SMART on FHIR discovery: how clinic systems obtain tokens here (Backend Services), and how
 * third-party PHR apps a guardian consents to do (App Launch, standalone, with PKCE S256 only).
 */
@Controller("/.well-known/smart-configuration")
class SmartConfigurationController {
  /** The scopes an app may be registered for and ask for (the consent page explains each). */
  static final List<String> APP_SCOPES =
      List.of(
          "launch/patient",
          "offline_access",
          "patient/Immunization.rs",
          "patient/Observation.rs",
          "patient/Patient.rs");

  private final SmartConfiguration configuration;

  SmartConfigurationController(SecurityConfiguration security) {
    String base = security.issuer().replaceAll("/+$", "");
    List<String> scopes = new java.util.ArrayList<>(APP_SCOPES);
    scopes.addAll(List.of("system/Encounter.c", "system/Immunization.c", "system/Observation.c"));
    this.configuration =
        new SmartConfiguration(
            security.issuer(),
            base + "/.well-known/jwks.json",
            base + "/oauth2/authorize",
            security.tokenEndpoint(),
            base + "/oauth2/revoke",
            List.of("private_key_jwt", "client_secret_basic", "client_secret_post", "none"),
            List.of("ES256", "RS384"),
            List.of(
                "authorization_code",
                "refresh_token",
                "client_credentials",
                TokenEndpoint.TOKEN_EXCHANGE),
            List.of("code"),
            List.of("S256"),
            scopes,
            List.of(
                "launch-standalone",
                "context-standalone-patient",
                "client-public",
                "client-confidential-symmetric",
                "client-confidential-asymmetric",
                "permission-patient",
                "permission-offline",
                "permission-v2"));
  }

  @Serdeable
  record SmartConfiguration(
      @JsonProperty("issuer") String issuer,
      @JsonProperty("jwks_uri") String jwksUri,
      @JsonProperty("authorization_endpoint") String authorizationEndpoint,
      @JsonProperty("token_endpoint") String tokenEndpoint,
      @JsonProperty("revocation_endpoint") String revocationEndpoint,
      @JsonProperty("token_endpoint_auth_methods_supported") List<String> authMethods,
      @JsonProperty("token_endpoint_auth_signing_alg_values_supported")
          List<String> signingAlgorithms,
      @JsonProperty("grant_types_supported") List<String> grantTypes,
      @JsonProperty("response_types_supported") List<String> responseTypes,
      @JsonProperty("code_challenge_methods_supported") List<String> codeChallengeMethods,
      @JsonProperty("scopes_supported") List<String> scopes,
      @JsonProperty("capabilities") List<String> capabilities) {}

  @Get(produces = MediaType.APPLICATION_JSON)
  HttpResponse<SmartConfiguration> smartConfiguration() {
    return HttpResponse.ok(configuration).header("Cache-Control", "public, max-age=3600");
  }
}
