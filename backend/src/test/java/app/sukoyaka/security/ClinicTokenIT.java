package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clinics authenticate like SMART Backend Services; our tokens verify against our JWKS. */
class ClinicTokenIT {
  private Personas.Municipality town;
  private Personas.Clinic clinic;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    clinic = Personas.clinicServing(town);
  }

  @Test
  void aSignedClientAssertionBuysAShortLivedTokenForTheContractedMunicipalities() throws Exception {
    Http.Response response =
        Tokens.requestClinicToken(Tokens.assertion(clinic.key(), clinic.clientId()));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().path("token_type").asText()).isEqualTo("Bearer");
    assertThat(response.json().path("expires_in").asLong()).isBetween(1L, 300L);
    assertThat(response.json().path("scope").asText())
        .isEqualTo("system/Encounter.c system/Observation.c");

    SignedJWT token = SignedJWT.parse(response.json().path("access_token").asText());
    assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    JWKSet published = JWKSet.parse(Http.get("/.well-known/jwks.json", null).body());
    ECKey key = (ECKey) published.getKeyByKeyId(token.getHeader().getKeyID());
    assertThat(key).isNotNull();
    assertThat(key.isPrivate()).isFalse();
    assertThat(token.verify(new ECDSAVerifier(key))).isTrue();
    assertThat(token.getJWTClaimsSet().getStringListClaim("sky_municipalities"))
        .containsExactly(town.id().toString());
    assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("sukoyaka-api");
    assertThat(
            Db.count(
                "SELECT count(*) FROM signing_key WHERE kid = ? AND private_jwk NOT LIKE '{%'"
                    + " AND private_jwk NOT LIKE '%\"d\"%'",
                token.getHeader().getKeyID()))
        .as("the private key is sealed in the database")
        .isEqualTo(1);
  }

  @Test
  void aReplayedAssertionIsRefused() {
    String assertion = Tokens.assertion(clinic.key(), clinic.clientId());
    assertThat(Tokens.requestClinicToken(assertion).status()).isEqualTo(200);

    Http.Response replay = Tokens.requestClinicToken(assertion);

    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.json().path("error").asText()).isEqualTo("invalid_client");
    assertThat(replay.json().path("error_description").asText()).contains("jti");
  }

  @Test
  void anAssertionForAnotherAudienceIsRefused() {
    String assertion =
        Tokens.assertion(
            clinic.key(),
            clinic.clientId(),
            "https://elsewhere.example/token",
            Instant.now().plusSeconds(120),
            UUID.randomUUID().toString());

    assertThat(Tokens.requestClinicToken(assertion).status()).isEqualTo(401);
  }

  @Test
  void anExpiredAssertionIsRefused() {
    String assertion =
        Tokens.assertion(
            clinic.key(),
            clinic.clientId(),
            Tokens.TOKEN_ENDPOINT,
            Instant.now().minus(Duration.ofMinutes(10)),
            UUID.randomUUID().toString());

    Http.Response response = Tokens.requestClinicToken(assertion);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().path("error_description").asText()).contains("expired");
  }

  @Test
  void anAssertionValidForLongerThanFiveMinutesIsRefused() {
    String assertion =
        Tokens.assertion(
            clinic.key(),
            clinic.clientId(),
            Tokens.TOKEN_ENDPOINT,
            Instant.now().plus(Duration.ofHours(1)),
            UUID.randomUUID().toString());

    assertThat(Tokens.requestClinicToken(assertion).status()).isEqualTo(401);
  }

  @Test
  void anAssertionSignedByAnUnregisteredKeyIsRefused() {
    String assertion = Tokens.assertion(Personas.newKey(), clinic.clientId());

    Http.Response response = Tokens.requestClinicToken(assertion);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void anUnknownClientIsRefused() {
    assertThat(Tokens.requestClinicToken(Tokens.assertion(clinic.key(), "no-such-client")).status())
        .isEqualTo(401);
  }

  @Test
  void anUnsupportedGrantTypeIsRefused() {
    Http.Response response =
        Http.postForm(
            "/oauth2/token",
            Map.of(
                "grant_type",
                "password",
                "client_assertion_type",
                Tokens.ASSERTION_TYPE,
                "client_assertion",
                Tokens.assertion(clinic.key(), clinic.clientId())));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void aScopeBeyondTheClientsRegistrationIsRefused() {
    Http.Response response =
        Http.postForm(
            "/oauth2/token",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_assertion_type",
                Tokens.ASSERTION_TYPE,
                "client_assertion",
                Tokens.assertion(clinic.key(), clinic.clientId()),
                "scope",
                "system/Patient.rs"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_scope");
  }

  @Test
  void keyRotationKeepsEarlierTokensValidAndPublishesBothKeys() throws Exception {
    String before = Tokens.clinic(clinic);
    String kidBefore = SignedJWT.parse(before).getHeader().getKeyID();

    TestService.bean(SigningKeys.class).rotate();
    String after = Tokens.clinic(clinic);
    String kidAfter = SignedJWT.parse(after).getHeader().getKeyID();

    assertThat(kidAfter).isNotEqualTo(kidBefore);
    JWKSet published = JWKSet.parse(Http.get("/.well-known/jwks.json", null).body());
    assertThat(published.getKeyByKeyId(kidBefore)).isNotNull();
    assertThat(published.getKeyByKeyId(kidAfter)).isNotNull();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    for (String token : new String[] {before, after}) {
      Http.Response response =
          Http.get("/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook", token);
      // Authenticated (the key verifies); a clinic may not read what it did not submit.
      assertThat(response.status()).isEqualTo(403);
    }
  }
}
