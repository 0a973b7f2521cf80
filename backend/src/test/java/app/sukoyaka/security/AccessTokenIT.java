package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only our own, unexpired, correctly signed tokens for our audience are accepted. */
class AccessTokenIT {
  private Personas.Mother mother;
  private String handbook;

  @BeforeEach
  void arrange() {
    mother = Personas.motherAt20Weeks(Personas.municipality());
    handbook = "/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook";
  }

  private Principal guardian() {
    return new Principal(Role.GUARDIAN, mother.loginSubject(), Set.of(), null, Set.of());
  }

  @Test
  void aValidGuardianTokenReadsTheHandbook() {
    assertThat(Http.get(handbook, Tokens.guardian(mother)).status()).isEqualTo(200);
  }

  @Test
  void aTokenTheServiceJustIssuedIsTheSamePrincipalAFullVerificationGives() throws Exception {
    TokenService service = TestService.bean(TokenService.class);
    // Another instance of the service: it never saw these tokens, so it checks their signatures.
    TokenService another =
        new TokenService(
            TestService.bean(SigningKeys.class),
            TestService.bean(SecurityConfiguration.class),
            java.time.Clock.systemUTC());
    Principal clinic =
        new Principal(
            Role.CLINIC,
            "clinic-1310000001",
            Set.of(mother.municipality().id()),
            java.util.UUID.randomUUID(),
            Set.of("system/*.write"));

    for (Principal principal : List.of(guardian(), clinic)) {
      String token = service.issue(principal).value();

      assertThat(service.verify(token)).isEqualTo(another.verify(token)).isEqualTo(principal);
    }
  }

  @Test
  void anExpiredTokenIsRefused() {
    String expired =
        TestService.bean(TokenService.class)
            .issue(guardian(), Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(15))
            .value();

    Http.Response response = Http.get(handbook, expired);

    assertProblem(response, 401, "SKY-1002");
    assertThat(response.json().path("detail").asText()).contains("expired");
    assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
  }

  @Test
  void anUnsignedTokenWithAlgNoneIsRefused() {
    String unsigned =
        new PlainJWT(
                new PlainHeader(),
                claims(TestService.ISSUER, "sukoyaka-api", Instant.now().plusSeconds(600)))
            .serialize();

    assertProblem(Http.get(handbook, unsigned), 401, "SKY-1002");
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() throws Exception {
    String token =
        signedWithServiceKey(
            claims(TestService.ISSUER, "another-api", Instant.now().plusSeconds(600)));

    Http.Response response = Http.get(handbook, token);

    assertProblem(response, 401, "SKY-1002");
    assertThat(response.json().path("detail").asText()).contains("audience");
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() throws Exception {
    String token =
        signedWithServiceKey(
            claims("https://evil.example", "sukoyaka-api", Instant.now().plusSeconds(600)));

    assertProblem(Http.get(handbook, token), 401, "SKY-1002");
  }

  @Test
  void aTokenSignedByAKeyThatIsNotOursIsRefused() throws Exception {
    var foreign = Personas.newKey();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(foreign.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims(TestService.ISSUER, "sukoyaka-api", Instant.now().plusSeconds(600)));
    jwt.sign(new ECDSASigner(foreign));

    assertProblem(Http.get(handbook, jwt.serialize()), 401, "SKY-1002");
  }

  @Test
  void garbageInTheAuthorizationHeaderIsRefused() {
    assertProblem(Http.get(handbook, "not-a-token"), 401, "SKY-1002");
  }

  @Test
  void noTokenAtAllIsRefused() {
    assertProblem(Http.get(handbook, null), 401, "SKY-1001");
  }

  private JWTClaimsSet claims(String issuer, String audience, Instant exp) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(mother.loginSubject())
        .audience(audience)
        .expirationTime(Date.from(exp))
        .issueTime(new Date())
        .claim("sky_role", "guardian")
        .claim("sky_municipalities", List.of())
        .build();
  }

  private static String signedWithServiceKey(JWTClaimsSet claims) throws Exception {
    var key = TestService.bean(SigningKeys.class).signingKey();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  static void assertProblem(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("code").asText()).isEqualTo(code);
  }
}
