package app.sukoyaka.profiles;

import java.util.Objects;

/**
 * A product of a vaccine kind where the schedule depends on it (RV1 two doses, RV5 three) or a
 * record names it (PCV13/15/20), a concept of {@link SukoyakaCanonicals#VACCINE_PRODUCT_SYSTEM}.
 */
public record VaccineProduct(String code, LocalizedText label, String source) {
  public VaccineProduct {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(source, "source");
  }
}
