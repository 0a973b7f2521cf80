package app.sukoyaka.security;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up whether row-level security binds the service's connections: PostgreSQL exempts
 * superusers and roles with BYPASSRLS from every policy, so a service connected as one has only its
 * access policy between tenants.
 */
@Singleton
class RowLevelSecurityCheck {
  private static final Logger LOG = LoggerFactory.getLogger(RowLevelSecurityCheck.class);
  private final JdbcOperations jdbc;

  RowLevelSecurityCheck(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  @EventListener
  @Transactional(readOnly = true)
  void onStartup(StartupEvent event) {
    String exempt =
        jdbc.prepareStatement(
            "SELECT current_user, rolsuper OR rolbypassrls FROM pg_roles"
                + " WHERE rolname = current_user",
            statement -> {
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(2) ? rs.getString(1) : null;
              }
            });
    if (exempt != null) {
      LOG.warn(
          "The database role {} is a superuser or has BYPASSRLS: row-level security does not"
              + " separate municipalities. Connect as the application's own role.",
          exempt);
    } else {
      LOG.info("Row-level security separates municipalities on the service's connections");
    }
  }
}
