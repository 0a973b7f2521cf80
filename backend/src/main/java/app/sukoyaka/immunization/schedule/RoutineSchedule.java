package app.sukoyaka.immunization.schedule;

import app.sukoyaka.immunization.schedule.Rules.CrossRule;
import app.sukoyaka.immunization.schedule.Rules.Vaccine;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Japan's routine childhood schedule as data: {@code routine-schedule.json} beside this class, one
 * entry per vaccine (and per version of its rules, by effective date) and dose, with sources.
 * Immutable and thread-safe.
 */
public final class RoutineSchedule {
  public static final String RESOURCE = "routine-schedule.json";

  private final String version;
  private final Text title;
  private final Map<String, Citation> citations;
  private final Map<String, Text> flags;
  private final List<CrossRule> crossRules;
  private final List<Vaccine> vaccines;
  private final Set<String> vaccineIds;
  private final Map<String, Text> notCoveredByLongTermIllness;
  private final Map<String, Text> forecastNotes;

  /** The notes the forecaster writes, each a text of the file's {@code forecastNotes}. */
  static final List<String> FORECAST_NOTES =
      List.of(
          "born-from",
          "born-to",
          "before-earliest",
          "outside-window",
          "product-not-routine",
          "products-mixed",
          "illness-window-passed",
          "dose-skipped",
          "product-assumed");

  private final Map<LocalDate, List<Vaccine>> inForceByDate = new ConcurrentHashMap<>();
  private final Map<String, List<KnownSource>> ruleSources = new ConcurrentHashMap<>();

  private record KnownSource(List<String> sources, RuleSource source) {}

  RoutineSchedule(
      String version,
      Text title,
      Map<String, Citation> citations,
      Map<String, Text> flags,
      List<CrossRule> crossRules,
      List<Vaccine> vaccines,
      Map<String, Text> notCoveredByLongTermIllness,
      Map<String, Text> forecastNotes) {
    this.version = version;
    this.forecastNotes = Map.copyOf(forecastNotes);
    this.notCoveredByLongTermIllness = Map.copyOf(notCoveredByLongTermIllness);
    this.title = title;
    this.citations = Map.copyOf(citations);
    this.flags = Map.copyOf(flags);
    this.crossRules = List.copyOf(crossRules);
    this.vaccines = List.copyOf(vaccines);
    Set<String> ids = new LinkedHashSet<>();
    vaccines.forEach(v -> ids.add(v.id()));
    this.vaccineIds = Set.copyOf(ids);
  }

  /** The schedule shipped with this module. */
  public static RoutineSchedule load() {
    try (InputStream in = RoutineSchedule.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A schedule file of the same format from elsewhere (a newer version, a test fixture). */
  public static RoutineSchedule read(InputStream in) throws IOException {
    return new ScheduleReader().read(new ObjectMapper().readTree(in));
  }

  /** A note the forecaster writes (one of {@link #FORECAST_NOTES}), with its placeholders. */
  Text forecastNote(String name) {
    Text note = forecastNotes.get(name);
    if (note == null) {
      throw new IllegalArgumentException("No forecast note " + name);
    }
    return note;
  }

  public String version() {
    return version;
  }

  public Text title() {
    return title;
  }

  /** Every vaccine id the schedule knows, in any version. */
  public Set<String> vaccineIds() {
    return vaccineIds;
  }

  /**
   * The vaccine's name in Japanese and English (from the file's last entry for it, when its rules
   * have several versions); null for an id the schedule does not know.
   */
  public Text vaccineName(String id) {
    Text name = null;
    for (Vaccine vaccine : vaccines) {
      if (vaccine.id().equals(id)) {
        name = vaccine.name();
      }
    }
    return name;
  }

  /** The flags a request may set, with what each means. */
  public Map<String, Text> flags() {
    return flags;
  }

  /** The vaccines the 長期療養特例 does not cover, with why (a certification naming one is refused). */
  public Map<String, Text> notCoveredByLongTermIllness() {
    return notCoveredByLongTermIllness;
  }

  Citation citation(String id) {
    return citations.get(id);
  }

  List<Vaccine> vaccines() {
    return vaccines;
  }

  List<CrossRule> crossRules() {
    return crossRules;
  }

  /** The versions of the vaccines' rules in force on a day, in the file's order. */
  List<Vaccine> inForce(LocalDate date) {
    return inForceByDate.computeIfAbsent(
        date, d -> vaccines.stream().filter(v -> v.inForce(d)).toList());
  }

  /**
   * The source of a rule, built once: forecasts name it on every recommendation. Versions of a
   * vaccine's rules share rule ids but not always sources (四種混合 before and after 2023-04), so a
   * rule's sources are cached per list of source ids; keyed by the id alone, a forecast would name
   * the sources of whichever version was forecast first in the process.
   */
  RuleSource ruleSource(String rule, List<String> sources) {
    List<KnownSource> known = ruleSources.get(rule);
    if (known != null) {
      for (KnownSource source : known) {
        // The rules hand over the same list each time, so identity decides almost always.
        if (source.sources() == sources || source.sources().equals(sources)) {
          return source.source();
        }
      }
    }
    KnownSource added =
        new KnownSource(
            sources, new RuleSource(rule, sources.stream().map(citations::get).toList()));
    ruleSources.merge(
        rule,
        List.of(added),
        (old, add) -> {
          List<KnownSource> both = new ArrayList<>(old);
          both.addAll(add);
          return List.copyOf(both);
        });
    return added.source();
  }
}
