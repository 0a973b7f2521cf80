package app.sukoyaka.phr.myportal;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.Subject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the portal's records into ours, as the {@link PortalLayoutMapping} says: checkups into an
 * encounter's findings keyed by catalog item, vaccinations into a dose of one of our vaccine kinds.
 * A record that cannot be mapped whole is refused with the reason ({@link Unmappable}); nothing of
 * it is kept. Items the catalog does not record at that kind of checkup are listed as not kept.
 * Pure.
 */
public final class PortalRecordMapper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AGE =
      Pattern.compile("^(?:(\\d+)歳)?(?:(\\d+)(?:か|ヶ|カ|ケ)?月)?(?:(\\d+)日)?$");
  static final String AGE_ITEM = "age-at-checkup";

  private final PortalLayoutMapping mapping;
  private final CheckupItemCatalog catalog;

  public PortalRecordMapper(PortalLayoutMapping mapping, CheckupItemCatalog catalog) {
    this.mapping = mapping;
    this.catalog = catalog;
  }

  /** A record the mapping cannot turn into one of ours, and why. */
  public static final class Unmappable extends Exception {
    public Unmappable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One finding of a mapped checkup. */
  public record MappedFinding(String itemCode, FindingValue value) {}

  /**
   * A checkup as mapped.
   *
   * @param gestationalAgeDays for a 妊婦健診, when the layout gives it; else null
   * @param notKept the layout items that had a value and that the catalog does not record at this
   *     kind of checkup, with why
   */
  public record MappedCheckup(
      String kind,
      LocalDate visitDate,
      Integer gestationalAgeDays,
      String facilityCode,
      String facilityName,
      List<MappedFinding> findings,
      List<String> notKept) {
    public MappedCheckup {
      findings = List.copyOf(findings);
      notKept = List.copyOf(notKept);
    }

    /** The finding of that item, if any. */
    public FindingValue value(String itemCode) {
      return findings.stream()
          .filter(f -> f.itemCode().equals(itemCode))
          .map(MappedFinding::value)
          .findFirst()
          .orElse(null);
    }
  }

  /** A vaccination as mapped. */
  public record MappedDose(
      String vaccineKind,
      String product,
      String doseLabel,
      LocalDate date,
      String lotNumber,
      String facilityCode,
      String facilityName,
      Boolean routine) {}

  public String mappingVersion() {
    return mapping.version();
  }

  /** A 乳幼児健診 of a child born on {@code birthDate}. */
  public MappedCheckup infantCheckup(PortalRecord record, LocalDate birthDate) throws Unmappable {
    PortalLayoutMapping.CheckupLayout layout = mapping.infantCheckup();
    JsonNode items = record.items();
    String kindCode = required(items, layout.kindItem());
    String kind = layout.kinds().get(kindCode);
    if (kind == null) {
      throw new Unmappable(layout.kindItem() + " '" + kindCode + "' is not in the mapping");
    }
    LocalDate visit = date(items, layout.visitDateItem());
    if (visit.isBefore(birthDate)) {
      throw new Unmappable(layout.visitDateItem() + " " + visit + " is before the birth");
    }
    List<MappedFinding> findings = new ArrayList<>();
    List<String> notKept = new ArrayList<>();
    if (layout.ageItem() != null && has(items, layout.ageItem())) {
      checkAge(items.path(layout.ageItem()).asText(), birthDate, visit, layout.ageItem());
    }
    CatalogItem age = catalog.byCode(AGE_ITEM).orElseThrow();
    if (age.checkups().contains(kind)) {
      // 健診受診時月齢: the dates give it exactly, as the bulk import records it.
      findings.add(
          new MappedFinding(
              AGE_ITEM,
              new FindingValue.Quantity(
                  BigDecimal.valueOf(ChronoUnit.DAYS.between(birthDate, visit)), "d")));
    }
    quantities(layout, items, kind, Subject.CHILD, findings, notKept);
    coded(layout, items, kind, findings, notKept);
    JsonNode listed = items.path(layout.findingsItem());
    for (JsonNode finding : listed) {
      String name = finding.path(layout.findingNameMember()).asText("");
      String itemCode = layout.findingItems().get(name);
      if (itemCode == null) {
        notKept.add(layout.findingsItem() + " " + name + ": not in the mapping");
        continue;
      }
      String raw = finding.path(layout.findingValueMember()).asText("");
      String answer = layout.findingValues().get(raw);
      if (answer == null) {
        throw new Unmappable(
            layout.findingsItem() + " " + name + ": '" + raw + "' is not a value of the mapping");
      }
      String text =
          layout.findingTextMember() == null
              ? null
              : blankToNull(finding.path(layout.findingTextMember()).asText(null));
      addCoded(kind, itemCode, answer, text, name, findings, notKept);
    }
    return new MappedCheckup(
        kind,
        visit,
        null,
        optional(items, layout.facilityCodeItem()),
        required(items, layout.facilityNameItem()),
        sorted(findings),
        notKept);
  }

  /** A 妊婦健診. */
  public MappedCheckup prenatalCheckup(PortalRecord record) throws Unmappable {
    PortalLayoutMapping.CheckupLayout layout = mapping.prenatalCheckup();
    JsonNode items = record.items();
    LocalDate visit = date(items, layout.visitDateItem());
    Integer gestationalDays = null;
    if (layout.gestationalWeeksItem() != null && has(items, layout.gestationalWeeksItem())) {
      int weeks = whole(items, layout.gestationalWeeksItem());
      int days =
          layout.gestationalDaysItem() != null && has(items, layout.gestationalDaysItem())
              ? whole(items, layout.gestationalDaysItem())
              : 0;
      if (weeks < 0 || weeks > 45 || days < 0 || days > 6) {
        throw new Unmappable("妊娠週数 " + weeks + "週" + days + "日 is not a gestational age");
      }
      gestationalDays = weeks * 7 + days;
    }
    List<MappedFinding> findings = new ArrayList<>();
    List<String> notKept = new ArrayList<>();
    String kind = "prenatal";
    if (gestationalDays != null) {
      findings.add(
          new MappedFinding(
              "gestational-age",
              new FindingValue.Quantity(BigDecimal.valueOf(gestationalDays), "d")));
    }
    quantities(layout, items, kind, Subject.MOTHER, findings, notKept);
    coded(layout, items, kind, findings, notKept);
    return new MappedCheckup(
        kind,
        visit,
        gestationalDays,
        optional(items, layout.facilityCodeItem()),
        required(items, layout.facilityNameItem()),
        sorted(findings),
        notKept);
  }

  /** A vaccination. */
  public MappedDose dose(PortalRecord record) throws Unmappable {
    PortalLayoutMapping.DoseLayout layout = mapping.immunization();
    JsonNode items = record.items();
    String vaccineCode = required(items, layout.vaccineItem());
    PortalLayoutMapping.Vaccine vaccine = layout.vaccines().get(vaccineCode);
    if (vaccine == null) {
      throw new Unmappable(layout.vaccineItem() + " '" + vaccineCode + "' is not in the mapping");
    }
    LocalDate date = date(items, layout.dateItem());
    String doseLabel = null;
    String number = optional(items, layout.doseItem());
    if (number != null) {
      doseLabel = layout.doseLabel(vaccine.kind(), number);
      if (doseLabel == null) {
        throw new Unmappable(
            layout.doseItem() + " '" + number + "' is not a dose of " + vaccine.kind());
      }
    }
    Boolean routine = null;
    String routineCode = optional(items, layout.routineItem());
    if (routineCode != null) {
      routine = layout.routineValues().get(routineCode);
      if (routine == null) {
        throw new Unmappable(layout.routineItem() + " '" + routineCode + "' is not in the mapping");
      }
    }
    return new MappedDose(
        vaccine.kind(),
        vaccine.product(),
        doseLabel,
        date,
        optional(items, layout.lotItem()),
        optional(items, layout.facilityCodeItem()),
        required(items, layout.facilityNameItem()),
        routine);
  }

  private void quantities(
      PortalLayoutMapping.CheckupLayout layout,
      JsonNode items,
      String kind,
      Subject subject,
      List<MappedFinding> findings,
      List<String> notKept)
      throws Unmappable {
    for (PortalLayoutMapping.Quantity quantity : layout.quantities()) {
      if (!has(items, quantity.layoutItem())) {
        continue;
      }
      CatalogItem item = catalog.byCode(quantity.item()).orElseThrow();
      if (!item.checkups().contains(kind)) {
        notKept.add(quantity.layoutItem() + ": not recorded at " + kind + " in the item catalog");
        continue;
      }
      BigDecimal value;
      try {
        value = new BigDecimal(items.path(quantity.layoutItem()).asText().trim());
      } catch (NumberFormatException e) {
        throw new Unmappable(quantity.layoutItem() + " is not a number");
      }
      BigDecimal canonical = item.toCanonical(value, quantity.unit()).orElseThrow();
      if (!item.isPlausibleFor(subject, canonical)) {
        throw new Unmappable(
            quantity.layoutItem()
                + " "
                + value.toPlainString()
                + " "
                + quantity.unit()
                + " is not plausible");
      }
      findings.add(
          new MappedFinding(
              item.code(),
              new FindingValue.Quantity(
                  canonical.stripTrailingZeros(), item.canonicalUnit().orElseThrow())));
    }
  }

  private void coded(
      PortalLayoutMapping.CheckupLayout layout,
      JsonNode items,
      String kind,
      List<MappedFinding> findings,
      List<String> notKept)
      throws Unmappable {
    for (PortalLayoutMapping.Coded coded : layout.coded()) {
      if (!has(items, coded.layoutItem())) {
        continue;
      }
      String raw = items.path(coded.layoutItem()).asText();
      String answer = coded.values().get(raw);
      if (answer == null) {
        throw new Unmappable(coded.layoutItem() + " '" + raw + "' is not a value of the mapping");
      }
      addCoded(kind, coded.item(), answer, null, coded.layoutItem(), findings, notKept);
    }
  }

  private void addCoded(
      String kind,
      String itemCode,
      String answerCode,
      String text,
      String layoutItem,
      List<MappedFinding> findings,
      List<String> notKept) {
    CatalogItem item = catalog.byCode(itemCode).orElseThrow();
    if (!item.checkups().contains(kind)) {
      notKept.add(layoutItem + ": not recorded at " + kind + " in the item catalog");
      return;
    }
    AnswerCode answer =
        item.answers().stream().filter(a -> a.code().equals(answerCode)).findFirst().orElseThrow();
    findings.add(
        new MappedFinding(itemCode, new FindingValue.Coded(answer.system(), answer.code(), text)));
  }

  private static void checkAge(String stated, LocalDate birth, LocalDate visit, String item)
      throws Unmappable {
    Matcher matcher = AGE.matcher(stated.replace(" ", "").replace("　", ""));
    if (stated.isBlank() || !matcher.matches()) {
      throw new Unmappable(item + " '" + stated + "' is not an age");
    }
    Period age = Period.between(birth, visit);
    long months = age.toTotalMonths();
    int statedYears = matcher.group(1) == null ? 0 : Integer.parseInt(matcher.group(1));
    int statedMonths = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
    boolean fits = statedYears * 12L + statedMonths == months;
    if (matcher.group(3) != null && matcher.group(1) == null) {
      fits = fits && Integer.parseInt(matcher.group(3)) == age.getDays();
    }
    if (!fits) {
      throw new Unmappable(
          item + " '" + stated + "' does not fit the birth and visit dates (" + age + ")");
    }
  }

  private static List<MappedFinding> sorted(List<MappedFinding> findings) {
    List<MappedFinding> copy = new ArrayList<>(findings);
    copy.sort(Comparator.comparing(MappedFinding::itemCode));
    return copy;
  }

  private static boolean has(JsonNode items, String item) {
    JsonNode value = items.path(item);
    return !value.isMissingNode() && !value.isNull() && !value.asText("").isBlank();
  }

  private static String required(JsonNode items, String item) throws Unmappable {
    if (!has(items, item)) {
      throw new Unmappable(item + " is missing");
    }
    return items.path(item).asText().trim();
  }

  private static String optional(JsonNode items, String item) {
    return item != null && has(items, item) ? items.path(item).asText().trim() : null;
  }

  private static LocalDate date(JsonNode items, String item) throws Unmappable {
    String value = required(items, item);
    try {
      return LocalDate.parse(value.replace('/', '-'));
    } catch (DateTimeParseException e) {
      throw new Unmappable(item + " '" + value + "' is not a date");
    }
  }

  private static int whole(JsonNode items, String item) throws Unmappable {
    try {
      return Integer.parseInt(items.path(item).asText().trim());
    } catch (NumberFormatException e) {
      throw new Unmappable(item + " is not a whole number");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  // --- Content, as compared and as shown ----------------------------------------------------

  /** The checkup's content as compared between retrievals and shown in a conflict. */
  public static ObjectNode content(MappedCheckup checkup) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", checkup.kind());
    node.put("date", checkup.visitDate().toString());
    if (checkup.gestationalAgeDays() != null) {
      node.put("gestationalAgeDays", checkup.gestationalAgeDays());
    }
    node.put("facilityCode", checkup.facilityCode());
    node.put("facility", checkup.facilityName());
    ObjectNode values = node.putObject("values");
    for (MappedFinding finding : checkup.findings()) {
      values.put(finding.itemCode(), describe(finding.value()));
    }
    return node;
  }

  /** The dose's content as compared between retrievals and shown in a conflict. */
  public static ObjectNode content(MappedDose dose) {
    ObjectNode node = JSON.createObjectNode();
    node.put("vaccineKind", dose.vaccineKind());
    node.put("product", dose.product());
    node.put("dose", dose.doseLabel());
    node.put("date", dose.date().toString());
    node.put("lotNumber", dose.lotNumber());
    node.put("facilityCode", dose.facilityCode());
    node.put("facility", dose.facilityName());
    if (dose.routine() == null) {
      node.putNull("routine");
    } else {
      node.put("routine", dose.routine());
    }
    return node;
  }

  /** A finding's value as one comparable text: a number without trailing zeros and its unit. */
  public static String describe(FindingValue value) {
    if (value instanceof FindingValue.Quantity) {
      FindingValue.Quantity q = (FindingValue.Quantity) value;
      return q.value().stripTrailingZeros().toPlainString() + " " + q.unit();
    }
    if (value instanceof FindingValue.Coded) {
      FindingValue.Coded c = (FindingValue.Coded) value;
      return c.code() + (c.text() == null ? "" : " (" + c.text() + ")");
    }
    if (value instanceof FindingValue.Flag) {
      return Boolean.toString(((FindingValue.Flag) value).value());
    }
    if (value instanceof FindingValue.Text) {
      return ((FindingValue.Text) value).value();
    }
    if (value instanceof FindingValue.Day) {
      return ((FindingValue.Day) value).value().toString();
    }
    if (value instanceof FindingValue.WholeNumber) {
      return Integer.toString(((FindingValue.WholeNumber) value).value());
    }
    return Objects.toString(((FindingValue.Moment) value).value());
  }

  /**
   * A finding's value as compared: like {@link #describe} but a coded answer by its code alone (the
   * words written with it are not a different value).
   */
  public static String comparable(FindingValue value) {
    if (value instanceof FindingValue.Coded) {
      return ((FindingValue.Coded) value).code();
    }
    return describe(value);
  }

  /** The values of the same item that differ between ours and theirs, by item. */
  public static Map<String, String[]> differences(
      Map<String, String> ours, Map<String, String> theirs) {
    Map<String, String[]> differing = new java.util.TreeMap<>();
    for (Map.Entry<String, String> their : theirs.entrySet()) {
      String our = ours.get(their.getKey());
      if (our != null && !our.equals(their.getValue())) {
        differing.put(their.getKey(), new String[] {our, their.getValue()});
      }
    }
    return differing;
  }
}
