package app.sukoyaka.notice.reminder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reminder rules as data ({@code reminder-rules.json} beside this class): for each kind of
 * reminder its lead time or delay, how often it repeats, its generic push text and its label in
 * Japanese and English, its sources and the dates it applies, and what the kind needs beyond that
 * (the 妊婦健診 visits by gestational week, the infant checkups by age, what starts and ends a 要精密
 * follow-up). Checked when loaded, so a kind without its text or a visit schedule with a gap cannot
 * ship. Immutable.
 */
public final class ReminderRules {
  public static final String RESOURCE = "reminder-rules.json";
  static final String FORMAT = "sukoyaka-reminder-rules/1";

  public static final String VACCINE_DUE = "vaccine-due";
  public static final String VACCINE_OVERDUE = "vaccine-overdue";
  public static final String PRENATAL_CHECKUP = "prenatal-checkup";
  public static final String INFANT_CHECKUP = "infant-checkup";
  public static final String CHECKUP_FOLLOW_UP = "checkup-follow-up";

  /** Every kind the code knows how to plan; the file must describe each of them. */
  public static final List<String> KINDS =
      List.of(VACCINE_DUE, VACCINE_OVERDUE, PRENATAL_CHECKUP, INFANT_CHECKUP, CHECKUP_FOLLOW_UP);

  /** The same text in Japanese and in English. */
  public record Text(String ja, String en) {
    /** The text in a language of the rules. */
    public String in(String language) {
      return "en".equals(language) ? en : ja;
    }

    Map<String, String> byLanguage() {
      return Map.of("ja", ja, "en", en);
    }

    Text fill(String name, Text value) {
      return new Text(
          ja.replace("{" + name + "}", value.ja), en.replace("{" + name + "}", value.en));
    }
  }

  public record Source(String id, String title, String location) {}

  /**
   * How often an event is reminded of.
   *
   * @param everyDays days between two reminders of the same event
   * @param times reminders of one event at most
   */
  public record Repeat(int everyDays, int times) {}

  /** The days an entry applies: from (inclusive) to to (inclusive, null: open). */
  public record Effective(LocalDate from, LocalDate to) {
    boolean covers(LocalDate day) {
      return !day.isBefore(from) && (to == null || !day.isAfter(to));
    }
  }

  /** A 妊婦健診 visit of the standard schedule and its window in weeks of gestation. */
  public record Visit(int number, int fromWeek, int toWeek) {
    /** The weeks as the list shows them: "24～25" or "36" in Japanese, "24–25" in English. */
    Text weeks() {
      return fromWeek == toWeek
          ? new Text(Integer.toString(fromWeek), Integer.toString(fromWeek))
          : new Text(fromWeek + "～" + toWeek, fromWeek + "–" + toWeek);
    }
  }

  /**
   * An infant or child checkup and its window by age.
   *
   * @param fromMonths the window opens the day the child is this many months old
   * @param toMonths the window ends the day before the child is this many months old
   */
  public record InfantCheckup(String checkupKind, int fromMonths, int toMonths) {}

  /**
   * A finding that starts a follow-up: a coded finding with that code, or a flag with that value.
   */
  public record Trigger(String item, String code, Boolean flag) {}

  /** A finding that ends a follow-up: any value of the item except the codes listed. */
  public record Resolver(String item, List<String> exceptCodes) {}

  /**
   * One kind of reminder.
   *
   * @param leadDays days before the event that the reminder fires (vaccine-due, visits, checkups)
   * @param afterDays days after the event's day that the first reminder fires (overdue, follow-up)
   * @param notWhenWarned no reminder for a dose whose forecast carries a warning
   * @param about what one reminder is about, with placeholders ({vaccine}, {dose}, {visit},
   *     {weeks}, {checkup})
   */
  public record Kind(
      String code,
      Text label,
      Text description,
      Text pushTitle,
      Text pushBody,
      Text about,
      Effective effective,
      List<String> sources,
      int leadDays,
      int afterDays,
      Repeat repeat,
      boolean notWhenWarned,
      List<Visit> visits,
      List<InfantCheckup> checkups,
      List<String> defaultCheckups,
      List<Trigger> triggers,
      List<Resolver> resolvedBy) {}

  private final String version;
  private final List<String> languages;
  private final Map<String, Source> sources;
  private final Map<String, Text> doseNames;
  private final List<Kind> entries;

  private ReminderRules(
      String version,
      List<String> languages,
      Map<String, Source> sources,
      Map<String, Text> doseNames,
      List<Kind> entries) {
    this.version = version;
    this.languages = List.copyOf(languages);
    this.sources = Map.copyOf(sources);
    this.doseNames = Map.copyOf(doseNames);
    this.entries = List.copyOf(entries);
  }

