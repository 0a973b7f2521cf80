package app.sukoyaka.phr.smart;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.Ids;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Authorizations under way in a guardian's browser: the app's checked request, the guardian's
 * login, and their decision, which either stores the consent with a code for the app or ends in a
 * refusal. Each is bound to the browser that started it and used once.
 */
@Singleton
class AppAuthorizations {
  private final JdbcOperations jdbc;
  private final FamilyService families;
  private final AppGrants grants;
  private final AppTokens tokens;
  private final SmartAppConfiguration config;
  private final Clock clock;

  AppAuthorizations(
      JdbcOperations jdbc,
      FamilyService families,
      AppGrants grants,
      AppTokens tokens,
      SmartAppConfiguration config,
      Clock clock) {
    this.jdbc = jdbc;
    this.families = families;
    this.grants = grants;
    this.tokens = tokens;
    this.config = config;
    this.clock = clock;
  }

  /** An app's checked authorization request. */
  record Request(
      String clientId,
      String redirectUri,
      Set<String> scopes,
      String state,
      String codeChallenge,
      String language) {}

  /** An authorization under way, as stored. */
  record Pending(
      UUID id,
      String clientId,
      String redirectUri,
      Set<String> scopes,
      String state,
      String codeChallenge,
      String language,
      String formToken,
      String guardianSubject,
      String loginProvider,
      String loginNonce,
      String loginVerifier) {}

  /**
   * One of the guardian's family an app may be shown: a child, or one of her own pregnancies.
   *
   * @param key what the consent form sends: {@code child:<id>} or {@code pregnancy:<id>}
   */
  record Choice(
      String key,
      String subjectType,
      UUID subjectId,
      UUID patientId,
      UUID municipalityId,
      String name,
      LocalDate date) {}

  private static final String SELECT =
      "SELECT id, client_id, redirect_uri, scopes, state, code_challenge, language, form_token,"
          + " guardian_subject, login_provider, login_nonce, login_verifier"
          + " FROM phr_app_authorization";

