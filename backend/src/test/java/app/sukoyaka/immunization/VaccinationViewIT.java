package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The child's vaccination screen in one body: history with source and verification, the forecast
 * and flags, the 予診票 and where its QR visit token is had; and one vaccination's detail.
 */
class VaccinationViewIT {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality town;
  private Personas.InfantDueForSecondDoses infant;
  private String guardian;
  private UUID parentEntry;

  @BeforeEach
  void anInfantDueForItsSecondDosesWhoseMotherEnteredAHepatitisBDoseHerself() {
    town = Personas.municipality();
    infant = Personas.infantDueForSecondDoses(town);
    guardian = Tokens.guardian(infant.mother());
    parentEntry =
        StoredVaccinations.parentEntry(
            infant.family(), "HEPB", infant.firstDoses().plusDays(1), Instant.now());
  }

  private String view() {
    return "/api/v1/children/" + infant.childId() + "/vaccinations";
  }

  private static JsonNode ok(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private String prescreening() {
    String body =
        "{\"vaccine\":\"DPT_IPV_HIB\",\"dose\":\"2\",\"plannedDate\":\""
            + LocalDate.now(JAPAN)
            + "\",\"answers\":{\"read-explanation\":true,\"temperature\":36.6,"
            + "\"unwell-today\":false,\"ill-past-month\":false,\"infection-contact\":false,"
            + "\"vaccinated-past-month\":false,\"underlying-condition\":false,"
            + "\"convulsion\":false,\"allergy\":false,\"relative-immunodeficiency\":false,"
            + "\"previous-reaction\":false,\"relative-reaction\":false,"
            + "\"transfusion-gamma-globulin\":false,\"questions\":false,\"consent\":true}}";
    Http.Response created =
        Http.postJson("/api/v1/children/" + infant.childId() + "/prescreenings", guardian, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().path("id").asText();
  }

  @Test
  void theMotherSeesHistoryForecastFlagsAndHer予診票WithTheRouteToItsQrCodeInOneBody() {
    String prescreeningId = prescreening();

    JsonNode view = ok(Http.get(view(), guardian));

    assertThat(view.path("childId").asText()).isEqualTo(infant.childId().toString());
    assertThat(view.path("history")).hasSize(4);
    JsonNode newest = view.path("history").get(0);
    assertThat(newest.path("id").asText()).isEqualTo(parentEntry.toString());
    assertThat(newest.path("source").path("code").asText()).isEqualTo("parent");
    assertThat(newest.path("verification").path("state").asText()).isEqualTo("unverified");
    JsonNode summary = view.path("schedule").path("summary");
    assertThat(summary.path("due").toString())
        .contains("\"vaccine\":\"DPT_IPV_HIB\",\"dose\":\"2\"");
    assertThat(view.path("prescreenings")).hasSize(1);
    JsonNode line = view.path("prescreenings").get(0);
    assertThat(line.path("id").asText()).isEqualTo(prescreeningId);
    assertThat(line.path("status").asText()).isEqualTo("submitted");
    assertThat(line.path("activeTokenExpiresAt").isNull()).isTrue();
    String tokenRoute =
        "/api/v1/children/"
            + infant.childId()
            + "/prescreenings/"
            + prescreeningId
            + "/visit-token";
    assertThat(line.path("visitToken").asText()).isEqualTo(tokenRoute);
    assertThat(view.path("links").path("questionnaire").asText())
        .isEqualTo("/api/v1/vaccination-questionnaire");

    // The route works: the token it issues shows on the view until it expires.
    Http.Response token = Http.postJson(tokenRoute, guardian, null);
    assertThat(token.status()).as(token.body()).isEqualTo(201);
    JsonNode again = ok(Http.get(view(), guardian)).path("prescreenings").get(0);
    // The database keeps microseconds.
    assertThat(Instant.parse(again.path("activeTokenExpiresAt").asText()))
        .isCloseTo(
            Instant.parse(token.json().path("expiresAt").asText()), within(1, ChronoUnit.MILLIS));
  }

  @Test
  void varicellaDeclaredByTheMotherIsShownAmongTheFlags() {
    Http.Response set =
        Http.send(
            "PUT",
            "/api/v1/children/" + infant.childId() + "/immunization-flags/hadVaricella",
            guardian,
            null,
            null);
    assertThat(set.status()).as(set.body()).isEqualTo(200);

    JsonNode flags = ok(Http.get(view(), guardian)).path("schedule").path("flags");

    assertThat(flags).hasSize(1);
    assertThat(flags.get(0).path("flag").asText()).isEqualTo("hadVaricella");
    assertThat(flags.get(0).path("setBy").asText()).isEqualTo("guardian");
  }

  @Test
  void aParentsEntryWithoutADoseIsCountedAsTheDoseTheScheduleExpectedAndSaysSo() {
    JsonNode detail =
        ok(
            Http.get(
                "/api/v1/children/" + infant.childId() + "/immunizations/" + parentEntry,
                guardian));

    assertThat(detail.path("record").path("id").asText()).isEqualTo(parentEntry.toString());
    assertThat(detail.path("countedAs")).hasSize(1);
    JsonNode counted = detail.path("countedAs").get(0);
    assertThat(counted.path("vaccine").asText()).isEqualTo("HEPB");
    assertThat(counted.path("dose").asText()).isEqualTo("1");
    assertThat(counted.path("inferred").asBoolean()).isTrue();
    assertThat(detail.path("notCounted")).isEmpty();
  }

  @Test
  void staffOfTheMunicipalityReadItAndAClinicGetsNo予診票FromIt() {
    prescreening();
    Personas.Clinic clinic = Personas.clinicServing(town);
    StoredVaccinations.clinicDose(
        infant.family(), clinic.facilityId(), "HIB", "1", infant.firstDoses(), null, Instant.now());

    JsonNode staff = ok(Http.get(view(), Tokens.staff(Personas.staffOf(town))));
    JsonNode byClinic = ok(Http.get(view(), Tokens.clinic(clinic)));

    assertThat(staff.path("prescreenings")).hasSize(1);
    assertThat(byClinic.path("prescreenings")).isEmpty();
    assertThat(byClinic.path("history").size()).isEqualTo(5);
  }

  @Test
  void anotherFamilyIsRefusedAndTheAttemptIsLogged() {
    Personas.Mother stranger = Personas.motherAt20Weeks(town);

    Http.Response refused = Http.get(view(), Tokens.guardian(stranger));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND actor_id = ?"
                    + " AND outcome = 'denied'",
                infant.childId(),
                stranger.loginSubject()))
        .isEqualTo(1);
  }
}
