package app.sukoyaka.immunization.prescreening;

import app.sukoyaka.profiles.PrescreeningQuestionnaire.ItemType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One checked answer of the questionnaire. Exactly the member of its type is set: a boolean, a
 * number (decimal and integer), a date, a text (string, and the vaccine), or the codes of a choice.
 */
public record Answer(
    String linkId,
    ItemType type,
    Boolean bool,
    BigDecimal number,
    LocalDate date,
    String text,
    List<String> codes) {

  public Answer {
    Objects.requireNonNull(linkId, "linkId");
    Objects.requireNonNull(type, "type");
    codes = codes == null ? List.of() : List.copyOf(codes);
  }

  public static Answer ofBoolean(String linkId, boolean value) {
    return new Answer(linkId, ItemType.BOOLEAN, value, null, null, null, null);
  }

  public static Answer ofNumber(String linkId, ItemType type, BigDecimal value) {
    return new Answer(linkId, type, null, value, null, null, null);
  }

  public static Answer ofDate(String linkId, LocalDate value) {
    return new Answer(linkId, ItemType.DATE, null, null, value, null, null);
  }

  public static Answer ofText(String linkId, String value) {
    return new Answer(linkId, ItemType.STRING, null, null, null, value, null);
  }

  /** A choice: the vaccine (one id) or the codes of a coded question. */
  public static Answer ofCodes(String linkId, List<String> codes) {
    return new Answer(linkId, ItemType.CHOICE, null, null, null, null, codes);
  }

  /** The answer as JSON-friendly Java: Boolean, BigDecimal, ISO date text, text or a list. */
  public Object plain() {
    switch (type) {
      case BOOLEAN:
        return bool;
      case DECIMAL:
      case INTEGER:
        return number;
      case DATE:
        return date.toString();
      case STRING:
        return text;
      case CHOICE:
        return codes.size() == 1 && linkId.equals("vaccine") ? codes.get(0) : codes;
      default:
        throw new IllegalStateException("unknown type " + type);
    }
  }
}