  /** Stores the request for this browser; forgets those long expired on the way. */
  @Transactional
  UUID start(Request request, String browserToken) {
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "DELETE FROM phr_app_authorization WHERE expires_at < ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "DELETE FROM phr_app_code WHERE expires_at < ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now.minus(java.time.Duration.ofDays(1))));
          return statement.executeUpdate();
        });
    UUID id = Ids.newId();
    jdbc.prepareStatement(
        "INSERT INTO phr_app_authorization (id, browser_sha256, client_id, redirect_uri, scopes,"
            + " state, code_challenge, language, form_token, created_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setString(2, Secrets.sha256(browserToken));
          statement.setString(3, request.clientId());
          statement.setString(4, request.redirectUri());
          statement.setString(5, AppScopes.format(request.scopes()));
          statement.setString(6, request.state());
          statement.setString(7, request.codeChallenge());
          statement.setString(8, request.language());
          statement.setString(9, Secrets.random());
          statement.setTimestamp(10, Timestamp.from(now));
          statement.setTimestamp(11, Timestamp.from(now.plus(config.authorizationLifetime())));
          return statement.executeUpdate();
        });
    return id;
  }

  /** The authorization, if this browser started it and it has not expired nor been used. */
  @Transactional(readOnly = true)
  Optional<Pending> find(UUID id, String browserToken) {
    if (browserToken == null) {
      return Optional.empty();
    }
    return jdbc.prepareStatement(
        SELECT + " WHERE id = ? AND browser_sha256 = ? AND expires_at > ?",
        statement -> {
          statement.setObject(1, id);
          statement.setString(2, Secrets.sha256(browserToken));
          statement.setTimestamp(3, Timestamp.from(clock.instant()));
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(pending(rs)) : Optional.empty();
          }
        });
  }

  /** Notes the login at a provider under way: the state comes back with the browser. */
  @Transactional
  void loginStarted(UUID id, String provider, String state, String nonce, String verifier) {
    jdbc.prepareStatement(
        "UPDATE phr_app_authorization SET login_state_sha256 = ?, login_provider = ?,"
            + " login_nonce = ?, login_verifier = ? WHERE id = ?",
        statement -> {
          statement.setString(1, Secrets.sha256(state));
          statement.setString(2, provider);
          statement.setString(3, nonce);
          statement.setString(4, verifier);
          statement.setObject(5, id);
          return statement.executeUpdate();
        });
  }

  /** The authorization whose provider login came back with this state, in this browser. */
  @Transactional(readOnly = true)
  Optional<Pending> byLoginState(String state, String browserToken) {
    if (state == null || browserToken == null) {
      return Optional.empty();
    }
    return jdbc.prepareStatement(
        SELECT + " WHERE login_state_sha256 = ? AND browser_sha256 = ? AND expires_at > ?",
        statement -> {
          statement.setString(1, Secrets.sha256(state));
          statement.setString(2, Secrets.sha256(browserToken));
          statement.setTimestamp(3, Timestamp.from(clock.instant()));
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(pending(rs)) : Optional.empty();
          }
        });
  }

  /** The guardian logged in; the provider login's state is used up. */
  @Transactional
  void loggedIn(UUID id, String guardianSubject) {
    jdbc.prepareStatement(
        "UPDATE phr_app_authorization SET guardian_subject = ?, login_state_sha256 = NULL,"
            + " login_nonce = NULL, login_verifier = NULL WHERE id = ?",
        statement -> {
          statement.setString(1, guardianSubject);
          statement.setObject(2, id);
          return statement.executeUpdate();
        });
  }

  /** Whom the guardian may show to an app: their children, and their own pregnancies. */
  @Transactional(readOnly = true)
  List<Choice> choices(String guardianSubject) {
    Optional<Guardian> found = families.guardian(guardianSubject);
    if (found.isEmpty()) {
      return List.of();
    }
    Guardian guardian = found.get();
    List<Choice> choices = new ArrayList<>();
    for (Child child : guardian.children()) {
      choices.add(
          new Choice(
              "child:" + child.id(),
              "child",
              child.id(),
              child.id(),
              child.municipalityId(),
              child.displayName(),
              child.birthDate()));
    }
    // Her pregnancy is her own health record: a partner it is shared with may read it, not give it.
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      if (pregnancy.personId().equals(guardian.personId())) {
        choices.add(
            new Choice(
                "pregnancy:" + pregnancy.id(),
                "pregnancy",
                pregnancy.id(),
                pregnancy.personId(),
                pregnancy.municipalityId(),
                null,
                pregnancy.expectedDeliveryDate()));
      }
    }
    return choices;
  }

  /** How the decision ended: where to send the browser back to the app. */
  record Decided(String redirectUri, String code, String state) {}

  /**
   * The guardian's decision: the authorization is used up either way. Approved, the consent is
   * stored with a code for the app; the chosen subject must be one of {@link #choices}.
   *
   * @return empty when the authorization is not this browser's, has expired, was used, the form is
   *     not its own or the guardian has not logged in
   */
  @Transactional
  Optional<Decided> decide(
      UUID id, String browserToken, String formToken, boolean approve, String choiceKey) {
    Optional<Pending> taken =
        jdbc.prepareStatement(
            "DELETE FROM phr_app_authorization WHERE id = ? AND browser_sha256 = ?"
                + " AND expires_at > ? RETURNING id, client_id, redirect_uri, scopes, state,"
                + " code_challenge, language, form_token, guardian_subject, login_provider,"
                + " login_nonce, login_verifier",
            statement -> {
              statement.setObject(1, id);
              statement.setString(2, browserToken == null ? "" : Secrets.sha256(browserToken));
              statement.setTimestamp(3, Timestamp.from(clock.instant()));
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(pending(rs)) : Optional.empty();
              }
            });
    if (taken.isEmpty()
        || !Secrets.same(taken.get().formToken(), formToken)
        || taken.get().guardianSubject() == null) {
      return Optional.empty();
    }
    Pending pending = taken.get();
    if (!approve) {
      return Optional.of(new Decided(pending.redirectUri(), null, pending.state()));
    }
    Choice choice =
        choices(pending.guardianSubject()).stream()
            .filter(c -> c.key().equals(choiceKey))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("Not one of the family's choices"));
    UUID personId = families.guardian(pending.guardianSubject()).orElseThrow().personId();
    Instant now = clock.instant();
    Instant expires =
        pending.scopes().contains(AppScopes.OFFLINE_ACCESS)
            ? now.plus(config.grantLifetime())
            : now.plus(config.codeLifetime()).plus(config.accessTokenLifetime());
    UUID grant =
        grants.create(
            new AppGrants.NewGrant(
                pending.clientId(),
                personId,
                pending.guardianSubject(),
                choice.subjectType(),
                choice.subjectId(),
                choice.patientId(),
                choice.municipalityId(),
                pending.scopes(),
                ConsentTexts.get().version(),
                expires));
    String code =
        tokens.newCode(grant, pending.redirectUri(), pending.codeChallenge(), pending.scopes());
    return Optional.of(new Decided(pending.redirectUri(), code, pending.state()));
  }

  /** The guardians of the demo data, for the demo login (demo mode only). */
  @Transactional(readOnly = true)
  List<String[]> demoGuardians() {
    return jdbc.prepareStatement(
        "SELECT login_subject, family_name || ' ' || given_name FROM person"
            + " WHERE login_subject LIKE 'demo-%' ORDER BY login_subject LIMIT 100",
        statement -> {
          List<String[]> guardians = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              guardians.add(new String[] {rs.getString(1), rs.getString(2)});
            }
          }
          return guardians;
        });
  }

  private static Pending pending(ResultSet rs) throws SQLException {
    return new Pending(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        AppScopes.parse(rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12));
  }
}
