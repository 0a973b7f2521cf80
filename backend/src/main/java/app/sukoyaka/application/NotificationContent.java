package app.sukoyaka.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;

/**
 * A pregnancy notification as the applicant signed it, checked against the form.
 *
 * @param form the signed JSON as it is stored and shown (members as the form defines them)
 * @param diagnosingFacilityCode the 医療機関コード, when the applicant knew it
 */
public record NotificationContent(
    JsonNode form,
    String municipalityCode,
    String familyName,
    String givenName,
    String familyNameKana,
    String givenNameKana,
    LocalDate birthDate,
    LocalDate expectedDeliveryDate,
    LocalDate diagnosisDate,
    String diagnosingFacilityName,
    String diagnosingFacilityCode,
    int fetusCount) {}
