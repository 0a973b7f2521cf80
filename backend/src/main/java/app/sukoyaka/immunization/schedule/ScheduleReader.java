package app.sukoyaka.immunization.schedule;

import app.sukoyaka.immunization.schedule.Rules.Bound;
import app.sukoyaka.immunization.schedule.Rules.Continuation;
import app.sukoyaka.immunization.schedule.Rules.CrossRule;
import app.sukoyaka.immunization.schedule.Rules.DoseRule;
import app.sukoyaka.immunization.schedule.Rules.Exclusion;
import app.sukoyaka.immunization.schedule.Rules.FallbackPlan;
import app.sukoyaka.immunization.schedule.Rules.Measure;
import app.sukoyaka.immunization.schedule.Rules.Plan;
import app.sukoyaka.immunization.schedule.Rules.ProductRule;
import app.sukoyaka.immunization.schedule.Rules.SkipUnless;
import app.sukoyaka.immunization.schedule.Rules.Vaccine;
import app.sukoyaka.immunization.schedule.Rules.VaccineType;
import app.sukoyaka.immunization.schedule.Rules.Warning;
import app.sukoyaka.immunization.schedule.Rules.Window;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code routine-schedule.json} (format {@code sukoyaka-routine-schedule/1}) into rules. */
final class ScheduleReader {
  static final String FORMAT = "sukoyaka-routine-schedule/1";

  private final Map<String, Citation> citations = new LinkedHashMap<>();

