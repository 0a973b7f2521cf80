package app.sukoyaka.checkup;

import java.math.BigDecimal;
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

  /** One of the item's answer codes. */
  record Coded(String system, String code) implements FindingValue {
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
}
