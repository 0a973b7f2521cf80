package app.sukoyaka.security;

import app.sukoyaka.platform.Ids;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Issues and verifies the service's own ES256 access tokens. */
@Singleton
public class TokenService {
  static final String ROLE_CLAIM = "sky_role";
  static final String MUNICIPALITIES_CLAIM = "sky_municipalities";
  static final String FACILITY_CLAIM = "sky_facility";
  static final String SCOPE_CLAIM = "scope";
  static final String GRANT_CLAIM = "sky_grant";
  static final String GUARDIAN_CLAIM = "sky_guardian";
  static final String SUBJECT_TYPE_CLAIM = "sky_subject_type";
  static final String SUBJECT_ID_CLAIM = "sky_subject_id";
  static final String PATIENT_CLAIM = "patient";

  private final SigningKeys keys;
  private final SecurityConfiguration config;
  private final Clock clock;
  private final Cache<String, Verified> verified =
      Caffeine.newBuilder().maximumSize(10_000).build();

  TokenService(SigningKeys keys, SecurityConfiguration config, Clock clock) {
    this.keys = keys;
    this.config = config;
    this.clock = clock;
  }

  /** An access token for that principal, valid for the role's lifetime from now. */
  public IssuedToken issue(Principal principal) {
    Duration lifetime =
        principal.role() == Role.CLINIC ? config.clinicTokenLifetime() : config.userTokenLifetime();
    return issue(principal, clock.instant(), lifetime);
  }

  /** An access token issued at {@code issuedAt}; tests use it for expired tokens. */
  public IssuedToken issue(Principal principal, Instant issuedAt, Duration lifetime) {
    ECKey key = keys.signingKey();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(config.issuer())
            .subject(principal.subject())
            .audience(config.audience())
            .issueTime(Date.from(issuedAt))
            .notBeforeTime(Date.from(issuedAt))
            .expirationTime(Date.from(issuedAt.plus(lifetime)))
            .jwtID(Ids.newId().toString())
            .claim(ROLE_CLAIM, principal.role().claim())
            .claim(
                MUNICIPALITIES_CLAIM,
                principal.municipalityIds().stream().map(UUID::toString).sorted().toList())
            .claim(SCOPE_CLAIM, String.join(" ", principal.scopes().stream().sorted().toList()));
    if (principal.facilityId() != null) {
      claims.claim(FACILITY_CLAIM, principal.facilityId().toString());
    }
    Principal.AppGrant grant = principal.appGrant();
    if (grant != null) {
      claims
          .claim(GRANT_CLAIM, grant.grantId().toString())
          .claim(GUARDIAN_CLAIM, grant.guardianSubject())
          .claim(SUBJECT_TYPE_CLAIM, grant.subjectType())
          .claim(SUBJECT_ID_CLAIM, grant.subjectId().toString())
          .claim(PATIENT_CLAIM, grant.patientId().toString());
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign an access token", e);
    }
    String token = jwt.serialize();
    // A token this instance just signed needs no signature check on its first use here: its
    // principal is read back from its claims as verify would, and remembered like a verified one.
    // One that is not valid now (a test's expired token) is not remembered: verify refuses it.
    try {
      JWTClaimsSet signed = jwt.getJWTClaimsSet();
      verified.put(
          token,
          new Verified(
              principalOf(signed), signed.getExpirationTime().toInstant(), key.getKeyID()));
    } catch (InvalidTokenException notValidNow) {
      // Verified, and refused, on use.
    } catch (ParseException e) {
      throw new IllegalStateException("An access token just issued does not read back", e);
    }
    return new IssuedToken(token, lifetime.toSeconds(), principal.scopes());
  }

