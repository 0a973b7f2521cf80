package app.sukoyaka.profiles;

import java.util.Objects;

/** A label in Japanese (shown to families and clinics) and English (for documentation). */
public record LocalizedText(String ja, String en) {
  public LocalizedText {
    Objects.requireNonNull(ja, "ja");
    Objects.requireNonNull(en, "en");
  }
}
