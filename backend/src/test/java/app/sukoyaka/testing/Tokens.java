package app.sukoyaka.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** Access tokens for personas, obtained the way real callers obtain them. */
public final class Tokens {
  public static final String TOKEN_ENDPOINT = TestService.ISSUER + "/oauth2/token";
  public static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private Tokens() {}

  /** A clinic token through SMART Backend Services: a signed client assertion. */
  public static String clinic(Personas.Clinic clinic) {
    Http.Response response = requestClinicToken(assertion(clinic.key(), clinic.clientId()));
    if (response.status() != 200) {
      throw new AssertionError("Clinic token refused: " + response.body());
    }
    return response.json().get("access_token").asText();
  }

  public static Http.Response requestClinicToken(String assertion) {
    return Http.postForm(
        "/oauth2/token",
        Map.of(
            "grant_type", "client_credentials",
            "client_assertion_type", ASSERTION_TYPE,
            "client_assertion", assertion));
  }

  public static String assertion(ECKey key, String clientId) {
    return assertion(
        key,
        clientId,
        TOKEN_ENDPOINT,
        Instant.now().plus(Duration.ofMinutes(4)),
        UUID.randomUUID().toString());
  }

  public static String assertion(
      ECKey key, String clientId, String audience, Instant exp, String jti) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(audience)
            .expirationTime(Date.from(exp))
            .issueTime(new Date())
            .jwtID(jti)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** A guardian's or staff member's token, from the demo token endpoint. */
  public static String user(String role, String subject) {
    Http.Response response =
        Http.postJson(
            "/dev/token", null, "{\"role\":\"" + role + "\",\"subject\":\"" + subject + "\"}");
    if (response.status() != 200) {
      throw new AssertionError("Demo token refused: " + response.body());
    }
    return response.json().get("access_token").asText();
  }

  public static String guardian(Personas.Mother mother) {
    return user("guardian", mother.loginSubject());
  }

  public static String staff(Personas.Staff staff) {
    return user("staff", staff.subject());
  }

  /**
   * An app's access token under the mother's consent on her child ({@link
   * Personas#appGrantOnChild}), as the token endpoint issues it after the authorization code.
   */
  public static String app(
      String clientId,
      UUID grantId,
      Personas.FamilyWithInfant family,
      java.util.Set<String> scopes) {
    app.sukoyaka.security.Principal principal =
        new app.sukoyaka.security.Principal(
            app.sukoyaka.security.Role.APP,
            clientId,
            java.util.Set.of(),
            null,
            scopes,
            new app.sukoyaka.security.Principal.AppGrant(
                grantId,
                family.mother().loginSubject(),
                "child",
                family.childId(),
                family.childId()));
    return TestService.bean(app.sukoyaka.security.TokenService.class).issue(principal).value();
  }

  /** A resident's token: a login at the residents' identity provider, no handbook here. */
  public static String resident(String subject) {
    return user("resident", subject);
  }
}
