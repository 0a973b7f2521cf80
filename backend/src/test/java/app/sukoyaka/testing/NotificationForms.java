package app.sukoyaka.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;

/** Filled-in 妊娠届出 forms for personas, as the app builds them before the applicant signs. */
public final class NotificationForms {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NotificationForms() {}

  /** A complete form: diagnosed a week ago at a clinic, one baby, the health questions answered. */
  public static ObjectNode of(Personas.Resident resident, Personas.Municipality municipality) {
    ObjectNode form = JSON.createObjectNode();
    form.put("municipalityCode", municipality.code());
    form.put("familyName", resident.familyName());
    form.put("givenName", resident.givenName());
    form.put("familyNameKana", resident.familyNameKana());
    form.put("givenNameKana", resident.givenNameKana());
    form.put("birthDate", resident.birthDate().toString());
    form.put("postalCode", "112-0003");
    form.put("address", "東京都文京区春日1-16-21");
    form.put("phone", "090-1234-5678");
    form.put("occupation", "会社員");
    form.put("expectedDeliveryDate", resident.expectedDeliveryDate().toString());
    form.put("diagnosisDate", LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(7).toString());
    form.put("diagnosingFacilityName", "春日レディースクリニック");
    form.put("diagnosingFacilityCode", "1312345678");
    form.put("diagnosingPractitioner", "田中 一郎");
    form.put("fetusCount", 1);
    ObjectNode answers = form.putObject("answers");
    answers.put("std-tb-checkup", true);
    answers.put("first-pregnancy", true);
    answers.put("deliveries", 0);
    answers.put("feelings", "happy");
    answers.put("chronic-condition", false);
    answers.put("smoking", "never");
    answers.put("household-smoking", false);
    answers.put("alcohol", "quit-for-pregnancy");
    answers.put("someone-to-talk-to", true);
    answers.put("mental-health-care", false);
    answers.put("financial-worry", false);
    return form;
  }

  public static String json(Personas.Resident resident, Personas.Municipality municipality) {
    return of(resident, municipality).toString();
  }

  /** The body of a submission: the signed form. */
  public static String body(String signedContent) {
    return JSON.createObjectNode().put("signedContent", signedContent).toString();
  }
}
