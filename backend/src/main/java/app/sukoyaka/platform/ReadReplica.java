package app.sukoyaka.platform;

import io.micronaut.context.BeanContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where reads that may lag the primary a little go: the dashboard's figures and the municipal
 * export. With a datasource named {@code replica} configured ({@code DATASOURCES_REPLICA_URL}, a
 * streaming replica such as CloudNativePG's {@code -ro} service) they read there and leave the
 * primary to clinics and families; without, they read the primary as before. Every read runs in a
 * read-only REPEATABLE READ transaction of its own: one snapshot, which a hot standby serves too.
 */
@Singleton
public class ReadReplica {
  private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);

  private final DataSource dataSource;
  private final boolean replica;

  ReadReplica(BeanContext beans, DataSource primary) {
    var configured = beans.findBean(DataSource.class, Qualifiers.byName("replica"));
    this.replica = configured.isPresent();
    this.dataSource = DelegatingDataSource.unwrapDataSource(configured.orElse(primary));
    if (replica) {
      LOG.info("Dashboard figures and exports read from the replica datasource");
    }
  }

  /** Whether a replica is configured (else reads go to the primary). */
  public boolean configured() {
    return replica;
  }

  /** A read on one snapshot of the replica (or the primary). */
  public interface Read<T> {
    T apply(Connection connection) throws SQLException;
  }

  public <T> T read(Read<T> read) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        T result = read.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "A read of the " + (replica ? "replica" : "database") + " failed", e);
    }
  }
}
