package app.sukoyaka.family.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Family sharing as the mother, the father and strangers use it. */
class FamilySharingIT {

  private static JsonNode invite(String token, String body) {
    Http.Response response = Http.postJson("/api/v1/family/invitations", token, body);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  private static JsonNode inviteToChild(Personas.FamilyWithInfant family) {
    return invite(
        Tokens.guardian(family.mother()), "{\"childIds\":[\"" + family.childId() + "\"]}");
  }

  private static Http.Response accept(String token, String code, boolean withPerson) {
    String person =
        withPerson
            ? ",\"person\":{\"familyName\":\"鈴木\",\"givenName\":\"健太\",\"birthDate\":\"1991-02-03\","
                + "\"sex\":\"male\"}"
            : "";
    return Http.postJson(
        "/api/v1/family/invitations/accept",
        token,
        "{\"code\":\"" + code + "\",\"relationship\":\"father\"" + person + "}");
  }

  /** The father, with no record here yet, accepts; returns his guardian token. */
  private static String fatherAccepts(String code) {
    String subject = Personas.newResidentSubject();
    Http.Response accepted = accept(Tokens.user("resident", subject), code, true);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    return Tokens.user("guardian", subject);
  }

  private static List<String> events(String token) {
    Http.Response log = Http.get("/api/v1/family/sharing-log", token);
    assertThat(log.status()).isEqualTo(200);
    List<String> events = new ArrayList<>();
    log.json().path("events").forEach(e -> events.add(e.path("event").asText()));
    return events;
  }

  @Test
  void aFatherInvitedByTheMotherSeesTheChildAfterAccepting() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    JsonNode invitation = inviteToChild(family);
    assertThat(invitation.path("deepLink").asText())
        .isEqualTo("sukoyaka://invitations/" + invitation.path("code").asText());
    assertThat(invitation.path("qrSvg").asText()).startsWith("<svg");
    String subject = Personas.newResidentSubject();
    String resident = Tokens.user("resident", subject);
    assertThat(Http.get("/api/v1/children/" + family.childId() + "/handbook", resident).status())
        .isEqualTo(403);

    Http.Response accepted = accept(resident, invitation.path("code").asText().toLowerCase(), true);

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().path("signInAgain").asBoolean()).isTrue();
    assertThat(accepted.json().path("invitation").path("status").asText()).isEqualTo("accepted");
    String father = Tokens.user("guardian", subject);
    assertThat(Http.get("/api/v1/children/" + family.childId() + "/handbook", father).status())
        .isEqualTo(200);
    assertThat(Http.get("/api/v1/me", father).json().path("children").get(0).path("id").asText())
        .isEqualTo(family.childId().toString());
    assertThat(
            Db.count(
                "SELECT count(*) FROM person WHERE login_subject = ? AND registered_by = 'invitation'"
                    + " AND municipality_id = ?",
                subject,
                family.mother().municipality().id()))
        .isEqualTo(1);
    assertThat(events(Tokens.guardian(family.mother()))).containsExactly("accepted", "invited");
    assertThat(events(father)).containsExactly("accepted", "invited");
  }

  @Test
  void aCodeIsUsedOnce() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String code = inviteToChild(family).path("code").asText();
    fatherAccepts(code);

    Http.Response again =
        accept(Tokens.user("resident", Personas.newResidentSubject()), code, true);

    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().path("code").asText()).isEqualTo("SKY-5506");
  }

  @Test
  void aGuessedCodeLocksTheInvitation() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String code = inviteToChild(family).path("code").asText();
    String selector = code.substring(0, 4);
    for (int i = 0; i < 5; i++) {
      // Different logins, each guessing the secret once: the invitation's own limit stops them.
      String guess = selector + "-2222-222" + "23456".charAt(i);
      Http.Response refused =
          accept(Tokens.user("resident", Personas.newResidentSubject()), guess, true);
      assertThat(refused.json().path("code").asText()).isEqualTo("SKY-5506");
    }

    Http.Response rightCode =
        accept(Tokens.user("resident", Personas.newResidentSubject()), code, true);

    assertThat(rightCode.status()).isEqualTo(404);
    assertThat(events(Tokens.guardian(family.mother()))).startsWith("locked", "attempt_refused");
    JsonNode listed =
        Http.get("/api/v1/family/invitations", Tokens.guardian(family.mother()))
            .json()
            .path("invitations")
            .get(0);
    assertThat(listed.path("status").asText()).isEqualTo("locked");
    assertThat(Db.count("SELECT count(*) FROM guardianship WHERE child_id = ?", family.childId()))
        .isEqualTo(1);
  }

  @Test
  void aLoginThatTypedTooManyWrongCodesIsRefusedEvenWithTheRightOne() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String code = inviteToChild(family).path("code").asText();
    String guesser = Tokens.user("resident", Personas.newResidentSubject());
    for (int i = 0; i < 5; i++) {
      assertThat(accept(guesser, "ZZZZ-ZZZZ-ZZZ" + "23456".charAt(i), true).status())
          .isEqualTo(404);
    }

    Http.Response rightCode = accept(guesser, code, true);

    assertThat(rightCode.status()).isEqualTo(429);
    assertThat(rightCode.json().path("code").asText()).isEqualTo("SKY-5508");
    assertThat(fatherAccepts(code)).isNotBlank();
  }

  @Test
  void anExpiredInvitationIsRefused() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    JsonNode invitation = inviteToChild(family);
    Db.update(
        "UPDATE family_invitation SET created_at = now() - interval '4 days',"
            + " expires_at = now() - interval '1 day' WHERE id = ?",
        UUID.fromString(invitation.path("id").asText()));

    Http.Response late =
        accept(
            Tokens.user("resident", Personas.newResidentSubject()),
            invitation.path("code").asText(),
            true);

    assertThat(late.status()).isEqualTo(410);
    assertThat(late.json().path("code").asText()).isEqualTo("SKY-5507");
    assertThat(
            Http.get("/api/v1/family/invitations", Tokens.guardian(family.mother()))
                .json()
                .path("invitations")
                .get(0)
                .path("status")
                .asText())
        .isEqualTo("expired");
  }

  @Test
  void aResidentWhoGivesNoNameIsAskedForIt() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String code = inviteToChild(family).path("code").asText();

    Http.Response response =
        accept(Tokens.user("resident", Personas.newResidentSubject()), code, false);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5510");
    assertThat(fatherAccepts(code)).isNotBlank();
  }

  @Test
  void theMotherCannotAcceptHerOwnInvitation() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    String code = inviteToChild(family).path("code").asText();

    Http.Response response = accept(Tokens.guardian(family.mother()), code, false);

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5509");
  }

  @Test
  void whenTheMotherRevokesTheFatherLosesTheChildAtTheNextRequest() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    JsonNode invitation = inviteToChild(family);
    String father = fatherAccepts(invitation.path("code").asText());
    String path = "/api/v1/children/" + family.childId() + "/handbook";
    assertThat(Http.get(path, father).status()).isEqualTo(200);

    Http.Response revoked =
        Http.send(
            "DELETE",
            "/api/v1/family/invitations/" + invitation.path("id").asText(),
            Tokens.guardian(family.mother()),
            null,
            null);

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().path("status").asText()).isEqualTo("revoked");
    assertThat(Http.get(path, father).status()).isEqualTo(403);
    assertThat(events(father)).first().isEqualTo("revoked");
    assertThat(events(Tokens.guardian(family.mother()))).first().isEqualTo("revoked");
  }

  @Test
  void theFatherLeavesAndTheMotherReadsItInTheLog() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());
    JsonNode invitation = inviteToChild(family);
    String father = fatherAccepts(invitation.path("code").asText());

    Http.Response left =
        Http.send(
            "DELETE",
            "/api/v1/family/invitations/" + invitation.path("id").asText(),
            father,
            null,
            null);

    assertThat(left.json().path("status").asText()).isEqualTo("left");
    assertThat(events(Tokens.guardian(family.mother())))
        .containsExactly("left", "accepted", "invited");
    assertThat(Http.get("/api/v1/children/" + family.childId() + "/handbook", father).status())
        .isEqualTo(403);
  }

  @Test
  void guardianshipTheMunicipalityRegisteredStaysWhenTheMotherRevokes() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    Personas.Guardian father = Personas.fatherOf(family);
    // A second child that only the mother guards.
    UUID second = UUID.randomUUID();
    Db.update(
        "INSERT INTO child (id, municipality_id, family_name, given_name, birth_date, sex,"
            + " created_at) VALUES (?, ?, '鈴木', '葵', current_date - 800, 'female', now())",
        second,
        town.id());
    Db.update(
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " VALUES (?, ?, 'mother', current_date - 800)",
        family.mother().personId(),
        second);
    JsonNode invitation =
        invite(
            Tokens.guardian(family.mother()),
            "{\"childIds\":[\"" + family.childId() + "\",\"" + second + "\"]}");
    String fatherToken = Tokens.user("guardian", father.loginSubject());
    Http.Response accepted = accept(fatherToken, invitation.path("code").asText(), false);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().path("signInAgain").asBoolean()).isFalse();

    Http.send(
        "DELETE",
        "/api/v1/family/invitations/" + invitation.path("id").asText(),
        Tokens.guardian(family.mother()),
        null,
        null);

    assertThat(Http.get("/api/v1/children/" + family.childId() + "/handbook", fatherToken).status())
        .isEqualTo(200);
    assertThat(Http.get("/api/v1/children/" + second + "/handbook", fatherToken).status())
        .isEqualTo(403);
  }

  @Test
  void aPartnerReadsTheSharedPregnancyButNotHerOtherOneAndNobodyElseGainsAccess() {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    UUID earlier = Personas.earlierPregnancyOf(mother);
    Personas.Mother stranger = Personas.motherAt20Weeks(town);
    JsonNode invitation =
        invite(Tokens.guardian(mother), "{\"pregnancyIds\":[\"" + mother.pregnancyId() + "\"]}");
    String partner = fatherAccepts(invitation.path("code").asText());

    assertThat(
            Http.get("/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook", partner).status())
        .isEqualTo(200);
    assertThat(Http.get("/api/v1/pregnancies/" + earlier + "/handbook", partner).status())
        .isEqualTo(403);
    assertThat(
            Http.get(
                    "/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook",
                    Tokens.guardian(stranger))
                .status())
        .isEqualTo(403);
    assertThat(Http.get("/api/v1/me", partner).json().path("pregnancies")).hasSize(1);

    Http.send(
        "DELETE",
        "/api/v1/family/invitations/" + invitation.path("id").asText(),
        Tokens.guardian(mother),
        null,
        null);

    assertThat(
            Http.get("/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook", partner).status())
        .isEqualTo(403);
  }

  @Test
  void onlyThePregnantPersonSharesHerPregnancy() {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());
    JsonNode invitation =
        invite(Tokens.guardian(mother), "{\"pregnancyIds\":[\"" + mother.pregnancyId() + "\"]}");
    String partner = fatherAccepts(invitation.path("code").asText());

    Http.Response reshared =
        Http.postJson(
            "/api/v1/family/invitations",
            partner,
            "{\"pregnancyIds\":[\"" + mother.pregnancyId() + "\"]}");

    assertThat(reshared.status()).isEqualTo(403);
    assertThat(reshared.json().path("code").asText()).isEqualTo("SKY-5502");
  }

  @Test
  void aGuardianCannotShareAnotherFamilysChild() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant mine = Personas.familyWithInfant(town);
    Personas.FamilyWithInfant theirs = Personas.familyWithInfant(town);

    Http.Response response =
        Http.postJson(
            "/api/v1/family/invitations",
            Tokens.guardian(mine.mother()),
            "{\"childIds\":[\"" + theirs.childId() + "\"]}");

    assertThat(response.status()).isEqualTo(403);
    assertThat(
            Db.count(
                "SELECT count(*) FROM family_invitation WHERE ? = ANY (child_ids)",
                theirs.childId()))
        .isZero();
  }
}
