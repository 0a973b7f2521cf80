package app.sukoyaka.growth;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.DeliveryBundle;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A child's growth over HTTP: the clinics' measurements from the delivery and the checkups and the
 * family's own, with percentiles, z-scores and the corrected age of a baby born early; the chart
 * drawn on the server.
 */
class GrowthIT {
  private Personas.Mother mother;
  private String motherToken;
  private String childId;
  private LocalDate born;

  /** A boy born at 34 weeks four months ago, weighed at his 3–4-month checkup yesterday. */
  @BeforeEach
  void aBoyBornAt34WeeksHadHisThreeToFourMonthCheckup() {
    Personas.Municipality town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    motherToken = Tokens.guardian(mother);
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    born = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusMonths(4);
    RecordBundle.ChildPatient newborn = RecordBundle.ChildPatient.newbornOf(mother, born);
    String delivery = DeliveryBundle.of(mother, newborn, born, 34, 2210).json();
    Http.Response stored = Http.postFhir(clinic, delivery);
    assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    childId =
        stored.json().path("entry").get(1).path("response").path("location").asText().split("/")[1];
    Personas.FamilyWithInfant family =
        new Personas.FamilyWithInfant(mother, UUID.fromString(childId), born);
    String checkup =
        InfantCheckupBundle.threeToFourMonths(
                family, LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1))
            .json()
            .replace("\"gender\":\"male\"", "\"gender\":\"female\"");
    Http.Response infant = Http.postFhir(clinic, checkup);
    assertThat(infant.status()).as(infant.body()).isEqualTo(200);
  }

  private String sex() {
    return Http.get("/api/v1/children/" + childId + "/growth", motherToken)
        .json()
        .path("sex")
        .asText();
  }

  private Http.Response weighAtHome(String kg) {
    return Http.postJson(
        "/api/v1/children/" + childId + "/records",
        motherToken,
        "{\"clientId\":\""
            + UUID.randomUUID()
            + "\",\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
            + LocalDate.now(ZoneId.of("Asia/Tokyo"))
            + "\",\"quantity\":{\"value\":"
            + kg
            + ",\"unit\":\"kg\"}}");
  }

  @Test
  void anInfantBornAt34WeeksIsPlacedAtItsCorrectedAge() {
    Http.Response response = Http.get("/api/v1/children/" + childId + "/growth", motherToken);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode growth = response.json();
    assertThat(growth.path("gestationalAgeAtBirth").path("weeks").asInt()).isEqualTo(34);
    assertThat(growth.path("correctedAgeUntil").asText()).isEqualTo(born.plusMonths(24).toString());
    List<JsonNode> weights = new ArrayList<>();
    growth
        .path("measurements")
        .forEach(
            m -> {
              if (m.path("measure").asText().equals("weight")) {
                weights.add(m);
              }
            });
    assertThat(weights).hasSize(2);
    JsonNode atBirth = weights.get(0);
    assertThat(atBirth.path("source").asText()).isEqualTo("clinic");
    assertThat(atBirth.path("checkupKind").asText()).isEqualTo("delivery");
    assertThat(atBirth.path("value").asDouble()).isEqualTo(2.21);
    assertThat(atBirth.path("correctedAge").path("days").asInt()).isEqualTo(-42);
    // Six weeks before term there is no band to compare with.
    assertThat(atBirth.path("percentileBand").isNull()).isTrue();
    JsonNode checkup = weights.get(1);
    assertThat(checkup.path("value").asDouble()).isEqualTo(6.48);
    assertThat(checkup.path("age").path("days").asInt())
        .isEqualTo(checkup.path("correctedAge").path("days").asInt() + 42);
    assertThat(checkup.path("percentileBand").path("label").path("ja").asText())
        .contains("パーセンタイル");
    assertThat(checkup.path("whoZScore").isNumber()).isTrue();
    assertThat(growth.path("references")).hasSize(3);
    assertThat(growth.path("attributions").get(0).path("attribution").path("ja").asText())
        .contains("令和5年乳幼児身体発育調査");
  }

  @Test
  void aWeightTakenAtHomeIsAnotherPointBesideTheClinicsAndChangesNothingOfIt() {
    assertThat(weighAtHome("6.9").status()).isEqualTo(201);

    JsonNode growth = Http.get("/api/v1/children/" + childId + "/growth", motherToken).json();
    List<String> sources = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    growth
        .path("measurements")
        .forEach(
            m -> {
              if (m.path("measure").asText().equals("weight")) {
                sources.add(m.path("source").asText());
                values.add(m.path("value").asDouble());
              }
            });
    assertThat(sources).containsExactly("clinic", "clinic", "parent");
    assertThat(values).containsExactly(2.21, 6.48, 6.9);
    JsonNode handbook = Http.get("/api/v1/children/" + childId + "/handbook", motherToken).json();
    assertThat(handbook.path("checkups").get(1).toString()).contains("6.48").doesNotContain("6.9");
  }

  @Test
  void theServerDrawsTheChartWithTheClinicsAndTheFamilysPoints() throws Exception {
    weighAtHome("6.9");

    Http.Response chart =
        Http.get(
            "/api/v1/children/" + childId + "/growth-chart.svg?measure=weight&lang=en",
            motherToken);

    assertThat(chart.status()).as(chart.body()).isEqualTo(200);
    assertThat(chart.contentType()).startsWith("image/svg+xml");
    assertThat(chart.header("ETag")).isNotBlank();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document svg =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(chart.body().getBytes(StandardCharsets.UTF_8)));
    NodeList circles = svg.getElementsByTagName("circle");
    int clinic = 0;
    int parent = 0;
    NodeList all = svg.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (e.getAttribute("class").equals("point clinic")) {
        clinic++;
      }
      if (e.getAttribute("class").equals("point parent")) {
        parent++;
      }
    }
    assertThat(circles.getLength()).isPositive();
    // The birth weight, six weeks before term, is not on the chart; the checkup's is.
    assertThat(clinic).isEqualTo(1);
    assertThat(parent).isEqualTo(1);
    assertThat(chart.body()).contains("Corrected age").contains("Born at 34 weeks 0 days");
    Http.Response again =
        Http.send(
            "GET",
            "/api/v1/children/" + childId + "/growth-chart.svg?measure=weight&lang=en",
            motherToken,
            null,
            null,
            "If-None-Match",
            chart.header("ETag"));
    assertThat(again.status()).isEqualTo(304);
  }

  @Test
  void anUnknownMeasureIsAProblemNotAPicture() {
    Http.Response chart =
        Http.get("/api/v1/children/" + childId + "/growth-chart.svg?measure=bmi", motherToken);

    assertThat(chart.status()).isEqualTo(400);
    assertThat(chart.contentType()).startsWith("application/problem+json");
    assertThat(chart.json().path("code").asText()).isEqualTo("SKY-5408");
  }

  @Test
  void someoneElsesChildsGrowthIsRefused() {
    String stranger = Tokens.guardian(Personas.motherAt20Weeks(Personas.municipality()));

    // Another municipality's child does not exist for her (row-level security).
    assertThat(Http.get("/api/v1/children/" + childId + "/growth", stranger).status())
        .isEqualTo(404);
    assertThat(sex()).isEqualTo("female");
  }
}
