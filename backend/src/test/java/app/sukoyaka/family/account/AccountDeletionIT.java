package app.sukoyaka.family.account;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A guardian deletes their app account; what the municipality must keep stays. */
class AccountDeletionIT {

  private static void graceOver(UUID personId) {
    Db.update(
        "UPDATE account_deletion_request SET requested_at = now() - interval '31 days',"
            + " execute_after = now() - interval '1 day' WHERE person_id = ? AND status = 'pending'",
        personId);
  }

  private static int runJob() {
    return TestService.bean(AccountDeletionJob.class).runOnce();
  }

  /** Every table (but the access log the rules keep) whose rows mention the text. */
  private static List<String> tablesMentioning(String text) {
    List<String> found = new ArrayList<>();
    try (Connection c = Db.connect()) {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                      + " AND table_type = 'BASE TABLE' AND table_name <> 'access_log'");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE ?")) {
          s.setString(1, "%" + text + "%");
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
              found.add(table);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  @Test
  void aMotherCancelsHerRequestWithinTheGracePeriod() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String token = Tokens.guardian(family.mother());

    Http.Response requested = Http.postJson("/api/v1/me/account-deletion", token, null);
    assertThat(requested.status()).isEqualTo(202);
    assertThat(requested.json().path("status").asText()).isEqualTo("pending");
    assertThat(Http.postJson("/api/v1/me/account-deletion", token, null).status()).isEqualTo(409);

    Http.Response cancelled = Http.send("DELETE", "/api/v1/me/account-deletion", token, null, null);

    assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");
    graceOver(family.mother().personId());
    runJob();
    assertThat(Http.get("/api/v1/me", token).status()).isEqualTo(200);
  }

  @Test
  void nothingHappensBeforeTheGracePeriodIsOver() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String token = Tokens.guardian(family.mother());
    Http.postJson("/api/v1/me/account-deletion", token, null);

    runJob();

