package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

  @Test
  void thePoolTimingOutWaitingForAConnectionIsAnOutage() {
    assertThat(
            DatabaseOutage.isCause(
                new IllegalStateException(
                    "Failed to obtain JDBC Connection",
                    new SQLTransientConnectionException("Connection is not available"))))
        .isTrue();
  }

  @Test
  void aRefusedConnectionOrAServerShuttingDownIsAnOutageHoweverDeeplyWrapped() {
    assertThat(DatabaseOutage.isCause(wrapped(new SQLException("refused", "08001")))).isTrue();
    assertThat(DatabaseOutage.isCause(wrapped(new SQLException("I/O error", "08006")))).isTrue();
    assertThat(DatabaseOutage.isCause(wrapped(new SQLException("shutdown", "57P01")))).isTrue();
    assertThat(DatabaseOutage.isCause(wrapped(new SQLException("starting", "57P03")))).isTrue();
  }

  @Test
  void aFaultOfTheRequestItselfIsNotAnOutage() {
    assertThat(DatabaseOutage.isCause(wrapped(new SQLException("duplicate", "23505")))).isFalse();
    assertThat(DatabaseOutage.isCause(wrapped(new SQLException("no state")))).isFalse();
    assertThat(DatabaseOutage.isCause(new IllegalArgumentException("bad"))).isFalse();
  }

  private static RuntimeException wrapped(SQLException cause) {
    return new RuntimeException("outer", new IllegalStateException("inner", cause));
  }
}
