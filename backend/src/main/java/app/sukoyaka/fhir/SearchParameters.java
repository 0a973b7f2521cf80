package app.sukoyaka.fhir;

import app.sukoyaka.platform.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The search parameters the read API supports, parsed and checked: {@code patient}, {@code code},
 * {@code date}, {@code _lastUpdated}, {@code _count}, {@code _offset}. Other parameters are
 * ignored, as FHIR's lenient handling allows; the self link shows what was applied.
 */
record SearchParameters(
    String patient,
    List<Code> codes,
    List<Predicate<LocalDate>> dates,
    List<Predicate<Instant>> lastUpdated,
    int count,
    int offset,
    Map<String, List<String>> applied) {

  static final int DEFAULT_COUNT = 50;
  static final int MAX_COUNT = 200;
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  /** A token of {@code code}: system may be null (any system). */
  record Code(String system, String code) {}

  static SearchParameters parse(Map<String, List<String>> query) {
    Map<String, List<String>> applied = new java.util.LinkedHashMap<>();
    List<String> patients = query.getOrDefault("patient", List.of());
    if (patients.size() != 1 || patients.get(0).isBlank()) {
      throw invalid("patient", "Search needs exactly one patient parameter (Patient/{id}).");
    }
    String patient = patients.get(0).replaceFirst("^Patient/", "");
    applied.put("patient", List.of(patients.get(0)));

    List<Code> codes = new ArrayList<>();
    for (String value : query.getOrDefault("code", List.of())) {
      for (String token : value.split(",")) {
        int bar = token.indexOf('|');
        codes.add(
            bar < 0
                ? new Code(null, token)
                : new Code(bar == 0 ? null : token.substring(0, bar), token.substring(bar + 1)));
      }
      applied.computeIfAbsent("code", k -> new ArrayList<>()).add(value);
    }
    List<Predicate<LocalDate>> dates = new ArrayList<>();
    for (String value : query.getOrDefault("date", List.of())) {
      dates.add(datePredicate(value));
      applied.computeIfAbsent("date", k -> new ArrayList<>()).add(value);
    }
    List<Predicate<Instant>> lastUpdated = new ArrayList<>();
    for (String value : query.getOrDefault("_lastUpdated", List.of())) {
      lastUpdated.add(instantPredicate(value));
      applied.computeIfAbsent("_lastUpdated", k -> new ArrayList<>()).add(value);
    }
    int count = number(query, "_count", DEFAULT_COUNT);
    if (count < 1 || count > MAX_COUNT) {
      throw invalid("_count", "_count must be between 1 and " + MAX_COUNT + ".");
    }
    int offset = number(query, "_offset", 0);
    if (offset < 0) {
      throw invalid("_offset", "_offset must not be negative.");
    }
    return new SearchParameters(patient, codes, dates, lastUpdated, count, offset, applied);
  }

  Optional<UUID> patientId() {
    try {
      return Optional.of(UUID.fromString(patient));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int number(Map<String, List<String>> query, String name, int fallback) {
    List<String> values = query.getOrDefault(name, List.of());
    if (values.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(values.get(0));
    } catch (NumberFormatException e) {
      throw invalid(name, name + " must be a whole number.");
    }
  }

  private static Predicate<LocalDate> datePredicate(String value) {
    String prefix = prefix(value);
    String text = value.substring(prefix.isEmpty() ? 0 : 2);
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid("date", "date takes a full date (YYYY-MM-DD) with an optional prefix.");
    }
    return switch (prefix) {
      case "", "eq" -> d -> d.equals(date);
      case "ne" -> d -> !d.equals(date);
      case "gt" -> d -> d.isAfter(date);
      case "lt" -> d -> d.isBefore(date);
      case "ge" -> d -> !d.isBefore(date);
      case "le" -> d -> !d.isAfter(date);
      default -> throw invalid("date", "Unsupported prefix " + prefix + ".");
    };
  }

  private static Predicate<Instant> instantPredicate(String value) {
    String prefix = prefix(value);
    String text = value.substring(prefix.isEmpty() ? 0 : 2);
    Instant start;
    Instant end;
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        start = day.atStartOfDay(JAPAN).toInstant();
        end = day.plusDays(1).atStartOfDay(JAPAN).toInstant();
      } else {
        start = OffsetDateTime.parse(text).toInstant();
        end = start.plusSeconds(1);
      }
    } catch (DateTimeParseException e) {
      throw invalid(
          "_lastUpdated", "_lastUpdated takes a date or a date-time with zone, with a prefix.");
    }
    return switch (prefix) {
      case "", "eq" -> t -> !t.isBefore(start) && t.isBefore(end);
      case "ne" -> t -> t.isBefore(start) || !t.isBefore(end);
      case "gt" -> t -> !t.isBefore(end);
      case "lt" -> t -> t.isBefore(start);
      case "ge" -> t -> !t.isBefore(start);
      case "le" -> t -> t.isBefore(end);
      default -> throw invalid("_lastUpdated", "Unsupported prefix " + prefix + ".");
    };
  }

  private static String prefix(String value) {
    return value.length() > 2
            && Character.isLetter(value.charAt(0))
            && Character.isLetter(value.charAt(1))
        ? value.substring(0, 2)
        : "";
  }

  private static FhirException invalid(String parameter, String message) {
    return new FhirException(
        ErrorCode.INVALID_PARAMETER, FhirIssue.error("invalid", message, parameter));
  }
}