    assertThat(Http.get("/api/v1/me/account-deletion", token).json().path("status").asText())
        .isEqualTo("pending");
    assertThat(Http.get("/api/v1/me", token).status()).isEqualTo(200);
  }

  @Test
  void afterDeletionTheMotherIsAResidentAgainAndOnlyWhatTheMunicipalityKeepsRemains() {
    Personas.Municipality town = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    Personas.Mother mother = infant.family().mother();
    Personas.phoneOf(mother);
    Personas.onlineDeliveryDecision(mother.personId(), town, "granted");
    Db.update(
        "INSERT INTO notification_preference (person_id, municipality_id, language, updated_at)"
            + " VALUES (?, ?, 'en', now())",
        mother.personId(),
        town.id());
    UUID parentEntry = UUID.randomUUID();
    Db.update(
        "INSERT INTO immunization_record (id, municipality_id, child_id, occurrence_date,"
            + " vaccine_system, vaccine_code, routine, source, verification, recorded_by_role,"
            + " recorded_by, recorded_at, updated_at) VALUES (?, ?, ?, current_date - 10,"
            + " 'https://sukoyaka.app/fhir/CodeSystem/vaccine-kind', 'BCG', true, 'parent',"
            + " 'unverified', 'guardian', ?, now(), now())",
        parentEntry,
        town.id(),
        infant.family().childId(),
        mother.loginSubject());
    String token = Tokens.guardian(mother);
    Http.Response diary =
        Http.postJson(
            "/api/v1/children/" + infant.family().childId() + "/records",
            token,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"diary\",\"date\":\""
                + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1)
                + "\",\"text\":\"はじめて寝返りした日の日記\"}");
    assertThat(diary.status()).as(diary.body()).isEqualTo(201);
    Http.postJson("/api/v1/me/account-deletion", token, null);
    graceOver(mother.personId());

    assertThat(runJob()).isGreaterThanOrEqualTo(1);

    assertThat(tablesMentioning(mother.loginSubject())).isEmpty();
    for (String table :
        List.of("push_device", "notification_preference", "push_message", "reminder")) {
      assertThat(
              Db.count("SELECT count(*) FROM " + table + " WHERE person_id = ?", mother.personId()))
          .as(table)
          .isZero();
    }
    assertThat(Db.count("SELECT count(*) FROM immunization_record WHERE id = ?", parentEntry))
        .isZero();
    // Her diary is emptied and left as a tombstone for the other guardian's phone.
    assertThat(tablesMentioning("はじめて寝返りした日の日記")).isEmpty();
    assertThat(
            Db.count(
                "SELECT count(*) FROM parent_record WHERE id = ? AND deleted_at IS NOT NULL",
                UUID.fromString(diary.json().path("id").asText())))
        .isEqualTo(1);
    // What the municipality keeps: the clinic's vaccinations, the person, the guardianship.
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ?",
                infant.family().childId()))
        .isEqualTo(4);
    assertThat(Db.count("SELECT count(*) FROM guardianship WHERE person_id = ?", mother.personId()))
        .isEqualTo(1);
    // Notices now reach the family on paper: the latest decision is a withdrawal.
    assertThat(
            Db.count(
                "SELECT count(*) FROM (SELECT DISTINCT ON (person_id) decision"
                    + " FROM online_delivery_consent WHERE person_id = ?"
                    + " ORDER BY person_id, decided_at DESC, id DESC) c"
                    + " WHERE decision = 'withdrawn'",
                mother.personId()))
        .isEqualTo(1);
    // The login is a resident's again and reaches no family; the old token reaches nothing.
    assertThat(
            Http.postJson(
                    "/dev/token",
                    null,
                    "{\"role\":\"guardian\",\"subject\":\"" + mother.loginSubject() + "\"}")
                .status())
        .isEqualTo(400);
    String resident = Tokens.user("resident", mother.loginSubject());
    assertThat(
            Http.get("/api/v1/children/" + infant.family().childId() + "/handbook", resident)
                .status())
        .isEqualTo(403);
    // Her old token names a guardian with no family left: nothing of any municipality is hers.
    assertThat(
            Http.get("/api/v1/children/" + infant.family().childId() + "/handbook", token).status())
        .isEqualTo(404);
    // A second run finds nothing to do.
    assertThat(runJob()).isZero();
  }

  @Test
  void theFathersPhoneDropsTheMothersUnverifiedVaccinationEntryAtItsNextSync() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    Personas.Mother mother = family.mother();
    String father = Tokens.user("guardian", Personas.fatherOf(family).loginSubject());
    UUID entry = UUID.randomUUID();
    Db.update(
        "INSERT INTO immunization_record (id, municipality_id, child_id, occurrence_date,"
            + " vaccine_system, vaccine_code, routine, source, verification, recorded_by_role,"
            + " recorded_by, note, recorded_at, updated_at) VALUES (?, ?, ?, current_date - 10,"
            + " 'https://sukoyaka.app/fhir/CodeSystem/vaccine-kind', 'BCG', true, 'parent',"
            + " 'unverified', 'guardian', ?, '母子手帳から写した', now(), now())",
        entry,
        town.id(),
        family.childId(),
        mother.loginSubject());
    Http.Response before = Http.get("/api/v1/me/sync", father);
    assertThat(before.status()).as(before.body()).isEqualTo(200);
    assertThat(before.body()).contains(entry.toString());
    Http.postJson("/api/v1/me/account-deletion", Tokens.guardian(mother), null);
    graceOver(mother.personId());

    assertThat(runJob()).isGreaterThanOrEqualTo(1);
    Http.Response after =
        Http.get(
            "/api/v1/me/sync?cursor="
                + java.net.URLEncoder.encode(
                    before.json().path("cursor").asText(), java.nio.charset.StandardCharsets.UTF_8),
            father);

    assertThat(after.status()).as(after.body()).isEqualTo(200);
    List<String> tombstones = new ArrayList<>();
    after
        .json()
        .path("changes")
        .forEach(
            c -> {
              if (c.path("kind").asText().equals("immunization") && c.path("deleted").asBoolean()) {
                tombstones.add(c.path("id").asText());
              }
            });
    assertThat(tombstones).containsExactly(entry.toString());
    assertThat(Db.count("SELECT count(*) FROM immunization_record WHERE id = ?", entry)).isZero();
    // The tombstone says which entry went, nothing of what was entered.
    assertThat(tablesMentioning("母子手帳から写した")).isEmpty();
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_tombstone WHERE record_id = ? AND child_id = ?",
                entry,
                family.childId()))
        .isEqualTo(1);
  }

  @Test
  void tombstonesOlderThanAnySyncCursorAreRemovedByTheNextDeletion() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant old = Personas.familyWithInfant(town);
    UUID stale = UUID.randomUUID();
    Db.update(
        "INSERT INTO immunization_tombstone (record_id, municipality_id, child_id, erased_at)"
            + " VALUES (?, ?, ?, now() - interval '91 days')",
        stale,
        town.id(),
        old.childId());
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    Http.postJson("/api/v1/me/account-deletion", Tokens.guardian(family.mother()), null);
    graceOver(family.mother().personId());

    runJob();

    assertThat(Db.count("SELECT count(*) FROM immunization_tombstone WHERE record_id = ?", stale))
        .isZero();
  }

  @Test
  void aFatherWhoJoinedByInvitationLeavesNoRecordAndTheMotherReadsThatSharingEnded() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String motherToken = Tokens.guardian(family.mother());
    String code =
        Http.postJson(
                "/api/v1/family/invitations",
                motherToken,
                "{\"childIds\":[\"" + family.childId() + "\"]}")
            .json()
            .path("code")
            .asText();
    String subject = Personas.newResidentSubject();
    Http.postJson(
        "/api/v1/family/invitations/accept",
        Tokens.user("resident", subject),
        "{\"code\":\""
            + code
            + "\",\"relationship\":\"father\",\"person\":{\"familyName\":\"鈴木\","
            + "\"givenName\":\"健太\",\"birthDate\":\"1991-02-03\"}}");
    String father = Tokens.user("guardian", subject);
    UUID fatherId =
        UUID.fromString(Http.get("/api/v1/me", father).json().path("guardianId").asText());
    Http.postJson("/api/v1/me/account-deletion", father, null);
    graceOver(fatherId);

    runJob();

    assertThat(Db.count("SELECT count(*) FROM person WHERE id = ?", fatherId)).isZero();
    assertThat(tablesMentioning(subject)).isEmpty();
    assertThat(tablesMentioning(fatherId.toString())).isEmpty();
    assertThat(
            Http.get("/api/v1/family/sharing-log", motherToken)
                .json()
                .path("events")
                .get(0)
                .path("event")
                .asText())
        .isEqualTo("account_deleted");
    assertThat(Http.get("/api/v1/me", motherToken).json().path("children")).hasSize(1);
  }
}