  /**
   * The principal of a valid token of ours; anything else is refused with the reason. A token
   * verified once is remembered until it expires: a clinic sends many requests with one token, and
   * the ES256 verification is the costliest step of authenticating each of them.
   */
  public Principal verify(String token) throws InvalidTokenException {
    Verified known = verified.getIfPresent(token);
    if (known != null) {
      // A key the operator retired takes its tokens with it, remembered or not.
      if (known.expires().plus(config.clockSkew()).isAfter(clock.instant())
          && keys.published(known.kid())) {
        return known.principal();
      }
      verified.invalidate(token);
    }
    Verified checked = verifySignatureAndClaims(token);
    verified.put(token, checked);
    return checked.principal();
  }

  private record Verified(Principal principal, Instant expires, String kid) {}

  private Verified verifySignatureAndClaims(String token) throws InvalidTokenException {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      // Unsigned ("alg": "none") tokens end here too: they are not JWS objects.
      throw new InvalidTokenException("The access token is not a signed JWT.");
    }
    if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("The access token must be signed with ES256.");
    }
    String kid = jwt.getHeader().getKeyID();
    ECKey key = kid == null ? null : keys.publicKey(kid).orElse(null);
    if (key == null) {
      throw new InvalidTokenException("The access token was signed by an unknown key.");
    }
    try {
      if (!jwt.verify(new ECDSAVerifier(key))) {
        throw new InvalidTokenException("The access token signature is invalid.");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      return new Verified(principalOf(claims), claims.getExpirationTime().toInstant(), kid);
    } catch (JOSEException | ParseException e) {
      throw new InvalidTokenException("The access token signature is invalid.");
    }
  }

  private Principal principalOf(JWTClaimsSet claims) throws InvalidTokenException, ParseException {
    Instant now = clock.instant();
    Duration skew = config.clockSkew();
    if (!config.issuer().equals(claims.getIssuer())) {
      throw new InvalidTokenException("The access token was issued by another issuer.");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(config.audience())) {
      throw new InvalidTokenException("The access token is for another audience.");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null || !exp.toInstant().plus(skew).isAfter(now)) {
      throw new InvalidTokenException("The access token has expired.");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
      throw new InvalidTokenException("The access token is not valid yet.");
    }
    Role role =
        Role.fromClaim(claims.getStringClaim(ROLE_CLAIM))
            .orElseThrow(() -> new InvalidTokenException("The access token names no known role."));
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw new InvalidTokenException("The access token has no subject.");
    }
    Set<UUID> municipalities = new HashSet<>();
    List<String> listed = claims.getStringListClaim(MUNICIPALITIES_CLAIM);
    if (listed != null) {
      for (String id : listed) {
        municipalities.add(UUID.fromString(id));
      }
    }
    String facility = claims.getStringClaim(FACILITY_CLAIM);
    String scope = claims.getStringClaim(SCOPE_CLAIM);
    Set<String> scopes =
        scope == null || scope.isBlank() ? Set.of() : Set.of(scope.trim().split("\\s+"));
    Principal.AppGrant grant = null;
    if (role == Role.APP) {
      String grantId = claims.getStringClaim(GRANT_CLAIM);
      String guardian = claims.getStringClaim(GUARDIAN_CLAIM);
      String subjectType = claims.getStringClaim(SUBJECT_TYPE_CLAIM);
      String subjectId = claims.getStringClaim(SUBJECT_ID_CLAIM);
      String patient = claims.getStringClaim(PATIENT_CLAIM);
      if (grantId == null
          || guardian == null
          || subjectType == null
          || subjectId == null
          || patient == null) {
        throw new InvalidTokenException("The app's access token names no consent.");
      }
      try {
        grant =
            new Principal.AppGrant(
                UUID.fromString(grantId),
                guardian,
                subjectType,
                UUID.fromString(subjectId),
                UUID.fromString(patient));
      } catch (IllegalArgumentException e) {
        throw new InvalidTokenException("The app's access token names no consent.");
      }
    }
    return new Principal(
        role,
        claims.getSubject(),
        municipalities,
        facility == null ? null : UUID.fromString(facility),
        scopes,
        grant);
  }

  /** A signed token with its lifetime in seconds and granted scopes. */
  public record IssuedToken(String value, long expiresInSeconds, Set<String> scopes) {}
}
