package app.sukoyaka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A guardian's digital 予診票 and the visit QR code issued from it, over HTTP: the form every
 * prescreening and visit test starts from, and the code a clinic scans.
 */
public final class Prescreenings {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The questions a healthy child's guardian answers "no". */
  public static final List<String> NO =
      List.of(
          "unwell-today",
          "ill-past-month",
          "infection-contact",
          "vaccinated-past-month",
          "underlying-condition",
          "convulsion",
          "allergy",
          "relative-immunodeficiency",
          "previous-reaction",
          "relative-reaction",
          "transfusion-gamma-globulin",
          "questions");

  private Prescreenings() {}

  /**
   * The 予診票 of a dose (none: the vaccine's next), all "no", 36.6 ℃, explanation read and consent
   * given, for the day planned; change its {@code answers} before sending.
   */
  public static ObjectNode allNo(String vaccine, String dose, LocalDate plannedDate) {
    ObjectNode body = JSON.createObjectNode();
    body.put("vaccine", vaccine);
    if (dose != null) {
      body.put("dose", dose);
    }
    body.put("plannedDate", plannedDate.toString());
    ObjectNode answers = body.putObject("answers");
    answers.put("read-explanation", true);
    answers.put("temperature", 36.6);
    for (String no : NO) {
      answers.put(no, false);
    }
    answers.put("consent", true);
    return body;
  }

  /** The guardian submits the 予診票 of her child; answers what was stored. */
  public static JsonNode submit(String guardian, UUID childId, ObjectNode form) {
    Http.Response submitted = Http.postJson(path(childId), guardian, form.toString());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    return submitted.json();
  }

  /** The guardian issues the visit QR code of a submitted 予診票; answers it ({@code qr}, ...). */
  public static JsonNode visitCode(String guardian, UUID childId, String prescreeningId) {
    Http.Response issued =
        Http.postJson(path(childId) + "/" + prescreeningId + "/visit-token", guardian, null);
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    return issued.json();
  }

  /** A clinic scans the code at the visit. */
  public static Http.Response redeem(String clinic, String qr) {
    return Http.postJson("/api/v1/clinic/visits", clinic, redemption(qr));
  }

  /** The body of a scan of the code. */
  public static String redemption(String qr) {
    ObjectNode body = JSON.createObjectNode();
    body.put("token", qr);
    return body.toString();
  }

  private static String path(UUID childId) {
    return "/api/v1/children/" + childId + "/prescreenings";
  }
}
