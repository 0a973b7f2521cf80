package app.sukoyaka.municipality;

import app.sukoyaka.profiles.LocalizedText;
import java.util.List;

/**
 * A filter of a {@link DashboardList}, given as a query parameter.
 *
 * @param key the parameter
 * @param label what it is
 * @param options the values allowed, with their labels; empty: any value matching {@code pattern}
 * @param pattern the values allowed when there are no options
 * @param required whether the list needs it (a checkup kind, a vaccine …)
 * @param defaultValue the value when none is given, or null
 */
public record ListFilter(
    String key,
    LocalizedText label,
    List<Option> options,
    String pattern,
    boolean required,
    String defaultValue) {
  public ListFilter {
    options = List.copyOf(options);
    if (!key.matches("[a-zA-Z][a-zA-Z0-9]*")) {
      throw new IllegalArgumentException("filter key " + key);
    }
  }

  public record Option(String value, LocalizedText label) {}

  /** Whether a value given for the filter is allowed. */
  public boolean allows(String value) {
    if (!options.isEmpty()) {
      return options.stream().anyMatch(o -> o.value().equals(value));
    }
    return pattern != null && value.matches(pattern);
  }
}
