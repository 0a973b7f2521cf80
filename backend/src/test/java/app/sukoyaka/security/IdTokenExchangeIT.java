package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestIdentityProvider;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guardians and staff log in at their OpenID Connect provider and exchange its ID token. */
class IdTokenExchangeIT {
  private static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";

  private final TestIdentityProvider provider = TestIdentityProvider.get();
  private Personas.Municipality town;
  private Personas.Mother mother;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
  }

  private static Http.Response exchange(String idToken) {
    return Http.postForm(
        "/oauth2/token",
        Map.of("grant_type", EXCHANGE, "subject_token_type", ID_TOKEN, "subject_token", idToken));
  }

  private String citizenToken(String subject, Instant expires) {
    return provider.idToken(
        TestIdentityProvider.CITIZENS_ISSUER,
        TestIdentityProvider.CITIZENS_AUDIENCE,
        subject,
        expires);
  }

  @Test
  void aMotherLoggedInAtTheAppsProviderGetsATokenForHerHandbook() {
    Http.Response response =
        exchange(citizenToken(mother.loginSubject(), Instant.now().plusSeconds(300)));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().path("issued_token_type").asText())
        .isEqualTo("urn:ietf:params:oauth:token-type:access_token");
    String token = response.json().path("access_token").asText();
    assertThat(Http.get("/api/v1/me", token).json().path("guardianId").asText())
        .isEqualTo(mother.personId().toString());
  }

  @Test
  void staffLoggedInAtTheCitysProviderReadTheirMunicipalitysHandbooks() {
    Personas.Staff staff = Personas.staffOf(town);
    String idToken =
        provider.idToken(
            TestIdentityProvider.STAFF_ISSUER,
            TestIdentityProvider.STAFF_AUDIENCE,
            staff.subject(),
            Instant.now().plusSeconds(300));

    Http.Response response = exchange(idToken);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    String token = response.json().path("access_token").asText();
    assertThat(
            Http.get("/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook", token).status())
        .isEqualTo(200);
  }

  @Test
  void aStaffLoginAtTheCitizensProviderIsNotStaff() {
    Personas.Staff staff = Personas.staffOf(town);

    Http.Response response =
        exchange(citizenToken(staff.subject(), Instant.now().plusSeconds(300)));

    // At most a resident: no staff list, no family.
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    String token = response.json().path("access_token").asText();
    assertThat(
            Http.get("/api/v1/municipalities/" + town.code() + "/reminder-settings", token)
                .status())
        .isEqualTo(403);
    assertThat(
            Http.get("/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook", token).status())
        .isEqualTo(403);
  }

  @Test
  void anExpiredIdTokenIsRefused() {
    Http.Response response =
        exchange(citizenToken(mother.loginSubject(), Instant.now().minus(Duration.ofMinutes(10))));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error_description").asText()).contains("expired");
  }

  @Test
  void anIdTokenForAnotherClientIsRefused() {
    String idToken =
        provider.idToken(
            TestIdentityProvider.CITIZENS_ISSUER,
            "another-app",
            mother.loginSubject(),
            Instant.now().plusSeconds(300));

    Http.Response response = exchange(idToken);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error_description").asText()).contains("audience");
  }

  @Test
  void anIdTokenSignedByAKeyTheProviderDidNotPublishIsRefused() throws Exception {
    RSAKey forged =
        new RSAKeyGenerator(2048)
            .keyID(UUID.randomUUID().toString())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256)
            .generate();
    String idToken =
        TestIdentityProvider.sign(
            forged,
            TestIdentityProvider.CITIZENS_ISSUER,
            TestIdentityProvider.CITIZENS_AUDIENCE,
            mother.loginSubject(),
            Instant.now().plusSeconds(300));

    Http.Response response = exchange(idToken);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void anIdTokenFromAnUnconfiguredIssuerIsRefused() {
    String idToken =
        provider.idToken(
            "https://evil.example",
            TestIdentityProvider.CITIZENS_AUDIENCE,
            mother.loginSubject(),
            Instant.now().plusSeconds(300));

    assertThat(exchange(idToken).status()).isEqualTo(400);
  }

  @Test
  void aLoginWithoutAHandbookHereIsAResidentWhoReachesNoFamily() {
    Http.Response response =
        exchange(citizenToken("someone-new-" + UUID.randomUUID(), Instant.now().plusSeconds(300)));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    String token = response.json().path("access_token").asText();
    Http.Response me = Http.get("/api/v1/me", token);
    assertThat(me.status()).isEqualTo(403);
    assertThat(me.json().path("code").asText()).isEqualTo("SKY-1005");
    assertThat(
            Http.get("/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook", token).status())
        .isEqualTo(403);
  }

  @Test
  void smartDiscoveryNamesTheTokenEndpointAndTheAcceptedAlgorithms() {
    Http.Response response = Http.get("/.well-known/smart-configuration", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("token_endpoint").asText())
        .isEqualTo("https://sukoyaka.test/oauth2/token");
    assertThat(response.json().path("token_endpoint_auth_signing_alg_values_supported").toString())
        .contains("ES256")
        .contains("RS384");
  }
}