  /** The rules shipped with the service. */
  public static ReminderRules load() {
    try (InputStream in = ReminderRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rules of the same format from elsewhere (a test fixture, a newer version). */
  public static ReminderRules read(InputStream in) throws IOException {
    return parse(new ObjectMapper().readTree(in));
  }

  public String version() {
    return version;
  }

  /**
   * The languages every text of the rules is written in (Japanese and English); the other offered
   * languages come from the translations ({@code platform.i18n.Translations}).
   */
  public List<String> languages() {
    return languages;
  }

  public Map<String, Source> sources() {
    return sources;
  }

  /** Every entry, in the order of the file. */
  public List<Kind> entries() {
    return entries;
  }

  /** The kind codes, in the order of the file. */
  public Set<String> kindCodes() {
    Set<String> codes = new LinkedHashSet<>();
    entries.forEach(entry -> codes.add(entry.code()));
    return codes;
  }

  /** The entry of a kind in force on a day. */
  public Optional<Kind> kind(String code, LocalDate day) {
    for (Kind entry : entries) {
      if (entry.code().equals(code) && entry.effective().covers(day)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** The latest entry of a kind (for labels, whatever the day). */
  public Kind latest(String code) {
    Kind latest = null;
    for (Kind entry : entries) {
      if (entry.code().equals(code)
          && (latest == null || entry.effective().from().isAfter(latest.effective().from()))) {
        latest = entry;
      }
    }
    if (latest == null) {
      throw new IllegalArgumentException("Unknown reminder kind " + code);
    }
    return latest;
  }

  /** How a dose label reads in the reminder list; the label itself when the rules name none. */
  public Text doseName(String label) {
    Text name = doseNames.get(label);
    return name == null ? new Text(label, label) : name;
  }

  // --- Reading and checking ---------------------------------------------------------------

  static ReminderRules parse(JsonNode root) {
    List<String> problems = new ArrayList<>();
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("Not a " + FORMAT + " file");
    }
    List<String> languages = new ArrayList<>();
    root.path("languages").forEach(l -> languages.add(l.asText()));
    if (!languages.contains("ja")) {
      problems.add("languages must include ja");
    }
    Map<String, Source> sources = new LinkedHashMap<>();
    root.path("sources")
        .properties()
        .forEach(
            e ->
                sources.put(
                    e.getKey(),
                    new Source(
                        e.getKey(),
                        e.getValue().path("title").asText(),
                        e.getValue().path("location").asText())));
    Map<String, Text> doseNames = new LinkedHashMap<>();
    root.path("doseNames")
        .properties()
        .forEach(
            e ->
                doseNames.put(e.getKey(), text(e.getValue(), "doseNames." + e.getKey(), problems)));
    List<Kind> entries = new ArrayList<>();
    for (JsonNode node : root.path("kinds")) {
      entries.add(kind(node, sources, problems));
    }
    for (String code : KINDS) {
      if (entries.stream().noneMatch(e -> e.code().equals(code))) {
        problems.add("kind " + code + " is missing");
      }
    }
    for (Kind entry : entries) {
      if (!KINDS.contains(entry.code())) {
        problems.add("kind " + entry.code() + " is not one the service plans");
      }
      for (Kind other : entries) {
        if (other != entry
            && other.code().equals(entry.code())
            && overlap(other.effective(), entry.effective())) {
          problems.add("kind " + entry.code() + " has entries in force on the same days");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "The reminder rules are not usable: " + String.join("; ", new LinkedHashSet<>(problems)));
    }
    return new ReminderRules(root.path("version").asText(), languages, sources, doseNames, entries);
  }

  private static boolean overlap(Effective a, Effective b) {
    boolean aEndsBeforeB = a.to() != null && a.to().isBefore(b.from());
    boolean bEndsBeforeA = b.to() != null && b.to().isBefore(a.from());
    return !aEndsBeforeB && !bEndsBeforeA;
  }

  private static Kind kind(JsonNode node, Map<String, Source> sources, List<String> problems) {
    String code = node.path("kind").asText();
    String where = "kind " + code;
    JsonNode effective = node.path("effective");
    LocalDate from = date(effective.path("from"), where + " effective.from", problems);
    LocalDate to =
        effective.hasNonNull("to")
            ? date(effective.get("to"), where + " effective.to", problems)
            : null;
    List<String> kindSources = new ArrayList<>();
    node.path("sources").forEach(s -> kindSources.add(s.asText()));
    if (kindSources.isEmpty()) {
      problems.add(where + " names no source");
    }
    for (String source : kindSources) {
      if (!sources.containsKey(source)) {
        problems.add(where + " names the unknown source " + source);
      }
    }
    JsonNode repeatNode = node.path("repeat");
    Repeat repeat =
        new Repeat(repeatNode.path("everyDays").asInt(1), repeatNode.path("times").asInt(1));
    if (repeat.times() < 1 || repeat.everyDays() < 1) {
      problems.add(where + " repeat needs everyDays and times of at least 1");
    }
    int leadDays = node.path("leadDays").asInt(0);
    int afterDays = node.path("afterDays").asInt(0);
    if (leadDays < 0 || afterDays < 0) {
      problems.add(where + " has a negative leadDays or afterDays");
    }
    List<Visit> visits = new ArrayList<>();
    for (JsonNode v : node.path("visits")) {
      visits.add(
          new Visit(v.path("visit").asInt(), v.path("fromWeek").asInt(), v.path("toWeek").asInt()));
    }
    checkVisits(where, visits, problems);
    List<InfantCheckup> checkups = new ArrayList<>();
    for (JsonNode c : node.path("checkups")) {
      InfantCheckup checkup =
          new InfantCheckup(
              c.path("checkupKind").asText(),
              c.path("fromMonths").asInt(),
              c.path("toMonths").asInt());
      if (checkup.checkupKind().isBlank()
          || checkup.fromMonths() < 0
          || checkup.toMonths() <= checkup.fromMonths()) {
        problems.add(where + " has a checkup without a kind or with an empty window");
      }
      checkups.add(checkup);
    }
    List<String> defaults = new ArrayList<>();
    node.path("defaultCheckups").forEach(d -> defaults.add(d.asText()));
    for (String d : defaults) {
      if (checkups.stream().noneMatch(c -> c.checkupKind().equals(d))) {
        problems.add(where + " defaults to the checkup " + d + " it does not describe");
      }
    }
    List<Trigger> triggers = new ArrayList<>();
    for (JsonNode t : node.path("triggers")) {
      Trigger trigger =
          new Trigger(
              t.path("item").asText(),
              t.hasNonNull("code") ? t.get("code").asText() : null,
              t.hasNonNull("flag") ? t.get("flag").asBoolean() : null);
      if (trigger.item().isBlank() || (trigger.code() == null) == (trigger.flag() == null)) {
        problems.add(where + " has a trigger without an item, or without exactly one of code/flag");
      }
      triggers.add(trigger);
    }
    List<Resolver> resolvers = new ArrayList<>();
    for (JsonNode r : node.path("resolvedBy")) {
      List<String> except = new ArrayList<>();
      r.path("exceptCodes").forEach(c -> except.add(c.asText()));
      resolvers.add(new Resolver(r.path("item").asText(), List.copyOf(except)));
    }
    switch (code) {
      case PRENATAL_CHECKUP -> {
        if (visits.isEmpty()) {
          problems.add(where + " lists no visits");
        }
      }
      case INFANT_CHECKUP -> {
        if (checkups.isEmpty() || defaults.isEmpty()) {
          problems.add(where + " lists no checkups or no default checkups");
        }
      }
      case CHECKUP_FOLLOW_UP -> {
        if (triggers.isEmpty() || resolvers.isEmpty()) {
          problems.add(where + " lists no triggers or nothing that resolves it");
        }
      }
      default -> {
        // the vaccine kinds read the forecast and need nothing more
      }
    }
    JsonNode push = node.path("push");
    return new Kind(
        code,
        text(node.path("label"), where + " label", problems),
        text(node.path("description"), where + " description", problems),
        text(push.path("title"), where + " push.title", problems),
        text(push.path("body"), where + " push.body", problems),
        text(node.path("about"), where + " about", problems),
        new Effective(from == null ? LocalDate.MIN : from, to),
        List.copyOf(kindSources),
        leadDays,
        afterDays,
        repeat,
        node.path("notWhenWarned").asBoolean(false),
        List.copyOf(visits),
        List.copyOf(checkups),
        List.copyOf(defaults),
        List.copyOf(triggers),
        List.copyOf(resolvers));
  }

  /** Visits numbered 1, 2, … in order, each window after the one before, without overlap. */
  private static void checkVisits(String where, List<Visit> visits, List<String> problems) {
    for (int i = 0; i < visits.size(); i++) {
      Visit visit = visits.get(i);
      if (visit.number() != i + 1) {
        problems.add(where + " visits must be numbered 1, 2, … in order");
      }
      if (visit.fromWeek() < 0 || visit.toWeek() < visit.fromWeek() || visit.toWeek() > 44) {
        problems.add(where + " visit " + visit.number() + " has an impossible window");
      }
      if (i > 0 && visit.fromWeek() <= visits.get(i - 1).toWeek()) {
        problems.add(where + " visit " + visit.number() + " overlaps the visit before it");
      }
    }
  }

  private static Text text(JsonNode node, String where, List<String> problems) {
    String ja = node.path("ja").asText("");
    String en = node.path("en").asText("");
    if (ja.isBlank() || en.isBlank()) {
      problems.add(where + " needs Japanese and English text");
    }
    return new Text(ja, en);
  }

  private static LocalDate date(JsonNode node, String where, List<String> problems) {
    try {
      return LocalDate.parse(node.asText());
    } catch (java.time.format.DateTimeParseException e) {
      problems.add(where + " is not a date");
      return null;
    }
  }
}
