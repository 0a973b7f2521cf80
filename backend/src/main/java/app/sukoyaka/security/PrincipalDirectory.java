package app.sukoyaka.security;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who a login subject or client id is, as of today: the registered clinic clients with their
 * current contracts, staff accounts and guardians. Tokens are issued from what this returns.
 */
@Singleton
public class PrincipalDirectory {
  private final JdbcOperations jdbc;
  private final Clock clock;

  PrincipalDirectory(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A registered, active clinic client with its public keys. */
  public record ClinicClient(
      String clientId, UUID facilityId, String publicJwks, Set<String> scopes) {}

  @Transactional(readOnly = true)
  public Optional<ClinicClient> clinicClient(String clientId) {
    return jdbc.prepareStatement(
        "SELECT client_id, facility_id, public_jwks::text, scopes FROM clinic_client"
            + " WHERE client_id = ? AND active",
        statement -> {
          statement.setString(1, clientId);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new ClinicClient(
                    rs.getString(1),
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    Set.of(rs.getString(4).trim().split("\\s+"))));
          }
        });
  }

  /** The clinic as a principal, with the municipalities it has a contract with today. */
  @Transactional(readOnly = true)
  public Optional<Principal> clinic(String clientId, Set<String> grantedScopes) {
    return clinicClient(clientId)
        .map(
            client ->
                new Principal(
                    Role.CLINIC,
                    client.clientId(),
                    contractedMunicipalities(client.facilityId()),
                    client.facilityId(),
                    grantedScopes));
  }

  @Transactional(readOnly = true)
  public Optional<Principal> staff(String subject) {
    return jdbc.prepareStatement(
        "SELECT municipality_id FROM staff_account WHERE subject = ?",
        statement -> {
          statement.setString(1, subject);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new Principal(
                    Role.STAFF,
                    subject,
                    Set.of(rs.getObject(1, UUID.class)),
                    null,
                    Set.of("user/*.rs")));
          }
        });
  }

  @Transactional(readOnly = true)
  public Optional<Principal> guardian(String subject) {
    return jdbc.prepareStatement(
        "SELECT 1 FROM person WHERE login_subject = ?",
        statement -> {
          statement.setString(1, subject);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next()
                ? Optional.of(
                    new Principal(Role.GUARDIAN, subject, Set.of(), null, Set.of("patient/*.rs")))
                : Optional.empty();
          }
        });
  }

  /**
   * The principal of someone the residents' identity provider authenticated: a guardian when a
   * person here has that login, otherwise a resident, who may apply (妊娠届出) or accept an invitation
   * but reaches no family.
   */
  public Principal resident(String subject) {
    return guardian(subject)
        .orElseGet(() -> new Principal(Role.RESIDENT, subject, Set.of(), null, Set.of()));
  }

  private Set<UUID> contractedMunicipalities(UUID facilityId) {
    LocalDate today = LocalDate.now(clock);
    List<UUID> ids =
        jdbc.prepareStatement(
            "SELECT municipality_id FROM facility_contract WHERE facility_id = ?"
                + " AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)",
            statement -> {
              statement.setObject(1, facilityId);
              statement.setDate(2, Date.valueOf(today));
              statement.setDate(3, Date.valueOf(today));
              try (ResultSet rs = statement.executeQuery()) {
                List<UUID> found = new java.util.ArrayList<>();
                while (rs.next()) {
                  found.add(rs.getObject(1, UUID.class));
                }
                return found;
              }
            });
    return new HashSet<>(ids);
  }
}
