package app.sukoyaka.platform.demo;

import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.PrincipalDirectory;
import app.sukoyaka.security.Role;
import app.sukoyaka.security.TenantScope;
import app.sukoyaka.security.TokenService;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Demo endpoints: tokens for demo identities without an identity provider, and the list of those
 * identities so that a script can find them. They exist only with {@code SUKOYAKA_DEMO=true}.
 */
@Controller("/dev")
@Requires(property = "sukoyaka.demo", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
class DemoController {
  private final PrincipalDirectory directory;
  private final TokenService tokens;
  private final JdbcOperations jdbc;

  DemoController(PrincipalDirectory directory, TokenService tokens, JdbcOperations jdbc) {
    this.directory = directory;
    this.tokens = tokens;
    this.jdbc = jdbc;
  }

  @Serdeable
  record DemoTokenRequest(@Nullable String role, @Nullable String subject) {}

  @Serdeable
  record DemoTokenResponse(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("expires_in") long expiresIn) {}

  @Post(
      uri = "/token",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  DemoTokenResponse token(@Body DemoTokenRequest request) {
    if (request.subject() == null || request.subject().isBlank()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "subject is required.",
          List.of(new ProblemException.FieldError("subject", "required")));
    }
    Role role =
        Role.fromClaim(request.role() == null ? "" : request.role())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.DEMO_UNKNOWN_ROLE,
                        "role must be guardian, clinic, staff or resident.",
                        List.of(new ProblemException.FieldError("role", "unknown role"))));
    // Whoever calls (with a token of their own or none), the login is looked up in every
    // municipality, as the identity providers' logins are.
    Optional<Principal> principal =
        TenantScope.systemOutsideTransactions(
            () ->
                switch (role) {
                  case GUARDIAN -> directory.guardian(request.subject());
                  case STAFF -> directory.staff(request.subject());
                  case RESIDENT -> Optional.of(directory.resident(request.subject()));
                  case CLINIC ->
                      directory
                          .clinicClient(request.subject())
                          .flatMap(client -> directory.clinic(client.clientId(), client.scopes()));
                  // An app's token comes only from a guardian's consent (/oauth2/authorize).
                  case APP ->
                      throw new ProblemException(
                          ErrorCode.DEMO_UNKNOWN_ROLE,
                          "role must be guardian, clinic, staff or resident.",
                          List.of(new ProblemException.FieldError("role", "unknown role")));
                });
    Principal found =
        principal.orElseThrow(
            () ->
                new ProblemException(
                    ErrorCode.DEMO_UNKNOWN_SUBJECT,
                    "No " + role.claim() + " with subject " + request.subject() + ".",
                    List.of(new ProblemException.FieldError("subject", "unknown"))));
    TokenService.IssuedToken token = tokens.issue(found);
    return new DemoTokenResponse(token.value(), "Bearer", token.expiresInSeconds());
  }

  @Serdeable
  record Municipality(String code, String name) {}

  @Serdeable
  record Clinic(
      String clientId,
      String medicalInstitutionCode,
      String name,
      List<String> municipalityCodes) {}

  @Serdeable
  record Guardian(String subject, String name) {}

  @Serdeable
  record Staff(String subject, String municipalityCode, String name) {}

  @Serdeable
  record DemoPregnancy(
      UUID id,
      String guardianSubject,
      FamilyBodies.HandbookNumber handbookNumber,
      LocalDate motherBirthDate,
      @Nullable LocalDate expectedDeliveryDate) {}

  @Serdeable
  record DemoChild(
      UUID id,
      String guardianSubject,
      @Nullable FamilyBodies.HandbookNumber handbookNumber,
      LocalDate birthDate,
      String sex) {}

  /** A registered third-party PHR app (SMART on FHIR), to try the authorization with. */
  @Serdeable
  record DemoApp(String clientId, String name, String clientType, List<String> redirectUris) {}

  @Serdeable
  record DemoIdentities(
      List<Municipality> municipalities,
      List<Clinic> clinics,
      List<Guardian> guardians,
      List<Staff> staff,
      List<DemoPregnancy> pregnancies,
      List<DemoChild> children,
      List<DemoApp> apps) {}

  @Get(uri = "/demo", produces = MediaType.APPLICATION_JSON)
  @Transactional(readOnly = true)
  DemoIdentities demo() {
    return new DemoIdentities(
        query(
            "SELECT code, name_ja FROM municipality ORDER BY code LIMIT 100",
            rs -> new Municipality(rs.getString(1), rs.getString(2))),
        query(
            "SELECT c.client_id, f.medical_institution_code, f.name,"
                + " coalesce(array_agg(m.code ORDER BY m.code) FILTER (WHERE m.code IS NOT NULL),"
                + " '{}')"
                + " FROM clinic_client c JOIN facility f ON f.id = c.facility_id"
                + " LEFT JOIN facility_contract fc ON fc.facility_id = f.id"
                + " LEFT JOIN municipality m ON m.id = fc.municipality_id"
                + " WHERE c.active GROUP BY c.client_id, f.medical_institution_code, f.name"
                + " ORDER BY c.client_id LIMIT 100",
            rs ->
                new Clinic(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    List.of((String[]) rs.getArray(4).getArray()))),
        query(
            "SELECT login_subject, family_name || ' ' || given_name FROM person"
                + " WHERE login_subject IS NOT NULL ORDER BY login_subject LIMIT 100",
            rs -> new Guardian(rs.getString(1), rs.getString(2))),
        query(
            "SELECT s.subject, m.code, s.display_name FROM staff_account s"
                + " JOIN municipality m ON m.id = s.municipality_id ORDER BY s.subject LIMIT 100",
            rs -> new Staff(rs.getString(1), rs.getString(2), rs.getString(3))),
        query(
            "SELECT p.id, pe.login_subject, m.code, p.handbook_number, pe.birth_date,"
                + " p.expected_delivery_date FROM pregnancy p JOIN person pe ON pe.id = p.person_id"
                + " JOIN municipality m ON m.id = p.municipality_id"
                + " WHERE pe.login_subject IS NOT NULL ORDER BY p.created_at LIMIT 100",
            rs ->
                new DemoPregnancy(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    FamilyBodies.handbookNumber(rs.getString(3), rs.getString(4)),
                    rs.getDate(5).toLocalDate(),
                    rs.getDate(6) == null ? null : rs.getDate(6).toLocalDate())),
        query(
            "SELECT c.id, pe.login_subject, m.code, c.handbook_number, c.birth_date, c.sex"
                + " FROM child c JOIN guardianship g ON g.child_id = c.id"
                + " JOIN person pe ON pe.id = g.person_id"
                + " JOIN municipality m ON m.id = c.municipality_id"
                + " WHERE pe.login_subject IS NOT NULL ORDER BY c.created_at LIMIT 100",
            rs ->
                new DemoChild(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    FamilyBodies.handbookNumber(rs.getString(3), rs.getString(4)),
                    rs.getDate(5).toLocalDate(),
                    rs.getString(6))),
        query(
            "SELECT client_id, name, client_type, redirect_uris FROM phr_app WHERE active"
                + " ORDER BY client_id LIMIT 100",
            rs ->
                new DemoApp(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    List.of((String[]) rs.getArray(4).getArray()))));
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          List<T> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(mapper.map(rs));
            }
          }
          return rows;
        });
  }
}
