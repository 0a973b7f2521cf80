package app.sukoyaka.phr.myportal;

import app.sukoyaka.checkup.FindingValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A value of the portal's record, as a conflict keeps it ({@link PortalRecordMapper#describe}),
 * read back into a finding of the same kind as ours for the same item: the portal's record was
 * mapped into the catalog item's value type and unit, so ours says what type it is. Pure.
 */
final class PortalValues {
  private PortalValues() {}

  /**
   * The described value as a finding value of the type of {@code ours}.
   *
   * @throws IllegalArgumentException when the text is not a value of that type
   */
  static FindingValue like(FindingValue ours, String described) {
    if (described == null || described.isBlank()) {
      throw new IllegalArgumentException("no value");
    }
    String text = described.strip();
    if (ours instanceof FindingValue.Quantity) {
      FindingValue.Quantity quantity = (FindingValue.Quantity) ours;
      int space = text.indexOf(' ');
      String number = space < 0 ? text : text.substring(0, space);
      String unit = space < 0 ? quantity.unit() : text.substring(space + 1).strip();
      if (!unit.equals(quantity.unit())) {
        throw new IllegalArgumentException("unit " + unit + " is not " + quantity.unit());
      }
      return new FindingValue.Quantity(new BigDecimal(number), unit);
    }
    if (ours instanceof FindingValue.Coded) {
      FindingValue.Coded coded = (FindingValue.Coded) ours;
      int open = text.indexOf(" (");
      if (open < 0) {
        return new FindingValue.Coded(coded.system(), text, null);
      }
      if (!text.endsWith(")")) {
        throw new IllegalArgumentException("not an answer code: " + text);
      }
      return new FindingValue.Coded(
          coded.system(), text.substring(0, open), text.substring(open + 2, text.length() - 1));
    }
    if (ours instanceof FindingValue.Flag) {
      if (!text.equals("true") && !text.equals("false")) {
        throw new IllegalArgumentException("not true or false: " + text);
      }
      return new FindingValue.Flag(Boolean.parseBoolean(text));
    }
    if (ours instanceof FindingValue.Day) {
      return new FindingValue.Day(LocalDate.parse(text));
    }
    if (ours instanceof FindingValue.WholeNumber) {
      return new FindingValue.WholeNumber(Integer.parseInt(text));
    }
    if (ours instanceof FindingValue.Moment) {
      return new FindingValue.Moment(Instant.parse(text));
    }
    return new FindingValue.Text(described);
  }
}
