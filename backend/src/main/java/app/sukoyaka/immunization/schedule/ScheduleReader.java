package app.sukoyaka.immunization.schedule;

import app.sukoyaka.immunization.schedule.Rules.Bound;
import app.sukoyaka.immunization.schedule.Rules.CrossRule;
import app.sukoyaka.immunization.schedule.Rules.DoseRule;
import app.sukoyaka.immunization.schedule.Rules.Exclusion;
import app.sukoyaka.immunization.schedule.Rules.Measure;
import app.sukoyaka.immunization.schedule.Rules.Plan;
import app.sukoyaka.immunization.schedule.Rules.SkipUnless;
import app.sukoyaka.immunization.schedule.Rules.Vaccine;
import app.sukoyaka.immunization.schedule.Rules.VaccineType;
import app.sukoyaka.immunization.schedule.Rules.Warning;
import app.sukoyaka.immunization.schedule.Rules.Window;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    List<Vaccine> vaccines = new ArrayList<>();
    for (JsonNode node : root.path("vaccines")) {
      vaccines.add(vaccine(node));
    }
    for (Vaccine vaccine : vaccines) {
      for (String flag : vaccine.exclusions().stream().map(Exclusion::flag).toList()) {
        requireFlag(flags, flag, vaccine.versionId());
      }
      for (Measure measure : vaccine.measures()) {
        if (measure.flag() != null) {
          requireFlag(flags, measure.flag(), measure.id());
        }
      }
    }
    return new RoutineSchedule(
        root.path("version").asText(), text(root.path("title")), citations, flags, cross, vaccines);
  }

  private static void requireFlag(Map<String, Text> flags, String flag, String where) {
    if (!flags.containsKey(flag)) {
      throw new IllegalArgumentException(where + " names the undeclared flag " + flag);
    }
  }

  private Vaccine vaccine(JsonNode node) {
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
        node.path("defaultProduct").isTextual() ? node.path("defaultProduct").asText() : null,
        strings(node.path("replaces")),
        plans,
        measures,
        notes,
        vaccineSources);
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
        date(node.path("bornFrom")),
        date(node.path("bornTo")),
        node.path("flag").isTextual() ? node.path("flag").asText() : null,
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
    List<String> ids = strings(node.path("sources"));
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
