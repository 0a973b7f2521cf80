package app.sukoyaka.phr.smart;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The third-party PHR apps the operator registered (no dynamic registration): {@link AppCommand}
 * from the command line, the demo seeding its one demo app.
 */
@Singleton
public class PhrApps {
  private final JdbcOperations jdbc;
  private final Clock clock;

  PhrApps(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * A registered app.
   *
   * @param secretSha256 the confidential client's secret's SHA-256 (hex); null for a public client
   * @param scopes the most it may ask for
   */
  public record PhrApp(
      String clientId,
      String name,
      List<String> redirectUris,
      String secretSha256,
      Set<String> scopes,
      boolean active) {
    public PhrApp {
      redirectUris = List.copyOf(redirectUris);
      scopes = Set.copyOf(scopes);
    }

    public boolean confidential() {
      return secretSha256 != null;
    }
  }

  /** What the operator registers; a confidential app's secret is generated and shown once. */
  public record Registration(
      String clientId,
      String name,
      List<String> redirectUris,
      boolean confidential,
      Set<String> scopes) {}

  private static final String SELECT =
      "SELECT client_id, name, redirect_uris, secret_sha256, scopes, active FROM phr_app";

  @Transactional(readOnly = true)
  public Optional<PhrApp> active(String clientId) {
    return find(clientId).filter(PhrApp::active);
  }

  @Transactional(readOnly = true)
  public Optional<PhrApp> find(String clientId) {
    if (clientId == null) {
      return Optional.empty();
    }
    return jdbc.prepareStatement(
        SELECT + " WHERE client_id = ?",
        statement -> {
          statement.setString(1, clientId);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(app(rs)) : Optional.empty();
          }
        });
  }

  @Transactional(readOnly = true)
  public List<PhrApp> all() {
    return jdbc.prepareStatement(
        SELECT + " ORDER BY client_id",
        statement -> {
          List<PhrApp> apps = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              apps.add(app(rs));
            }
          }
          return apps;
        });
  }

  /**
   * Registers an app, or changes a registered one (name, redirect URIs, scopes, kind; it is active
   * again). Answers the new client secret of a confidential app (only its hash is kept), else null.
   *
   * @throws IllegalArgumentException when the registration is not acceptable
   */
  @Transactional
  public String register(Registration registration) {
    validate(registration);
    String secret = registration.confidential() ? Secrets.random() : null;
    jdbc.prepareStatement(
        "INSERT INTO phr_app (client_id, name, redirect_uris, client_type, secret_sha256, scopes,"
            + " active, created_at) VALUES (?, ?, ?, ?, ?, ?, true, ?)"
            + " ON CONFLICT (client_id) DO UPDATE SET name = excluded.name,"
            + " redirect_uris = excluded.redirect_uris, client_type = excluded.client_type,"
            + " secret_sha256 = excluded.secret_sha256, scopes = excluded.scopes, active = true",
        statement -> {
          statement.setString(1, registration.clientId());
          statement.setString(2, registration.name());
          statement.setArray(
              3,
              statement
                  .getConnection()
                  .createArrayOf("text", registration.redirectUris().toArray()));
          statement.setString(4, registration.confidential() ? "confidential" : "public");
          statement.setString(5, secret == null ? null : Secrets.sha256(secret));
          statement.setString(6, AppScopes.format(registration.scopes()));
          statement.setTimestamp(7, Timestamp.from(clock.instant()));
          return statement.executeUpdate();
        });
    return secret;
  }

  /** Registers the app unless its client id is registered already (demo seeding). */
  @Transactional
  public boolean registerIfAbsent(Registration registration) {
    if (find(registration.clientId()).isPresent()) {
      return false;
    }
    register(registration);
    return true;
  }

  /** Deactivates an app: it gets no new authorizations nor tokens; its grants stay as they are. */
  @Transactional
  public boolean deactivate(String clientId) {
    return jdbc.prepareStatement(
            "UPDATE phr_app SET active = false WHERE client_id = ?",
            statement -> {
              statement.setString(1, clientId);
              return statement.executeUpdate();
            })
        > 0;
  }

  static void validate(Registration registration) {
    if (registration.clientId() == null
        || !registration.clientId().matches("[A-Za-z0-9._~-]{3,100}")) {
      throw new IllegalArgumentException(
          "The client id is 3 to 100 letters, digits or . _ ~ - characters.");
    }
    if (registration.name() == null
        || registration.name().isBlank()
        || registration.name().length() > 200) {
      throw new IllegalArgumentException("The app needs a name (at most 200 characters).");
    }
    if (registration.redirectUris().isEmpty()) {
      throw new IllegalArgumentException("The app needs at least one redirect URI.");
    }
    for (String uri : registration.redirectUris()) {
      RedirectUris.requireAcceptable(uri);
    }
    AppScopes.notAllowed(registration.scopes(), Set.copyOf(AppScopes.SUPPORTED))
        .ifPresent(
            s -> {
              throw new IllegalArgumentException(
                  "Not a scope apps may have: " + s + " (supported: " + AppScopes.SUPPORTED + ").");
            });
    if (AppScopes.recordKinds(registration.scopes()).isEmpty()) {
      throw new IllegalArgumentException("The app needs at least one patient/… scope.");
    }
  }

  private static PhrApp app(ResultSet rs) throws SQLException {
    return new PhrApp(
        rs.getString(1),
        rs.getString(2),
        List.of((String[]) rs.getArray(3).getArray()),
        rs.getString(4),
        AppScopes.parse(rs.getString(5)),
        rs.getBoolean(6));
  }
}
