package app.sukoyaka.phr.smart;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SMART v2 scopes a third-party app may be registered for and ask for, and what each means for
 * the guardian's consent: the kinds of records ({@code Immunization}, {@code Observation}, {@code
 * Patient}) read ({@code r}) and searched ({@code s}) for the one patient they choose.
 */
final class AppScopes {
  static final String LAUNCH_PATIENT = "launch/patient";
  static final String OFFLINE_ACCESS = "offline_access";

  /** Every scope an app may be granted, in the order the discovery document lists them. */
  static final List<String> SUPPORTED =
      List.of(
          LAUNCH_PATIENT,
          OFFLINE_ACCESS,
          "patient/Immunization.rs",
          "patient/Observation.rs",
          "patient/Patient.rs");

  /** The record kinds the consent page explains, in the order it lists them. */
  static final List<String> RECORD_KINDS = List.of("Immunization", "Observation", "Patient");

  private AppScopes() {}

  /** The scopes of a space-separated list, in order, without repeats; empty for none. */
  static Set<String> parse(String scope) {
    Set<String> scopes = new LinkedHashSet<>();
    if (scope != null && !scope.isBlank()) {
      for (String s : scope.trim().split("\\s+")) {
        scopes.add(s);
      }
    }
    return scopes;
  }

  static String format(Set<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  /**
   * The first requested scope that is not supported or not registered for the app, if any; apps ask
   * only for what they were registered for.
   */
  static Optional<String> notAllowed(Set<String> requested, Set<String> registered) {
    return requested.stream()
        .filter(s -> !SUPPORTED.contains(s) || !registered.contains(s))
        .findFirst();
  }

  /** The record kinds the scopes reach, in {@link #RECORD_KINDS} order. */
  static List<String> recordKinds(Set<String> scopes) {
    return RECORD_KINDS.stream()
        .filter(kind -> scopes.contains("patient/" + kind + ".rs"))
        .toList();
  }
}
