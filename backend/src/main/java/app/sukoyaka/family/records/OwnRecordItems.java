package app.sukoyaka.family.records;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.UnitConversion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What parents may record, read from {@code own-record-items.json}: the measurements (the checkup
 * catalog's parent-recordable items, with the catalog's units and plausible ranges), milestones
 * with their typical windows, the handbook's questions per age, the family's columns and who may be
 * named as author. A file that names an item the catalog lacks, or one parents may not record,
 * stops the service.
 */
public final class OwnRecordItems {
  static final String RESOURCE = "/app/sukoyaka/family/records/own-record-items.json";

  /** Whose record it is: a child's or a pregnancy's. */
  public enum Owner {
    CHILD("child"),
    PREGNANCY("pregnancy");

    private final String code;

    Owner(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    static Owner of(String code) {
      for (Owner owner : values()) {
        if (owner.code.equals(code)) {
          return owner;
        }
      }
      throw new IllegalStateException("own-record-items: unknown subject " + code);
    }
  }

  /** A typical window of age (months for a child, gestational weeks for a pregnancy). */
  public record Window(int from, int by, String unit) {}

  /** One choice of an answer set. */
  public record Answer(String code, LocalizedText label) {}

  /**
   * One thing a parent may record.
   *
   * @param catalogItem the checkup catalog's item it corresponds to, or null
   * @param units accepted UCUM units, canonical first (measurements only)
   * @param ranges plausible range in the canonical unit per owner (measurements only)
   * @param growthMeasure the growth reference's measure code (child measurements only)
   * @param answerSet code of the answers (handbook questions only)
   * @param page the handbook page (age) it belongs to, or null
   */
  public record Item(
      OwnRecordKind kind,
      String code,
      LocalizedText label,
      Set<Owner> owners,
      String catalogItem,
      List<UnitConversion> units,
      Map<Owner, PlausibleRange> ranges,
      String growthMeasure,
      String answerSet,
      Window typical,
      String page) {}

  /** A handbook page of one age with its questions. */
  public record Page(
      String code, LocalizedText label, int fromMonths, int untilMonths, List<String> questions) {}

  private final String version;
  private final String effectiveFrom;
  private final List<String> sources;
  private final LocalizedText note;
  private final Map<String, LocalizedText> authors;
  private final Map<String, List<Answer>> answerSets;
  private final Map<OwnRecordKind, Map<String, Item>> items;
  private final List<Page> pages;

  private OwnRecordItems(
      String version,
      String effectiveFrom,
      List<String> sources,
      LocalizedText note,
      Map<String, LocalizedText> authors,
      Map<String, List<Answer>> answerSets,
      Map<OwnRecordKind, Map<String, Item>> items,
      List<Page> pages) {
    this.version = version;
    this.effectiveFrom = effectiveFrom;
    this.sources = sources;
    this.note = note;
    this.authors = authors;
    this.answerSets = answerSets;
    this.items = items;
    this.pages = pages;
  }

