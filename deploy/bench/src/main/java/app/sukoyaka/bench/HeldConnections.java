package app.sukoyaka.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource of a few connections kept open, as a pool keeps them: closing one hands it back. The
 * PostgreSQL backends serving them stay the same processes, whose CPU time the benchmark reads
 * before and after a phase.
 */
final class HeldConnections implements DataSource, AutoCloseable {
  private final List<Connection> connections;
  private final List<Long> backendPids = new ArrayList<>();
  private final BlockingQueue<Connection> free;

  HeldConnections(List<Connection> connections) throws SQLException {
    this.connections = List.copyOf(connections);
    this.free = new ArrayBlockingQueue<>(connections.size(), false, connections);
    for (Connection connection : connections) {
      try (Statement statement = connection.createStatement();
          var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        backendPids.add(rs.getLong(1));
      }
    }
  }

  /** The PostgreSQL processes serving the connections. */
  List<Long> backendPids() {
    return backendPids;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = free.poll();
    if (connection == null) {
      throw new SQLException("All " + connections.size() + " held connections are in use");
    }
    boolean[] returned = new boolean[1];
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (!returned[0]) {
                  returned[0] = true;
                  free.add(connection);
                }
                return null;
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public void close() throws SQLException {
    for (Connection connection : connections) {
      connection.close();
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("Not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
