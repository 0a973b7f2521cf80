package app.sukoyaka.immunization.prescreening;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A guardian's checked answers for one planned vaccination, in the order of the form.
 *
 * @param vaccine the routine schedule's vaccine id
 * @param dose the dose label the guardian named, or null for the next dose of the series
 * @param plannedDate the day of the planned vaccination
 * @param byLinkId every answer, the vaccine and dose included, by linkId in form order
 */
public record Answers(
    String vaccine, String dose, LocalDate plannedDate, Map<String, Answer> byLinkId) {

  public Answers {
    byLinkId = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byLinkId));
  }

  public Optional<Answer> get(String linkId) {
    return Optional.ofNullable(byLinkId.get(linkId));
  }

  public Collection<Answer> all() {
    return byLinkId.values();
  }

  /** Whether the question is answered yes. */
  public boolean isYes(String linkId) {
    Answer answer = byLinkId.get(linkId);
    return answer != null && Boolean.TRUE.equals(answer.bool());
  }
}
