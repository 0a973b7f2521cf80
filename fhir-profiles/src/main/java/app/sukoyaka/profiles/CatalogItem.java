package app.sukoyaka.profiles;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One checkup item of the catalog: what is recorded, how, and which FHIR codings name it.
 *
 * @param code our stable kebab-case code, also the code in {@link
 *     SukoyakaCanonicals#CHECKUP_ITEM_SYSTEM}
 * @param units accepted UCUM units, the canonical one first; empty unless {@link
 *     ValueType#QUANTITY}
 * @param answers permitted answers; empty unless {@link ValueType#CODED}
 * @param plausibleRanges range in the canonical unit per subject; empty unless a quantity or an
 *     integer
 * @param checkups codes of {@link SukoyakaCanonicals#CHECKUP_KIND_SYSTEM} whose visits record it
 * @param mandatoryDigitisation whether it belongs to the 最低限電子化すべき情報
 * @param fhirCodes every coding accepted for the item, our own code included
 * @param subjects whom its Observations may be about: body weight is measured on mothers and
 *     children, each with its own plausible range
 * @param category the JP Core simple observation category (body-measurement, vital-signs,
 *     laboratory, exam, social-history, survey, procedure) every Observation of the item carries,
 *     which also selects the JP Core profile it must satisfy
 * @param recordedBy who may record it; parents only record growth and milestones
 * @param answerSet the code of the {@link AnswerSet} the answers come from; {@code null} unless
 *     coded
 * @param specimen what a laboratory item is measured on (血液, 尿 …); required for category
 *     laboratory, where JP Core requires Observation.specimen, and only there
 */
public record CatalogItem(
    String code,
    LocalizedText label,
    ValueType valueType,
    List<UnitConversion> units,
    List<AnswerCode> answers,
    Map<Subject, PlausibleRange> plausibleRanges,
    Set<String> checkups,
    boolean mandatoryDigitisation,
    List<CodingRef> fhirCodes,
    String source,
    Set<Subject> subjects,
    String category,
    Set<Recorder> recordedBy,
    String answerSet,
    LocalizedText specimen) {

  /** The JP Core simple observation categories an item may carry. */
  public static final Set<String> CATEGORIES =
      Set.of(
          "body-measurement",
          "vital-signs",
          "laboratory",
          "exam",
          "social-history",
          "survey",
          "procedure");

  public CatalogItem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(category, "category");
    subjects = Set.copyOf(subjects);
    plausibleRanges = Map.copyOf(plausibleRanges);
    units = List.copyOf(units);
    recordedBy = Set.copyOf(recordedBy);
    answers = List.copyOf(answers);
    checkups = Set.copyOf(checkups);
    fhirCodes = List.copyOf(fhirCodes);
    if (!code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("Item code is not kebab-case: " + code);
    }
    boolean quantity = valueType == ValueType.QUANTITY;
    boolean ranged = quantity || valueType == ValueType.INTEGER;
    if (quantity != !units.isEmpty()
        || ranged != !plausibleRanges.isEmpty()
        || (ranged && !plausibleRanges.keySet().equals(subjects))) {
      throw new IllegalArgumentException(
          code
              + ": units are required for quantities and only for them, plausibleRange for"
              + " quantities and integers (one per subject) and only for them");
    }
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException(code + ": an item is about at least one subject");
    }
    if (!CATEGORIES.contains(category)) {
      throw new IllegalArgumentException(code + ": unknown category " + category);
    }
    if (category.equals("laboratory") != (specimen != null)) {
      throw new IllegalArgumentException(
          code + ": a specimen is required for laboratory items and only for them");
    }
    if (recordedBy.isEmpty()) {
      throw new IllegalArgumentException(code + ": recordedBy names at least one recorder");
    }
    if ((valueType == ValueType.CODED) != (answerSet != null)) {
      throw new IllegalArgumentException(
          code + ": an answer set is required for coded items and only for them");
    }
    if (quantity && units.get(0).factor().compareTo(BigDecimal.ONE) != 0) {
      throw new IllegalArgumentException(code + ": the first (canonical) unit needs factor 1");
    }
    if ((valueType == ValueType.CODED) == answers.isEmpty()) {
      throw new IllegalArgumentException(
          code + ": answers are required for coded items and only for them");
    }
    if (!fhirCodes.contains(new CodingRef(SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM, code))) {
      throw new IllegalArgumentException(code + ": fhirCodes must include the item's own code");
    }
    if (checkups.isEmpty()) {
      throw new IllegalArgumentException(code + ": an item belongs to at least one checkup kind");
    }
  }

  /** The unit values are stored in; empty for items that are not quantities. */
  public Optional<String> canonicalUnit() {
    return units.isEmpty() ? Optional.empty() : Optional.of(units.get(0).ucum());
  }

  /**
   * Converts {@code value} given in {@code ucum} to the canonical unit; empty when the item does
   * not accept that unit (UCUM codes are case-sensitive).
   */
  public Optional<BigDecimal> toCanonical(BigDecimal value, String ucum) {
    Objects.requireNonNull(value, "value");
    return units.stream()
        .filter(unit -> unit.ucum().equals(ucum))
        .findFirst()
        .map(unit -> value.multiply(unit.factor()));
  }

  /**
   * The range that holds for every subject (the widest); what the FHIR profile can check without
   * knowing whom an Observation is about. {@code null} unless a quantity or an integer.
   */
  public PlausibleRange plausibleRange() {
    return plausibleRanges.values().stream()
        .reduce((a, b) -> new PlausibleRange(a.min().min(b.min()), a.max().max(b.max())))
        .orElse(null);
  }

  /** The range for one subject, if the item is ranged and about that subject. */
  public Optional<PlausibleRange> plausibleRange(Subject subject) {
    return Optional.ofNullable(plausibleRanges.get(subject));
  }

  /**
   * Whether {@code value} in {@code ucum} is an accepted unit and, converted, within the widest
   * plausible range.
   */
  public boolean isPlausible(BigDecimal value, String ucum) {
    PlausibleRange range = plausibleRange();
    return range != null && toCanonical(value, ucum).map(range::contains).orElse(false);
  }

  /** Whether the value, converted to the canonical unit, is plausible for this subject. */
  public boolean isPlausibleFor(Subject subject, BigDecimal canonicalValue) {
    return plausibleRange(subject).map(range -> range.contains(canonicalValue)).orElse(false);
  }

  /** Whether the item is about this subject. */
  public boolean isAbout(Subject subject) {
    return subjects.contains(subject);
  }

  /** The permitted answer with this coding, if it is one. */
  public Optional<AnswerCode> answer(String system, String code) {
    return answers.stream()
        .filter(answer -> answer.system().equals(system) && answer.code().equals(code))
        .findFirst();
  }

  /** Whether clinics submit it (as opposed to parent-only entries). */
  public boolean isClinicRecorded() {
    return recordedBy.contains(Recorder.CLINIC);
  }

  /** Whether parents may record it in the app. */
  public boolean isParentRecordable() {
    return recordedBy.contains(Recorder.PARENT);
  }

  /** Whether the coding names this item. */
  public boolean isCodedBy(String system, String code) {
    return fhirCodes.contains(new CodingRef(system, code));
  }
}
