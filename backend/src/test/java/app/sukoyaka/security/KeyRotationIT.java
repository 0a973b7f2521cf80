package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rotating the signing key without downtime, on two instances sharing the database as a cluster
 * runs: a new key is in every instance's JWKS before it signs; tokens signed before a rotation
 * still work after it, on either instance; a key leaves the JWKS when its last token has expired;
 * the schedule rotates by itself; a key the operator retires takes its tokens with it. Here a new
 * key signs 2 seconds after it is published, instances read the keys every half second and clinic
 * tokens live 5 seconds.
 */
class KeyRotationIT {
  private static final Map<String, Object> FAST =
      Map.of(
          "sukoyaka.security.key-publish-ahead", "2s",
          "sukoyaka.security.key-reload-interval", "500ms",
          "sukoyaka.security.clinic-token-lifetime", "5s",
          "sukoyaka.security.user-token-lifetime", "5s",
          "sukoyaka.security.clock-skew", "0s",
          "sukoyaka.security.key-rotation-check-enabled", false);

  private static EmbeddedServer first;
  private static EmbeddedServer second;
  private static Personas.Clinic clinic;
  private static String handbook;

  @BeforeAll
  static void start() {
    first = TestService.anotherWith(FAST);
    second = TestService.anotherWith(FAST);
    Personas.Municipality town = Personas.municipality();
    clinic = Personas.clinicServing(town);
    handbook = "/api/v1/pregnancies/" + Personas.motherAt20Weeks(town).pregnancyId() + "/handbook";
  }

  @AfterAll
  static void stop() {
    first.stop();
    second.stop();
  }

  @AfterEach
  void letTheSharedServiceSeeTheKeys() {
    // The shared test service reads keys every minute; the next test class should not wait.
    TestService.bean(SigningKeys.class).reloadNow();
  }

  private static SigningKeys keys(EmbeddedServer server) {
    return server.getApplicationContext().getBean(SigningKeys.class);
  }

  private static String token(EmbeddedServer server) {
    Map<String, String> form =
        Map.of(
            "grant_type",
            "client_credentials",
            "client_assertion_type",
            Tokens.ASSERTION_TYPE,
            "client_assertion",
            Tokens.assertion(clinic.key(), clinic.clientId()));
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    Http.Response response =
        Http.send(
            server.getURI(),
            "POST",
            "/oauth2/token",
            null,
            "application/x-www-form-urlencoded",
            body,
            Map.of());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().path("access_token").asText();
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  private static JWKSet jwks(EmbeddedServer server) throws Exception {
    URI base = server.getURI();
    return JWKSet.parse(Http.send(base, "GET", "/.well-known/jwks.json", null, null, null).body());
  }

  /** Authenticated: the clinic may not read this handbook (403), but the token is accepted. */
  private static int status(EmbeddedServer server, String token) {
    return Http.send(server.getURI(), "GET", handbook, token, null, null).status();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void aRotatedKeyIsInEveryInstancesJwksBeforeItSignsAndEarlierTokensKeepWorking()
      throws Exception {
    String before = token(first);
    String oldKid = kid(before);

    String newKid = keys(first).rotate();
    Thread.sleep(700);

    // Published on both instances, not yet signing.
    assertThat(jwks(first).getKeyByKeyId(newKid)).isNotNull();
    assertThat(jwks(second).getKeyByKeyId(newKid)).isNotNull();
    assertThat(kid(token(second))).isEqualTo(oldKid);
    await("the new key signs", () -> kidOf(token(first)).equals(newKid));
    await("the new key signs on the other instance", () -> kidOf(token(second)).equals(newKid));

    // The token of the old key still works on both instances, and so does the new key's.
    assertThat(status(first, before)).isEqualTo(403);
    assertThat(status(second, before)).isEqualTo(403);
    assertThat(status(second, token(first))).isEqualTo(403);
    assertThat(jwks(second).getKeyByKeyId(oldKid)).isNotNull();

    // Once its last token has expired, the old key leaves the JWKS.
    await(
        "the old key leaves the JWKS",
        () ->
            jwksOf(first).getKeyByKeyId(oldKid) == null
                && jwksOf(second).getKeyByKeyId(oldKid) == null);
    assertThat(jwks(first).getKeyByKeyId(newKid)).isNotNull();
  }

  @Test
  void aKeyTheOperatorRetiresTakesItsTokensWithItOnEveryInstance() throws Exception {
    String token = token(first);
    String retired = kid(token);
    assertThat(status(second, token)).isEqualTo(403);

    Map<String, Object> database = new HashMap<>(app.sukoyaka.testing.TestDatabase.properties());
    database.put("sukoyaka.security.key-encryption-key", TestService.KEY_ENCRYPTION_KEY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        KeyCommand.run(
            new String[] {"retire", "--kid", retired},
            database,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(KeyCommand.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Retired " + retired);
    await("the first instance refuses the token", () -> status(first, token) == 401);
    await("the second instance refuses the token", () -> status(second, token) == 401);
    assertThat(jwks(second).getKeyByKeyId(retired)).isNull();
    // A new key signs at once, and its tokens work everywhere.
    String next = token(second);
    assertThat(kid(next)).isNotEqualTo(retired);
    assertThat(status(first, next)).isEqualTo(403);
  }

  @Test
  void theScheduleRotatesTheKeyWithoutAnyoneAsking() throws Exception {
    Map<String, Object> scheduled = new HashMap<>(FAST);
    scheduled.put("sukoyaka.security.key-rotation-check-enabled", true);
    scheduled.put("sukoyaka.security.key-rotation-check", "300ms");
    scheduled.put("sukoyaka.security.key-rotation-interval", "3s");
    EmbeddedServer rotating = TestService.anotherWith(scheduled);
    try {
      String before = token(rotating);
      String firstKid = kid(before);

      await("a new key signs", () -> !kidOf(token(rotating)).equals(firstKid));

      assertThat(status(rotating, before)).isEqualTo(403);
      assertThat(status(first, token(rotating))).isEqualTo(403);
    } finally {
      rotating.stop();
    }
  }

  private static String kidOf(String token) {
    try {
      return kid(token);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWKSet jwksOf(EmbeddedServer server) {
    try {
      return jwks(server);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
