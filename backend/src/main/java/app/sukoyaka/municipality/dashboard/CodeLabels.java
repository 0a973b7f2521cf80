package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.DashboardList;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.Labels;
import app.sukoyaka.notice.reminder.ReminderRules;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineSeries;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the codes in figures and lists are called: checkup kinds and vaccines by the catalogs, doses
 * by the reminder rules' names, areas by the municipality's own names, the rest by labels.json; and
 * the order they are shown in (the catalogs' order, not the alphabet).
 */
@Singleton
class CodeLabels {
  private final Labels labels;
  private final FigureDefinitions definitions;
  private final ReminderRules rules;
  private final JdbcOperations jdbc;
  private final Map<String, CheckupKind> kinds = new LinkedHashMap<>();
  private final Map<String, VaccineSeries> series = new LinkedHashMap<>();
  private final Map<String, DashboardList> lists = new LinkedHashMap<>();
  private final Map<String, Integer> doseOrder = new HashMap<>();

  CodeLabels(
      Labels labels,
      FigureDefinitions definitions,
      ReminderRules rules,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      List<DashboardList> dashboardLists,
      JdbcOperations jdbc) {
    this.labels = labels;
    this.definitions = definitions;
    this.rules = rules;
    this.jdbc = jdbc;
    catalog.kinds().forEach(k -> kinds.put(k.code(), k));
    vaccines
        .series()
        .forEach(
            s -> {
              series.put(s.id(), s);
              for (int i = 0; i < s.doseLabels().size(); i++) {
                doseOrder.putIfAbsent(s.doseLabels().get(i), i);
              }
            });
    dashboardLists.forEach(l -> lists.put(l.id(), l));
  }

  /** The municipality's areas by code. */
  @Transactional(readOnly = true)
  public Map<String, String> areas(UUID municipalityId) {
    return jdbc.prepareStatement(
        "SELECT code, name_ja FROM municipal_area WHERE municipality_id = ? ORDER BY code",
        statement -> {
          statement.setObject(1, municipalityId);
          Map<String, String> areas = new LinkedHashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              areas.put(rs.getString(1), rs.getString(2));
            }
          }
          return areas;
        });
  }

  /**
   * The label of a value of a dimension or code column.
   *
   * @param areas the municipality's area names
   */
  String label(String dimension, String value, String language, Map<String, String> areas) {
    if (value == null) {
      return "";
    }
    switch (dimension) {
      case "kind":
      case "checkupKind":
        CheckupKind kind = kinds.get(value);
        return kind == null ? value : DashboardLanguage.in(kind.label(), language);
      case "vaccine":
        if (value.equals("ANY")) {
          return text(labels.code("anyVaccine", value), value, language);
        }
        VaccineSeries s = series.get(value);
        return s == null ? value : DashboardLanguage.in(s.label(), language);
      case "dose":
        ReminderRules.Text dose = rules.doseName(value);
        return "en".equals(language) ? dose.en() : dose.ja();
      case "status":
        Optional<LocalizedText> vaccineStatus = labels.code("vaccineStatus", value);
        if (vaccineStatus.isPresent()) {
          return DashboardLanguage.in(vaccineStatus.get(), language);
        }
        return definitions.statuses().stream()
            .filter(st -> st.code().equals(value))
            .findFirst()
            .map(st -> DashboardLanguage.in(st.label(), language))
            .orElse(value);
      case "workStatus":
        return definitions.statuses().stream()
            .filter(st -> st.code().equals(value))
            .findFirst()
            .map(st -> DashboardLanguage.in(st.label(), language))
            .orElse(value);
      case "list":
        DashboardList list = lists.get(value);
        return list == null ? value : DashboardLanguage.in(list.title(), language);
      case "area":
        if (value.isEmpty()) {
          return text(labels.code("area", ""), value, language);
        }
        return areas.getOrDefault(value, value);
      case "subject":
      case "record":
      case "channel":
      case "stage":
        return text(labels.code(dimension, value), value, language);
      case "right":
      case "left":
        return text(labels.code("hearing", value), value, language);
      case "cohort":
        return value.isEmpty() ? "" : labels.format("cohort", value, language);
      case "ageMonths":
      case "weekBand":
      case "month":
        return labels.format(dimension, value, language);
      default:
        return value;
    }
  }

  private static String text(Optional<LocalizedText> text, String value, String language) {
    return text.map(t -> DashboardLanguage.in(t, language)).orElse(value);
  }

  /** The order values of a dimension are shown in. */
  Comparator<String> order(String dimension) {
    switch (dimension) {
      case "kind":
      case "checkupKind":
        List<String> kindOrder = new ArrayList<>(kinds.keySet());
        return Comparator.comparingInt((String v) -> index(kindOrder, v)).thenComparing(v -> v);
      case "vaccine":
        List<String> vaccineOrder = new ArrayList<>(series.keySet());
        vaccineOrder.add(0, "ANY");
        return Comparator.comparingInt((String v) -> index(vaccineOrder, v)).thenComparing(v -> v);
      case "dose":
        return Comparator.comparingInt((String v) -> doseOrder.getOrDefault(v, 99))
            .thenComparing(v -> v);
      case "status":
        List<String> statusOrder =
            new ArrayList<>(
                List.of("overdue", "due", "too_soon", "not_yet", "complete", "ineligible"));
        definitions.statuses().forEach(st -> statusOrder.add(st.code()));
        return Comparator.comparingInt((String v) -> index(statusOrder, v)).thenComparing(v -> v);
      case "list":
        List<String> listOrder = new ArrayList<>(lists.keySet());
        return Comparator.comparingInt((String v) -> index(listOrder, v)).thenComparing(v -> v);
      case "ageMonths":
      case "cohort":
        return Comparator.comparingLong(CodeLabels::number).thenComparing(v -> v);
      case "weekBand":
        return Comparator.comparingLong((String v) -> number(v.split("-")[0]))
            .thenComparing(v -> v);
      default:
        return Comparator.naturalOrder();
    }
  }

  private static int index(List<String> order, String value) {
    int index = order.indexOf(value);
    return index < 0 ? Integer.MAX_VALUE : index;
  }

  private static long number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
