package app.sukoyaka.municipality.bulk;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.profiles.CatalogItem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One data row of a file as read against its layout, before the child is looked up: how it names
 * the child, the checkup or the dose it records, and the problems found so far.
 *
 * @param row the row as a spreadsheet numbers it (the header is row 1)
 * @param checkup the checkup, for a checkup export
 * @param vaccination the dose, for a vaccination export
 */
record ImportRow(
    int row, ChildKey child, Checkup checkup, Vaccination vaccination, List<RowError> errors) {

  ImportRow {
    errors = new ArrayList<>(errors);
  }

  boolean valid() {
    return errors.isEmpty();
  }

  /**
   * How the row names its child.
   *
   * @param residentNumber the 宛名番号, or null
   * @param handbookNumber the handbook's 交付番号, or null
   * @param sex male or female when the file says, else null
   * @param identity who the child is, when the file carries the name columns; else null
   */
  record ChildKey(
      String residentNumber,
      String handbookNumber,
      int birthOrder,
      LocalDate birthDate,
      String sex,
      Identity identity) {}

  /**
   * Who the child is, when the file carries it (its name columns, sex, birth date and 宛名番号): a
   * child the municipality does not have yet is recorded from it, one on record is checked against
   * it. Each part is null when its cell is blank or its column absent.
   */
  record Identity(
      String familyName,
      String givenName,
      String familyNameKana,
      String givenNameKana,
      String address,
      String guardianName) {}

  /** A catalog item's value as the row gave it, in the item's canonical unit. */
  record ItemValue(ImportMapping.Column column, CatalogItem item, String raw, FindingValue value) {}

  /**
   * A checkup.
   *
   * @param kindName the name of a municipality's own checkup, else null
   * @param age the age the file states, or null
   * @param facilityCode the 医療機関コード of the facility that held it, or null
   * @param performerName where it was held, by name, or null
   */
  record Checkup(
      String kind,
      String kindName,
      LocalDate visitDate,
      StatedAge age,
      String ageText,
      List<ItemValue> items,
      String facilityCode,
      String performerName) {
    Checkup {
      items = List.copyOf(items);
    }
  }

  /**
   * A dose.
   *
   * @param product our product code when the vaccine code names one, else null
   * @param doseLabel our dose label, or null when the file gave none
   */
  record Vaccination(
      String vaccineKind,
      String product,
      String doseLabel,
      LocalDate date,
      String lot,
      boolean routine,
      String facilityCode,
      String performerName) {}
}
