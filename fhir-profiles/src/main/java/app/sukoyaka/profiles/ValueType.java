package app.sukoyaka.profiles;

import java.util.Arrays;
import java.util.Locale;

/** How a catalog item's value is recorded; the JSON catalog spells these in lower case. */
public enum ValueType {
  /** A measurement with a UCUM unit ({@code Observation.valueQuantity}). */
  QUANTITY,
  /** One of the item's answer codes ({@code Observation.valueCodeableConcept}). */
  CODED,
  /** Yes or no ({@code Observation.valueBoolean}). */
  BOOLEAN,
  /** Free text ({@code Observation.valueString}). */
  STRING,
  /** A calendar date ({@code Observation.valueDateTime} at day precision). */
  DATE,
  /** A whole number such as a score or a count ({@code Observation.valueInteger}). */
  INTEGER,
  /**
   * A moment with its time of day and offset, such as the time of birth ({@code
   * Observation.valueDateTime} at second precision or finer).
   */
  DATETIME;

  /** The spelling used in {@code checkup-items.json}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the catalog spelling; rejects unknown names so a typo fails at load time. */
  public static ValueType fromJsonName(String name) {
    return Arrays.stream(values())
        .filter(type -> type.jsonName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown value type: " + name));
  }
}
