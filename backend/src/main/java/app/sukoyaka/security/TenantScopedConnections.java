package app.sukoyaka.security;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Gives every connection taken from the pool the tenant scope of the work it is taken for (V0050):
 * the scope chosen for that work ({@link TenantScope#systemOutsideTransactions}, {@link
 * SystemScope}), else the scope of the authenticated caller of the request it serves, else the
 * system scope (a request before its caller is known, a public endpoint that decides access itself,
 * a job). A connection keeps its scope in the pool; setting the same fixed scope again is skipped,
 * so that a municipality's staff or jobs pay no extra round trip.
 */
@Singleton
class TenantScopedConnections implements BeanCreatedEventListener<DataSource>, Ordered {
  /** A scope whose municipalities the database works out (V0050). */
  private static final String ENTER =
      "SELECT sukoyaka_enter_scope(?, ?::uuid[], ?::text, ?::uuid, ?::timestamptz)";

  /**
   * A guardian's scope, with her person and reading setting for the response (V0051): one round
   * trip where asking for the setting apart took a transaction of its own.
   */
  private static final String ENTER_GUARDIAN =
      "SELECT municipalities, person_id, person_municipality_id, language, calendar,"
          + " setting_updated_at FROM sukoyaka_enter_guardian_scope(?)";

  /** A fixed scope: plain settings, which also serve the migrations before V0050 exists. */
  private static final String SET =
      "SELECT set_config('sukoyaka.system', ?, false),"
          + " set_config('sukoyaka.municipalities', ?, false)";

  /** The scope each physical connection was last given (weakly: the pool closes connections). */
  private final Map<PGConnection, TenantScope> given =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The request attribute holding the scope its first connection was given. */
  private static final String RESOLVED = "sukoyaka.tenant-scope";

  private final BeanProvider<Clock> clock;

  TenantScopedConnections(BeanProvider<Clock> clock) {
    this.clock = clock;
  }

  @Override
  public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
    DataSource target = event.getBean();
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof Connection connection
                  && method.getName().equals("getConnection")) {
                try {
                  enter(connection);
                } catch (SQLException | RuntimeException e) {
                  connection.close();
                  throw e;
                }
              }
              return result;
            });
  }

  @Override
  public int getOrder() {
    // Right after the pool (and the tests' statement counter) and before Micronaut Data's
    // contextual wrapper: code that unwraps that wrapper still gets scoped connections.
    return HIGHEST_PRECEDENCE + 1;
  }

  private void enter(Connection connection) throws SQLException {
    Optional<TenantScope.Chosen> chosen =
        PropagatedContext.getOrEmpty().find(TenantScope.Chosen.class);
    if (chosen.isPresent()) {
      enter(connection, chosen.get().scope());
      return;
    }
    Optional<HttpRequest<Object>> request = ServerRequestContext.currentRequest();
    Optional<Principal> caller =
        request.flatMap(
            r -> r.getAttribute(AuthenticationFilter.PRINCIPAL_ATTRIBUTE, Principal.class));
    if (caller.isEmpty()) {
      // Work no caller asked for, a request before its caller is known, or a public endpoint
      // that decides access itself.
      enter(connection, TenantScope.SYSTEM);
      return;
    }
    // A guardian's or clinic's municipalities are worked out once per request, by its first
    // connection; the request's other connections are given the same ones.
    Optional<TenantScope> resolved = request.get().getAttribute(RESOLVED, TenantScope.class);
    if (resolved.isPresent()) {
      enter(connection, resolved.get());
      return;
    }
    TenantScope scope = TenantScope.of(caller.get());
    TenantScope entered =
        scope.guardianOnly()
            ? enterGuardian(connection, scope.guardianSubject(), request.get())
            : enter(connection, scope);
    request.get().setAttribute(RESOLVED, entered);
  }

  /**
   * Gives the connection a guardian's scope and keeps what the database said of her person with the
   * request ({@link CallerPerson}).
   */
  private TenantScope enterGuardian(
      Connection connection, String guardianSubject, HttpRequest<?> request) throws SQLException {
    PGConnection physical = connection.unwrap(PGConnection.class);
    given.remove(physical);
    TenantScope scope;
    try (PreparedStatement statement = connection.prepareStatement(ENTER_GUARDIAN)) {
      statement.setString(1, guardianSubject);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        scope = new TenantScope(false, municipalities(rs), null, null);
        Timestamp updated = rs.getTimestamp(6);
        new CallerPerson(
                guardianSubject,
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                updated == null ? null : updated.toInstant())
            .keep(request);
      }
    }
    return kept(connection, physical, scope);
  }

  /**
   * Gives the connection this scope.
   *
   * @return the scope it now has, with the municipalities the database worked out
   */
  private TenantScope enter(Connection connection, TenantScope scope) throws SQLException {
    PGConnection physical = connection.unwrap(PGConnection.class);
    if (scope.fixed() && scope.equals(given.get(physical))) {
      return scope;
    }
    // Forgotten first: should setting it fail half-way, the next use sets it again.
    given.remove(physical);
    if (scope.fixed()) {
      try (PreparedStatement statement = connection.prepareStatement(SET)) {
        statement.setString(1, scope.system() ? "on" : "off");
        statement.setString(2, uuidArray(scope));
        statement.execute();
      }
    } else {
      try (PreparedStatement statement = connection.prepareStatement(ENTER)) {
        statement.setBoolean(1, scope.system());
        statement.setString(2, uuidArray(scope));
        statement.setString(3, scope.guardianSubject());
        statement.setObject(4, scope.facilityId());
        statement.setTimestamp(5, Timestamp.from(clock.get().instant()));
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          scope = new TenantScope(scope.system(), municipalities(rs), null, null);
        }
      }
    }
    return kept(connection, physical, scope);
  }

  /** Remembers the scope the connection now has, once it outlives the caller's transaction. */
  private TenantScope kept(Connection connection, PGConnection physical, TenantScope scope)
      throws SQLException {
    if (!connection.getAutoCommit()) {
      // The setting must outlive this transaction: a rolled-back one would undo it.
      connection.commit();
    }
    given.put(physical, scope);
    return scope;
  }

  /** The municipalities a scope function returned in its first column. */
  private static Set<UUID> municipalities(ResultSet rs) throws SQLException {
    return new HashSet<>(Arrays.asList((UUID[]) rs.getArray(1).getArray()));
  }

  private static String uuidArray(TenantScope scope) {
    return scope.municipalities().stream()
        .map(UUID::toString)
        .sorted()
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** Forgets what a connection was given, after its scope was changed and restored in place. */
  void forget(Connection connection) throws SQLException {
    given.remove(connection.unwrap(PGConnection.class));
  }
}
