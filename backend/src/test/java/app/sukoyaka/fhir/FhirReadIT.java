package app.sukoyaka.fhir;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handbook read back as FHIR: read and search, scoped by the access policy. */
class FhirReadIT {
  private static final LocalDate VISIT = LocalDate.of(2026, 11, 2);

  private Personas.Municipality town;
  private Personas.Mother mother;
  private Personas.Clinic clinic;
  private String clinicToken;
  private String guardianToken;
  private String encounterId;
  private String observationId;

  @BeforeEach
  void aClinicHasSubmittedAVisit() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    clinic = Personas.clinicServing(town);
    clinicToken = Tokens.clinic(clinic);
    guardianToken = Tokens.guardian(mother);
    JsonNode response =
        Http.postFhir(clinicToken, PrenatalBundle.fullVisit(mother, VISIT).json()).json();
    encounterId = id(response.path("entry").get(1));
    observationId = id(response.path("entry").get(3));
  }

  private static String id(JsonNode entry) {
    return entry.path("response").path("location").asText().split("/")[1];
  }

  private static Http.Response get(String path, String token) {
    return Http.send("GET", path, token, null, null);
  }

  private static void assertConforms(String json) {
    Resource resource = (Resource) FhirContext.forR4Cached().newJsonParser().parseResource(json);
    assertThat(TestService.bean(SukoyakaValidator.class).validate(resource).errors()).isEmpty();
  }

  @Test
  void theMotherReadsHerPatientEncounterAndObservationsAsConformingFhir() {
    Http.Response patient = get("/fhir/Patient/" + mother.personId(), guardianToken);
    Http.Response encounter = get("/fhir/Encounter/" + encounterId, guardianToken);
    Http.Response observation = get("/fhir/Observation/" + observationId, guardianToken);

    assertThat(patient.status()).as(patient.body()).isEqualTo(200);
    assertThat(patient.contentType()).startsWith("application/fhir+json");
    assertThat(patient.json().path("identifier").get(0).path("value").asText())
        .isEqualTo(mother.handbookNumber());
    assertConforms(patient.body());
    assertThat(encounter.status()).isEqualTo(200);
    assertThat(encounter.json().path("period").path("start").asText()).isEqualTo(VISIT.toString());
    assertThat(encounter.json().path("subject").path("reference").asText())
        .isEqualTo("Patient/" + mother.personId());
    assertConforms(encounter.body());
    assertThat(observation.status()).isEqualTo(200);
    assertThat(observation.json().path("encounter").path("reference").asText())
        .isEqualTo("Encounter/" + encounterId);
    assertThat(observation.header("ETag")).isEqualTo("W/\"1\"");
    assertConforms(observation.body());
  }

  @Test
  void observationsAreSearchedByCodeWithOrWithoutItsSystem() {
    String search = "/fhir/Observation?patient=Patient/" + mother.personId();

    JsonNode byLoinc = get(search + "&code=http://loinc.org%7C29463-7", guardianToken).json();
    JsonNode byOurCode = get(search + "&code=body-weight", guardianToken).json();
    JsonNode everything = get(search, guardianToken).json();

    assertThat(byLoinc.path("type").asText()).isEqualTo("searchset");
    assertThat(byLoinc.path("total").asInt()).isEqualTo(1);
    assertThat(
            byLoinc
                .path("entry")
                .get(0)
                .path("resource")
                .path("valueQuantity")
                .path("value")
                .decimalValue())
        .isEqualByComparingTo("58.2");
    assertThat(byOurCode.path("total").asInt()).isEqualTo(1);
    assertThat(everything.path("total").asInt()).isEqualTo(10);
  }

  @Test
  void searchesFilterByVisitDateAndLastUpdated() {
    String search = "/fhir/Encounter?patient=" + mother.personId();

    assertThat(get(search + "&date=" + VISIT, guardianToken).json().path("total").asInt())
        .isEqualTo(1);
    assertThat(get(search + "&date=lt" + VISIT, guardianToken).json().path("total").asInt())
        .isZero();
    assertThat(
            get(search + "&date=ge2026-01-01&date=le2026-12-31", guardianToken)
                .json()
                .path("total")
                .asInt())
        .isEqualTo(1);
    assertThat(
            get(search + "&_lastUpdated=ge" + LocalDate.now().minusDays(1), guardianToken)
                .json()
                .path("total")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void everythingReturnsThePatientHerCheckupsAndTheirObservations() {
    Http.Response response =
        get("/fhir/Patient/" + mother.personId() + "/$everything", guardianToken);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode everything = response.json();

    assertThat(everything.path("type").asText()).isEqualTo("searchset");
    assertThat(everything.path("total").asInt()).isEqualTo(12);
    assertThat(everything.path("entry").get(0).path("resource").path("resourceType").asText())
        .isEqualTo("Patient");
    assertThat(everything.path("entry").get(1).path("fullUrl").asText())
        .endsWith("/fhir/Encounter/" + encounterId);
    assertOutcome(
        get(
            "/fhir/Patient/" + mother.personId() + "/$everything",
            Tokens.guardian(Personas.motherAt20Weeks(town))),
        403,
        "SKY-1003");
  }

  @Test
  void theSummaryIsADocumentWithACompositionAndEveryRecordItCites() {
    Http.Response response = get("/fhir/Patient/" + mother.personId() + "/$summary", guardianToken);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    org.hl7.fhir.r4.model.Bundle document =
        FhirContext.forR4Cached()
            .newJsonParser()
            .parseResource(org.hl7.fhir.r4.model.Bundle.class, response.body());
    assertThat(document.getType()).isEqualTo(org.hl7.fhir.r4.model.Bundle.BundleType.DOCUMENT);
    assertThat(document.getTimestamp()).isNotNull();
    assertThat(document.getIdentifier().getValue()).startsWith("urn:uuid:");
    var composition = (org.hl7.fhir.r4.model.Composition) document.getEntryFirstRep().getResource();
    assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("60591-5");
    // Checkups, growth (body measurements), screenings, other findings, immunizations.
    assertThat(composition.getSection()).hasSize(5);
    assertThat(composition.getSection().get(0).getEntry()).hasSize(1);
    assertThat(composition.getSection().get(1).getEntry()).hasSize(2);
    assertThat(composition.getSection().get(2).getEntry()).isEmpty();
    assertThat(composition.getSection().get(2).getEmptyReason().getCodingFirstRep().getCode())
        .isEqualTo("nilknown");
    assertThat(composition.getSection().get(3).getEntry()).hasSize(8);
    // No vaccination recorded yet: an empty section, nothing known.
    assertThat(composition.getSection().get(4).getEntry()).isEmpty();
    assertThat(composition.getSection().get(4).getEmptyReason().getCodingFirstRep().getCode())
        .isEqualTo("nilknown");
    java.util.Set<String> fullUrls = new java.util.HashSet<>();
    document.getEntry().forEach(e -> fullUrls.add(e.getFullUrl()));
    composition
        .getSection()
        .forEach(
            section ->
                section
                    .getEntry()
                    .forEach(ref -> assertThat(fullUrls).contains(ref.getReference())));
    assertThat(fullUrls).contains(composition.getSubject().getReference());
    assertThat(document.getEntry()).hasSize(1 + 1 + 1 + 10);
  }

  @Test
  void pagesFollowTheNextLink() {
    JsonNode first =
        get("/fhir/Observation?patient=Patient/" + mother.personId() + "&_count=4", guardianToken)
            .json();

    assertThat(first.path("total").asInt()).isEqualTo(10);
    assertThat(first.path("entry")).hasSize(4);
    String next = null;
    for (JsonNode link : first.path("link")) {
      if (link.path("relation").asText().equals("next")) {
        next = link.path("url").asText();
      }
    }
    assertThat(next).contains("_offset=4");
    String path = next.substring(next.indexOf("/fhir/"));
    JsonNode second = get(path, guardianToken).json();
    assertThat(second.path("entry")).hasSize(4);
    assertThat(second.path("entry").get(0).path("fullUrl").asText())
        .isNotEqualTo(first.path("entry").get(0).path("fullUrl").asText());
  }

  @Test
  void anotherFamilyStaffElsewhereAndOtherClinicsAreRefused() {
    String otherGuardian = Tokens.guardian(Personas.motherAt20Weeks(town));
    String staffElsewhere = Tokens.staff(Personas.staffOf(Personas.municipality()));
    String otherClinic = Tokens.clinic(Personas.clinicServing(town));

    assertOutcome(get("/fhir/Encounter/" + encounterId, otherGuardian), 403, "SKY-1003");
    // Another municipality's records do not exist for its staff (row-level security).
    assertOutcome(get("/fhir/Patient/" + mother.personId(), staffElsewhere), 404, "SKY-3001");
    assertOutcome(
        get("/fhir/Observation?patient=" + mother.personId(), otherClinic), 403, "SKY-1003");
  }

  @Test
  void staffOfTheMunicipalityAndTheSubmittingClinicMayRead() {
    assertThat(get("/fhir/Encounter/" + encounterId, Tokens.staff(Personas.staffOf(town))).status())
        .isEqualTo(200);
    assertThat(get("/fhir/Observation/" + observationId, clinicToken).status()).isEqualTo(200);
  }

  @Test
  void unknownIdsAreNotFoundAndASearchNeedsAPatient() {
    assertOutcome(get("/fhir/Encounter/not-a-uuid", guardianToken), 404, "SKY-3001");
    assertOutcome(
        get("/fhir/Observation/00000000-0000-7000-8000-000000000000", guardianToken),
        404,
        "SKY-3001");
    assertOutcome(get("/fhir/Observation?code=body-weight", guardianToken), 400, "SKY-3002");
    assertOutcome(
        get("/fhir/Observation?patient=" + mother.personId() + "&date=yesterday", guardianToken),
        400,
        "SKY-3002");
  }

  @Test
  void aSearchForAPatientNobodyKnowsIsEmpty() {
    JsonNode result =
        get("/fhir/Encounter?patient=00000000-0000-7000-8000-000000000000", guardianToken).json();

    assertThat(result.path("total").asInt()).isZero();
  }
}