  public static OwnRecordItems load(CheckupItemCatalog catalog) {
    try (InputStream in = OwnRecordItems.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      return read(new ObjectMapper().readTree(in), catalog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OwnRecordItems read(JsonNode root, CheckupItemCatalog catalog) {
    List<String> sources = new ArrayList<>();
    root.path("sources")
        .forEach(s -> sources.add(s.path("label").asText() + " <" + s.path("url").asText() + ">"));
    if (sources.isEmpty() || !root.hasNonNull("effectiveFrom")) {
      throw new IllegalStateException("own-record-items lacks its source");
    }
    Map<String, LocalizedText> authors = new LinkedHashMap<>();
    root.path("authors").forEach(a -> authors.put(a.path("code").asText(), text(a.path("label"))));
    Map<String, List<Answer>> answerSets = new LinkedHashMap<>();
    root.path("answerSets")
        .properties()
        .forEach(
            e -> {
              List<Answer> answers = new ArrayList<>();
              e.getValue()
                  .forEach(
                      a -> answers.add(new Answer(a.path("code").asText(), text(a.path("label")))));
              answerSets.put(e.getKey(), List.copyOf(answers));
            });
    Map<OwnRecordKind, Map<String, Item>> items = new LinkedHashMap<>();
    for (OwnRecordKind kind : OwnRecordKind.values()) {
      items.put(kind, new LinkedHashMap<>());
    }
    for (JsonNode node : root.path("measurements")) {
      String code = node.path("item").asText();
      CatalogItem item =
          catalog
              .byCode(code)
              .filter(CatalogItem::isParentRecordable)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "own-record-items: " + code + " is no parent-recordable catalog item"));
      Set<Owner> owners = owners(node.path("subjects"));
      Map<Owner, PlausibleRange> ranges = new LinkedHashMap<>();
      for (Owner owner : owners) {
        Subject subject = owner == Owner.CHILD ? Subject.CHILD : Subject.MOTHER;
        ranges.put(
            owner,
            item.plausibleRange(subject)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "own-record-items: the catalog has no range of "
                                + code
                                + " for "
                                + owner)));
      }
      put(
          items,
          new Item(
              OwnRecordKind.MEASUREMENT,
              code,
              item.label(),
              owners,
              code,
              item.units(),
              Map.copyOf(ranges),
              node.path("growthMeasure").asText(null),
              null,
              null,
              null));
    }
    for (JsonNode node : root.path("milestones")) {
      String catalogItem = node.path("catalogItem").asText(null);
      if (catalogItem != null && catalog.byCode(catalogItem).isEmpty()) {
        throw new IllegalStateException("own-record-items: unknown catalog item " + catalogItem);
      }
      Window window =
          node.has("typicalMonths")
              ? window(node.path("typicalMonths"), "mo")
              : window(node.path("typicalWeeks"), "wk");
      put(
          items,
          new Item(
              OwnRecordKind.MILESTONE,
              node.path("code").asText(),
              text(node.path("label")),
              Set.of(Owner.of(node.path("subject").asText())),
              catalogItem,
              List.of(),
              Map.of(),
              null,
              null,
              window,
              node.path("page").asText(null)));
    }
    List<Page> pages = new ArrayList<>();
    for (JsonNode node : root.path("pages")) {
      String page = node.path("code").asText();
      List<String> codes = new ArrayList<>();
      for (JsonNode question : node.path("questions")) {
        String code = question.path("code").asText();
        String catalogItem = question.path("catalogItem").asText(null);
        LocalizedText label;
        if (catalogItem != null) {
          label =
              catalog
                  .byCode(catalogItem)
                  .filter(CatalogItem::isParentRecordable)
                  .map(CatalogItem::label)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "own-record-items: " + catalogItem + " is no parent question"));
        } else {
          label = text(question.path("label"));
        }
        String answers = question.path("answers").asText();
        if (!answerSets.containsKey(answers)) {
          throw new IllegalStateException("own-record-items: unknown answer set " + answers);
        }
        put(
            items,
            new Item(
                OwnRecordKind.HANDBOOK_ANSWER,
                code,
                label,
                Set.of(Owner.CHILD),
                catalogItem,
                List.of(),
                Map.of(),
                null,
                answers,
                null,
                page));
        codes.add(code);
      }
      pages.add(
          new Page(
              page,
              text(node.path("label")),
              node.path("fromMonths").asInt(),
              node.path("untilMonths").asInt(),
              List.copyOf(codes)));
    }
    for (JsonNode node : root.path("familyColumns")) {
      put(
          items,
          new Item(
              OwnRecordKind.FAMILY_NOTE,
              node.path("code").asText(),
              text(node.path("label")),
              Set.of(Owner.of(node.path("subject").asText())),
              null,
              List.of(),
              Map.of(),
              null,
              null,
              null,
              null));
    }
    Map<OwnRecordKind, Map<String, Item>> frozen = new LinkedHashMap<>();
    items.forEach(
        (kind, byCode) -> frozen.put(kind, java.util.Collections.unmodifiableMap(byCode)));
    return new OwnRecordItems(
        root.path("version").asText(),
        root.path("effectiveFrom").asText(),
        List.copyOf(sources),
        text(root.path("note")),
        java.util.Collections.unmodifiableMap(authors),
        java.util.Collections.unmodifiableMap(answerSets),
        java.util.Collections.unmodifiableMap(frozen),
        List.copyOf(pages));
  }

  private static void put(Map<OwnRecordKind, Map<String, Item>> items, Item item) {
    if (items.get(item.kind()).put(item.code(), item) != null) {
      throw new IllegalStateException("own-record-items: " + item.code() + " twice");
    }
  }

  private static Set<Owner> owners(JsonNode subjects) {
    Set<Owner> owners = new java.util.LinkedHashSet<>();
    subjects.forEach(s -> owners.add(Owner.of(s.asText())));
    return Set.copyOf(owners);
  }

  private static Window window(JsonNode node, String unit) {
    int from = node.path("from").asInt();
    int by = node.path("by").asInt();
    if (node.isMissingNode() || from <= 0 || by < from) {
      throw new IllegalStateException("own-record-items: a milestone without a typical window");
    }
    return new Window(from, by, unit);
  }

  private static LocalizedText text(JsonNode node) {
    if (!node.hasNonNull("ja") || !node.hasNonNull("en")) {
      throw new IllegalStateException("own-record-items: a text without ja and en: " + node);
    }
    return new LocalizedText(node.get("ja").asText(), node.get("en").asText());
  }

  /** The item of that kind and code, if parents may record it for that owner. */
  public Optional<Item> item(OwnRecordKind kind, String code, Owner owner) {
    return Optional.ofNullable(items.get(kind).get(code)).filter(i -> i.owners().contains(owner));
  }

  /** The items of a kind, in the file's order. */
  public List<Item> items(OwnRecordKind kind) {
    return List.copyOf(items.get(kind).values());
  }

  public List<Page> pages() {
    return pages;
  }

  public Map<String, LocalizedText> authors() {
    return authors;
  }

  public Map<String, List<Answer>> answerSets() {
    return answerSets;
  }

  /** The label of an answer of that set, if it is one. */
  public Optional<Answer> answer(String answerSet, String code) {
    return answerSets.getOrDefault(answerSet, List.of()).stream()
        .filter(a -> a.code().equals(code))
        .findFirst();
  }

  public String version() {
    return version;
  }

  public String effectiveFrom() {
    return effectiveFrom;
  }

  public List<String> sources() {
    return sources;
  }

  /** The handbook's reassurance shown with milestones and questions. */
  public LocalizedText note() {
    return note;
  }
}
