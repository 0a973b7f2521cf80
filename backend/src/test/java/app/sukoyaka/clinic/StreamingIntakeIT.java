package app.sukoyaka.clinic;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SubmissionRead.Fallback;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ordinary checkups take the streaming path, anything it does not read takes HAPI's path, and the
 * two store the same rows; a submission the intake's rules refuse gets HAPI's path's outcome. Each
 * is counted by path and reason.
 */
class StreamingIntakeIT {
  private static final String LOINC = "http://loinc.org";

  /** Decimals as written: 58.20 must stay 58.20 when the test edits a bundle. */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private Personas.Mother mother;
  private String clinicToken;
  private IntakePaths paths;

  @BeforeEach
  void arrange() {
    Personas.Municipality town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    clinicToken = Tokens.clinic(Personas.clinicServing(town));
    TestService.server();
    paths = TestService.bean(IntakePaths.class);
  }

  @Test
  void anOrdinaryCheckupIsStreamedAnUnusualOneTakesHapisPathAndBothStoreTheSameRows()
      throws Exception {
    LocalDate visit = LocalDate.now().minusDays(2);
    PrenatalBundle ordinary = visitWithWeight(visit);
    PrenatalBundle unusual = visitWithWeight(visit);
    // Valid FHIR the streaming reader does not read: HAPI's path validates it.
    ObjectNode withMeta = (ObjectNode) JSON.readTree(unusual.json());
    for (JsonNode entry : withMeta.path("entry")) {
      ((ObjectNode) entry.path("resource"))
          .putObject("meta")
          .put("lastUpdated", visit + "T11:00:00+09:00");
    }

    IntakePaths.Counts before = paths.counts();
    Http.Response streamed = Http.postFhir(clinicToken, ordinary.json());
    IntakePaths.Counts between = paths.counts();
    Http.Response hapi = Http.postFhir(clinicToken, JSON.writeValueAsString(withMeta));
    IntakePaths.Counts after = paths.counts();

    assertThat(streamed.status()).as(streamed.body()).isEqualTo(200);
    assertThat(hapi.status()).as(hapi.body()).isEqualTo(200);
    assertThat(between.streamed()).isEqualTo(before.streamed() + 1);
    assertThat(between.total()).isEqualTo(before.total() + 1);
    assertThat(after.streamed()).isEqualTo(between.streamed());
    assertThat(after.fellBack().getOrDefault(Fallback.UNKNOWN_ELEMENT, 0L))
        .isEqualTo(between.fellBack().getOrDefault(Fallback.UNKNOWN_ELEMENT, 0L) + 1);
    List<String> rows = findingRows(ordinary.identifierValue());
    assertThat(rows).hasSize(10);
    assertThat(rows).isEqualTo(findingRows(unusual.identifierValue()));
    // The weight keeps the digits the clinic wrote, on both paths.
    assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("body-weight quantity 58.20 kg"));
  }

  @Test
  void aCheckupTheIntakeRulesRefuseAfterTheStreamingCheckGetsHapisPathsOutcome() {
    String bundle =
        PrenatalBundle.visit(mother, LocalDate.now()).quantity(LOINC, "29463-7", "15", "kg").json();
    IntakePaths.Counts before = paths.counts();

    Http.Response response = Http.postFhir(clinicToken, bundle);

    assertOutcome(response, 422, "SKY-2006");
    assertThat(response.body())
        .contains("Body weight (体重) of 15 kg is outside the plausible range 20–250 kg")
        .contains("Bundle.entry[2].resource.valueQuantity.value");
    IntakePaths.Counts after = paths.counts();
    assertThat(after.fellBack().getOrDefault(Fallback.REFUSED_BY_INTAKE_RULES, 0L))
        .isEqualTo(before.fellBack().getOrDefault(Fallback.REFUSED_BY_INTAKE_RULES, 0L) + 1);
    assertThat(after.streamed()).isEqualTo(before.streamed());
  }

  @Test
  void theCountsReadAsTheLineTheServiceLogs() {
    IntakePaths.Counts counts =
        new IntakePaths.Counts(998, Map.of(Fallback.NOT_CERTAIN, 1L, Fallback.UNKNOWN_ELEMENT, 1L));

    assertThat(counts.total()).isEqualTo(1000);
    assertThat(counts.summary())
        .startsWith(
            "Clinic checkup submissions since start: 1000, read by the streaming reader 998")
        .contains("(99.80%)")
        .contains("by HAPI's model 2");
  }

  private PrenatalBundle visitWithWeight(LocalDate visit) {
    return PrenatalBundle.visit(mother, visit)
        .quantity(LOINC, "18185-9", "140", "d")
        .quantity(LOINC, "29463-7", "58.20", "kg")
        .quantity(LOINC, "8480-6", "118", "mm[Hg]")
        .quantity(LOINC, "8462-4", "72", "mm[Hg]")
        .quantity(LOINC, "11881-0", "18.5", "cm")
        .quantity(SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM, "abdominal-circumference", "82", "cm")
        .coded(LOINC, "20454-5", SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM, "negative")
        .coded(LOINC, "25428-4", SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM, "trace")
        .coded(
            SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
            "oedema",
            SukoyakaCanonicals.OEDEMA_GRADE_SYSTEM,
            "none")
        .coded(
            SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
            "fetal-heart-activity",
            SukoyakaCanonicals.PRESENCE_SYSTEM,
            "present");
  }

  /** The stored findings of one submission, ids aside, in item order. */
  private static List<String> findingRows(String bundleValue) throws SQLException {
    try (Connection connection = Db.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT f.item_code, f.value_type, f.quantity_value::text, f.quantity_unit,"
                    + " f.code_system, f.code_value, f.boolean_value, f.string_value,"
                    + " f.date_value, f.source_system, f.source_code, f.status, e.visit_date,"
                    + " e.kind, e.gestational_age_days"
                    + " FROM checkup_finding f"
                    + " JOIN checkup_encounter e ON e.id = f.encounter_id"
                    + " JOIN raw_submission r ON r.id = e.submission_id"
                    + " WHERE r.bundle_value = ? ORDER BY f.item_code")) {
      statement.setString(1, bundleValue);
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= 15; i++) {
            row.append(i == 1 ? "" : " ").append(rs.getString(i));
          }
          rows.add(row.toString());
        }
      }
      return rows;
    }
  }
}
