package app.sukoyaka.security;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.connection.ConnectionStatus;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a decision that must look across municipalities in the system scope (row-level security,
 * V0050): whether a record named in a request exists in another municipality (so that its caller is
 * told "not yours", as before), the person a clinic's submission names, a family moving in. Only
 * the decision: the records a caller then reads or writes are read in the caller's scope. Inside an
 * open transaction the held connection's scope is widened and restored in place (a rolled-back
 * transaction restores it by itself).
 */
@Singleton
public class SystemScope {
  private final ConnectionOperations<Connection> connections;
  private final TenantScopedConnections scoped;

  SystemScope(ConnectionOperations<Connection> connections, TenantScopedConnections scoped) {
    this.connections = connections;
    this.scoped = scoped;
  }

  public <T> T get(Supplier<T> work) {
    Optional<Connection> held =
        connections.findConnectionStatus().map(ConnectionStatus::getConnection);
    if (held.isEmpty()) {
      return TenantScope.systemOutsideTransactions(work);
    }
    Connection connection = held.get();
    String previous = set(connection, "on");
    try {
      return work.get();
    } finally {
      try {
        set(connection, previous == null || previous.isEmpty() ? "off" : previous);
      } catch (IllegalStateException e) {
        // The transaction failed; its rollback restores the scope. Set it again on next use.
        forget(connection);
      }
    }
  }

  public void run(Runnable work) {
    get(
        () -> {
          work.run();
          return null;
        });
  }

  private static String set(Connection connection, String value) {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT current_setting('sukoyaka.system', true),"
                + " set_config('sukoyaka.system', ?, false)")) {
      statement.setString(1, value);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not change the connection's tenant scope", e);
    }
  }

  private void forget(Connection connection) {
    try {
      scoped.forget(connection);
    } catch (SQLException e) {
      // The pool discards a broken connection.
    }
  }
}
