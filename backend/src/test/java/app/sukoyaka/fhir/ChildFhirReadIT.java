package app.sukoyaka.fhir;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import app.sukoyaka.testing.DeliveryBundle;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PostpartumBundle;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A child's records read back as FHIR: the child as a Patient naming its mother, its checkups and
 * its state at birth as Observations about it, the mother's EPDS as a QuestionnaireResponse, and
 * {@code $everything}, {@code $summary} for the child — each conforming to our profiles.
 */
class ChildFhirReadIT {
  private Personas.Municipality town;
  private Personas.Mother mother;
  private String clinicToken;
  private String guardianToken;
  private LocalDate born;
  private String childId;

  @BeforeEach
  void aBabyWasBornScreenedAndCheckedAndItsMotherAnsweredTheEpds() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    clinicToken = Tokens.clinic(Personas.clinicServing(town));
    guardianToken = Tokens.guardian(mother);
    born = LocalDate.now().minusMonths(4);
    RecordBundle.ChildPatient newborn = RecordBundle.ChildPatient.newbornOf(mother, born);
    childId =
        location(submit(DeliveryBundle.of(mother, newborn, born)).path("entry").get(1), "Patient")
            .split("/")[1];
    submit(
        RecordBundle.aboutChild(newborn, "newborn-screening", "IMP", born.plusDays(3))
            .coded("metabolic-screening-result", "normal")
            .coded("hearing-first-method", "aabr")
            .coded("hearing-first-right", "pass")
            .coded("hearing-first-left", "pass"));
    submit(
        InfantCheckupBundle.threeToFourMonths(
            new Personas.FamilyWithInfant(mother, UUID.fromString(childId), born),
            LocalDate.now().minusDays(1)));
    submit(PostpartumBundle.twoWeeks(mother, born.plusDays(14)));
  }

  private JsonNode submit(RecordBundle bundle) {
    Http.Response response = Http.postFhir(clinicToken, bundle.json());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static String location(JsonNode entry, String type) {
    String location = entry.path("response").path("location").asText();
    assertThat(location).startsWith(type + "/");
    return location;
  }

  private static Http.Response get(String path, String token) {
    return Http.send("GET", path, token, null, null);
  }

  private static Resource parse(String json) {
    return (Resource) FhirContext.forR4Cached().newJsonParser().parseResource(json);
  }

  private static void assertConforms(Resource resource, String profile) {
    SukoyakaValidator validator = TestService.bean(SukoyakaValidator.class);
    ValidationReport report =
        profile == null ? validator.validate(resource) : validator.validate(resource, profile);
    assertThat(report.errors()).as(resource.fhirType() + " " + report.errors()).isEmpty();
  }

  private List<JsonNode> entries(String search) {
    Http.Response response = get(search, guardianToken);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> resources = new ArrayList<>();
    response.json().path("entry").forEach(e -> resources.add(e.path("resource")));
    return resources;
  }

  @Test
  void theChildIsAPatientNamingItsMotherAndConformingToTheChildProfile() {
    Http.Response patient = get("/fhir/Patient/" + childId, guardianToken);

    assertThat(patient.status()).as(patient.body()).isEqualTo(200);
    JsonNode json = patient.json();
    assertThat(json.path("meta").path("profile").get(0).asText())
        .isEqualTo(SukoyakaCanonicals.CHILD_PROFILE);
    assertThat(json.path("extension").get(0).path("url").asText())
        .isEqualTo(SukoyakaCanonicals.MOTHER_EXTENSION);
    assertThat(json.path("extension").get(0).path("valueReference").path("reference").asText())
        .isEqualTo("Patient/" + mother.personId());
    assertThat(json.path("birthDate").asText()).isEqualTo(born.toString());
    assertThat(json.has("name")).isFalse();
    assertConforms(parse(patient.body()), SukoyakaCanonicals.CHILD_PROFILE);
  }

  @Test
  void theChildsObservationsIncludeItsStateAtBirthAndNotTheMothersFindings() {
    List<JsonNode> child = entries("/fhir/Observation?patient=" + childId + "&_count=200");
    List<JsonNode> mothers =
        entries("/fhir/Observation?patient=" + mother.personId() + "&_count=200");

    // 9 at birth, 4 screening results, 27 at the 3–4-month checkup.
    assertThat(child).hasSize(9 + 4 + 27);
    assertThat(child)
        .allSatisfy(
            o ->
                assertThat(o.path("subject").path("reference").asText())
                    .isEqualTo("Patient/" + childId));
    assertThat(child)
        .allSatisfy(
            o ->
                assertThat(o.path("category").get(0).path("coding").get(0).path("system").asText())
                    .isEqualTo(SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM));
    // The mother's: 7 of the delivery, 6 of the 産婦健診 and the computed EPDS total.
    assertThat(mothers).hasSize(7 + 6 + 1);
    for (JsonNode observation : child) {
      assertConforms(parse(observation.toString()), null);
    }
    JsonNode apgar =
        entries("/fhir/Observation?patient=" + childId + "&code=apgar-1-minute").get(0);
    assertThat(apgar.path("valueInteger").asInt()).isEqualTo(8);
    JsonNode skin = entries("/fhir/Observation?patient=" + childId + "&code=skin-finding").get(0);
    assertThat(skin.path("valueCodeableConcept").path("text").asText()).isEqualTo("乳児湿疹");
  }

  @Test
  void theChildsEncountersAreItsOwnCheckupsNotItsMothersDelivery() {
    List<JsonNode> encounters = entries("/fhir/Encounter?patient=Patient/" + childId);

    assertThat(encounters)
        .extracting(e -> e.path("type").get(0).path("coding").get(0).path("code").asText())
        .containsExactly("infant-3-4-months", "newborn-screening");
    assertThat(encounters.get(1).path("class").path("code").asText()).isEqualTo("IMP");
    for (JsonNode encounter : encounters) {
      assertConforms(parse(encounter.toString()), null);
    }
    assertThat(
            entries(
                "/fhir/Encounter?patient=" + childId + "&date=lt" + LocalDate.now().minusDays(7)))
        .hasSize(1);
  }

  @Test
  void theEpdsIsReadAsTheQuestionnaireResponseTheClinicSent() {
    List<JsonNode> responses = entries("/fhir/QuestionnaireResponse?patient=" + mother.personId());

    assertThat(responses).hasSize(1);
    Http.Response read =
        get("/fhir/QuestionnaireResponse/" + responses.get(0).path("id").asText(), guardianToken);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    JsonNode response = read.json();
    assertThat(response.path("questionnaire").asText())
        .isEqualTo(SukoyakaCanonicals.EPDS_QUESTIONNAIRE);
    int sum = 0;
    for (JsonNode item : response.path("item")) {
      sum += item.path("answer").get(0).path("valueInteger").asInt();
    }
    assertThat(sum).isEqualTo(6);
    assertConforms(parse(read.body()), null);
    assertThat(entries("/fhir/QuestionnaireResponse?patient=" + childId)).isEmpty();
    // Not an Observation, and an Observation is not a response.
    assertOutcome(
        get("/fhir/Observation/" + response.path("id").asText(), guardianToken), 404, "SKY-3001");
  }

  @Test
  void everythingForTheChildIsThePatientItsEncountersAndItsObservations() {
    Http.Response response = get("/fhir/Patient/" + childId + "/$everything", guardianToken);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode everything = response.json();
    assertThat(everything.path("total").asInt()).isEqualTo(1 + 2 + 9 + 4 + 27);
    assertThat(everything.path("entry").get(0).path("resource").path("id").asText())
        .isEqualTo(childId);
    List<String> types = new ArrayList<>();
    everything
        .path("entry")
        .forEach(e -> types.add(e.path("resource").path("resourceType").asText()));
    assertThat(types).doesNotContain("QuestionnaireResponse");
    assertThat(response.body()).doesNotContain("\"delivery-blood-loss\"");
  }

  @Test
  void theChildsSummaryGroupsGrowthAndScreenings() {
    Http.Response response = get("/fhir/Patient/" + childId + "/$summary", guardianToken);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    Bundle document =
        FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, response.body());
    Composition composition = (Composition) document.getEntryFirstRep().getResource();
    assertThat(composition.getSection()).hasSize(5);
    // The checkups: its own two (the delivery is its mother's Encounter).
    assertThat(composition.getSection().get(0).getEntry()).hasSize(2);
    // Growth: birth weight, length, chest and head, then weight, length and head at 3–4 months.
    assertThat(composition.getSection().get(1).getEntry()).hasSize(4 + 3);
    // Screenings: the metabolic and hearing results.
    assertThat(composition.getSection().get(2).getEntry()).hasSize(4);
    assertThat(composition.getSection().get(3).getEntry()).hasSize(9 + 27 - 7);
    assertThat(composition.getSubject().getReference()).endsWith("/Patient/" + childId);
  }

  @Test
  void anotherFamilyAndStaffElsewhereAreRefusedTheChild() {
    String otherGuardian = Tokens.guardian(Personas.motherAt20Weeks(town));
    String staffElsewhere = Tokens.staff(Personas.staffOf(Personas.municipality()));

    assertOutcome(get("/fhir/Patient/" + childId, otherGuardian), 403, "SKY-1003");
    // Another municipality's child does not exist for its staff: a search finds nothing.
    Http.Response search = get("/fhir/Observation?patient=" + childId, staffElsewhere);
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.json().path("total").asInt()).isZero();
    assertThat(get("/fhir/Patient/" + childId, Tokens.staff(Personas.staffOf(town))).status())
        .isEqualTo(200);
  }
}
