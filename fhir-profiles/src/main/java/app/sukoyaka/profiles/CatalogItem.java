package app.sukoyaka.profiles;

import java.math.BigDecimal;
import java.util.List;
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
 * @param plausibleRange range in the canonical unit; {@code null} unless {@link ValueType#QUANTITY}
 * @param checkups codes of {@link SukoyakaCanonicals#CHECKUP_KIND_SYSTEM} whose visits record it
 * @param mandatoryDigitisation whether it belongs to the 最低限電子化すべき情報
 * @param fhirCodes every coding accepted for the item, our own code included
 */
public record CatalogItem(
    String code,
    LocalizedText label,
    ValueType valueType,
    List<UnitConversion> units,
    List<AnswerCode> answers,
    PlausibleRange plausibleRange,
    Set<String> checkups,
    boolean mandatoryDigitisation,
    List<CodingRef> fhirCodes,
    String source) {

  public CatalogItem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(source, "source");
    units = List.copyOf(units);
    answers = List.copyOf(answers);
    checkups = Set.copyOf(checkups);
    fhirCodes = List.copyOf(fhirCodes);
    if (!code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("Item code is not kebab-case: " + code);
    }
    boolean quantity = valueType == ValueType.QUANTITY;
    if (quantity != !units.isEmpty() || quantity != (plausibleRange != null)) {
      throw new IllegalArgumentException(
          code + ": units and plausibleRange are required for quantities and only for them");
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
   * Whether {@code value} in {@code ucum} is an accepted unit and, converted, within the plausible
   * range.
   */
  public boolean isPlausible(BigDecimal value, String ucum) {
    return toCanonical(value, ucum).map(plausibleRange::contains).orElse(false);
  }

  /** The permitted answer with this coding, if it is one. */
  public Optional<AnswerCode> answer(String system, String code) {
    return answers.stream()
        .filter(answer -> answer.system().equals(system) && answer.code().equals(code))
        .findFirst();
  }

  /** Whether the coding names this item. */
  public boolean isCodedBy(String system, String code) {
    return fhirCodes.contains(new CodingRef(system, code));
  }
}
