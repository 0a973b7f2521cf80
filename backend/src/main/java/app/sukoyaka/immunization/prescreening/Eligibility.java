package app.sukoyaka.immunization.prescreening;

import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.profiles.LocalizedText;
import java.time.LocalDate;
import java.util.List;

/**
 * The advisory eligibility for one vaccine and dose on one day. Advice for the doctor, never a
 * decision: {@link #advisory()} says so in words.
 *
 * @param dose the dose the check is about (the one named, or the next of the series); null when the
 *     forecast has none
 * @param recommendation the forecast's entry for that dose, null when the forecast has none
 * @param findings every rule that matched, most serious first
 */
public record Eligibility(
    String vaccine,
    String dose,
    LocalDate date,
    Outcome outcome,
    List<Finding> findings,
    Recommendation recommendation,
    LocalizedText advisory,
    String rulesVersion,
    String scheduleVersion) {

  public Eligibility {
    findings = List.copyOf(findings);
  }
}
