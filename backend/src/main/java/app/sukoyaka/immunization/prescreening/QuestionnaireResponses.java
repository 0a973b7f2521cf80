package app.sukoyaka.immunization.prescreening;

import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import app.sukoyaka.profiles.PrescreeningQuestionnaire.Item;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The answers as a FHIR QuestionnaireResponse conforming to {@code sukoyaka-prescreening-response}:
 * one item per answered question in the order of the form. Plain JSON, so that the domain needs no
 * FHIR library; the profile's tests hold what this writes to the profile.
 */
public final class QuestionnaireResponses {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PrescreeningQuestionnaire questionnaire;

  public QuestionnaireResponses(PrescreeningQuestionnaire questionnaire) {
    this.questionnaire = questionnaire;
  }

  /**
   * @param id the prescreening's id, also the resource's id
   * @param authored when the guardian answered, with the offset of Japan
   */
  public ObjectNode of(UUID id, UUID childId, Answers answers, OffsetDateTime authored) {
    ObjectNode response = MAPPER.createObjectNode();
    response.put("resourceType", "QuestionnaireResponse");
    response.put("id", id.toString());
    response
        .putObject("meta")
        .putArray("profile")
        .add(SukoyakaCanonicals.PRESCREENING_RESPONSE_PROFILE);
    response.put("language", "ja");
    response.put("questionnaire", SukoyakaCanonicals.PRESCREENING_QUESTIONNAIRE);
    response.put("status", "completed");
    response.putObject("subject").put("reference", "Patient/" + childId);
    response.put("authored", authored.truncatedTo(ChronoUnit.SECONDS).toString());
    ArrayNode items = response.putArray("item");
    for (Answer answer : answers.all()) {
      Item question = questionnaire.item(answer.linkId()).orElseThrow();
      ObjectNode item = items.addObject();
      item.put("linkId", answer.linkId());
      item.put("text", question.text().ja());
      ArrayNode values = item.putArray("answer");
      switch (answer.type()) {
        case BOOLEAN:
          values.addObject().put("valueBoolean", answer.bool());
          break;
        case DECIMAL:
          values.addObject().put("valueDecimal", answer.number());
          break;
        case INTEGER:
          values.addObject().put("valueInteger", answer.number().intValueExact());
          break;
        case DATE:
          values.addObject().put("valueDate", answer.date().toString());
          break;
        case STRING:
          values.addObject().put("valueString", answer.text());
          break;
        case CHOICE:
          for (String code : answer.codes()) {
            PrescreeningQuestionnaire.Option option = question.option(code).orElseThrow();
            if (option.system() == null) {
              values.addObject().put("valueString", code);
            } else {
              values
                  .addObject()
                  .putObject("valueCoding")
                  .put("system", option.system())
                  .put("code", code)
                  .put("display", option.label().ja());
            }
          }
          break;
        default:
          throw new IllegalStateException("unknown type " + answer.type());
      }
    }
    return response;
  }
}
