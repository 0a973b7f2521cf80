package app.sukoyaka.immunization;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The counts behind a municipality's vaccination coverage: how many of its children have each
 * routine dose, and how many of its pregnancies had each routine vaccination.
 *
 * <p>A record counts when it is 定期接種 (routine), stands (not retracted by its clinic) and is
 * verified. A guardian's entry does not count until staff or the clinic confirm it: coverage is
 * what the municipality answers for (it pays for routine doses and reports them), and an
 * unconfirmed entry may be a voluntary dose or a wrong date. Rejected records never count, nor do
 * voluntary ones or doses given abroad (which are never routine). A child counts once per dose,
 * however many records name it.
 */
@Singleton
public class ImmunizationCoverage {
  private final JdbcOperations jdbc;

  ImmunizationCoverage(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Children of the municipality with a routine dose of a series.
   *
   * @param doseLabel the dose ('1', '1期' …), null for doses recorded without a label
   */
  public record DoseCount(String series, String doseLabel, long children) {}

  /** Pregnancies of the municipality with a routine vaccination of a kind (RSV maternal). */
  public record PregnancyCount(String vaccineKind, long pregnancies) {}

  /** Per series and dose, the children of the municipality (where they live now) with it. */
  @Transactional(readOnly = true)
  public List<DoseCount> routineDosesOfChildren(UUID municipalityId) {
    return jdbc.prepareStatement(
        "SELECT c.vaccine, c.dose_label, count(DISTINCT c.child_id)"
            + " FROM immunization_credit c"
            + " JOIN immunization_record r ON r.id = c.record_id"
            + " JOIN child ch ON ch.id = c.child_id"
            + " WHERE ch.municipality_id = ? AND r.routine AND r.status = 'completed'"
            + " AND r.verification = 'verified'"
            + " GROUP BY c.vaccine, c.dose_label ORDER BY c.vaccine, c.dose_label NULLS LAST",
        statement -> {
          statement.setObject(1, municipalityId);
          List<DoseCount> counts = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              counts.add(new DoseCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
          }
          return counts;
        });
  }

  /** Per vaccine kind, the municipality's pregnancies with a routine vaccination of it. */
  @Transactional(readOnly = true)
  public List<PregnancyCount> routineVaccinationsOfPregnancies(UUID municipalityId) {
    return jdbc.prepareStatement(
        "SELECT r.vaccine_kind, count(DISTINCT r.pregnancy_id)"
            + " FROM immunization_record r JOIN pregnancy p ON p.id = r.pregnancy_id"
            + " WHERE p.municipality_id = ? AND r.routine AND r.status = 'completed'"
            + " AND r.verification = 'verified' AND r.vaccine_kind IS NOT NULL"
            + " GROUP BY r.vaccine_kind ORDER BY r.vaccine_kind",
        statement -> {
          statement.setObject(1, municipalityId);
          List<PregnancyCount> counts = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              counts.add(new PregnancyCount(rs.getString(1), rs.getLong(2)));
            }
          }
          return counts;
        });
  }
}
