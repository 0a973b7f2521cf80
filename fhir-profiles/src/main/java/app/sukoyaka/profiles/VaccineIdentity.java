package app.sukoyaka.profiles;

import java.util.List;
import java.util.Objects;

/**
 * What a vaccine coding is in our terms on the day of the dose.
 *
 * @param coding the coding that was recognised
 * @param kind our vaccine kind, or null (a foreign combination with no Japanese kind)
 * @param product our product code, or null
 * @param credits the forecaster's series the dose counts for
 * @param abroad the mapping row for a foreign code, or null for our own codes
 */
public record VaccineIdentity(
    CodingRef coding,
    VaccineKind kind,
    String product,
    List<String> credits,
    VaccineCodeAbroad abroad) {
  public VaccineIdentity {
    Objects.requireNonNull(coding, "coding");
    credits = List.copyOf(credits);
  }
}
