package app.sukoyaka.family.prenatal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

/**
 * How handbooks are numbered when a pregnancy notification is accepted.
 *
 * @param numberFormat the 交付番号 pattern ({@code SUKOYAKA_HANDBOOKS_NUMBER_FORMAT}, default {@code
 *     {year}-{serial:6}}, e.g. 2026-000123): {@code {year}} the calendar year of issue in Japan,
 *     {@code {fiscalYear}} the fiscal year (年度, from April), {@code {serial:N}} the serial within
 *     the municipality and the rest of the pattern, at least N digits. Exactly one serial; the
 *     serial restarts whenever the rest of the number changes (a new year).
 */
@ConfigurationProperties("sukoyaka.handbooks")
public record HandbookConfiguration(
    @Bindable(defaultValue = "{year}-{serial:6}") @NotNull String numberFormat) {

  public HandbookConfiguration {
    if (numberFormat != null) {
      HandbookNumberFormat.parse(numberFormat);
    }
  }
}
