package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/children/{childId}/immunization-schedule} over HTTP on real PostgreSQL: the
 * forecast of a stored child from its records and flags, who may read it, and its errors. Every
 * exchange is held to the OpenAPI by {@link Http}.
 */
class ImmunizationScheduleIT {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality town;
  private Personas.VaccinatedInfant infant;
  private String guardian;
  private LocalDate today;

  @BeforeEach
  void anInfantHadItsTwoMonthVaccinations() {
    town = Personas.municipality();
    infant = Personas.infantWithTwoMonthVaccinations(town);
    guardian = Tokens.guardian(infant.family().mother());
    today = LocalDate.now(JAPAN);
  }

  private String path() {
    return "/api/v1/children/" + infant.family().childId() + "/immunization-schedule";
  }

  private static JsonNode vaccine(JsonNode schedule, String id) {
    for (JsonNode vaccine : schedule.path("vaccines")) {
      if (vaccine.path("vaccine").asText().equals(id)) {
        return vaccine;
      }
    }
    throw new AssertionError("no " + id + " in " + schedule);
  }

  private static JsonNode dose(JsonNode vaccine, String dose) {
    for (JsonNode entry : vaccine.path("doses")) {
      if (entry.path("dose").asText().equals(dose)) {
        return entry;
      }
    }
    throw new AssertionError("no dose " + dose + " in " + vaccine);
  }

  private static List<String> refs(JsonNode list) {
    List<String> refs = new ArrayList<>();
    list.forEach(r -> refs.add(r.path("vaccine").asText() + " " + r.path("dose").asText()));
    return refs;
  }

  @Test
  void theGuardianSeesEachDoseGivenWithItsRecordAndTheNextDoseOfEverySeries() {
    Http.Response response = Http.get(path() + "?asOf=" + today, guardian);

    assertThat(response.status()).isEqualTo(200);
    JsonNode schedule = response.json();
    assertThat(schedule.path("childId").asText()).isEqualTo(infant.family().childId().toString());
    assertThat(schedule.path("asOf").asText()).isEqualTo(today.toString());
    JsonNode pentavalent = vaccine(schedule, "DPT_IPV_HIB");
    assertThat(pentavalent.path("name").path("ja").asText()).contains("五種混合");
    JsonNode first = dose(pentavalent, "1");
    assertThat(first.path("status").asText()).isEqualTo("complete");
    assertThat(first.path("date").asText())
        .isEqualTo(infant.family().childBirthDate().plusMonths(2).toString());
    assertThat(first.path("record").path("id").asText())
        .isEqualTo(infant.recordIds().get(0).toString());
    assertThat(first.path("record").path("source").asText()).isEqualTo("clinic");
    assertThat(first.path("record").path("unverified").asBoolean()).isFalse();
    assertThat(first.path("record").path("inferredDose").asBoolean()).isFalse();
    assertThat(pentavalent.path("nextDose").asText()).isEqualTo("2");
    JsonNode second = dose(pentavalent, "2");
    assertThat(second.path("record").isNull()).isTrue();
    assertThat(second.path("status").asText()).isIn("due", "overdue");
    assertThat(pentavalent.path("status").asText()).isEqualTo(second.path("status").asText());
    assertThat(dose(vaccine(schedule, "ROTA"), "1").path("product").asText()).isEqualTo("RV1");
    // Nothing was given against measles yet, and MR 1期 opens at one year.
    JsonNode mr = vaccine(schedule, "MR");
    assertThat(mr.path("status").asText()).isEqualTo("not_yet");
    assertThat(schedule.path("notCounted")).isEmpty();
    assertThat(schedule.path("flags")).isEmpty();
    JsonNode summary = schedule.path("summary");
    List<String> open = new ArrayList<>(refs(summary.path("due")));
    open.addAll(refs(summary.path("overdue")));
    assertThat(open).contains("DPT_IPV_HIB 2", "PCV 2", "HEPB 2", "ROTA 2");
    assertThat(LocalDate.parse(summary.path("nextDate").asText())).isAfter(today);
    assertThat(summary.path("nextDoses")).isNotEmpty();
  }

  @Test
  void aParentsEntryWithoutADoseLabelCountsAsTheNextDoseAndIsMarkedUnverified() {
    LocalDate day = infant.family().childBirthDate().plusMonths(3);
    UUID entry = StoredVaccinations.parentEntry(infant.family(), "DPT_IPV_HIB", day, Instant.now());

    JsonNode schedule = Http.get(path() + "?asOf=" + today, guardian).json();

    JsonNode second = dose(vaccine(schedule, "DPT_IPV_HIB"), "2");
    assertThat(second.path("status").asText()).isEqualTo("complete");
    assertThat(second.path("date").asText()).isEqualTo(day.toString());
    assertThat(second.path("record").path("id").asText()).isEqualTo(entry.toString());
    assertThat(second.path("record").path("source").asText()).isEqualTo("parent");
    assertThat(second.path("record").path("unverified").asBoolean()).isTrue();
    assertThat(second.path("record").path("inferredDose").asBoolean()).isTrue();
  }

