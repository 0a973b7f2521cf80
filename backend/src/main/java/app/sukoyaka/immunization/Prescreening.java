package app.sukoyaka.immunization;

import app.sukoyaka.immunization.prescreening.Answers;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A guardian's 予診票 for one planned vaccination of a child, as stored.
 *
 * @param answers the checked answers, with the vaccine, dose and planned day
 * @param redeemed whether a clinic has redeemed a visit token for it (it can no longer be replaced)
 * @param version 1, and one more each time the guardian replaces the answers
 * @param questionnaireResponse the answers as the FHIR QuestionnaireResponse (JSON)
 */
public record Prescreening(
    UUID id,
    UUID municipalityId,
    UUID childId,
    Answers answers,
    boolean redeemed,
    int version,
    String questionnaireVersion,
    String answeredBy,
    Instant answeredAt,
    Instant createdAt,
    Instant redeemedAt,
    String questionnaireResponse) {

  public Prescreening {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(answers, "answers");
  }
}
