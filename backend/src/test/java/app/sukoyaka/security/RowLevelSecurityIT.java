package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestDatabase;
import app.sukoyaka.testing.TestService;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Row-level security (V0050) under the access policy: whatever a query of the service forgets to
 * ask, a connection shows and accepts only the rows of the municipalities of the caller it serves.
 * These tests send deliberately careless SQL (no condition at all) through the service's own pool,
 * in the scope a caller's request would give it.
 */
class RowLevelSecurityIT {

  /** Tables without a municipality's personal data, and why they need no policy. */
  private static final Map<String, String> UNPROTECTED =
      Map.ofEntries(
          Map.entry("flyway_schema_history", "the migrations applied"),
          Map.entry("municipality", "the municipalities' names and codes, public"),
          Map.entry("facility", "clinics and hospitals, public"),
          Map.entry("clinic_client", "clinic systems' public keys"),
          Map.entry("client_assertion_jti", "replay protection of clinic assertions"),
          Map.entry("signing_key", "the service's token keys, sealed"),
          Map.entry(
              "staff_login_state", "a staff login under way, before the municipality is known"),
          Map.entry("family_invitation_attempt", "attempt counts for the invitation rate limit"),
          Map.entry("phr_app", "registered third-party apps"),
          Map.entry("phr_app_authorization", "an app authorisation under way, before a login"),
          Map.entry("phr_app_code", "hashes of authorisation codes of a protected grant"),
          Map.entry("phr_app_refresh_token", "hashes of refresh tokens of a protected grant"));

  @Test
  void everyTableWithPersonalDataIsUnderRowLevelSecurityThatBindsItsOwnerToo() {
    List<String> unprotected = new ArrayList<>();
    Set<String> tables = new TreeSet<>();
    try (Connection c = Db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
        if (!rs.getBoolean(2) && !UNPROTECTED.containsKey(rs.getString(1))) {
          unprotected.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(unprotected)
        .as("tables without row-level security; protect them or say here why they need none")
        .isEmpty();
    assertThat(tables).as("tables said to need no policy").containsAll(UNPROTECTED.keySet());
    assertThat(tables.size()).isGreaterThan(80);
  }

  @Test
  void theServiceConnectsAsARoleThePoliciesBind() {
    try (Connection c = pool().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("superuser or BYPASSRLS").isFalse();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aQueryWithoutAnyConditionShowsStaffOnlyTheirMunicipalitysChildren() throws SQLException {
    Personas.Municipality ours = Personas.municipality();
    Personas.Municipality theirs = Personas.municipality();
    Personas.FamilyWithInfant here = Personas.familyWithInfant(ours);
    Personas.FamilyWithInfant there = Personas.familyWithInfant(theirs);
    Principal staff =
        new Principal(Role.STAFF, "staff-" + UUID.randomUUID(), Set.of(ours.id()), null, Set.of());

    try (PropagatedContext.Scope ignored = in(TenantScope.of(staff));
        Connection c = pool().getConnection()) {
      Set<UUID> municipalities = column(c, "SELECT DISTINCT municipality_id FROM child");
      Set<UUID> children = column(c, "SELECT id FROM child");
      assertThat(municipalities).containsExactly(ours.id());
      assertThat(children).contains(here.childId()).doesNotContain(there.childId());
      assertThat(column(c, "SELECT child_id FROM guardianship"))
          .contains(here.childId())
          .doesNotContain(there.childId());
      assertThat(column(c, "SELECT id FROM pregnancy"))
          .contains(here.mother().pregnancyId())
          .doesNotContain(there.mother().pregnancyId());
    }
  }

  @Test
  void aCarelessWriteCannotReachOrCreateAnotherMunicipalitysRows() throws SQLException {
    Personas.Municipality ours = Personas.municipality();
    Personas.Municipality theirs = Personas.municipality();
    Personas.FamilyWithInfant there = Personas.familyWithInfant(theirs);
    Principal staff =
        new Principal(Role.STAFF, "staff-" + UUID.randomUUID(), Set.of(ours.id()), null, Set.of());

    try (PropagatedContext.Scope ignored = in(TenantScope.of(staff));
        Connection c = pool().getConnection()) {
      try (PreparedStatement update =
          c.prepareStatement("UPDATE child SET given_name = 'X' WHERE id = ?")) {
        update.setObject(1, there.childId());
        assertThat(update.executeUpdate()).isZero();
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO parent_record (id, municipality_id, child_id, kind, recorded_on,"
                  + " author, client_id, create_digest, version, created_by, created_at,"
                  + " updated_by, updated_at) VALUES (?, ?, ?, 'diary', current_date,"
                  + " 'guardian', gen_random_uuid(), 'x', 1, 'x', now(), 'x', now())")) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, theirs.id());
        insert.setObject(3, there.childId());
        assertThatThrownBy(insert::executeUpdate)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("row-level security");
      }
    }
    assertThat(Db.text("SELECT given_name FROM child WHERE id = ?", there.childId()))
        .isEqualTo("蓮");
  }

  @Test
  void aGuardiansConnectionShowsHerFamilysMunicipalityOnly() throws SQLException {
    Personas.Municipality ours = Personas.municipality();
    Personas.Municipality theirs = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(ours);
    Personas.FamilyWithInfant there = Personas.familyWithInfant(theirs);
    Principal guardian =
        new Principal(
            Role.GUARDIAN, family.mother().loginSubject(), Set.of(), null, Set.of("patient/*.rs"));

    try (PropagatedContext.Scope ignored = in(TenantScope.of(guardian));
        Connection c = pool().getConnection()) {
      assertThat(column(c, "SELECT DISTINCT municipality_id FROM child"))
          .containsExactly(ours.id());
      assertThat(column(c, "SELECT id FROM child")).doesNotContain(there.childId());
      assertThat(column(c, "SELECT person_id FROM pregnancy"))
          .contains(family.mother().personId())
          .doesNotContain(there.mother().personId());
    }
  }

  @Test
  void aConnectionNobodyGaveAScopeShowsNothing() throws SQLException {
    Personas.familyWithInfant(Personas.municipality());
    Map<String, Object> p = TestDatabase.properties();
    try (Connection c =
        DriverManager.getConnection(
            (String) p.get("datasources.default.url"),
            (String) p.get("datasources.default.username"),
            (String) p.get("datasources.default.password"))) {
      assertThat(column(c, "SELECT id FROM child")).isEmpty();
      assertThat(column(c, "SELECT id FROM person")).isEmpty();
      assertThat(column(c, "SELECT child_id FROM guardianship")).isEmpty();
    }
  }

  /** The service's pool as the service takes connections from it, outside any transaction. */
  private static DataSource pool() {
    return DelegatingDataSource.unwrapDataSource(TestService.bean(DataSource.class));
  }

  private static PropagatedContext.Scope in(TenantScope scope) {
    return PropagatedContext.getOrEmpty().plus(new TenantScope.Chosen(scope)).propagate();
  }

  private static Set<UUID> column(Connection c, String sql) throws SQLException {
    Set<UUID> values = new java.util.HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getObject(1, UUID.class));
      }
    }
    return values;
  }
}
