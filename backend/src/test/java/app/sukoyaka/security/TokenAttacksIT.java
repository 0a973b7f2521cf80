package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestIdentityProvider;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of token the service accepts — its own access tokens (guardians, staff, clinics,
 * apps), the identity providers' ID tokens, clinics' client assertions — is refused when it names
 * another audience or issuer, has no expiry, is unsigned ({@code alg: none}), is signed with HMAC
 * keyed by the public key (algorithm confusion), has expired or is not valid yet; each refusal in
 * its protocol's error. A well-formed token built the same way is accepted, so each refusal is the
 * attack's doing.
 */
class TokenAttacksIT {
  private static final String AUDIENCE = "sukoyaka-api";

  /** How a token is tampered with. */
  enum Attack {
    WRONG_AUDIENCE,
    WRONG_ISSUER,
    NO_EXPIRY,
    ALG_NONE,
    HMAC_WITH_THE_PUBLIC_KEY,
    EXPIRED,
    NOT_YET_VALID
  }

  /** Claims of a valid token, then changed as the attack says. */
  private static JWTClaimsSet claims(
      Attack attack,
      String issuer,
      String audience,
      String subject,
      UnaryOperator<JWTClaimsSet.Builder> more) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder builder =
        more.apply(
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(4))))
                .jwtID(UUID.randomUUID().toString()));
    if (attack == null) {
      return builder.build();
    }
    switch (attack) {
      case WRONG_AUDIENCE -> builder.audience("https://another-service.example");
      case WRONG_ISSUER -> builder.issuer("https://evil.example");
      case NO_EXPIRY -> builder.expirationTime(null);
      case EXPIRED ->
          builder
              .issueTime(Date.from(now.minus(Duration.ofHours(2))))
              .notBeforeTime(Date.from(now.minus(Duration.ofHours(2))))
              .expirationTime(Date.from(now.minus(Duration.ofHours(1))));
      case NOT_YET_VALID ->
          builder
              .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(3))))
              .expirationTime(Date.from(now.plus(Duration.ofMinutes(4))));
      default -> {}
    }
    return builder.build();
  }

  /**
   * The token, signed as the legitimate signer would unless the attack is about the signature:
   * unsigned, or HS256 keyed by the bytes of the signer's public key (what a verifier that takes
   * the algorithm from the header would check against).
   */
  private static String token(
      Attack attack,
      JWTClaimsSet claims,
      java.util.function.Function<JWTClaimsSet, String> signer,
      byte[] publicKey) {
    try {
      if (attack == Attack.ALG_NONE) {
        return new PlainJWT(new PlainHeader(), claims).serialize();
      }
      if (attack == Attack.HMAC_WITH_THE_PUBLIC_KEY) {
        SignedJWT jwt =
            new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        // At least 256 bits, as HS256 wants: a long public key as it is, else its SHA-256.
        byte[] secret =
            publicKey.length >= 32
                ? publicKey
                : MessageDigest.getInstance("SHA-256").digest(publicKey);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
      }
      return signer.apply(claims);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signedByService(JWTClaimsSet claims) {
    ECKey key = TestService.bean(SigningKeys.class).signingKey();
    return signedEs256(claims, key);
  }

  private static String signedEs256(JWTClaimsSet claims, ECKey key) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] servicePublicKey() {
    return TestService.bean(SigningKeys.class)
        .signingKey()
        .toPublicJWK()
        .toJSONString()
        .getBytes(StandardCharsets.UTF_8);
  }

  // --- The service's own access tokens, on the REST API: problem+json ---

  private static String guardianToken(Attack attack, Personas.Mother mother) {
    return token(
        attack,
        claims(
            attack,
            TestService.ISSUER,
            AUDIENCE,
            mother.loginSubject(),
            b -> b.claim("sky_role", "guardian").claim("sky_municipalities", List.of())),
        TokenAttacksIT::signedByService,
        servicePublicKey());
  }

  @Test
  void aWellFormedGuardianTokenBuiltLikeTheAttacksIsAccepted() {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());

    assertThat(Http.get("/api/v1/me", guardianToken(null, mother)).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void aTamperedOrOutOfDateAccessTokenIsRefusedWithProblemJson(Attack attack) {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());

    Http.Response response = Http.get("/api/v1/me", guardianToken(attack, mother));

    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1002");
    assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
  }

  // --- Access tokens on the FHIR API (clinics, apps): OperationOutcome ---

  private static String clinicToken(Attack attack, Personas.Clinic clinic, UUID municipality) {
    return token(
        attack,
        claims(
            attack,
            TestService.ISSUER,
            AUDIENCE,
            clinic.clientId(),
            b ->
                b.claim("sky_role", "clinic")
                    .claim("sky_municipalities", List.of(municipality.toString()))
                    .claim("sky_facility", clinic.facilityId().toString())
                    .claim("scope", "system/*.cruds")),
        TokenAttacksIT::signedByService,
        servicePublicKey());
  }

  @Test
  void aWellFormedClinicTokenBuiltLikeTheAttacksIsAcceptedByTheFhirApi() {
    Personas.Municipality town = Personas.municipality();
    Personas.Clinic clinic = Personas.clinicServing(town);

    Http.Response response =
        Http.get("/fhir/Patient/" + UUID.randomUUID(), clinicToken(null, clinic, town.id()));

    assertThat(response.status()).as(response.body()).isNotEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void aTamperedOrOutOfDateClinicTokenIsRefusedWithAnOperationOutcome(Attack attack) {
    Personas.Municipality town = Personas.municipality();
    Personas.Clinic clinic = Personas.clinicServing(town);

    Http.Response response =
        Http.get("/fhir/Patient/" + UUID.randomUUID(), clinicToken(attack, clinic, town.id()));

    assertOperationOutcome(response);
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void aTamperedOrOutOfDateAppTokenIsRefusedForItselfNotForItsConsent(Attack attack) {
    UUID patient = UUID.randomUUID();
    String token =
        token(
            attack,
            claims(
                attack,
                TestService.ISSUER,
                AUDIENCE,
                "phr-" + UUID.randomUUID(),
                b ->
                    b.claim("sky_role", "app")
                        .claim("sky_municipalities", List.of())
                        .claim("scope", "patient/Immunization.rs")
                        .claim("sky_grant", UUID.randomUUID().toString())
                        .claim("sky_guardian", "someone")
                        .claim("sky_subject_type", "child")
                        .claim("sky_subject_id", patient.toString())
                        .claim("patient", patient.toString())),
            TokenAttacksIT::signedByService,
            servicePublicKey());

    Http.Response response = Http.get("/fhir/Immunization?patient=" + patient, token);

    assertOperationOutcome(response);
    // Refused by the token's checks, before any look at the (made-up) consent.
    assertThat(response.body()).doesNotContain("consent");
  }

  private static void assertOperationOutcome(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/fhir+json");
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.json().path("issue").get(0).path("code").asText()).isEqualTo("login");
  }

  // --- ID tokens of the identity providers, at the token endpoint: OAuth error JSON ---

  private static Http.Response exchange(String idToken) {
    return Http.postForm(
        "/oauth2/token",
        Map.of(
            "grant_type", TokenEndpoint.TOKEN_EXCHANGE,
            "subject_token_type", TokenEndpoint.ID_TOKEN_TYPE,
            "subject_token", idToken));
  }

  private static String idToken(Attack attack, Personas.Mother mother) {
    TestIdentityProvider provider = TestIdentityProvider.get();
    return token(
        attack,
        claims(
            attack,
            TestIdentityProvider.CITIZENS_ISSUER,
            TestIdentityProvider.CITIZENS_AUDIENCE,
            mother.loginSubject(),
            UnaryOperator.identity()),
        provider::sign,
        provider.publicKey().toJSONString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aWellFormedIdTokenBuiltLikeTheAttacksIsExchanged() {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());

    Http.Response response = exchange(idToken(null, mother));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void aTamperedOrOutOfDateIdTokenIsRefusedAsAnInvalidGrant(Attack attack) {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());

    Http.Response response = exchange(idToken(attack, mother));

    // RFC 6749 section 5.2 and RFC 8693: a bad subject_token is invalid_grant, 400.
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_grant");
    assertThat(response.json().has("access_token")).isFalse();
  }

  // --- Clinics' client assertions, at the token endpoint: OAuth error JSON ---

  private static String assertion(Attack attack, Personas.Clinic clinic) {
    return token(
        attack,
        claims(
            attack,
            clinic.clientId(),
            Tokens.TOKEN_ENDPOINT,
            clinic.clientId(),
            UnaryOperator.identity()),
        claims -> signedEs256(claims, clinic.key()),
        clinic.key().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aWellFormedClientAssertionBuiltLikeTheAttacksBuysAToken() {
    Personas.Clinic clinic = Personas.clinicServing(Personas.municipality());

    Http.Response response = Tokens.requestClinicToken(assertion(null, clinic));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void aTamperedOrOutOfDateClientAssertionIsRefusedAsAnInvalidClient(Attack attack) {
    Personas.Clinic clinic = Personas.clinicServing(Personas.municipality());

    Http.Response response = Tokens.requestClinicToken(assertion(attack, clinic));

    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_client");
    assertThat(response.json().has("access_token")).isFalse();
  }
}
