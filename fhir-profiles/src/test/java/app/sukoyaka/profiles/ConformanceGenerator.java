package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.SukoyakaCanonicals.BASE_URL;
import static app.sukoyaka.profiles.SukoyakaCanonicals.LOINC_SYSTEM;
import static app.sukoyaka.profiles.SukoyakaCanonicals.MEDIS_BODY_MEASUREMENT_SYSTEM;
import static app.sukoyaka.profiles.SukoyakaCanonicals.VERSION;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toList;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates the parts of the conformance resources that derive from the checkup item catalog, so
 * the profiles and the catalog cannot disagree:
 *
 * <ul>
 *   <li>CodeSystem {@code checkup-item} (one concept per item);
 *   <li>ValueSet {@code checkup-observation-codes} (every accepted coding of every item and panel);
 *   <li>the {@code sky-*} invariants of StructureDefinition {@code sukoyaka-checkup-observation}
 *       (the rest of that file is written by hand and kept as is);
 *   <li>the offline fragments of LOINC and JP Core's MEDIS body measurement codes under {@code
 *       conformance/external/};
 *   <li>the package indexes {@code .index.json}.
 * </ul>
 *
 * <p>Run {@code ./mvnw -q -pl fhir-profiles test -Dtest=ConformanceGeneratorTest
 * -Dsukoyaka.regenerate=true} after editing the catalog; {@code ConformanceGeneratorTest} fails
 * while the committed files differ from what this produces.
 */
final class ConformanceGenerator {

  /** Resources of the module, relative to the module directory (Surefire's working directory). */
  static final Path DEFAULT_ROOT = Path.of("src/main/resources/app/sukoyaka/profiles");

  static final String CONFORMANCE = "conformance";
  static final String EXTERNAL = CONFORMANCE + "/external";
  static final String OBSERVATION_PROFILE =
      CONFORMANCE + "/StructureDefinition-sukoyaka-checkup-observation.json";
  static final String ENCOUNTER_PROFILE =
      CONFORMANCE + "/StructureDefinition-sukoyaka-checkup-encounter.json";
  static final String IMMUNIZATION_PROFILE =
      CONFORMANCE + "/StructureDefinition-sukoyaka-immunization.json";
  static final String JP_CATEGORY_SYSTEM =
      "http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS";
  static final String EPDS_ITEM_PREFIX = "epds-item-";
  static final String ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String PRESCREENING_DATA = "vaccination-prescreening.json";
  static final String PRESCREENING_PROFILE =
      CONFORMANCE + "/StructureDefinition-sukoyaka-prescreening-response.json";
  static final String TRANSLATION_EXTENSION = "http://hl7.org/fhir/StructureDefinition/translation";

  /** Marks an invariant as generated, so regeneration replaces it and keeps hand-written ones. */
  static final String GENERATED_MARK = "Generated from the checkup item catalog";

  /** Marks an invariant generated from the vaccine catalog. */
  static final String VACCINE_GENERATED_MARK = "Generated from the vaccine catalog";

  private static final String DATE = "2026-11-21";
  private static final String PROVISIONAL =
      "Provisional (暫定): no official code list exists yet; Sukoyaka defines these codes until"
          + " one does and will then map them.";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final Path root;
  private final CheckupItemCatalog catalog;
  private final VaccineCatalog vaccines;
  // The expressions come from the same builder the fast path compares the profiles with.
  private final GeneratedInvariants generated;
  private final Map<CodingRef, String> displays = new HashMap<>();
  private final PrescreeningQuestionnaire prescreening;