  RoutineSchedule read(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("Not a " + FORMAT + " file: " + root.path("format"));
    }
    root.path("sources")
        .fields()
        .forEachRemaining(
            e ->
                citations.put(
                    e.getKey(),
                    new Citation(
                        e.getKey(),
                        e.getValue().path("title").asText(),
                        e.getValue().path("location").asText())));
    Map<String, Text> flags = new LinkedHashMap<>();
    root.path("flags").fields().forEachRemaining(e -> flags.put(e.getKey(), text(e.getValue())));
    List<CrossRule> cross = new ArrayList<>();
    for (JsonNode node : root.path("crossVaccineRules")) {
      cross.add(
          new CrossRule(
              node.path("id").asText(),
              type(node.path("between").asText()),
              node.path("days").asInt(),
              date(node.path("effective").path("from")),
              date(node.path("effective").path("to")),
              text(node.path("note")),
              sources(node)));
    }
    JsonNode illness = root.path("longTermIllness");
    Map<String, Measure> illnessMeasures = longTermIllness(illness);
    Map<String, Text> notCovered = new LinkedHashMap<>();
    for (JsonNode node : illness.path("notCovered")) {
      sources(node);
      notCovered.put(node.path("vaccine").asText(), text(node.path("note")));
    }
    List<Vaccine> vaccines = new ArrayList<>();
    for (JsonNode node : root.path("vaccines")) {
      vaccines.add(vaccine(node, illnessMeasures.get(node.path("id").asText())));
    }
    Set<String> ids = new HashSet<>();
    vaccines.forEach(v -> ids.add(v.id()));
    for (String id : illnessMeasures.keySet()) {
      requireVaccine(ids, id, "longTermIllness.vaccines");
    }
    for (String id : notCovered.keySet()) {
      requireVaccine(ids, id, "longTermIllness.notCovered");
      if (illnessMeasures.containsKey(id)) {
        throw new IllegalArgumentException("longTermIllness both covers and excludes " + id);
      }
    }
    for (Vaccine vaccine : vaccines) {
      check(vaccine, ids);
      for (String flag : vaccine.exclusions().stream().map(Exclusion::flag).toList()) {
        requireFlag(flags, flag, vaccine.versionId());
      }
      for (Measure measure : vaccine.measures()) {
        if (measure.flag() != null) {
          requireFlag(flags, measure.flag(), measure.id());
        }
      }
    }
    Map<String, Text> notes = new LinkedHashMap<>();
    root.path("forecastNotes")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isObject()) {
                notes.put(e.getKey(), text(e.getValue()));
              }
            });
    for (String note : RoutineSchedule.FORECAST_NOTES) {
      if (!notes.containsKey(note)) {
        throw new IllegalArgumentException("forecastNotes lacks the note " + note);
      }
    }
    return new RoutineSchedule(
        root.path("version").asText(),
        text(root.path("title")),
        citations,
        flags,
        cross,
        vaccines,
        notCovered,
        notes);
  }

  private static void requireVaccine(Set<String> ids, String id, String where) {
    if (!ids.contains(id)) {
      throw new IllegalArgumentException(where + " names the unknown vaccine " + id);
    }
  }

  /** The references inside one vaccine entry resolve. */
  private static void check(Vaccine vaccine, Set<String> ids) {
    List<String> known = new ArrayList<>(vaccine.products());
    known.addAll(vaccine.historicProducts());
    for (String product : vaccine.productRules().keySet()) {
      if (!known.contains(product)) {
        throw new IllegalArgumentException(
            vaccine.versionId() + ": rule for unknown product " + product);
      }
    }
    for (String product : vaccine.defaultProducts()) {
      if (!known.contains(product)) {
        throw new IllegalArgumentException(vaccine.versionId() + ": unknown default " + product);
      }
    }
    if (vaccine.continues() != null) {
      requireVaccine(ids, vaccine.continues().series(), vaccine.versionId() + ".continues");
      requireVaccine(ids, vaccine.continues().alsoCounts(), vaccine.versionId() + ".continues");
    }
    for (Plan plan : vaccine.plans()) {
      for (DoseRule dose : plan.doses()) {
        FallbackPlan fallback = dose.ifGivenBeforeEarliest();
        if (fallback != null && vaccine.plan(fallback.plan()) == null) {
          throw new IllegalArgumentException(dose.id() + ": unknown plan " + fallback.plan());
        }
      }
    }
  }

  /**
   * The 長期療養特例 as one measure per vaccine it covers: from the day the circumstances ended to the
   * end of the period counted from it, and not beyond the vaccine's age limit where there is one.
   */
  private Map<String, Measure> longTermIllness(JsonNode node) {
    Map<String, Measure> measures = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return measures;
    }
    String rule = node.path("id").asText();
    List<String> sources = sources(node);
    int period = node.path("periodMonths").asInt();
    if (period <= 0) {
      throw new IllegalArgumentException(rule + ": periodMonths must be positive");
    }
    for (JsonNode entry : node.path("vaccines")) {
      String vaccine = entry.path("vaccine").asText();
      String id = rule + "/" + vaccine;
      List<Bound> to = new ArrayList<>();
      to.add(new Bound(new DateRule.IllnessEnded(period), id + "/period", sources));
      if (entry.has("to")) {
        to.add(bound(entry.path("to"), id + "/ageLimit", sources));
      } else if (!entry.has("noAgeLimit")) {
        throw new IllegalArgumentException(
            id + ": name an age limit (to) or say why there is none");
      }
      measures.put(
          vaccine,
          new Measure(
              id,
              text(node.path("name")),
              date(node.path("effective").path("from")),
              true,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              List.of(new Bound(new DateRule.IllnessEnded(0), id + "/from", sources)),
              List.copyOf(to),
              null,
              true,
              List.of(),
              text(node.path("note")),
              sources));
    }
    return measures;
  }

  private static void requireFlag(Map<String, Text> flags, String flag, String where) {
    if (!flags.containsKey(flag)) {
      throw new IllegalArgumentException(where + " names the undeclared flag " + flag);
    }
  }

  private Vaccine vaccine(JsonNode node, Measure illness) {
    String id = node.path("id").asText();
    LocalDate from = date(node.path("effective").path("from"));
    String versionId = id + "@" + from;
    JsonNode eligibility = node.path("eligibility");
    List<Exclusion> exclusions = new ArrayList<>();
    for (JsonNode exclusion : eligibility.path("excludedBy")) {
      exclusions.add(
          new Exclusion(
              exclusion.path("flag").asText(),
              id + "/excludedBy/" + exclusion.path("flag").asText(),
              text(exclusion.path("note")),
              sources(node)));
    }
    List<String> vaccineSources = sources(node);
    Window legal = window(node.path("legal"), id + "/legal", vaccineSources);
    List<Plan> plans = new ArrayList<>();
    for (JsonNode plan : node.path("plans")) {
      plans.add(plan(plan, id, vaccineSources));
    }
    List<Measure> measures = new ArrayList<>();
    for (JsonNode measure : node.path("specialMeasures")) {
      measures.add(measure(measure));
    }
    if (illness != null) {
      measures.add(illness);
    }
    List<String> productSources =
        node.has("productSources") ? sourceList(node.path("productSources")) : vaccineSources;
    Map<String, ProductRule> productRules = new LinkedHashMap<>();
    node.path("productRules")
        .fields()
        .forEachRemaining(
            e ->
                productRules.put(
                    e.getKey(),
                    new ProductRule(
                        date(e.getValue().path("routine").path("from")),
                        date(e.getValue().path("routine").path("to")),
                        e.getValue().path("finishOnSame").asBoolean(false),
                        productSources)));
    JsonNode defaults = node.path("defaultProduct");
    List<String> defaultProducts =
        defaults.isTextual() ? List.of(defaults.asText()) : strings(defaults);
    List<Text> notes = new ArrayList<>();
    node.path("notes").forEach(n -> notes.add(text(n)));
    return new Vaccine(
        id,
        versionId,
        text(node.path("name")),
        type(node.path("type").asText()),
        from,
        date(node.path("effective").path("to")),
        date(eligibility.path("bornFrom")),
        date(eligibility.path("bornTo")),
        eligibility.path("sex").isMissingNode() ? null : eligibility.path("sex").asText(),
        eligibility.path("note").isMissingNode() ? null : text(eligibility.path("note")),
        exclusions,
        legal,
        strings(node.path("products")),
        strings(node.path("historicProducts")),
        Map.copyOf(productRules),
        defaultProducts,
        strings(node.path("replaces")),
        continuation(node.path("continues"), id),
        plans,
        measures,
        notes,
        vaccineSources);
  }

  private Continuation continuation(JsonNode node, String vaccine) {
    if (node.isMissingNode()) {
      return null;
    }
    return new Continuation(
        vaccine + "/" + node.path("id").asText(),
        node.path("series").asText(),
        node.path("alsoCounts").asText(),
        date(node.path("recommendedFrom")),
        text(node.path("note")),
        text(node.path("extraNote")),
        text(node.path("alsoCountedFirstNote")),
        sources(node));
  }

  private Plan plan(JsonNode node, String vaccine, List<String> sources) {
    String id = vaccine + "/" + node.path("id").asText();
    JsonNode when = node.path("when");
    List<DoseRule> doses = new ArrayList<>();
    for (JsonNode dose : node.path("doses")) {
      doses.add(dose(dose, id, sources));
    }
    return new Plan(
        id,
        when.has("startAfter") ? bound(when.path("startAfter"), id + "/startAfter", sources) : null,
        when.has("startTo") ? bound(when.path("startTo"), id + "/startTo", sources) : null,
        strings(when.path("product")),
        window(node.path("legal"), id + "/legal", sources),
        doses);
  }

  private DoseRule dose(JsonNode node, String plan, List<String> sources) {
    String label = node.path("dose").asText();
    String id = plan + "/" + label;
    List<Warning> warnings = new ArrayList<>();
    int i = 0;
    for (JsonNode warning : node.path("warnings")) {
      warnings.add(
          new Warning(
              bound(warning.path("onOrAfter"), id + "/warning." + i++, sources),
              text(warning.path("note"))));
    }
    List<Text> notes = new ArrayList<>();
    node.path("notes").forEach(n -> notes.add(text(n)));
    JsonNode skip = node.path("skipUnless");
    JsonNode fallback = node.path("ifGivenBeforeEarliest");
    return new DoseRule(
        label,
        id,
        window(node.path("legal"), id + "/legal", sources),
        bounds(node.path("earliest"), id + "/earliest", sources),
        node.path("ifEarlierDoseSkipped").has("earliest")
            ? bounds(
                node.path("ifEarlierDoseSkipped").path("earliest"),
                id + "/ifEarlierDoseSkipped",
                sources)
            : null,
        window(node.path("standard"), id + "/standard", sources),
        bounds(node.path("deadline"), id + "/deadline", sources),
        skip.isMissingNode()
            ? null
            : new SkipUnless(
                skip.path("dose").asText(),
                bound(skip.path("givenBy"), id + "/skipUnless", sources)),
        !(node.has("requires") && node.path("requires").isEmpty()),
        fallback.isMissingNode()
            ? null
            : new FallbackPlan(
                plan.substring(0, plan.indexOf('/') + 1) + fallback.path("plan").asText(),
                id + "/ifGivenBeforeEarliest",
                text(fallback.path("note")),
                fallback.has("sources") ? sources(fallback) : sources),
        warnings,
        notes);
  }

  private Measure measure(JsonNode node) {
    String id = node.path("id").asText();
    List<String> sources = sources(node);
    JsonNode window = node.path("window");
    List<Bound> from = new ArrayList<>(bounds(node.path("from"), id + "/from", sources));
    if (window.has("from")) {
      from.add(bound(window.path("from"), id + "/window.from", sources));
    }
    List<Bound> to = new ArrayList<>(bounds(node.path("extendTo"), id + "/extendTo", sources));
    if (window.has("to")) {
      to.add(bound(window.path("to"), id + "/window.to", sources));
    }
    JsonNode normalEnd = node.path("appliesIfNormalEndIn");
    return new Measure(
        id,
        text(node.path("name")),
        date(node.path("effective").path("from")),
        false,
        date(node.path("bornFrom")),
        date(node.path("bornTo")),
        node.path("flag").isTextual() ? node.path("flag").asText() : null,
        date(node.path("requiresDoseFrom")),
        date(node.path("requiresDoseBy")),
        date(normalEnd.path("from")),
        date(normalEnd.path("to")),
        List.copyOf(from),
        List.copyOf(to),
        node.has("intervalDays") ? node.path("intervalDays").asInt() : null,
        node.path("withoutStandard").asBoolean(false),
        strings(node.path("doses")),
        node.has("note") ? text(node.path("note")) : text(node.path("name")),
        sources);
  }

  private Window window(JsonNode node, String id, List<String> sources) {
    if (node.isMissingNode()) {
      return Window.NONE;
    }
    return new Window(
        bounds(node.path("from"), id + ".from", sources),
        bounds(node.path("to"), id + ".to", sources));
  }

  private List<Bound> bounds(JsonNode node, String id, List<String> sources) {
    List<Bound> bounds = new ArrayList<>();
    int i = 0;
    for (JsonNode item : node) {
      bounds.add(bound(item, node.size() == 1 ? id : id + "." + i, sources));
      i++;
    }
    return List.copyOf(bounds);
  }

  private Bound bound(JsonNode node, String id, List<String> inherited) {
    List<String> sources = node.has("sources") ? sources(node) : inherited;
    return new Bound(rule(node, id), id, sources);
  }

  private static DateRule rule(JsonNode node, String id) {
    if (node.has("ageMonths")) {
      return new DateRule.AgeMonths(node.path("ageMonths").asInt());
    }
    if (node.has("ageWeeks")) {
      return new DateRule.AgeWeeks(node.path("ageWeeks").asInt(), node.path("days").asInt(0));
    }
    if (node.has("fiscalYearStartAtAgeMonths")) {
      return new DateRule.FiscalYearAtAge(node.path("fiscalYearStartAtAgeMonths").asInt(), false);
    }
    if (node.has("fiscalYearEndAtAgeMonths")) {
      return new DateRule.FiscalYearAtAge(node.path("fiscalYearEndAtAgeMonths").asInt(), true);
    }
    if (node.has("schoolEntry")) {
      JsonNode shift = node.path("schoolEntry");
      return new DateRule.SchoolEntry(shift.path("years").asInt(0), shift.path("days").asInt(0));
    }
    if (node.has("date")) {
      return new DateRule.OnDate(LocalDate.parse(node.path("date").asText()));
    }
    if (node.has("afterDose")) {
      return new DateRule.AfterDose(
          node.path("afterDose").asText(),
          node.path("days").asInt(0),
          node.path("months").asInt(0),
          node.path("halfMonth").asBoolean(false));
    }
    throw new IllegalArgumentException(id + ": unknown date rule " + node);
  }

  private List<String> sources(JsonNode node) {
    return sourceList(node.path("sources"));
  }

  private List<String> sourceList(JsonNode array) {
    List<String> ids = strings(array);
    for (String source : ids) {
      if (!citations.containsKey(source)) {
        throw new IllegalArgumentException("Unknown source " + source);
      }
    }
    return ids;
  }

  private static VaccineType type(String text) {
    return VaccineType.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  private static Text text(JsonNode node) {
    return new Text(node.path("ja").asText(), node.path("en").asText());
  }

  private static LocalDate date(JsonNode node) {
    return node.isTextual() ? LocalDate.parse(node.asText()) : null;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      values.add(it.next().asText());
    }
    return List.copyOf(values);
  }
}
