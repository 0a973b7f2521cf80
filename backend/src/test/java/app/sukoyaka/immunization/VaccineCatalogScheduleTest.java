package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineSeries;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The vaccine catalog (fhir-profiles) and the forecaster's schedule name the same series with the
 * same dose labels, so that what a record counts for is what the forecaster reads.
 */
class VaccineCatalogScheduleTest {

  @Test
  void everySeriesOfTheCatalogIsAVaccineOfTheScheduleWithTheSameDoseLabels() throws IOException {
    Map<String, Set<String>> schedule = new LinkedHashMap<>();
    try (InputStream in = RoutineSchedule.class.getResourceAsStream(RoutineSchedule.RESOURCE)) {
      JsonNode root = new ObjectMapper().readTree(in);
      for (JsonNode vaccine : root.path("vaccines")) {
        Set<String> labels =
            schedule.computeIfAbsent(vaccine.path("id").asText(), id -> new LinkedHashSet<>());
        for (JsonNode plan : vaccine.path("plans")) {
          for (JsonNode dose : plan.path("doses")) {
            labels.add(dose.path("dose").asText());
          }
        }
      }
    }
    VaccineCatalog catalog = VaccineCatalog.load();
    assertThat(catalog.series())
        .extracting(VaccineSeries::id)
        .containsExactlyInAnyOrderElementsOf(schedule.keySet());
    assertThat(RoutineSchedule.load().vaccineIds()).isEqualTo(schedule.keySet());
    for (VaccineSeries series : catalog.series()) {
      assertThat(new LinkedHashSet<>(series.doseLabels()))
          .as(series.id())
          .isEqualTo(schedule.get(series.id()));
    }
  }
}