  ConformanceGenerator(Path root) {
    this.root = root;
    Path catalogFolder = root.resolve("catalog");
    try (InputStream in = Files.newInputStream(catalogFolder.resolve("checkup-items.json"))) {
      this.catalog =
          CheckupItemCatalog.parse(
              in,
              part -> {
                try {
                  return Files.newInputStream(catalogFolder.resolve(part));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      // Displays are documentation for people and the offline fragments; the API omits them.
      for (JsonNode part : read(catalogFolder.resolve("checkup-items.json")).path("parts")) {
        JsonNode tree = MAPPER.readTree(catalogFolder.resolve(part.asText()).toFile());
        Stream.concat(stream(tree.path("items")), stream(tree.path("panels")))
            .flatMap(node -> stream(node.path("fhirCodes")))
            .forEach(
                coding ->
                    displays.put(
                        new CodingRef(coding.path("system").asText(), coding.path("code").asText()),
                        coding.path("display").asText(null)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.generated = new GeneratedInvariants(catalog);
    try (InputStream in = Files.newInputStream(catalogFolder.resolve(PRESCREENING_DATA))) {
      this.prescreening = PrescreeningQuestionnaire.parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (InputStream kinds = Files.newInputStream(catalogFolder.resolve(VaccineCatalog.CATALOG));
        InputStream abroad = Files.newInputStream(catalogFolder.resolve(VaccineCatalog.ABROAD))) {
      this.vaccines = VaccineCatalog.parse(kinds, abroad);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    Path root = args.length > 0 ? Path.of(args[0]) : DEFAULT_ROOT;
    new ConformanceGenerator(root).write();
  }

  /** Expected content of every generated file, keyed by path relative to the root. */
  Map<String, JsonNode> generate() {
    Map<String, JsonNode> files = new LinkedHashMap<>();
    files.put(CONFORMANCE + "/CodeSystem-checkup-item.json", checkupItemCodeSystem());
    files.put(CONFORMANCE + "/CodeSystem-checkup-kind.json", checkupKindCodeSystem());
    files.put(CONFORMANCE + "/ValueSet-checkup-kind.json", checkupKindValueSet());
    for (AnswerSet set : catalog.answerSets()) {
      if (set.isOwn()) {
        files.put(CONFORMANCE + "/CodeSystem-" + set.code() + ".json", answerCodeSystem(set));
        files.put(CONFORMANCE + "/ValueSet-" + set.code() + ".json", answerValueSet(set));
      }
    }
    files.put(ENCOUNTER_PROFILE, encounterProfile());
    List<CatalogItem> epds = epdsItems();
    if (!epds.isEmpty()) {
      files.put(CONFORMANCE + "/Questionnaire-epds.json", epdsQuestionnaire(epds));
    }
    files.putAll(prescreeningFiles());
    files.put(CONFORMANCE + "/ValueSet-checkup-observation-codes.json", observationCodesValueSet());
    files.put(OBSERVATION_PROFILE, observationProfile());
    files.put(
        EXTERNAL + "/CodeSystem-loinc-fragment.json",
        fragment(
            "loinc-fragment",
            LOINC_SYSTEM,
            "LoincFragmentForSukoyaka",
            "LOINC (fragment: codes accepted by Sukoyaka)",
            "This material contains content from LOINC (http://loinc.org). LOINC is copyright ©"
                + " Regenstrief Institute, Inc. and the Logical Observation Identifiers Names and"
                + " Codes (LOINC) Committee and is available at no cost under the license at"
                + " http://loinc.org/license."));
    files.put(
        EXTERNAL + "/CodeSystem-medis-body-measurement-fragment.json",
        fragment(
            "medis-body-measurement-fragment",
            MEDIS_BODY_MEASUREMENT_SYSTEM,
            "JPObservationBodyMeasurementCodeFragmentForSukoyaka",
            "JP Core Observation BodyMeasurement Code (fragment: codes accepted by Sukoyaka)",
            "Copyright MEDIS-DC 医療情報システム開発センター"));
    files.put(CONFORMANCE + "/CodeSystem-vaccine-kind.json", vaccineKindCodeSystem());
    files.put(
        CONFORMANCE + "/ValueSet-vaccine-kind.json",
        vaccineValueSet("vaccine-kind", "Vaccine Kind", "Every kind of vaccine of the catalog."));
    files.put(CONFORMANCE + "/CodeSystem-vaccine-product.json", vaccineProductCodeSystem());
    files.put(
        CONFORMANCE + "/ValueSet-vaccine-product.json",
        vaccineValueSet(
            "vaccine-product",
            "Vaccine Product",
            "Every product of the catalog whose schedule or record depends on the product."));
    files.put(CONFORMANCE + "/CodeSystem-vaccine-series.json", vaccineSeriesCodeSystem());
    files.put(
        CONFORMANCE + "/ValueSet-vaccine-series.json",
        vaccineValueSet(
            "vaccine-series", "Vaccine Series", "Every series of the routine schedule."));
    files.put(IMMUNIZATION_PROFILE, immunizationProfile());
    // The indexes list the other files, generated ones included, so they come last.
    files.put(CONFORMANCE + "/.index.json", index(CONFORMANCE, files));
    files.put(EXTERNAL + "/.index.json", index(EXTERNAL, files));
    return files;
  }

  /** Paths (relative to the root) whose committed content differs from the generated one. */
  List<String> outdatedFiles() {
    List<String> outdated = new ArrayList<>();
    generate()
        .forEach(
            (relative, expected) -> {
              Path file = root.resolve(relative);
              if (!Files.exists(file) || !read(file).equals(expected)) {
                outdated.add(relative);
              }
            });
    return outdated;
  }

  /** Writes every generated file. */
  void write() {
    generate()
        .forEach(
            (relative, content) -> {
              try {
                Path file = root.resolve(relative);
                Files.createDirectories(file.getParent());
                Files.writeString(file, print(content), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  // --- CodeSystem checkup-item --------------------------------------------------------------

  private ObjectNode checkupItemCodeSystem() {
    ObjectNode cs = header("CodeSystem", "checkup-item");
    cs.put("name", "SukoyakaCheckupItem");
    cs.put("title", "Sukoyaka Checkup Item (健診項目)");
    cs.put("status", "draft");
    cs.put("experimental", true);
    common(
        cs,
        "Provisional (暫定): no official code list covers every item recorded at maternal and"
            + " child health checkups; Sukoyaka defines these codes until one does. One concept per"
            + " item of the checkup item catalog "
            + catalog.version()
            + " (checkup-items.json), generated from it. Each item is also accepted by the LOINC"
            + " and MEDIS codes the catalog lists.");
    cs.put("language", "ja");
    cs.put("caseSensitive", true);
    cs.put("valueSet", BASE_URL + "/ValueSet/checkup-observation-codes|" + VERSION);
    cs.put("content", "complete");
    cs.put("count", catalog.items().size());
    ArrayNode concepts = cs.putArray("concept");
    for (CatalogItem item : catalog.items()) {
      ObjectNode concept = concepts.addObject();
      concept.put("code", item.code());
      concept.put("display", item.label().ja());
      concept.put("definition", item.label().en() + ". Source: " + item.source());
      concept
          .putArray("designation")
          .addObject()
          .put("language", "en")
          .put("value", item.label().en());
    }
    return cs;
  }

  // --- Checkup kinds and answer sets ---------------------------------------------------------

  private ObjectNode checkupKindCodeSystem() {
    ObjectNode cs = header("CodeSystem", "checkup-kind");
    cs.put("name", "SukoyakaCheckupKind");
    cs.put("title", "Sukoyaka Checkup Kind (健診・記録の種類)");
    cs.put("status", "draft");
    cs.put("experimental", true);
    common(
        cs,
        PROVISIONAL
            + " Kinds of maternal and child health checkups and records a visit belongs to, from"
            + " the checkup item catalog "
            + catalog.version()
            + "; each names whom the Encounter is about (the mother or the child) and the"
            + " encounter classes it may carry.");
    cs.put("language", "ja");
    cs.put("caseSensitive", true);
    cs.put("valueSet", BASE_URL + "/ValueSet/checkup-kind|" + VERSION);
    cs.put("content", "complete");
    cs.put("count", catalog.kinds().size());
    ArrayNode concepts = cs.putArray("concept");
    for (CheckupKind kind : catalog.kinds()) {
      ObjectNode concept = concepts.addObject();
      concept.put("code", kind.code());
      concept.put("display", kind.label().ja());
      concept.put(
          "definition",
          kind.label().en()
              + ". About the "
              + kind.subject().jsonName()
              + "; encounter class "
              + kind.encounterClasses().stream().sorted().collect(joining(" or "))
              + (kind.municipalOwn()
                  ? "; the municipality's own checkup, named in Encounter.type.text"
                  : "")
              + ".");
      concept
          .putArray("designation")
          .addObject()
          .put("language", "en")
          .put("value", kind.label().en());
    }
    return cs;
  }

  private ObjectNode checkupKindValueSet() {
    ObjectNode vs = header("ValueSet", "checkup-kind");
    vs.put("name", "SukoyakaCheckupKind");
    vs.put("title", "Sukoyaka Checkup Kind");
    vs.put("status", "draft");
    vs.put("experimental", false);
    common(vs, "Every kind of checkup or record of the checkup item catalog.");
    vs.putObject("compose")
        .putArray("include")
        .addObject()
        .put("system", BASE_URL + "/CodeSystem/checkup-kind")
        .put("version", VERSION);
    return vs;
  }

  private ObjectNode answerCodeSystem(AnswerSet set) {
    ObjectNode cs = header("CodeSystem", set.code());
    cs.put("name", "Sukoyaka" + pascal(set.code()));
    cs.put("title", "Sukoyaka " + set.title().en() + " (" + set.title().ja() + ")");
    cs.put("status", "draft");
    cs.put("experimental", set.provisional());
    common(
        cs,
        (set.provisional() ? PROVISIONAL + " " : "")
            + set.description()
            + " Source: "
            + set.source()
            + ". Generated from the checkup item catalog "
            + catalog.version()
            + ".");
    cs.put("language", "ja");
    cs.put("caseSensitive", true);
    cs.put("valueSet", BASE_URL + "/ValueSet/" + set.code() + "|" + VERSION);
    cs.put("content", "complete");
    cs.put("count", set.answers().size());
    ArrayNode concepts = cs.putArray("concept");
    for (AnswerCode answer : set.answers()) {
      ObjectNode concept = concepts.addObject();
      concept.put("code", answer.code());
      concept.put("display", answer.label().ja());
      answer.plainExplanation().ifPresent(text -> concept.put("definition", text.ja()));
      ArrayNode designations = concept.putArray("designation");
      designations.addObject().put("language", "en").put("value", answer.label().en());
      answer
          .plainExplanation()
          .ifPresent(
              text ->
                  designations
                      .addObject()
                      .put("language", "en")
                      .put("value", answer.label().en() + ": " + text.en()));
    }
    return cs;
  }

  private ObjectNode answerValueSet(AnswerSet set) {
    ObjectNode vs = header("ValueSet", set.code());
    vs.put("name", "Sukoyaka" + pascal(set.code()) + "Answers");
    vs.put("title", "Sukoyaka " + set.title().en() + " Answers");
    vs.put("status", "draft");
    vs.put("experimental", false);
    common(
        vs,
        "Answers of "
            + set.title().ja()
            + " ("
            + set.title().en()
            + "), used by the items "
            + catalog.items().stream()
                .filter(item -> set.code().equals(item.answerSet()))
                .map(CatalogItem::code)
                .collect(joining(", "))
            + ".");
    vs.putObject("compose")
        .putArray("include")
        .addObject()
        .put("system", set.system())
        .put("version", VERSION);
    return vs;
  }

  private static String pascal(String kebab) {
    StringBuilder name = new StringBuilder();
    for (String part : kebab.split("-")) {
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }

  // --- The EPDS Questionnaire -----------------------------------------------------------------

  /** The catalog items epds-item-1 … epds-item-10, in item order. */
  private List<CatalogItem> epdsItems() {
    List<CatalogItem> items = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      catalog.byCode(EPDS_ITEM_PREFIX + i).ifPresent(items::add);
    }
    if (!items.isEmpty() && items.size() != 10) {
      throw new IllegalStateException("The catalog lists " + items.size() + " of 10 EPDS items");
    }
    return items;
  }

  private ObjectNode epdsQuestionnaire(List<CatalogItem> items) {
    ObjectNode q = header("Questionnaire", "epds");
    q.put("name", "SukoyakaEpds");
    q.put("title", "エジンバラ産後うつ病質問票 (EPDS)");
    q.put("status", "draft");
    q.put("experimental", false);
    common(
        q,
        "The ten items of the Edinburgh Postnatal Depression Scale (Cox, Holden and Sagovsky 1987;"
            + " Japanese version by Okano et al. 1996), each scored 0 to 3; the total ranges from 0"
            + " to 30. Item texts here are short topic labels, not the instrument's wording, which"
            + " the clinic presents on its own form. Generated from the checkup item catalog "
            + catalog.version()
            + " (items epds-item-1 to epds-item-10).");
    q.putArray("subjectType").add("Patient");
    ArrayNode questions = q.putArray("item");
    for (int i = 0; i < items.size(); i++) {
      CatalogItem item = items.get(i);
      ObjectNode question = questions.addObject();
      question.put("linkId", String.valueOf(i + 1));
      ObjectNode code = question.putArray("code").addObject();
      code.put("system", SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM);
      code.put("code", item.code());
      code.put("display", item.label().ja());
      question.put("text", item.label().ja());
      question.put("type", "integer");
      question.put("required", true);
    }
    return q;
  }

  // --- The pre-vaccination questionnaire (予診票) --------------------------------------------

  /** Marks the invariants generated from the questionnaire data. */
  static final String PRESCREENING_MARK = "Generated from the pre-vaccination questionnaire";

  /** The Questionnaire, its answer sets and the invariants of its response profile. */
  private Map<String, JsonNode> prescreeningFiles() {
    Map<String, JsonNode> files = new LinkedHashMap<>();
    for (PrescreeningQuestionnaire.AnswerSet set : prescreening.answerSets()) {
      files.put(CONFORMANCE + "/CodeSystem-" + set.code() + ".json", prescreeningCodeSystem(set));
      files.put(CONFORMANCE + "/ValueSet-" + set.code() + ".json", prescreeningValueSet(set));
    }
    files.put(
        CONFORMANCE + "/Questionnaire-vaccination-prescreening.json", prescreeningQuestionnaire());
    files.put(PRESCREENING_PROFILE, prescreeningProfile());
    return files;
  }

  private ObjectNode prescreeningCodeSystem(PrescreeningQuestionnaire.AnswerSet set) {
    ObjectNode cs = header("CodeSystem", set.code());
    cs.put("name", "Sukoyaka" + pascal(set.code()));
    cs.put("title", "Sukoyaka " + set.title().en() + " (" + set.title().ja() + ")");
    cs.put("status", "draft");
    cs.put("experimental", true);
    common(
        cs,
        PROVISIONAL
            + " "
            + set.description()
            + " Generated from the pre-vaccination questionnaire "
            + prescreening.version()
            + " (vaccination-prescreening.json).");
    cs.put("language", "ja");
    cs.put("caseSensitive", true);
    cs.put("valueSet", BASE_URL + "/ValueSet/" + set.code() + "|" + VERSION);
    cs.put("content", "complete");
    cs.put("count", set.answers().size());
    ArrayNode concepts = cs.putArray("concept");
    for (PrescreeningQuestionnaire.Option answer : set.answers()) {
      ObjectNode concept = concepts.addObject();
      concept.put("code", answer.code());
      concept.put("display", answer.label().ja());
      concept
          .putArray("designation")
          .addObject()
          .put("language", "en")
          .put("value", answer.label().en());
    }
    return cs;
  }

  private ObjectNode prescreeningValueSet(PrescreeningQuestionnaire.AnswerSet set) {
    ObjectNode vs = header("ValueSet", set.code());
    vs.put("name", "Sukoyaka" + pascal(set.code()) + "Answers");
    vs.put("title", "Sukoyaka " + set.title().en() + " Answers");
    vs.put("status", "draft");
    vs.put("experimental", false);
    common(vs, "Answers of " + set.title().ja() + " (" + set.title().en() + ").");
    vs.putObject("compose")
        .putArray("include")
        .addObject()
        .put("system", set.system())
        .put("version", VERSION);
    return vs;
  }

  private ObjectNode prescreeningQuestionnaire() {
    ObjectNode q = header("Questionnaire", "vaccination-prescreening");
    q.put("language", "ja");
    q.put("name", "SukoyakaVaccinationPrescreening");
    q.put("title", prescreening.title().ja());
    q.set("_title", translation(prescreening.title().en()));
    q.put("status", "draft");
    q.put("experimental", false);
    StringBuilder later = new StringBuilder();
    for (PrescreeningQuestionnaire.Item item : prescreening.items()) {
      if (item.effectiveFrom().isAfter(prescreening.effectiveFrom())) {
        later.append(later.length() == 0 ? "" : ", ");
        later.append(item.linkId()).append(" from ").append(item.effectiveFrom());
      }
    }
    common(
        q,
        "The national pre-vaccination questionnaire (予防接種予診票 of the 定期接種実施要領) as the"
            + " guardian answers it in the handbook app before a routine vaccination: the questions"
            + " of the form for infants and children in its order, then the questions that the"
            + " forms of single vaccines add (ロタ, BCG, B型肝炎, 水痘, 麻しん風しん, HPV), each"
            + " enabled by the planned vaccine (item vaccine, answered with the routine schedule's"
            + " vaccine id), and follow-up questions enabled by a yes. Texts are in Japanese with"
            + " English translations; the wording is faithful plain wording, not a copy of a form."
            + " Questions apply from the day the vaccine became routine ("
            + later
            + "). Generated from the pre-vaccination questionnaire "
            + prescreening.version()
            + " (vaccination-prescreening.json), which names every source.");
    q.putArray("subjectType").add("Patient");
    ArrayNode questions = q.putArray("item");
    for (PrescreeningQuestionnaire.Item item : prescreening.items()) {
      questions.add(prescreeningItem(item));
    }
    return q;
  }

  private ObjectNode prescreeningItem(PrescreeningQuestionnaire.Item item) {
    ObjectNode question = MAPPER.createObjectNode();
    ArrayNode extensions = MAPPER.createArrayNode();
    if (item.unit() != null) {
      ObjectNode unit = extensions.addObject();
      unit.put("url", "http://hl7.org/fhir/StructureDefinition/questionnaire-unit");
      unit.putObject("valueCoding")
          .put("system", SukoyakaCanonicals.UCUM_SYSTEM)
          .put("code", item.unit().ucum())
          .put("display", item.unit().label().ja());
    }
    if (item.range() != null) {
      boolean decimal = item.type() == PrescreeningQuestionnaire.ItemType.DECIMAL;
      ObjectNode min =
          extensions.addObject().put("url", "http://hl7.org/fhir/StructureDefinition/minValue");
      ObjectNode max =
          extensions.addObject().put("url", "http://hl7.org/fhir/StructureDefinition/maxValue");
      if (decimal) {
        decimal(min, item.range().min());
        decimal(max, item.range().max());
      } else {
        min.put("valueInteger", item.range().min().intValueExact());
        max.put("valueInteger", item.range().max().intValueExact());
      }
    }
    if (!extensions.isEmpty()) {
      question.set("extension", extensions);
    }
    question.put("linkId", item.linkId());
    question.put("text", item.text().ja());
    question.set("_text", translation(item.text().en()));
    question.put("type", item.type().fhirCode());
    ArrayNode enableWhen = MAPPER.createArrayNode();
    if (item.enableWhen() != null) {
      enableWhen
          .addObject()
          .put("question", item.enableWhen().linkId())
          .put("operator", "=")
          .put("answerBoolean", item.enableWhen().answer());
    }
    for (PrescreeningQuestionnaire.Vaccine vaccine : prescreening.vaccines()) {
      if (item.vaccines().contains(vaccine.id())) {
        enableWhen
            .addObject()
            .put("question", "vaccine")
            .put("operator", "=")
            .put("answerString", vaccine.id());
      }
    }
    if (!enableWhen.isEmpty()) {
      question.set("enableWhen", enableWhen);
      if (enableWhen.size() > 1) {
        question.put("enableBehavior", "any");
      }
    }
    question.put("required", item.required());
    if (item.repeats()) {
      question.put("repeats", true);
    }
    if (item.fromRequest() != null) {
      question.put("readOnly", true);
    }
    if (!item.options().isEmpty()) {
      ArrayNode options = question.putArray("answerOption");
      for (PrescreeningQuestionnaire.Option option : item.options()) {
        if (option.system() == null) {
          options.addObject().put("valueString", option.code());
        } else {
          options
              .addObject()
              .putObject("valueCoding")
              .put("system", option.system())
              .put("code", option.code())
              .put("display", option.label().ja());
        }
      }
    }
    return question;
  }

  /**
   * Sets valueDecimal as it reads back: the node factory drops trailing zeros, and 34 then reads as
   * an integer node.
   */
  private static void decimal(ObjectNode extension, BigDecimal value) {
    BigDecimal plain = value.stripTrailingZeros();
    if (plain.scale() <= 0) {
      extension.put("valueDecimal", plain.intValueExact());
    } else {
      extension.put("valueDecimal", plain);
    }
  }

  /** The core translation extension carrying the English text of an element. */
  private static ObjectNode translation(String english) {
    ObjectNode element = MAPPER.createObjectNode();
    ObjectNode extension = element.putArray("extension").addObject();
    extension.put("url", TRANSLATION_EXTENSION);
    ArrayNode parts = extension.putArray("extension");
    parts.addObject().put("url", "lang").put("valueCode", "en");
    parts.addObject().put("url", "content").put("valueString", english);
    return element;
  }

  /**
   * The response profile with its generated invariants: every linkId known and answered once, each
   * answer of its question's type and range, the questions asked for every vaccine answered, a
   * per-vaccine question answered exactly for its vaccines, a follow-up exactly after a yes.
   */
  private ObjectNode prescreeningProfile() {
    List<ObjectNode> invariants = new ArrayList<>();
    List<PrescreeningQuestionnaire.Item> items = prescreening.items();
    invariants.add(
        prescreeningInvariant(
            "sky-pre-items",
            "Every item is a question of the pre-vaccination questionnaire, answered once",
            "item.linkId.isDistinct() and item.all(linkId in ("
                + items.stream().map(item -> quote(item.linkId())).collect(joining(" | "))
                + "))"));
    List<String> always =
        items.stream()
            .filter(PrescreeningQuestionnaire.Item::required)
            .filter(item -> item.enableWhen() == null && item.vaccines().isEmpty())
            .filter(item -> alwaysInForce(item))
            .map(PrescreeningQuestionnaire.Item::linkId)
            .toList();
    invariants.add(
        prescreeningInvariant(
            "sky-pre-required",
            "The questions asked for every vaccine are answered: " + String.join(", ", always),
            always.stream().map(id -> answered(id)).collect(joining(" and "))));
    for (PrescreeningQuestionnaire.Item item : items) {
      invariants.add(
          prescreeningInvariant(
              "sky-pre-" + item.linkId(),
              item.linkId() + " (" + item.text().ja() + ") " + describeAnswer(item),
              "item.where(linkId = "
                  + quote(item.linkId())
                  + ").all("
                  + answerCondition(item)
                  + ")"));
      String asked = askedCondition(item);
      if (asked != null) {
        boolean mustAnswer = item.required() && alwaysInForce(item);
        invariants.add(
            prescreeningInvariant(
                "sky-pre-when-" + item.linkId(),
                item.linkId()
                    + " is answered only "
                    + (mustAnswer ? "and always " : "")
                    + describeAsked(item),
                // implies binds more loosely than and: each direction in its own parentheses.
                "("
                    + answered(item.linkId())
                    + " implies "
                    + asked
                    + ")"
                    + (mustAnswer
                        ? " and (" + asked + " implies " + answered(item.linkId()) + ")"
                        : "")));
      }
    }
    ObjectNode sd = (ObjectNode) read(root.resolve(PRESCREENING_PROFILE));
    for (JsonNode element : sd.path("differential").path("element")) {
      if (element.path("id").asText().equals("QuestionnaireResponse")) {
        ArrayNode kept = MAPPER.createArrayNode();
        for (JsonNode constraint : element.path("constraint")) {
          if (!constraint.path("requirements").asText().startsWith(PRESCREENING_MARK)) {
            kept.add(constraint);
          }
        }
        invariants.forEach(kept::add);
        ((ObjectNode) element).set("constraint", kept);
      }
    }
    return sd;
  }

  private boolean alwaysInForce(PrescreeningQuestionnaire.Item item) {
    return item.effectiveTo() == null;
  }

  private static String answered(String linkId) {
    return "item.where(linkId = " + quote(linkId) + ").exists()";
  }

  /** FHIRPath that is true when the question is asked; null for a question always asked. */
  private String askedCondition(PrescreeningQuestionnaire.Item item) {
    if (item.enableWhen() != null) {
      return "item.where(linkId = "
          + quote(item.enableWhen().linkId())
          + " and answer.value = "
          + item.enableWhen().answer()
          + ").exists()";
    }
    if (!item.vaccines().isEmpty()) {
      return "item.where(linkId = 'vaccine' and answer.value in ("
          + prescreening.vaccines().stream()
              .map(PrescreeningQuestionnaire.Vaccine::id)
              .filter(item.vaccines()::contains)
              .map(ConformanceGenerator::quote)
              .collect(joining(" | "))
          + ")).exists()";
    }
    return null;
  }

  private String describeAsked(PrescreeningQuestionnaire.Item item) {
    if (item.enableWhen() != null) {
      return "when " + item.enableWhen().linkId() + " is answered " + item.enableWhen().answer();
    }
    return "for the vaccines "
        + prescreening.vaccines().stream()
            .map(PrescreeningQuestionnaire.Vaccine::id)
            .filter(item.vaccines()::contains)
            .collect(joining(", "));
  }

  private static String answerCondition(PrescreeningQuestionnaire.Item item) {
    String count = item.repeats() ? "answer.count() >= 1" : "answer.count() = 1";
    String value =
        switch (item.type()) {
          case BOOLEAN -> "value is boolean";
          case DECIMAL, INTEGER ->
              "value is "
                  + item.type().fhirCode()
                  + " and value >= "
                  + plain(item.range().min())
                  + " and value <= "
                  + plain(item.range().max());
          case STRING -> "value is string";
          case DATE -> "value is date";
          case CHOICE -> {
            String codes =
                item.options().stream().map(option -> quote(option.code())).collect(joining(" | "));
            String system = item.options().get(0).system();
            yield system == null
                ? "value is string and value in (" + codes + ")"
                : "value is Coding and value.system = "
                    + quote(system)
                    + " and value.code in ("
                    + codes
                    + ")";
          }
        };
    String distinct = item.repeats() ? " and answer.value.code.isDistinct()" : "";
    return count + " and answer.all(" + value + ")" + distinct;
  }

  private static String describeAnswer(PrescreeningQuestionnaire.Item item) {
    String many = item.repeats() ? "has one or more answers, each" : "has one answer,";
    return switch (item.type()) {
      case BOOLEAN -> many + " a boolean";
      case DECIMAL, INTEGER ->
          many
              + " a "
              + item.type().fhirCode()
              + " from "
              + plain(item.range().min())
              + " to "
              + plain(item.range().max())
              + " "
              + item.unit().ucum();
      case STRING -> many + " a string";
      case DATE -> many + " a date";
      case CHOICE ->
          many
              + " one of "
              + item.options().stream()
                  .map(PrescreeningQuestionnaire.Option::code)
                  .collect(joining(", "))
              + (item.options().get(0).system() == null
                  ? " as a string"
                  : " of " + item.options().get(0).system());
    };
  }

  private ObjectNode prescreeningInvariant(String key, String human, String expression) {
    ObjectNode constraint = MAPPER.createObjectNode();
    constraint.put("key", key);
    constraint.put(
        "requirements",
        PRESCREENING_MARK
            + " "
            + prescreening.version()
            + " (vaccination-prescreening.json) by ConformanceGenerator; do not edit.");
    constraint.put("severity", "error");
    constraint.put("human", human);
    constraint.put("expression", expression);
    constraint.put("source", BASE_URL + "/StructureDefinition/sukoyaka-prescreening-response");
    return constraint;
  }

  private static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  // --- Invariants of the Encounter profile -------------------------------------------------

  private ObjectNode encounterProfile() {
    Map<String, String> expressions = generated.encounter();
    List<ObjectNode> invariants = new ArrayList<>();
    for (CheckupKind kind : catalog.kinds()) {
      List<String> classes = kind.encounterClasses().stream().sorted().toList();
      String key = "sky-kind-" + kind.code();
      invariants.add(
          invariant(
              key,
              kind.label().ja()
                  + " ("
                  + kind.code()
                  + ") is an encounter of class "
                  + String.join(" or ", classes)
                  + (kind.municipalOwn() ? " whose type.text names the checkup" : ""),
              expressions.get(key),
              "sukoyaka-checkup-encounter"));
    }
    return withInvariants(ENCOUNTER_PROFILE, Map.of("Encounter", invariants));
  }

  // --- ValueSet checkup-observation-codes ---------------------------------------------------

  private ObjectNode observationCodesValueSet() {
    ObjectNode vs = header("ValueSet", "checkup-observation-codes");
    vs.put("name", "SukoyakaCheckupObservationCodes");
    vs.put("title", "Sukoyaka Checkup Observation Codes");
    vs.put("status", "draft");
    vs.put("experimental", false);
    common(
        vs,
        "Every coding that names an item of the checkup item catalog "
            + catalog.version()
            + " (LOINC, MEDIS or Sukoyaka checkup-item code), and the panels that carry items as"
            + " components (blood pressure 85354-9). Generated from checkup-items.json.");
    ArrayNode include = vs.putObject("compose").putArray("include");
    Map<String, List<CodingRef>> bySystem =
        allCodings().stream().collect(groupingBy(CodingRef::system, LinkedHashMap::new, toList()));
    bySystem.forEach(
        (system, codings) -> {
          ObjectNode part = include.addObject();
          part.put("system", system);
          ArrayNode concepts = part.putArray("concept");
          for (CodingRef coding : codings) {
            ObjectNode concept = concepts.addObject().put("code", coding.code());
            String display = displays.get(coding);
            if (display != null) {
              concept.put("display", display);
            }
          }
        });
    return vs;
  }

  private List<CodingRef> allCodings() {
    List<CodingRef> codings = new ArrayList<>();
    catalog.items().forEach(item -> codings.addAll(item.fhirCodes()));
    catalog.panels().forEach(panel -> codings.addAll(panel.fhirCodes()));
    return codings;
  }

  // --- Offline fragments of external code systems -------------------------------------------

  private ObjectNode fragment(
      String id, String system, String name, String title, String copyright) {
    ObjectNode cs = MAPPER.createObjectNode();
    cs.put("resourceType", "CodeSystem");
    cs.put("id", id);
    cs.put("url", system);
    // No version: this is not a version of the external code system, only a subset of it.
    cs.put("name", name);
    cs.put("title", title);
    cs.put("status", "active");
    cs.put("experimental", false);
    common(
        cs,
        "Offline stand-in, loaded only into Sukoyaka's validator: the codes of "
            + system
            + " that the checkup item catalog accepts, so required bindings to them can be checked"
            + " without a terminology server. Not a Sukoyaka definition of this code system and not"
            + " part of the published package. Generated from checkup-items.json.");
    cs.put("copyright", copyright);
    cs.put("caseSensitive", true);
    cs.put("content", "fragment");
    List<CodingRef> codings = allCodings().stream().filter(c -> c.system().equals(system)).toList();
    cs.put("count", codings.size());
    ArrayNode concepts = cs.putArray("concept");
    for (CodingRef coding : codings) {
      ObjectNode concept = concepts.addObject().put("code", coding.code());
      String display = displays.get(coding);
      if (display == null) {
        throw new IllegalStateException("The catalog gives no display for " + coding);
      }
      concept.put("display", display);
    }
    return cs;
  }

  // --- Invariants of the Observation profile ------------------------------------------------

  private ObjectNode observationProfile() {
    Map<String, List<ObjectNode>> generated = new LinkedHashMap<>();
    generated.put("Observation", rootInvariants());
    generated.put("Observation.value[x]", valueInvariants());
    generated.put("Observation.component", List.of(componentInvariant()));
    ObjectNode sd = withInvariants(OBSERVATION_PROFILE, generated);
    // value[x] admits exactly the FHIR types the catalog's value types use.
    for (JsonNode element : sd.path("differential").path("element")) {
      if (element.path("id").asText().equals("Observation.value[x]")) {
        ArrayNode types = ((ObjectNode) element).putArray("type");
        catalog.items().stream()
            .map(item -> fhirType(item.valueType()))
            .distinct()
            .sorted()
            .forEach(type -> types.addObject().put("code", type));
      }
    }
    return sd;
  }

  /** The FHIR type of Observation.value[x] that carries a value type. */
  static String fhirType(ValueType type) {
    return switch (type) {
      case QUANTITY -> "Quantity";
      case CODED -> "CodeableConcept";
      case BOOLEAN -> "boolean";
      case STRING -> "string";
      case DATE, DATETIME -> "dateTime";
      case INTEGER -> "integer";
    };
  }

  /**
   * The hand-written profile with its generated invariants replaced by {@code invariants} (keyed by
   * element id); hand-written invariants stay.
   */
  private ObjectNode withInvariants(String profile, Map<String, List<ObjectNode>> invariants) {
    ObjectNode sd = (ObjectNode) read(root.resolve(profile));
    Map<String, List<ObjectNode>> generated = new LinkedHashMap<>(invariants);
    for (JsonNode element : sd.path("differential").path("element")) {
      List<ObjectNode> replacing = generated.remove(element.path("id").asText());
      if (replacing == null) {
        continue;
      }
      ArrayNode kept = MAPPER.createArrayNode();
      for (JsonNode constraint : element.path("constraint")) {
        String requirements = constraint.path("requirements").asText();
        if (!requirements.startsWith(GENERATED_MARK)
            && !requirements.startsWith(VACCINE_GENERATED_MARK)) {
          kept.add(constraint);
        }
      }
      replacing.forEach(kept::add);
      ((ObjectNode) element).set("constraint", kept);
    }
    if (!generated.isEmpty()) {
      throw new IllegalStateException(
          profile + " lacks the differential elements " + generated.keySet());
    }
    return sd;
  }

  private List<ObjectNode> rootInvariants() {
    Map<String, String> expressions = generated.observation().get("Observation");
    List<ObjectNode> invariants = new ArrayList<>();
    invariants.add(
        invariant(
            "sky-obs-value",
            "value[x] is required unless dataAbsentReason says why it is missing or the"
                + " Observation is a panel that carries its values as components",
            expressions.get("sky-obs-value")));
    invariants.add(
        invariant(
            "sky-obs-one-item",
            "The codings of Observation.code name at most one catalog item or panel",
            expressions.get("sky-obs-one-item")));
    invariants.add(
        invariant(
            "sky-obs-components",
            "Only a panel (such as blood pressure 85354-9) has components",
            expressions.get("sky-obs-components")));
    catalog.items().stream()
        .map(CatalogItem::category)
        .distinct()
        .sorted()
        .forEach(
            category ->
                invariants.add(
                    invariant(
                        "sky-category-" + category,
                        "An Observation of an item of category "
                            + category
                            + " carries that JP Core category ("
                            + JP_CATEGORY_SYSTEM
                            + ")"
                            + (category.equals("laboratory") ? " and names its specimen" : "")
                            + ", as JP Core's profile for it requires",
                        expressions.get("sky-category-" + category))));
    for (CatalogPanel panel : catalog.panels()) {
      List<CatalogItem> items = panelItems(panel);
      invariants.add(
          invariant(
              "sky-" + panel.code(),
              panel.label().ja()
                  + " ("
                  + panel.label().en()
                  + ") has no value[x] and exactly one component for each of "
                  + items.stream().map(CatalogItem::code).collect(joining(", "))
                  + ", each with a value or a dataAbsentReason",
              expressions.get("sky-" + panel.code())));
    }
    if (invariants.size() != expressions.size()) {
      throw new IllegalStateException("Observation invariants without a description");
    }
    return invariants;
  }

  private List<ObjectNode> valueInvariants() {
    Map<String, String> expressions = generated.observation().get("Observation.value[x]");
    List<ObjectNode> invariants = new ArrayList<>();
    for (CatalogItem item : catalog.items()) {
      // The invariant sits on value[x] so a failure points at the value; %resource reaches the
      // Observation's code from there.
      invariants.add(
          invariant(
              "sky-" + item.code(),
              item.label().ja() + " (" + item.code() + ") " + describeValue(item),
              expressions.get("sky-" + item.code())));
    }
    return invariants;
  }

  private ObjectNode componentInvariant() {
    List<CatalogItem> componentItems =
        catalog.panels().stream().flatMap(panel -> panelItems(panel).stream()).distinct().toList();
    return invariant(
        "sky-obs-component-value",
        "A component's value follows its catalog item: "
            + componentItems.stream()
                .map(item -> item.code() + " " + describeValue(item))
                .collect(joining("; ")),
        generated.observation().get("Observation.component").get("sky-obs-component-value"));
  }

  private List<CatalogItem> panelItems(CatalogPanel panel) {
    return panel.components().stream().map(code -> catalog.byCode(code).orElseThrow()).toList();
  }

  private List<CodingRef> panelCodings() {
    return catalog.panels().stream().flatMap(panel -> panel.fhirCodes().stream()).toList();
  }

  private static String describeValue(CatalogItem item) {
    return switch (item.valueType()) {
      case QUANTITY ->
          "is a Quantity in UCUM "
              + item.units().stream().map(UnitConversion::ucum).collect(joining(" or "))
              + ", between "
              + plain(item.plausibleRange().min())
              + " and "
              + plain(item.plausibleRange().max())
              + " "
              + item.canonicalUnit().orElseThrow();
      case CODED ->
          "is a CodeableConcept coded "
              + item.answers().stream()
                  .collect(groupingBy(AnswerCode::system, LinkedHashMap::new, toList()))
                  .entrySet()
                  .stream()
                  .map(
                      answers ->
                          answers.getValue().stream()
                                  .map(answer -> answer.code() + " (" + answer.label().ja() + ")")
                                  .collect(joining(", "))
                              + " of "
                              + answers.getKey())
                  .collect(joining("; "));
      case BOOLEAN -> "is a boolean";
      case STRING -> "is a string";
      case DATE -> "is a date";
      case INTEGER ->
          "is an integer between "
              + plain(item.plausibleRange().min())
              + " and "
              + plain(item.plausibleRange().max());
      case DATETIME -> "is a dateTime with its time of day";
    };
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private ObjectNode invariant(String key, String human, String expression) {
    return invariant(key, human, expression, "sukoyaka-checkup-observation");
  }

  private ObjectNode invariant(String key, String human, String expression, String profile) {
    ObjectNode constraint = MAPPER.createObjectNode();
    constraint.put("key", key);
    constraint.put(
        "requirements",
        GENERATED_MARK + " " + catalog.version() + " by ConformanceGenerator; do not edit.");
    constraint.put("severity", "error");
    constraint.put("human", human);
    constraint.put("expression", expression);
    constraint.put("source", BASE_URL + "/StructureDefinition/" + profile);
    return constraint;
  }

  // --- The vaccine catalog: vaccine-kind, vaccine-product, vaccine-series, dose labels ---------

  private ObjectNode vaccineKindCodeSystem() {
    ObjectNode cs = header("CodeSystem", "vaccine-kind");
    cs.put("name", "SukoyakaVaccineKind");
    cs.put("title", "Sukoyaka Vaccine Kind (ワクチンの種類)");
    cs.put("status", "draft");
    cs.put("experimental", true);
    common(
        cs,
        PROVISIONAL
            + " Kinds of vaccine a child or a pregnant person is given in Japan: the routine"
            + " childhood ones (codes are the routine-schedule forecaster's vaccine ids), the RSV"
            + " maternal vaccine (routine for pregnant people from 2026-04-01) and the common"
            + " voluntary ones. Generated from the vaccine catalog "
            + vaccines.version()
            + " (vaccines.json), which names each kind's routine periods, series and sources. No"
            + " HOT code is listed: none could be verified, and none is invented.");
    cs.put("language", "ja");
    cs.put("caseSensitive", true);
    cs.put("valueSet", BASE_URL + "/ValueSet/vaccine-kind|" + VERSION);
    cs.put("content", "complete");
    cs.put("count", vaccines.kinds().size());
    ArrayNode concepts = cs.putArray("concept");
    for (VaccineKind kind : vaccines.kinds()) {
      ObjectNode concept = concepts.addObject();
      concept.put("code", kind.code());
      concept.put("display", kind.label().ja());
      concept.put("definition", describe(kind));
      concept
          .putArray("designation")
          .addObject()
          .put("language", "en")
          .put("value", kind.label().en());
    }
    return cs;
  }

  private String describe(VaccineKind kind) {
    StringBuilder text = new StringBuilder(kind.label().en()).append(". Given to ");
    text.append(
        kind.recipients().stream()
            .sorted()
            .map(s -> s == Subject.CHILD ? "children" : "pregnant people")
            .collect(joining(" and ")));
    if (kind.routine().isEmpty()) {
      text.append("; voluntary (任意接種)");
    }
    for (RoutinePeriod period : kind.routine()) {
      text.append("; routine (定期接種) for ")
          .append(period.recipient() == Subject.CHILD ? "children" : "pregnant people")
          .append(period.sex() == null ? "" : " (" + period.sex() + ")")
          .append(" from ")
          .append(period.from())
          .append(period.to() == null ? "" : " to " + period.to())
          .append(period.note() == null ? "" : " (" + period.note().en() + ")");
    }
    if (!kind.credits().isEmpty()) {
      text.append("; counts for the series ").append(String.join(", ", kind.credits()));
    }
    if (!kind.products().isEmpty()) {
      text.append("; products ")
          .append(kind.products().stream().map(VaccineProduct::code).collect(joining(", ")));
    }
    return text.append(".").toString();
  }

  private ObjectNode vaccineProductCodeSystem() {
    ObjectNode cs = header("CodeSystem", "vaccine-product");
    cs.put("name", "SukoyakaVaccineProduct");
    cs.put("title", "Sukoyaka Vaccine Product (ワクチン製剤)");
    cs.put("status", "draft");
    cs.put("experimental", true);
    common(
        cs,
        PROVISIONAL
            + " Vaccine products where the schedule depends on the product (rotavirus RV1 two"
            + " doses, RV5 three; HPV 2価, 4価, 9価) or a record names it (PCV13/15/20). Sent in"
            + " Immunization.vaccineCode next to the vaccine-kind coding. Generated from the vaccine"
            + " catalog "
            + vaccines.version()
            + ".");
    cs.put("language", "ja");
    cs.put("caseSensitive", true);
    cs.put("valueSet", BASE_URL + "/ValueSet/vaccine-product|" + VERSION);
    cs.put("content", "complete");
    List<ObjectNode> products = new ArrayList<>();
    for (VaccineKind kind : vaccines.kinds()) {
      for (VaccineProduct product : kind.products()) {
        ObjectNode concept = MAPPER.createObjectNode();
        concept.put("code", product.code());
        concept.put("display", product.label().ja());
        concept.put(
            "definition",
            product.label().en() + ", a product of vaccine kind " + kind.code() + ".");
        concept
            .putArray("designation")
            .addObject()
            .put("language", "en")
            .put("value", product.label().en());
        products.add(concept);
      }
    }
    cs.put("count", products.size());
    ArrayNode concepts = cs.putArray("concept");
    products.forEach(concepts::add);
    return cs;
  }

  private ObjectNode vaccineSeriesCodeSystem() {
    ObjectNode cs = header("CodeSystem", "vaccine-series");
    cs.put("name", "SukoyakaVaccineSeries");
    cs.put("title", "Sukoyaka Vaccine Series (定期接種の系列)");
    cs.put("status", "draft");
    cs.put("experimental", true);
    common(
        cs,
        PROVISIONAL
            + " The series of Japan's routine childhood schedule a vaccination counts for, by the"
            + " forecaster's vaccine ids, with their dose labels. Generated from the vaccine"
            + " catalog "
            + vaccines.version()
            + ".");
    cs.put("language", "ja");
    cs.put("caseSensitive", true);
    cs.put("valueSet", BASE_URL + "/ValueSet/vaccine-series|" + VERSION);
    cs.put("content", "complete");
    cs.put("count", vaccines.series().size());
    ArrayNode concepts = cs.putArray("concept");
    for (VaccineSeries series : vaccines.series()) {
      ObjectNode concept = concepts.addObject();
      concept.put("code", series.id());
      concept.put("display", series.label().ja());
      concept.put(
          "definition",
          series.label().en() + "; dose labels " + String.join(", ", series.doseLabels()) + ".");
      concept
          .putArray("designation")
          .addObject()
          .put("language", "en")
          .put("value", series.label().en());
    }
    return cs;
  }

  private ObjectNode vaccineValueSet(String id, String title, String description) {
    ObjectNode vs = header("ValueSet", id);
    vs.put("name", "Sukoyaka" + pascal(id));
    vs.put("title", "Sukoyaka " + title);
    vs.put("status", "draft");
    vs.put("experimental", false);
    common(vs, description);
    vs.putObject("compose")
        .putArray("include")
        .addObject()
        .put("system", BASE_URL + "/CodeSystem/" + id)
        .put("version", VERSION);
    return vs;
  }

  /** The hand-written Immunization profile with its dose-label invariant from the catalog. */
  private ObjectNode immunizationProfile() {
    List<String> labels = new ArrayList<>(vaccines.allDoseLabels());
    ObjectNode constraint = MAPPER.createObjectNode();
    constraint.put("key", "sky-imm-dose");
    constraint.put(
        "requirements",
        VACCINE_GENERATED_MARK
            + " "
            + vaccines.version()
            + " by ConformanceGenerator; do not edit.");
    constraint.put("severity", "error");
    constraint.put(
        "human",
        "A dose given as doseNumberString is a dose label of the routine schedule: "
            + String.join(", ", labels));
    constraint.put("expression", doseLabelExpression(labels));
    constraint.put("source", BASE_URL + "/StructureDefinition/sukoyaka-immunization");
    return withInvariants(IMMUNIZATION_PROFILE, Map.of("Immunization", List.of(constraint)));
  }

  /** FHIRPath: every string dose number is one of the labels. */
  static String doseLabelExpression(List<String> labels) {
    return "protocolApplied.doseNumber.ofType(string).all($this in ("
        + labels.stream().map(label -> "'" + label + "'").collect(joining(" | "))
        + "))";
  }

  // --- Package index --------------------------------------------------------------------------

  /** The FHIR package index (index-version 1) of one folder; generated files included. */
  private ObjectNode index(String folder, Map<String, JsonNode> generated) {
    Map<String, JsonNode> resources = new TreeMap<>();
    try (Stream<Path> files = Files.list(root.resolve(folder))) {
      files
          .filter(file -> file.getFileName().toString().endsWith(".json"))
          .filter(file -> !file.getFileName().toString().startsWith("."))
          .filter(file -> !file.getFileName().toString().equals("package.json"))
          .forEach(file -> resources.put(file.getFileName().toString(), read(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    generated.forEach(
        (relative, content) -> {
          Path path = Path.of(relative);
          if (path.getParent().toString().equals(folder)) {
            resources.put(path.getFileName().toString(), content);
          }
        });
    ObjectNode index = MAPPER.createObjectNode();
    index.put("index-version", 1);
    ArrayNode files = index.putArray("files");
    resources.forEach(
        (filename, resource) -> {
          ObjectNode entry = files.addObject();
          entry.put("filename", filename);
          entry.put("resourceType", resource.path("resourceType").asText());
          entry.put("id", resource.path("id").asText());
          copy(resource, entry, "url");
          copy(resource, entry, "version");
          copy(resource, entry, "kind");
          copy(resource, entry, "type");
          copy(resource, entry, "content");
        });
    return index;
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    if (from.path(field).isTextual()) {
      to.put(field, from.path(field).asText());
    }
  }

  // --- JSON plumbing ----------------------------------------------------------------------------

  private ObjectNode header(String resourceType, String id) {
    ObjectNode resource = MAPPER.createObjectNode();
    resource.put("resourceType", resourceType);
    resource.put("id", id);
    resource.put("url", BASE_URL + "/" + resourceType + "/" + id);
    resource.put("version", VERSION);
    return resource;
  }

  private static void common(ObjectNode resource, String description) {
    resource.put("date", DATE);
    resource.put("publisher", "Sukoyaka");
    ObjectNode contact = resource.putArray("contact").addObject();
    contact.put("name", "Sukoyaka");
    contact
        .putArray("telecom")
        .addObject()
        .put("system", "url")
        .put("value", "https://sukoyaka.app");
    resource.put("description", description);
    ObjectNode japan = resource.putArray("jurisdiction").addObject().putArray("coding").addObject();
    japan.put("system", "urn:iso:std:iso:3166");
    japan.put("code", "JP");
    japan.put("display", "Japan");
  }

  static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Two-space indentation, {@code "key": value}, one array element per line. */
  static String print(JsonNode json) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    ObjectWriter writer = MAPPER.writer(printer);
    try {
      return writer.writeValueAsString(json) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    array.forEach(nodes::add);
    return nodes.stream();
  }
}
