package app.sukoyaka.checkup;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** The typed value of a checkup finding; the variant matches the catalog item's value type. */
public sealed interface FindingValue {

  String valueType();

  /** A measurement in the catalog item's canonical UCUM unit. */
  record Quantity(BigDecimal value, String unit) implements FindingValue {
    @Override
    public String valueType() {
      return "quantity";
    }
  }

  /**
   * One of the item's answer codes.
   *
   * @param text what the clinic wrote with the answer, such as what was found (所見あり); null when the
   *     answer says it all
   */
  record Coded(String system, String code, String text) implements FindingValue {
    public Coded(String system, String code) {
      this(system, code, null);
    }

    @Override
    public String valueType() {
      return "coded";
    }
  }

  record Flag(boolean value) implements FindingValue {
    @Override
    public String valueType() {
      return "boolean";
    }
  }

  record Text(String value) implements FindingValue {
    @Override
    public String valueType() {
      return "string";
    }
  }

  record Day(LocalDate value) implements FindingValue {
    @Override
    public String valueType() {
      return "date";
    }
  }

  /** A whole number: a score (Apgar, EPDS) or a count (teeth with caries). */
  record WholeNumber(int value) implements FindingValue {
    @Override
    public String valueType() {
      return "integer";
    }
  }

  /** A moment with its time of day, such as the time of birth. */
  record Moment(Instant value) implements FindingValue {
    @Override
    public String valueType() {
      return "datetime";
    }
  }
}
