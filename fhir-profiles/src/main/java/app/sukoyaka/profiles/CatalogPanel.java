package app.sukoyaka.profiles;

import java.util.List;
import java.util.Objects;

/**
 * An Observation that carries catalog items as components instead of a value, such as the FHIR
 * vital-signs blood pressure panel (LOINC 85354-9) with systolic and diastolic components. The
 * components' codes resolve to items with {@link CheckupItemCatalog#byCoding(String, String)}.
 *
 * @param components codes of the catalog items that may appear as components
 */
public record CatalogPanel(
    String code,
    LocalizedText label,
    List<CodingRef> fhirCodes,
    List<String> components,
    String source) {
  public CatalogPanel {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(source, "source");
    fhirCodes = List.copyOf(fhirCodes);
    components = List.copyOf(components);
    if (fhirCodes.isEmpty() || components.isEmpty()) {
      throw new IllegalArgumentException(code + ": a panel needs codings and components");
    }
  }

  /** Whether the coding names this panel. */
  public boolean isCodedBy(String system, String code) {
    return fhirCodes.contains(new CodingRef(system, code));
  }
}
