package app.sukoyaka.profiles;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An accepted UCUM unit and the factor that converts a value in it to the item's canonical unit
 * (value × factor).
 */
public record UnitConversion(String ucum, BigDecimal factor) {
  public UnitConversion {
    Objects.requireNonNull(ucum, "ucum");
    Objects.requireNonNull(factor, "factor");
    if (factor.signum() <= 0) {
      throw new IllegalArgumentException("Conversion factor must be positive: " + ucum);
    }
  }
}
