package app.sukoyaka.clinic;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A clinic's pregnancy checkup reaches the parent; every bad submission is refused whole. */
class ClinicSubmissionIT {
  private static final String LOINC = "http://loinc.org";

  private Personas.Municipality town;
  private Personas.Mother mother;
  private Personas.Clinic clinic;
  private String clinicToken;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    clinic = Personas.clinicServing(town);
    clinicToken = Tokens.clinic(clinic);
  }

  @Test
  void checkupSubmittedByTheClinicIsInTheParentsHandbookAsSoonAsTheSubmissionReturns() {
    LocalDate visit = LocalDate.now().minusDays(1);
    Http.Response submitted =
        Http.postFhir(clinicToken, PrenatalBundle.fullVisit(mother, visit).json());

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    assertThat(submitted.contentType()).startsWith("application/fhir+json");
    JsonNode response = submitted.json();
    assertThat(response.path("resourceType").asText()).isEqualTo("Bundle");
    assertThat(response.path("type").asText()).isEqualTo("transaction-response");
    assertThat(response.path("entry")).hasSize(12);
    assertThat(response.path("entry").get(0).path("response").path("status").asText())
        .isEqualTo("200 OK");
    assertThat(response.path("entry").get(0).path("response").path("location").asText())
        .isEqualTo("Patient/" + mother.personId());
    assertThat(response.path("entry").get(1).path("response").path("status").asText())
        .isEqualTo("201 Created");
    assertThat(response.path("entry").get(1).path("response").path("location").asText())
        .startsWith("Encounter/");

    Http.Response handbook =
        Http.send(
            "GET",
            "/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook",
            Tokens.guardian(mother),
            null,
            null,
            "Accept-Language",
            "en");
    assertThat(handbook.status()).as(handbook.body()).isEqualTo(200);
    JsonNode checkups = handbook.json().path("checkups");
    assertThat(checkups).hasSize(1);
    JsonNode checkup = checkups.get(0);
    assertThat(checkup.path("kind").asText()).isEqualTo("prenatal");
    assertThat(checkup.path("kindLabel").path("ja").asText()).isEqualTo("妊婦健康診査");
    assertThat(checkup.path("visitDate").asText()).isEqualTo(visit.toString());
    assertThat(checkup.path("gestationalAgeDays").asInt()).isEqualTo(140);
    assertThat(checkup.path("facility").path("medicalInstitutionCode").asText())
        .isEqualTo(clinic.medicalInstitutionCode());
    assertThat(checkup.path("findings")).hasSize(10);
    JsonNode weight = finding(checkup, "body-weight");
    assertThat(weight.path("label").path("ja").asText()).isEqualTo("体重");
    assertThat(weight.path("label").path("en").asText()).isEqualTo("Body weight");
    assertThat(weight.path("quantity").path("value").decimalValue()).isEqualByComparingTo("58.2");
    assertThat(weight.path("quantity").path("unit").asText()).isEqualTo("kg");
    assertThat(weight.path("display").path("ja").asText()).isEqualTo("58.2 kg");
    JsonNode protein = finding(checkup, "urine-protein");
    assertThat(protein.path("valueType").asText()).isEqualTo("coded");
    assertThat(protein.path("coded").path("code").asText()).isEqualTo("negative");
    assertThat(protein.has("quantity")).isFalse();
    JsonNode systolic = finding(checkup, "systolic-blood-pressure");
    assertThat(systolic.path("display").path("ja").asText()).isEqualTo("118 mmHg");
    // The English would read as the Japanese does: it is left out.
    assertThat(systolic.path("display").has("en")).isFalse();
  }

  @Test
  void standardCodesAndOtherUnitsAreMappedToCatalogItemsInTheirCanonicalUnit() {
    String bundle =
        PrenatalBundle.visit(mother, LocalDate.now())
            .quantity(SukoyakaCanonicals.MEDIS_BODY_MEASUREMENT_SYSTEM, "31000296", "61500", "g")
            .quantity(LOINC, "11884-4", "20", "wk")
            .json();

    Http.Response submitted = Http.postFhir(clinicToken, bundle);

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    JsonNode checkup = handbookCheckups().get(0);
    assertThat(finding(checkup, "body-weight").path("quantity").path("value").decimalValue())
        .isEqualByComparingTo("61.5");
    assertThat(finding(checkup, "gestational-age").path("quantity").path("value").decimalValue())
        .isEqualByComparingTo("140");
    assertThat(checkup.path("gestationalAgeDays").asInt()).isEqualTo(140);
  }

  @Test
  void clinicRetryOfTheSameBundleStoresItOnceAndReturnsTheSameResponse() {
    String bundle = PrenatalBundle.fullVisit(mother, LocalDate.now()).json();

    Http.Response first = Http.postFhir(clinicToken, bundle);
    Http.Response second = Http.postFhir(clinicToken, bundle);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(storedEncounters()).isEqualTo(1);
  }

  @Test
  void tenConcurrentRetriesOfOneBundleStoreExactlyOne() throws Exception {
    String bundle = PrenatalBundle.fullVisit(mother, LocalDate.now()).json();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<Http.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(() -> Http.postFhir(clinicToken, bundle));
      }
      Set<String> bodies = new HashSet<>();
      for (Future<Http.Response> result : pool.invokeAll(calls)) {
        assertThat(result.get().status()).as(result.get().body()).isEqualTo(200);
        bodies.add(result.get().body());
      }
      assertThat(bodies).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(storedEncounters()).isEqualTo(1);
    assertThat(
            Db.count("SELECT count(*) FROM raw_submission WHERE client_id = ?", clinic.clientId()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding f JOIN checkup_encounter e"
                    + " ON e.id = f.encounter_id WHERE e.pregnancy_id = ?",
                mother.pregnancyId()))
        .isEqualTo(10);
  }

  @Test
  void reusingABundleIdentifierForDifferentContentIsAConflict() {
    PrenatalBundle original = PrenatalBundle.fullVisit(mother, LocalDate.now());
    assertThat(Http.postFhir(clinicToken, original.json()).status()).isEqualTo(200);

    String changed =
        PrenatalBundle.fullVisit(mother, LocalDate.now().minusDays(3))
            .identifier(original.identifierValue())
            .json();
    Http.Response response = Http.postFhir(clinicToken, changed);

    assertOutcome(response, 409, "SKY-2007");
    assertThat(storedEncounters()).isEqualTo(1);
  }

  @Test
  void reusingABundleIdentifierForDifferentInvalidContentIsAConflictNotAProfileError() {
    PrenatalBundle original = PrenatalBundle.fullVisit(mother, LocalDate.now());
    assertThat(Http.postFhir(clinicToken, original.json()).status()).isEqualTo(200);

    String invalid =
        PrenatalBundle.fullVisit(mother, LocalDate.now())
            .withoutValue(LOINC, "29463-7")
            .identifier(original.identifierValue())
            .json();

    assertOutcome(Http.postFhir(clinicToken, invalid), 409, "SKY-2007");
    assertThat(storedEncounters()).isEqualTo(1);
  }

  @Test
  void aRetryGetsTheStoredResponseEvenIfThePatientWouldNoLongerMatch() {
    String bundle = PrenatalBundle.fullVisit(mother, LocalDate.now()).json();
    Http.Response first = Http.postFhir(clinicToken, bundle);
    assertThat(first.status()).isEqualTo(200);

    // The municipality corrects the mother's birth date after the clinic submitted.
    Db.update("UPDATE person SET birth_date = birth_date - 1 WHERE id = ?", mother.personId());
    Http.Response retry = Http.postFhir(clinicToken, bundle);

    assertThat(retry.status()).as(retry.body()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(storedEncounters()).isEqualTo(1);
  }

  @Test
  void aRetryAfterTheContractEndedGetsTheStoredResponseAndLogsNoDenial() {
    String bundle = PrenatalBundle.fullVisit(mother, LocalDate.now()).json();
    Http.Response first = Http.postFhir(clinicToken, bundle);
    assertThat(first.status()).isEqualTo(200);

    Db.update("DELETE FROM facility_contract WHERE facility_id = ?", clinic.facilityId());
    Http.Response retry = Http.postFhir(Tokens.clinic(clinic), bundle);

    assertThat(retry.status()).as(retry.body()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND outcome = 'denied'",
                mother.pregnancyId()))
        .isZero();
    // A new Bundle from that clinic is refused now, and the refusal is logged.
    Http.Response fresh =
        Http.postFhir(
            Tokens.clinic(clinic), PrenatalBundle.fullVisit(mother, LocalDate.now()).json());
    assertOutcome(fresh, 403, "SKY-1004");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND outcome = 'denied'",
                mother.pregnancyId()))
        .isEqualTo(1);
  }

  @Test
  void aSubmissionWithMoreFindingsThanOneInsertTakesIsStoredWhole() {
    // CheckupService inserts at most 200 rows per statement.
    int findings = 201;
    PrenatalBundle many = PrenatalBundle.visit(mother, LocalDate.now());
    for (int i = 0; i < findings; i++) {
      many.quantity(LOINC, "29463-7", "58." + (i % 10), "kg");
    }

    Http.Response response = Http.postFhir(clinicToken, many.json());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding f JOIN checkup_encounter e"
                    + " ON e.id = f.encounter_id WHERE e.pregnancy_id = ?",
                mother.pregnancyId()))
        .isEqualTo(findings);
  }

  @Test
  void malformedJsonIsRefusedAndNothingIsStored() {
    assertOutcome(Http.postFhir(clinicToken, "{\"resourceType\": \"Bundle\", "), 400, "SKY-2001");
    assertNothingStored();
  }

  @Test
  void aBodyThatIsNotValidUtf8IsRefusedAsMalformedAndNothingIsStored() {
    byte[] valid =
        PrenatalBundle.fullVisit(mother, LocalDate.now()).json().getBytes(StandardCharsets.UTF_8);
    byte[] broken = Arrays.copyOf(valid, valid.length);
    // A lone continuation byte inside the first string value.
    int quote = new String(valid, StandardCharsets.ISO_8859_1).indexOf("\"Bundle\"");
    broken[quote + 1] = (byte) 0x80;
    assertOutcome(Http.postFhirBytes(clinicToken, broken), 400, "SKY-2001");
    assertNothingStored();
  }

  @Test
  void aResourceThatIsNotABundleIsRefused() {
    Http.Response response =
        Http.postFhir(clinicToken, "{\"resourceType\":\"Patient\",\"birthDate\":\"1990-01-01\"}");
    assertOutcome(response, 400, "SKY-2002");
    assertNothingStored();
  }

  @Test
  void anObservationWithoutValueFailsTheProfileWithItsPath() {
    String bundle =
        PrenatalBundle.fullVisit(mother, LocalDate.now()).withoutValue(LOINC, "29463-7").json();

    Http.Response response = Http.postFhir(clinicToken, bundle);

    assertOutcome(response, 422, "SKY-2003");
    assertThat(response.body()).contains("Bundle.entry[12]");
    assertNothingStored();
  }

  @Test
  void aWeightInCentimetresFailsTheProfile() {
    String bundle =
        PrenatalBundle.visit(mother, LocalDate.now()).quantity(LOINC, "29463-7", "58", "cm").json();

    Http.Response response = Http.postFhir(clinicToken, bundle);

    assertOutcome(response, 422, "SKY-2003");
    assertThat(response.body()).contains("Bundle.entry[2]");
    assertNothingStored();
  }

  @Test
  void aCodeThatIsInNoCatalogItemFailsTheProfile() {
    String bundle =
        PrenatalBundle.visit(mother, LocalDate.now())
            .quantity(LOINC, "8867-4", "140", "/min")
            .json();

    Http.Response response = Http.postFhir(clinicToken, bundle);

    assertOutcome(response, 422, "SKY-2003");
    assertThat(response.body()).contains("Bundle.entry[2]");
    assertNothingStored();
  }

  @Test
  void anImpossibleValueIsRefusedNamingTheItem() {
    String bundle =
        PrenatalBundle.visit(mother, LocalDate.now())
            .quantity(LOINC, "29463-7", "580", "kg")
            .json();

    Http.Response response = Http.postFhir(clinicToken, bundle);

    assertOutcome(response, 422, "SKY-2003");
    // The profile knows only the range that holds for mothers and children alike.
    assertThat(response.body()).contains("body-weight").contains("between 0.3 and 250 kg");
    assertThat(response.body()).contains("Bundle.entry[2].resource.valueQuantity");
    assertNothingStored();
  }

  @Test
  void aWeightPlausibleOnlyForAChildIsRefusedForTheMotherNamingTheItem() {
    String bundle =
        PrenatalBundle.visit(mother, LocalDate.now()).quantity(LOINC, "29463-7", "15", "kg").json();

    Http.Response response = Http.postFhir(clinicToken, bundle);

    assertOutcome(response, 422, "SKY-2006");
    assertThat(response.body())
        .contains("Body weight (体重) of 15 kg is outside the plausible range 20–250 kg")
        .contains("for the mother");
    assertThat(response.body()).contains("Bundle.entry[2].resource.valueQuantity.value");
    assertNothingStored();
  }

  @Test
  void anUnknownHandbookNumberIsRefused() {
    Personas.Mother stranger =
        new Personas.Mother(
            mother.personId(),
            mother.pregnancyId(),
            mother.loginSubject(),
            town,
            "NO-SUCH-NUMBER",
            mother.birthDate());

    Http.Response response =
        Http.postFhir(clinicToken, PrenatalBundle.fullVisit(stranger, LocalDate.now()).json());

    assertOutcome(response, 422, "SKY-2004");
    assertThat(response.body()).contains("Bundle.entry[0].resource.identifier");
    assertNothingStored();
  }

  @Test
  void theRightHandbookNumberWithAnotherBirthDateMatchesNoOne() {
    Personas.Mother wrongBirthDate =
        new Personas.Mother(
            mother.personId(),
            mother.pregnancyId(),
            mother.loginSubject(),
            town,
            mother.handbookNumber(),
            mother.birthDate().plusDays(1));

    Http.Response response =
        Http.postFhir(
            clinicToken, PrenatalBundle.fullVisit(wrongBirthDate, LocalDate.now()).json());

    assertOutcome(response, 422, "SKY-2004");
    assertNothingStored();
  }

  @Test
  void aPatientOfAMunicipalityTheClinicDoesNotServeIsRefused() {
    Personas.Mother elsewhere = Personas.motherAt20Weeks(Personas.municipality());

    Http.Response response =
        Http.postFhir(clinicToken, PrenatalBundle.fullVisit(elsewhere, LocalDate.now()).json());

    assertOutcome(response, 403, "SKY-1004");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE pregnancy_id = ?",
                elsewhere.pregnancyId()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND outcome = 'denied'",
                elsewhere.pregnancyId()))
        .isEqualTo(1);
  }

  @Test
  void aBodyOverTheSizeLimitIsRefusedBeforeParsing() {
    String huge = "{\"resourceType\":\"Bundle\",\"padding\":\"" + "x".repeat(1_100_000) + "\"}";

    Http.Response response = Http.postFhir(clinicToken, huge);

    assertOutcome(response, 413, "SKY-0006");
    assertNothingStored();
  }

  @Test
  void aGuardianCannotSubmitCheckups() {
    Http.Response response =
        Http.postFhir(
            Tokens.guardian(mother), PrenatalBundle.fullVisit(mother, LocalDate.now()).json());

    assertOutcome(response, 403, "SKY-1005");
    assertNothingStored();
  }

  @Test
  void aSubmissionWithoutTokenIsRefusedAsAnOperationOutcome() {
    Http.Response response =
        Http.postFhir(null, PrenatalBundle.fullVisit(mother, LocalDate.now()).json());

    assertOutcome(response, 401, "SKY-1001");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void theSubmissionIsKeptRawWithItsProvenanceAndLogged() {
    Http.postFhir(clinicToken, PrenatalBundle.fullVisit(mother, LocalDate.now()).json());

    assertThat(
            Db.count(
                "SELECT count(*) FROM raw_submission WHERE client_id = ? AND facility_id = ?"
                    + " AND payload->>'resourceType' = 'Bundle'",
                clinic.clientId(),
                clinic.facilityId()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'submit-checkup'"
                    + " AND actor_id = ? AND outcome = 'allowed'",
                mother.pregnancyId(),
                clinic.clientId()))
        .isEqualTo(1);
  }

  private JsonNode handbookCheckups() {
    Http.Response handbook =
        Http.get(
            "/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook", Tokens.guardian(mother));
    assertThat(handbook.status()).isEqualTo(200);
    return handbook.json().path("checkups");
  }

  private static JsonNode finding(JsonNode checkup, String item) {
    for (JsonNode finding : checkup.path("findings")) {
      if (finding.path("item").asText().equals(item)) {
        return finding;
      }
    }
    throw new AssertionError("No finding " + item + " in " + checkup);
  }

  private long storedEncounters() {
    return Db.count(
        "SELECT count(*) FROM checkup_encounter WHERE pregnancy_id = ?", mother.pregnancyId());
  }

  private void assertNothingStored() {
    assertThat(storedEncounters()).isZero();
    assertThat(
            Db.count("SELECT count(*) FROM raw_submission WHERE client_id = ?", clinic.clientId()))
        .isZero();
  }
}
