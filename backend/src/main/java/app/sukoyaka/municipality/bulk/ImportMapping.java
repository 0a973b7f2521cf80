package app.sukoyaka.municipality.bulk;

import app.sukoyaka.profiles.LocalizedText;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one legacy health-management system lays out its CSV exports, as a data file (see the
 * mappings' README): the encoding, the date style and, per kind of export (checkups, vaccinations),
 * every column it maps, to a part of the row (the child's identifiers, the kind of checkup, the
 * vaccine …) or to an item of the checkup catalog, with the system's code values and what they
 * mean.
 *
 * @param system the id staff choose it by ({@code --system}, {@code ?system=})
 * @param source where the layout comes from; for a vendor's export, "vendor export layout as
 *     configured by the municipality"
 * @param municipalities the 全国地方公共団体コード of the municipalities that may use it; empty: any
 * @param origin the bundled resource or the file it was read from
 */
public record ImportMapping(
    String system,
    LocalizedText name,
    String source,
    LocalDate effectiveFrom,
    List<String> notes,
    Charset charset,
    char delimiter,
    JapaneseDates.Style dates,
    Set<String> municipalities,
    List<Layout> layouts,
    String origin) {

  public ImportMapping {
    Objects.requireNonNull(system, "system");
    notes = List.copyOf(notes);
    municipalities = Set.copyOf(municipalities);
    layouts = List.copyOf(layouts);
  }

  /** What a file of one layout holds. */
  public enum Kind {
    CHECKUP("checkup"),
    VACCINATION("vaccination"),
    /** 妊婦健診: a pregnant person's prenatal checkups, the kind {@link #PRENATAL_KIND}. */
    PRENATAL("prenatal");

    /** The catalog's checkup kind of a prenatal layout's rows. */
    static final String PRENATAL_KIND = "prenatal";

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    String code() {
      return code;
    }

    static Optional<Kind> of(String code) {
      for (Kind kind : values()) {
        if (kind.code.equals(code)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  /** The parts of a row a column can carry, besides catalog items. */
  public enum Field {
    /** 宛名番号. */
    RESIDENT_NUMBER("residentNumber", true),
    /** 母子健康手帳の交付番号. */
    HANDBOOK_NUMBER("handbookNumber", true),
    /** 出生順位, for twins and other multiples sharing a handbook number. */
    BIRTH_ORDER("birthOrder", true),
    BIRTH_DATE("birthDate", true),
    /** Checked against the child on record; codes to male or female. */
    SEX("sex", true),
    /** Documents a name column; not read (names are not how children are matched). */
    NAME("name", true),
    /**
     * The child's name (氏名, family and given name separated by a space): read to record a child the
     * municipality does not have yet, and checked against the child on record.
     */
    FULL_NAME("fullName", false),
    /** The child's name in kana (氏名カナ, separated by a space), as {@link #FULL_NAME}. */
    NAME_KANA("nameKana", false),
    /** The child's address as the municipality's system has it, kept with a child recorded now. */
    ADDRESS("address", false),
    /** The guardian's name as the municipality's system has it, kept with a child recorded now. */
    GUARDIAN_NAME("guardianName", false),
    CHECKUP_KIND("checkupKind", false),
    VISIT_DATE("visitDate", false),
    /** The stated age as text (3か月15日, 1歳6か月). */
    AGE_TEXT("ageText", false),
    AGE_MONTHS("ageMonths", false),
    AGE_DAYS("ageDays", false),
    /** The 医療機関コード of the facility that held the checkup or gave the dose. */
    FACILITY_CODE("facilityCode", true),
    /** Where it was held or given, by name. */
    PERFORMER_NAME("performerName", true),
    VACCINE("vaccine", false),
    DOSE("dose", false),
    DATE("date", false),
    LOT("lot", false),
    /** 定期接種 or 任意接種. */
    ROUTINE("routine", false);

    private final String json;
    private final boolean anyKind;

    Field(String json, boolean anyKind) {
      this.json = json;
      this.anyKind = anyKind;
    }

    String json() {
      return json;
    }

    /** Whether the field belongs in a layout of that kind. */
    boolean fits(Kind kind) {
      if (anyKind) {
        return true;
      }
      return switch (this) {
        case CHECKUP_KIND, AGE_TEXT, AGE_MONTHS, AGE_DAYS -> kind == Kind.CHECKUP;
        case VISIT_DATE -> kind == Kind.CHECKUP || kind == Kind.PRENATAL;
        case FULL_NAME, NAME_KANA, ADDRESS, GUARDIAN_NAME -> kind != Kind.PRENATAL;
        default -> kind == Kind.VACCINATION;
      };
    }

    static Optional<Field> of(String json) {
      for (Field field : values()) {
        if (field.json.equals(json)) {
          return Optional.of(field);
        }
      }
      return Optional.empty();
    }
  }

  /** A kind of checkup a code stands for; a municipality's own checkup carries its name. */
  public record CheckupKindTarget(String kind, String name) {}

  /** A vaccine a code stands for: our vaccine kind, and the product where the code names one. */
  public record VaccineTarget(String kind, String product) {}

  /**
   * One column of a layout.
   *
   * @param name the header text, in {@link Cells#normal} form
   * @param field what it carries, or null for a catalog item
   * @param item the catalog item's code, or null for a field
   * @param unit the UCUM unit a quantity is written in
   * @param codes the system's values (in normal form) and what they stand for: a String (an answer,
   *     a kind of checkup, a dose label, a sex), a Boolean, a {@link CheckupKindTarget} or a {@link
   *     VaccineTarget}; empty where the value is read as it is
   * @param codesByVaccine dose labels per vaccine kind where a system numbers doses its own way
   *     (日本脳炎's 1期追加 as 3); they take precedence over {@code codes}
   * @param required whether a row must fill it
   * @param optional whether a file may lack the column (the layout fits a header without it)
   */
  public record Column(
      String name,
      Field field,
      String item,
      String unit,
      Map<String, Object> codes,
      Map<String, Map<String, String>> codesByVaccine,
      boolean required,
      String description,
      boolean optional) {
    public Column {
      codes = Map.copyOf(codes);
      codesByVaccine = Map.copyOf(codesByVaccine);
    }

    /** The column as the error report names it. */
    String label() {
      return name;
    }
  }

  /**
   * The layout of one kind of export.
   *
   * @param routine whether doses are 定期接種 when the file has no column saying so (a municipality's
   *     system records the routine vaccinations it pays for)
   * @param performerName where checkups were held when the file does not say (the health centre)
   */
  public record Layout(Kind kind, List<Column> columns, Boolean routine, String performerName) {
    public Layout {
      columns = List.copyOf(columns);
    }

    Optional<Column> column(Field field) {
      return columns.stream().filter(c -> c.field() == field).findFirst();
    }

    List<Column> itemColumns() {
      return columns.stream().filter(c -> c.item() != null).toList();
    }

    /** The header names every file of this layout must have (its optional columns aside). */
    Set<String> names() {
      Set<String> names = new HashSet<>();
      columns.stream().filter(c -> !c.optional()).forEach(c -> names.add(c.name()));
      return names;
    }

    /** The header's columns this layout does not name, in the header's order. */
    List<String> ignored(List<String> header) {
      List<String> ignored = new ArrayList<>();
      Set<String> names = new HashSet<>();
      columns.forEach(c -> names.add(c.name()));
      for (String name : header) {
        if (!names.contains(name) && !name.isEmpty()) {
          ignored.add(name);
        }
      }
      return ignored;
    }
  }

  Optional<Layout> layout(Kind kind) {
    return layouts.stream().filter(l -> l.kind() == kind).findFirst();
  }

  /** Whether staff of the municipality with this code may use it. */
  boolean isFor(String municipalityCode) {
    return municipalities.isEmpty() || municipalities.contains(municipalityCode);
  }

  /**
   * The layout the header (in normal form) is a file of: every column of the layout is in it. Empty
   * when none fits, or when more than one does.
   */
  Optional<Layout> layoutOf(List<String> header) {
    Set<String> present = new HashSet<>(header);
    List<Layout> fitting = layouts.stream().filter(l -> present.containsAll(l.names())).toList();
    return fitting.size() == 1 ? Optional.of(fitting.get(0)) : Optional.empty();
  }
}