  @Test
  void aRecordTheScheduleCannotPlaceIsListedWithItsReasonAndTheRestStillCounts() {
    LocalDate day = infant.family().childBirthDate().plusMonths(3);
    UUID third =
        StoredVaccinations.clinicDose(
            infant.family(), infant.clinic().facilityId(), "PCV", "3", day, null, Instant.now());
    UUID rejected = StoredVaccinations.parentEntry(infant.family(), "HEPB", day, Instant.now());
    StoredVaccinations.reject(rejected);

    JsonNode schedule = Http.get(path() + "?asOf=" + today, guardian).json();

    assertThat(schedule.path("notCounted")).hasSize(1);
    JsonNode notCounted = schedule.path("notCounted").get(0);
    assertThat(notCounted.path("recordId").asText()).isEqualTo(third.toString());
    assertThat(notCounted.path("vaccine").asText()).isEqualTo("PCV");
    assertThat(notCounted.path("date").asText()).isEqualTo(day.toString());
    assertThat(notCounted.path("source").asText()).isEqualTo("clinic");
    assertThat(notCounted.path("reason").asText()).contains("PCV");
    assertThat(dose(vaccine(schedule, "PCV"), "1").path("status").asText()).isEqualTo("complete");
    assertThat(vaccine(schedule, "PCV").path("nextDose").asText()).isEqualTo("2");
    assertThat(vaccine(schedule, "HEPB").path("nextDose").asText()).isEqualTo("2");
  }

  @Test
  void anEarlierDayShowsTheScheduleAsItStoodThen() {
    LocalDate twoMonths = infant.family().childBirthDate().plusMonths(2);

    JsonNode before = Http.get(path() + "?asOf=" + twoMonths.minusDays(1), guardian).json();

    assertThat(dose(vaccine(before, "DPT_IPV_HIB"), "1").path("status").asText())
        .isNotEqualTo("complete");
    assertThat(refs(before.path("summary").path("due"))).contains("DPT_IPV_HIB 1");
  }

  @Test
  void staffOfTheMunicipalityReadItAndEveryReadIsLogged() {
    Personas.Staff staff = Personas.staffOf(town);

    Http.Response response = Http.get(path(), Tokens.staff(staff));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("asOf").asText()).isEqualTo(today.toString());
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND actor_id = ?"
                    + " AND action = 'read-immunization-schedule' AND outcome = 'allowed'",
                infant.family().childId(),
                staff.subject()))
        .isEqualTo(1);
  }

  @Test
  void theClinicThatRecordedTheDosesMayReadItAndAnotherClinicMayNot() {
    Personas.Clinic other = Personas.clinicServing(town);

    assertThat(Http.get(path(), Tokens.clinic(infant.clinic())).status()).isEqualTo(200);
    assertThat(Http.get(path(), Tokens.clinic(other)).status()).isEqualTo(403);
  }

  @Test
  void anotherFamilyAndStaffOfAnotherMunicipalityAreRefusedAndTheRefusalIsLogged() {
    Personas.FamilyWithInfant stranger = Personas.familyWithInfant(town);
    Personas.Staff elsewhere = Personas.staffOf(Personas.municipality());

    Http.Response family = Http.get(path(), Tokens.guardian(stranger.mother()));
    Http.Response staff = Http.get(path(), Tokens.staff(elsewhere));

    assertThat(family.status()).isEqualTo(403);
    assertThat(family.json().path("code").asText()).isEqualTo("SKY-1003");
    // Another municipality's child does not exist for its staff (row-level security): only the
    // other family's refusal, within the municipality, is a refusal to log.
    assertThat(staff.status()).isEqualTo(404);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ?"
                    + " AND action = 'read-immunization-schedule' AND outcome = 'denied'",
                infant.family().childId()))
        .isEqualTo(1);
  }

  @Test
  void anUnknownChildIsNotFoundAndABadDayIsRefusedNamingTheParameter() {
    Http.Response unknown =
        Http.get("/api/v1/children/" + UUID.randomUUID() + "/immunization-schedule", guardian);
    Http.Response malformed = Http.get(path() + "?asOf=2026-13-01", guardian);
    Http.Response future = Http.get(path() + "?asOf=" + today.plusDays(1), guardian);
    Http.Response beforeBirth =
        Http.get(path() + "?asOf=" + infant.family().childBirthDate().minusDays(1), guardian);
    Http.Response anonymous = Http.get(path(), null);

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("code").asText()).isEqualTo("SKY-4001");
    assertThat(malformed.json().path("errors").get(0).path("field").asText()).isEqualTo("asOf");
    assertThat(future.status()).isEqualTo(422);
    assertThat(future.json().path("code").asText()).isEqualTo("SKY-4002");
    assertThat(beforeBirth.status()).isEqualTo(422);
    assertThat(beforeBirth.json().path("code").asText()).isEqualTo("SKY-4003");
    assertThat(anonymous.status()).isEqualTo(401);
  }
}
