package app.sukoyaka.municipality.bulk;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the data rows of one file against its layout: every cell decoded in the system's encoding,
 * codes translated, numbers and dates parsed, and the checkup catalog's rules that do not depend on
 * the child applied as clinic intake applies them (the item is recorded at this kind of checkup, a
 * quantity is given in a unit the item accepts and lies in the item's plausible range for a child,
 * an answer is one of the item's). What depends on the child — its birth date, sex, the dates
 * against its birth, the vaccination rules — is checked once the child is found ({@link
 * RowChecks}). Pure.
 */
final class RowReader {
  static final Pattern RESIDENT_NUMBER = Pattern.compile("[0-9A-Za-z-]{1,20}");
  private static final Pattern THOUSANDS = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d+)?");

  private final ImportMapping mapping;
  private final ImportMapping.Layout layout;
  private final CheckupItemCatalog catalog;
  private final Map<ImportMapping.Column, Integer> index = new HashMap<>();
  private final int fields;

  /**
   * @param header the file's header row, each name in {@link Cells#normal} form
   */
  RowReader(
      ImportMapping mapping,
      ImportMapping.Layout layout,
      List<String> header,
      CheckupItemCatalog catalog) {
    this.mapping = mapping;
    this.layout = layout;
    this.catalog = catalog;
    this.fields = header.size();
    for (ImportMapping.Column column : layout.columns()) {
      int at = header.indexOf(column.name());
      if (at < 0 && column.optional()) {
        // A column the layout allows a file to lack: its cells read as blank.
        continue;
      }
      if (at < 0) {
        throw new IllegalArgumentException("The header lacks " + column.name());
      }
      index.put(column, at);
    }
  }

  /** The header of a file, decoded and in normal form. */
  static List<String> header(CsvRecords.Record record, java.nio.charset.Charset charset)
      throws CharacterCodingException {
    List<String> names = new ArrayList<>();
    for (byte[] raw : record.fields()) {
      names.add(Cells.normal(Cells.decode(raw, charset)));
    }
    return names;
  }

  /**
   * Whether this file carries what a child is recorded by (its name, sex, birth date and 宛名番号):
   * then a row of a child the municipality does not have yet records the child.
   */
  boolean identifiesChildren() {
    return present(ImportMapping.Field.FULL_NAME)
        && present(ImportMapping.Field.SEX)
        && present(ImportMapping.Field.BIRTH_DATE)
        && present(ImportMapping.Field.RESIDENT_NUMBER);
  }

  private boolean present(ImportMapping.Field field) {
    return layout.column(field).map(index::containsKey).orElse(false);
  }

  ImportRow read(CsvRecords.Record record) {
    int row = record.number();
    List<RowError> errors = new ArrayList<>();
    if (record.unterminated()) {
      errors.add(
          new RowError(
              row,
              null,
              null,
              ErrorCode.IMPORT_ROW_MALFORMED,
              "引用符（\"）が閉じられないままファイルが終わっています",
              "the file ends inside a quoted field"));
      return new ImportRow(row, null, null, null, errors);
    }
    if (record.fields().size() != fields) {
      errors.add(
          new RowError(
              row,
              null,
              null,
              ErrorCode.IMPORT_ROW_MALFORMED,
              "列の数が見出し行と違います（見出し " + fields + " 列、この行 " + record.fields().size() + " 列）",
              "the row has " + record.fields().size() + " fields where the header has " + fields));
      return new ImportRow(row, null, null, null, errors);
    }
    Map<ImportMapping.Column, String> cells = new HashMap<>();
    for (Map.Entry<ImportMapping.Column, Integer> column : index.entrySet()) {
      try {
        cells.put(
            column.getKey(),
            Cells.decode(record.fields().get(column.getValue()), mapping.charset()).strip());
      } catch (CharacterCodingException e) {
        errors.add(
            RowError.of(
                row,
                column.getKey(),
                null,
                ErrorCode.IMPORT_ROW_MALFORMED,
                "文字コード " + mapping.charset().name() + " として読めない文字があります",
                "holds bytes that are not " + mapping.charset().name() + " text"));
        cells.put(column.getKey(), "");
      }
    }
    Cursor cursor = new Cursor(row, cells, errors);
    ImportRow.ChildKey child = child(cursor);
    if (layout.kind() != ImportMapping.Kind.VACCINATION) {
      // A 妊婦健診 is read as a checkup of the kind prenatal, about the pregnant person.
      return new ImportRow(row, child, checkup(cursor), null, errors);
    }
    return new ImportRow(row, child, null, vaccination(cursor), errors);
  }

  /** The cells of one row and the problems found in them. */
  private final class Cursor {
    final int row;
    final Map<ImportMapping.Column, String> cells;
    final List<RowError> errors;

    Cursor(int row, Map<ImportMapping.Column, String> cells, List<RowError> errors) {
      this.row = row;
      this.cells = cells;
      this.errors = errors;
    }

    /** The cell of the field's column; null when not mapped or blank (a required one reported). */
    String text(ImportMapping.Field field) {
      return layout.column(field).map(this::text).orElse(null);
    }

    String text(ImportMapping.Column column) {
      String text = cells.get(column);
      if (text == null || Cells.blank(text)) {
        if (column.required()) {
          error(
              column, null, ErrorCode.IMPORT_VALUE_MISSING, "必須の項目が空欄です", "is required and empty");
        }
        return null;
      }
      return text;
    }

    void error(ImportMapping.Column column, String value, ErrorCode code, String ja, String en) {
      errors.add(RowError.of(row, column, value, code, ja, en));
    }

    /** The value the cell's code stands for; null (reported) when it is not among the codes. */
    Object code(ImportMapping.Column column, String text) {
      Object target = column.codes().get(Cells.normal(text));
      if (target == null) {
        error(
            column,
            text,
            ErrorCode.IMPORT_UNKNOWN_CODE,
            "この値は取り込み設定（" + mapping.system() + "）に定義されていません",
            "is not among the values the mapping " + mapping.system() + " defines");
      }
      return target;
    }

    LocalDate date(ImportMapping.Field field) {
      return layout.column(field).map(this::date).orElse(null);
    }

    LocalDate date(ImportMapping.Column column) {
      String text = text(column);
      if (text == null) {
        return null;
      }
      JapaneseDates.Parsed parsed = JapaneseDates.parse(text, mapping.dates());
      if (!parsed.ok()) {
        error(column, text, ErrorCode.IMPORT_BAD_DATE, parsed.problemJa(), parsed.problemEn());
      }
      return parsed.date();
    }
  }

  private ImportRow.ChildKey child(Cursor cursor) {
    String resident = cursor.text(ImportMapping.Field.RESIDENT_NUMBER);
    if (resident != null) {
      resident = Cells.normal(resident);
      if (!RESIDENT_NUMBER.matcher(resident).matches()) {
        cursor.error(
            layout.column(ImportMapping.Field.RESIDENT_NUMBER).orElseThrow(),
            resident,
            ErrorCode.IMPORT_BAD_NUMBER,
            "宛名番号は英数字とハイフン20文字以内です",
            "a resident number is at most 20 letters, digits and hyphens");
        resident = null;
      }
    }
    String handbook = cursor.text(ImportMapping.Field.HANDBOOK_NUMBER);
    handbook = handbook == null ? null : Cells.normal(handbook);
    int birthOrder = 1;
    String order = cursor.text(ImportMapping.Field.BIRTH_ORDER);
    if (order != null) {
      String normal = Cells.normal(order);
      if (normal.matches("[1-8]")) {
        birthOrder = Integer.parseInt(normal);
      } else {
        cursor.error(
            layout.column(ImportMapping.Field.BIRTH_ORDER).orElseThrow(),
            order,
            ErrorCode.IMPORT_BAD_NUMBER,
            "出生順位は1～8の数字です",
            "a birth order is a number from 1 to 8");
      }
    }
    if (resident == null && handbook == null && cursor.errors.isEmpty()) {
      cursor.errors.add(
          new RowError(
              cursor.row,
              null,
              null,
              ErrorCode.IMPORT_VALUE_MISSING,
              "子どもを特定する番号（宛名番号または母子健康手帳番号）がありません",
              "names the child by neither resident number nor handbook number"));
    }
    LocalDate birthDate = cursor.date(ImportMapping.Field.BIRTH_DATE);
    String sex = null;
    var sexColumn = layout.column(ImportMapping.Field.SEX);
    if (sexColumn.isPresent()) {
      String text = cursor.text(sexColumn.get());
      if (text != null) {
        sex = (String) cursor.code(sexColumn.get(), text);
      }
    }
    ImportRow.Identity identity = null;
    if (identifiesChildren()) {
      String[] name = split(cursor, ImportMapping.Field.FULL_NAME, "氏名", "name");
      String[] kana = split(cursor, ImportMapping.Field.NAME_KANA, "氏名カナ", "name in kana");
      identity =
          new ImportRow.Identity(
              name == null ? null : name[0],
              name == null ? null : name[1],
              kana == null ? null : kana[0],
              kana == null ? null : kana[1],
              cursor.text(ImportMapping.Field.ADDRESS),
              cursor.text(ImportMapping.Field.GUARDIAN_NAME));
    }
    return new ImportRow.ChildKey(resident, handbook, birthOrder, birthDate, sex, identity);
  }

  /**
   * A name as family and given name, separated by a space (full-width or not); null when blank or,
   * reported, when it is not two parts.
   */
  private String[] split(Cursor cursor, ImportMapping.Field field, String ja, String en) {
    String text = cursor.text(field);
    if (text == null) {
      return null;
    }
    String[] parts = Cells.normal(text).trim().split("\\s+");
    if (parts.length != 2 || parts[0].length() > 100 || parts[1].length() > 100) {
      cursor.error(
          layout.column(field).orElseThrow(),
          text,
          ErrorCode.IMPORT_CHILD_IDENTITY_INCOMPLETE,
          ja + "は氏と名を空白で区切って書きます（例: 鈴木 蓮）",
          "a " + en + " is the family and given name separated by a space");
      return null;
    }
    return parts;
  }

  private ImportRow.Checkup checkup(Cursor cursor) {
    ImportMapping.CheckupKindTarget kind;
    if (layout.kind() == ImportMapping.Kind.PRENATAL) {
      kind = new ImportMapping.CheckupKindTarget(ImportMapping.Kind.PRENATAL_KIND, null);
    } else {
      ImportMapping.Column kindColumn =
          layout.column(ImportMapping.Field.CHECKUP_KIND).orElseThrow();
      String kindText = cursor.text(kindColumn);
      kind =
          kindText == null
              ? null
              : (ImportMapping.CheckupKindTarget) cursor.code(kindColumn, kindText);
    }
    LocalDate visit = cursor.date(ImportMapping.Field.VISIT_DATE);
    StatedAge age = null;
    String ageText = null;
    var ageColumn = layout.column(ImportMapping.Field.AGE_TEXT);
    if (ageColumn.isPresent()) {
      ageText = cursor.text(ageColumn.get());
      if (ageText != null) {
        age = StatedAge.parse(ageText).orElse(null);
        if (age == null) {
          cursor.error(
              ageColumn.get(),
              ageText,
              ErrorCode.IMPORT_BAD_NUMBER,
              "年齢は「3か月15日」「1歳6か月」のように書きます",
              "an age is written like 3か月15日 or 1歳6か月");
        }
      }
    }
    var monthsColumn = layout.column(ImportMapping.Field.AGE_MONTHS);
    if (monthsColumn.isPresent()) {
      String months = cursor.text(monthsColumn.get());
      String days = layout.column(ImportMapping.Field.AGE_DAYS).map(cursor::text).orElse(null);
      if (months != null) {
        ageText = months + (days == null ? "" : "/" + days);
        age = StatedAge.ofColumns(months, days).orElse(null);
        if (age == null) {
          cursor.error(
              monthsColumn.get(),
              ageText,
              ErrorCode.IMPORT_BAD_NUMBER,
              "月齢・日齢は整数です",
              "months and days of age are whole numbers");
        }
      }
    }
    List<ImportRow.ItemValue> items = new ArrayList<>();
    for (ImportMapping.Column column : layout.itemColumns()) {
      String text = cursor.text(column);
      if (text == null) {
        continue;
      }
      CatalogItem item = catalog.byCode(column.item()).orElseThrow();
      if (kind != null && !item.checkups().contains(kind.kind())) {
        cursor.error(
            column,
            text,
            ErrorCode.IMPORT_ITEM_NOT_AT_CHECKUP,
            item.label().ja() + "は" + catalog.kindLabel(kind.kind()).ja() + "では記録しない項目です",
            item.label().en() + " is not recorded at the " + catalog.kindLabel(kind.kind()).en());
        continue;
      }
      FindingValue value = value(cursor, column, item, text);
      if (value != null) {
        items.add(new ImportRow.ItemValue(column, item, text, value));
      }
    }
    String facility = facilityCode(cursor);
    String performer = cursor.text(ImportMapping.Field.PERFORMER_NAME);
    if (performer == null && facility == null) {
      performer = layout.performerName();
    }
    if (kind == null || visit == null) {
      return null;
    }
    return new ImportRow.Checkup(
        kind.kind(), kind.name(), visit, age, ageText, items, facility, performer);
  }

  private FindingValue value(
      Cursor cursor, ImportMapping.Column column, CatalogItem item, String text) {
    switch (item.valueType()) {
      case QUANTITY:
        {
          BigDecimal number = number(cursor, column, text);
          if (number == null) {
            return null;
          }
          BigDecimal canonical = item.toCanonical(number, column.unit()).orElseThrow();
          if (!plausible(cursor, column, item, text, canonical)) {
            return null;
          }
          return new FindingValue.Quantity(canonical, item.canonicalUnit().orElseThrow());
        }
      case INTEGER:
        {
          BigDecimal number = number(cursor, column, text);
          if (number == null) {
            return null;
          }
          if (number.stripTrailingZeros().scale() > 0) {
            cursor.error(
                column, text, ErrorCode.IMPORT_BAD_NUMBER, "整数ではありません", "not a whole number");
            return null;
          }
          if (!plausible(cursor, column, item, text, number)) {
            return null;
          }
          return new FindingValue.WholeNumber(number.intValueExact());
        }
      case CODED:
        {
          Object answer = cursor.code(column, text);
          if (answer == null) {
            return null;
          }
          AnswerCode code =
              item.answers().stream()
                  .filter(a -> a.code().equals(answer))
                  .findFirst()
                  .orElseThrow();
          return new FindingValue.Coded(code.system(), code.code());
        }
      case BOOLEAN:
        {
          Object flag = cursor.code(column, text);
          return flag == null ? null : new FindingValue.Flag((Boolean) flag);
        }
      case STRING:
        return new FindingValue.Text(text);
      case DATE:
        {
          LocalDate date = cursor.date(column);
          return date == null ? null : new FindingValue.Day(date);
        }
      default:
        throw new IllegalStateException("Not imported: " + item.valueType());
    }
  }

  private static BigDecimal number(Cursor cursor, ImportMapping.Column column, String text) {
    String normal = Cells.normal(text);
    if (THOUSANDS.matcher(normal).matches()) {
      normal = normal.replace(",", "");
    }
    if (!normal.matches("-?\\d{1,9}(\\.\\d{1,6})?")) {
      cursor.error(column, text, ErrorCode.IMPORT_BAD_NUMBER, "数値ではありません", "not a number");
      return null;
    }
    return new BigDecimal(normal);
  }

  /** Within the range that holds for a child: a 90 kg infant is a typo, not a finding. */
  private boolean plausible(
      Cursor cursor,
      ImportMapping.Column column,
      CatalogItem item,
      String text,
      BigDecimal canonical) {
    boolean mother = layout.kind() == ImportMapping.Kind.PRENATAL;
    PlausibleRange range =
        item.plausibleRange(mother ? Subject.MOTHER : Subject.CHILD).orElseThrow();
    if (range.contains(canonical)) {
      return true;
    }
    String unit = item.canonicalUnit().map(u -> " " + u).orElse("");
    cursor.error(
        column,
        text,
        ErrorCode.IMPORT_IMPLAUSIBLE_VALUE,
        item.label().ja()
            + "として考えられない値です（"
            + (mother ? "妊婦" : "子ども")
            + "の範囲 "
            + range.min().toPlainString()
            + "～"
            + range.max().toPlainString()
            + unit
            + (column.unit() == null ? "" : "、この列の単位は " + column.unit())
            + "）",
        item.label().en()
            + " outside the plausible range for "
            + (mother ? "a pregnant person" : "a child")
            + ", "
            + range.min().toPlainString()
            + "–"
            + range.max().toPlainString()
            + unit
            + (column.unit() == null ? "" : " (this column is in " + column.unit() + ")"));
    return false;
  }

  private String facilityCode(Cursor cursor) {
    var column = layout.column(ImportMapping.Field.FACILITY_CODE);
    if (column.isEmpty()) {
      return null;
    }
    String text = cursor.text(column.get());
    if (text == null) {
      return null;
    }
    String code = Cells.normal(text);
    if (!SukoyakaCanonicals.isMedicalInstitutionCode(code)) {
      cursor.error(
          column.get(),
          text,
          ErrorCode.IMPORT_BAD_FACILITY_CODE,
          "医療機関コードは10桁の数字です",
          "a 医療機関コード has 10 digits");
      return null;
    }
    return code;
  }

  private ImportRow.Vaccination vaccination(Cursor cursor) {
    ImportMapping.Column vaccineColumn = layout.column(ImportMapping.Field.VACCINE).orElseThrow();
    String vaccineText = cursor.text(vaccineColumn);
    ImportMapping.VaccineTarget vaccine =
        vaccineText == null
            ? null
            : (ImportMapping.VaccineTarget) cursor.code(vaccineColumn, vaccineText);
    String doseLabel = null;
    var doseColumn = layout.column(ImportMapping.Field.DOSE);
    if (doseColumn.isPresent()) {
      String dose = cursor.text(doseColumn.get());
      if (dose != null && vaccine != null) {
        Map<String, String> own = doseColumn.get().codesByVaccine().get(vaccine.kind());
        doseLabel = own == null ? null : own.get(Cells.normal(dose));
        if (doseLabel == null) {
          doseLabel = (String) cursor.code(doseColumn.get(), dose);
        }
      }
    }
    LocalDate date = cursor.date(ImportMapping.Field.DATE);
    String lot = cursor.text(ImportMapping.Field.LOT);
    boolean routine = Boolean.TRUE.equals(layout.routine());
    var routineColumn = layout.column(ImportMapping.Field.ROUTINE);
    if (routineColumn.isPresent()) {
      String text = cursor.text(routineColumn.get());
      if (text != null) {
        Object flag = cursor.code(routineColumn.get(), text);
        routine = Boolean.TRUE.equals(flag);
      }
    }
    String facility = facilityCode(cursor);
    String performer = cursor.text(ImportMapping.Field.PERFORMER_NAME);
    if (vaccine == null || date == null) {
      return null;
    }
    return new ImportRow.Vaccination(
        vaccine.kind(),
        vaccine.product(),
        doseLabel,
        date,
        lot == null ? null : lot.strip(),
        routine,
        facility,
        performer == null ? null : performer.strip());
  }
}
