package app.sukoyaka.profiles;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Seeded random clinic submissions for the fast path's differential test, built from the catalog
 * for every checkup kind: the mother or the child as the Encounter's subject (a delivery with the
 * newborn as a second Patient, a child's checkup sometimes with the mother), the kind's encounter
 * class, a random share of the kind's items with their JP Core category and values of every value
 * type in and out of range (blood pressure as two Observations or as the panel), and for 産婦健診
 * sometimes the EPDS response. Then optionally mutated in the ways clinic systems and hand-edited
 * payloads go wrong, each new profile rule included. Each case is reproducible from its seed.
 */
public final class SubmissionGenerator {

  /** One generated submission and the mutations applied to it, for failure messages. */
  public record Case(String name, long seed, List<String> mutations, Bundle bundle) {
    public boolean mutated() {
      return !mutations.isEmpty();
    }
  }

  private static final String REPRESENTATION =
      "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";
  private static final String OBSERVATION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/observation-category";
  private static final String JP_CATEGORY = SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM;
  private static final String DATA_ABSENT_REASON =
      "http://terminology.hl7.org/CodeSystem/data-absent-reason";
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  private static final String MOTHER = SukoyakaCanonicals.MOTHER_EXTENSION;
  private static final String EPDS_QUESTIONNAIRE = SukoyakaCanonicals.EPDS_QUESTIONNAIRE;
  private static final Map<String, String> CLASS_DISPLAYS =
      Map.of("AMB", "ambulatory", "HH", "home health", "IMP", "inpatient encounter");
  private static final Map<String, String> JP_CATEGORY_DISPLAYS =
      Map.of(
          "body-measurement", "身体計測",
          "vital-signs", "バイタルサイン",
          "laboratory", "検体検査",
          "exam", "身体所見",
          "social-history", "生活背景",
          "survey", "調査",
          "procedure", "処置");
  private static final List<String> SURNAMES = List.of("山田", "佐藤", "鈴木", "髙橋", "渡邉");
  private static final List<String> SURNAMES_KANA = List.of("ヤマダ", "サトウ", "スズキ", "タカハシ", "ワタナベ");
  private static final List<String> GIVEN = List.of("花子", "美咲", "陽菜", "さくら", "結衣");
  private static final List<String> GIVEN_KANA = List.of("ハナコ", "ミサキ", "ヒナ", "サクラ", "ユイ");
  private static final List<String> CHILD_GIVEN = List.of("蓮", "陽翔", "碧", "紬", "凛");
  private static final List<String> CHILD_GIVEN_KANA = List.of("レン", "ハルト", "アオイ", "ツムギ", "リン");
  private static final List<String> FACILITIES =
      List.of("すこやか小児科クリニック", "市立病院 小児科", "Sukoyaka Children's Clinic", "国立成育医療研究センター");
  private static final List<String> MUNICIPAL_CHECKUPS =
      List.of("5歳児健康診査", "2歳児歯科健康診査", "2歳6か月児歯科健康診査");

  private final CheckupItemCatalog catalog;
  private final Map<CodingRef, String> displays;
  private final List<String> epdsTexts;
  private final List<Mutation> mutations = new ArrayList<>();

  /**
   * Whether the submission being built may carry values HAPI rejects (out of range, another item's
   * answer, an invented code, a dateTime without its time): one in three does.
   */
  private boolean sloppy;

  /** Whether the submission being built is to be mutated: then it is kept small. */
  private boolean compact;

  public SubmissionGenerator(CheckupItemCatalog catalog) {
    this.catalog = catalog;
    this.displays = loadDisplays();
    this.epdsTexts = loadEpdsTexts();
    registerMutations();
  }

  /** An unmutated submission of a random checkup kind. */
  public Case plain(long seed) {
    Random random = new Random(seed);
    compact = false;
    return new Case("generated #" + seed, seed, List.of(), build(random, randomKind(random)));
  }

  /** An unmutated submission of the given kind. */
  public Case plain(long seed, CheckupKind kind) {
    Random random = new Random(seed);
    compact = false;
    return new Case("generated " + kind.code() + " #" + seed, seed, List.of(), build(random, kind));
  }

  /** A submission with one to three random mutations, each of which found something to change. */
  public Case mutated(long seed) {
    return mutated(seed, -1);
  }

  /**
   * A submission whose first mutation is the {@code first}-th kind (modulo their number; random if
   * negative), applied to a submission it finds something to change in, then up to two more.
   */
  public Case mutated(long seed, int first) {
    Random random = new Random(seed);
    compact = true;
    List<String> applied = new ArrayList<>();
    Bundle bundle = null;
    if (first >= 0) {
      Mutation mutation = mutations.get(first % mutations.size());
      for (int attempt = 0; attempt < 100 && applied.isEmpty(); attempt++) {
        bundle = build(random, randomKind(random));
        if (apply(mutation, bundle, random)) {
          applied.add(mutation.name());
        }
      }
    } else {
      bundle = build(random, randomKind(random));
    }
    // Seven in ten carry one mutation, the others two or three.
    int wanted =
        (first >= 0 ? applied.size() : 1) + (random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2));
    for (int attempt = 0; applied.size() < wanted && attempt < 20; attempt++) {
      Mutation mutation = mutations.get(random.nextInt(mutations.size()));
      if (apply(mutation, bundle, random)) {
        applied.add(mutation.name());
      }
    }
    return new Case("mutated #" + seed + " " + applied, seed, List.copyOf(applied), bundle);
  }

  private static boolean apply(Mutation mutation, Bundle bundle, Random random) {
    try {
      return mutation.change().test(bundle, random);
    } catch (NoTarget e) {
      // Nothing to change (an earlier mutation removed it, or this kind has none); pick another.
      return false;
    }
  }

  /** How many kinds of mutation the generator knows. */
  public int mutationCount() {
    return mutations.size();
  }

  /** The names of the mutations, in the order {@link #mutated(long, int)} counts them. */
  public List<String> mutationNames() {
    return mutations.stream().map(Mutation::name).toList();
  }

  private CheckupKind randomKind(Random random) {
    return catalog.kinds().get(random.nextInt(catalog.kinds().size()));
  }

  // ---------------------------------------------------------------------------------------------
  // Valid submissions

  /** Who a submission is about: the Patients' fullUrls and the Encounter's subject. */
  private record People(String mother, String child, String subject) {
    /**
     * The Patient an item's Observation is about: the kind's subject unless only the other fits.
     */
    String of(CatalogItem item) {
      if (child != null && subject.equals(mother) && !item.isAbout(Subject.MOTHER)) {
        return child;
      }
      if (mother != null && subject.equals(child) && !item.isAbout(Subject.CHILD)) {
        return mother;
      }
      return subject;
    }

    Subject subjectOf(String patientUrl) {
      return patientUrl.equals(child) ? Subject.CHILD : Subject.MOTHER;
    }
  }

  private Bundle build(Random random, CheckupKind kind) {
    sloppy = random.nextInt(3) == 0;
    String encounterUrl = uuid(random);
    Bundle bundle = new Bundle();
    if (random.nextBoolean()) {
      bundle.setLanguage("ja");
    }
    bundle.setType(Bundle.BundleType.TRANSACTION);
    bundle
        .getIdentifier()
        .setSystem(
            random.nextBoolean()
                ? "https://clinic" + random.nextInt(50) + ".example.jp/fhir/sid/submission"
                : "urn:oid:1.2.392.200119.6.102." + digits(random, 10))
        .setValue("2026-" + digits(random, 6));

    LocalDate visitDate = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(1000));
    boolean aboutChild = kind.subject() == Subject.CHILD;
    boolean withMother =
        !aboutChild || random.nextInt(5) == 0; // a child's checkup sometimes names the mother too
    boolean withChild = aboutChild || (kind.code().equals("delivery") && random.nextInt(10) < 7);
    String motherUrl = withMother ? uuid(random) : null;
    String childUrl = withChild ? uuid(random) : null;
    Patient mother = withMother ? mother(random) : null;
    Patient child = null;
    if (withChild) {
      int ageInDays =
          switch (kind.code()) {
            case "delivery", "newborn-screening" -> random.nextInt(3);
            case "newborn-visit", "infant-1-month" -> 20 + random.nextInt(20);
            default -> 90 + random.nextInt(1200);
          };
      child = child(random, visitDate.minusDays(ageInDays), motherUrl, mother);
    }
    // Mostly the subject first; sometimes the other way round.
    boolean childFirst = withChild && (aboutChild ? random.nextInt(4) > 0 : random.nextInt(4) == 0);
    if (childFirst) {
      patientEntry(bundle, childUrl, child, random);
    }
    if (withMother) {
      patientEntry(bundle, motherUrl, mother, random);
    }
    if (withChild && !childFirst) {
      patientEntry(bundle, childUrl, child, random);
    }
    People people = new People(motherUrl, childUrl, aboutChild ? childUrl : motherUrl);

    boolean withTime = random.nextBoolean();
    int hour = 9 + random.nextInt(8);
    Encounter encounter = encounter(random, kind, people.subject(), visitDate, withTime, hour);
    entry(bundle, encounterUrl, encounter);

    // Sparse bundles mostly (each exercises what it carries, and HAPI takes 6 ms or more per
    // Observation), sometimes a kind's full page, never when the bundle is to be mutated.
    int share = !compact && random.nextInt(4) == 0 ? 10 : 1 + random.nextInt(compact ? 3 : 4);
    List<CatalogItem> items = new ArrayList<>();
    for (CatalogItem item : catalog.itemsOf(kind.code())) {
      // Integer values fail the shipped profile (Observation.value[x] lacks integer), so a bundle
      // carries them seldom and then makes HAPI reject it.
      int odds = item.valueType() == ValueType.INTEGER ? share / 4 : share;
      if (random.nextInt(10) < odds) {
        items.add(item);
      }
    }
    for (CatalogPanel panel : catalog.panels()) {
      List<CatalogItem> members =
          panel.components().stream().map(code -> catalog.byCode(code).orElseThrow()).toList();
      // Blood pressure is measured at most visits whose page has it, sparse or not.
      if (catalog.itemsOf(kind.code()).containsAll(members) && random.nextBoolean()) {
        members.stream().filter(member -> !items.contains(member)).forEach(items::add);
      }
      if (items.containsAll(members) && random.nextBoolean()) {
        items.removeAll(members);
        String subject = people.of(members.get(0));
        Observation observation =
            observation(random, subject, encounterUrl, visitDate, withTime, hour);
        observation.setCode(concept(random, panel.fhirCodes(), panel.label().ja()));
        categories(observation, members.get(0).category(), random);
        for (CatalogItem member : members) {
          Observation.ObservationComponentComponent component = observation.addComponent();
          component.setCode(concept(random, member.fhirCodes(), member.label().ja()));
          if (random.nextInt(20) == 0) {
            component.setDataAbsentReason(absentReason(random));
          } else {
            component.setValue(quantity(random, member, people.subjectOf(subject)));
          }
        }
        entry(bundle, uuid(random), observation);
      }
    }
    Collections.shuffle(items, random);
    for (CatalogItem item : items) {
      String subject = people.of(item);
      Observation observation =
          observation(random, subject, encounterUrl, visitDate, withTime, hour);
      observation.setCode(concept(random, item.fhirCodes(), item.label().ja()));
      categories(observation, item.category(), random);
      if (item.specimen() != null) {
        observation.setSpecimen(new Reference().setDisplay(item.specimen().ja()));
      }
      if (random.nextInt(16) == 0) {
        observation.setDataAbsentReason(absentReason(random));
      } else {
        observation.setValue(value(random, item, people.subjectOf(subject), visitDate));
      }
      entry(bundle, uuid(random), observation);
    }
    if (kind.code().startsWith("postpartum-") && motherUrl != null && random.nextBoolean()) {
      entry(bundle, uuid(random), epdsResponse(random, motherUrl, encounterUrl, visitDate));
    }
    return bundle;
  }

  private void patientEntry(Bundle bundle, String fullUrl, Patient patient, Random random) {
    Bundle.BundleEntryComponent entry = entry(bundle, fullUrl, patient);
    if (random.nextInt(10) < 7) {
      Identifier handbook = patient.getIdentifier().get(0);
      entry
          .getRequest()
          .setIfNoneExist("identifier=" + handbook.getSystem() + "|" + handbook.getValue());
    }
  }

  private Patient mother(Random random) {
    Patient patient = new Patient();
    if (random.nextBoolean()) {
      patient.setLanguage("ja");
    }
    patient
        .addIdentifier()
        .setSystem(SukoyakaCanonicals.handbookNumberSystem(municipalityCode(random)))
        .setValue("R" + (1 + random.nextInt(8)) + "-" + digits(random, 5));
    if (random.nextInt(4) == 0) {
      patient
          .addIdentifier()
          .setSystem("urn:oid:1.2.392.100495.20.3.51.1" + digits(random, 10))
          .setValue(digits(random, 8));
    }
    int who = random.nextInt(SURNAMES.size());
    names(
        patient,
        random,
        SURNAMES.get(who),
        GIVEN.get(who),
        SURNAMES_KANA.get(who),
        GIVEN_KANA.get(who));
    if (random.nextInt(5) > 0) {
      patient.setGender(Enumerations.AdministrativeGender.FEMALE);
    }
    patient.setBirthDateElement(
        new DateType(LocalDate.of(1975, 1, 1).plusDays(random.nextInt(12_000)).toString()));
    return patient;
  }

  /**
   * The child: its own handbook number, gender, birth date, sometimes names, mostly the mother
   * extension (by reference when she is in the Bundle, else by her handbook number), sometimes a
   * birth order.
   */
  private Patient child(Random random, LocalDate birthDate, String motherUrl, Patient mother) {
    Patient patient = new Patient();
    if (random.nextBoolean()) {
      patient.setLanguage("ja");
    }
    String municipality = municipalityCode(random);
    patient
        .addIdentifier()
        .setSystem(SukoyakaCanonicals.handbookNumberSystem(municipality))
        .setValue("C" + (1 + random.nextInt(8)) + "-" + digits(random, 5));
    int who = random.nextInt(SURNAMES.size());
    int given = random.nextInt(CHILD_GIVEN.size());
    names(
        patient,
        random,
        SURNAMES.get(who),
        CHILD_GIVEN.get(given),
        SURNAMES_KANA.get(who),
        CHILD_GIVEN_KANA.get(given));
    int gender = random.nextInt(20);
    patient.setGender(
        gender < 9
            ? Enumerations.AdministrativeGender.FEMALE
            : gender < 18
                ? Enumerations.AdministrativeGender.MALE
                : gender == 18
                    ? Enumerations.AdministrativeGender.UNKNOWN
                    : Enumerations.AdministrativeGender.OTHER);
    patient.setBirthDateElement(new DateType(birthDate.toString()));
    if (random.nextInt(10) < 8) {
      Reference reference = new Reference();
      if (motherUrl != null && random.nextInt(5) > 0) {
        reference.setReference(motherUrl);
      } else {
        Identifier handbook =
            mother != null
                ? mother.getIdentifier().get(0)
                : new Identifier()
                    .setSystem(SukoyakaCanonicals.handbookNumberSystem(municipality))
                    .setValue("R" + (1 + random.nextInt(8)) + "-" + digits(random, 5));
        reference.setIdentifier(handbook.copy());
      }
      if (random.nextInt(4) == 0) {
        reference.setDisplay(SURNAMES.get(who) + " " + GIVEN.get(random.nextInt(GIVEN.size())));
      }
      patient.addExtension(MOTHER, reference);
    }
    switch (random.nextInt(10)) {
      case 0 -> patient.setMultipleBirth(new BooleanType(false));
      case 1 -> patient.setMultipleBirth(new IntegerType(1 + random.nextInt(2)));
      case 2 -> patient.setMultipleBirth(new IntegerType(1 + random.nextInt(8)));
      default -> {}
    }
    return patient;
  }

  private static void names(
      Patient patient,
      Random random,
      String family,
      String given,
      String familyKana,
      String givenKana) {
    switch (random.nextInt(4)) {
      case 0 -> {}
      case 1 -> patient.addName(name(random, "IDE", family, given));
      default -> {
        patient.addName(name(random, "IDE", family, given));
        patient.addName(name(random, "SYL", familyKana, givenKana));
      }
    }
  }

  private static HumanName name(Random random, String representation, String family, String given) {
    HumanName name = new HumanName();
    name.addExtension(REPRESENTATION, new CodeType(representation));
    if (random.nextInt(4) > 0) {
      name.setUse(random.nextBoolean() ? HumanName.NameUse.OFFICIAL : HumanName.NameUse.USUAL);
    }
    if (random.nextBoolean()) {
      name.setText(family + " " + given);
    }
    return name.setFamily(family).addGiven(given);
  }

  private Encounter encounter(
      Random random,
      CheckupKind kind,
      String subjectUrl,
      LocalDate visitDate,
      boolean withTime,
      int hour) {
    Encounter encounter = new Encounter();
    if (random.nextBoolean()) {
      encounter.setLanguage("ja");
    }
    encounter.setStatus(
        random.nextInt(4) > 0
            ? Encounter.EncounterStatus.FINISHED
            : Encounter.EncounterStatus.INPROGRESS);
    List<String> classes = kind.encounterClasses().stream().sorted().toList();
    String code = classes.get(random.nextInt(classes.size()));
    Coding encounterClass = new Coding().setSystem(ACT_CODE).setCode(code);
    if (random.nextBoolean()) {
      encounterClass.setDisplay(CLASS_DISPLAYS.get(code));
    }
    encounter.setClass_(encounterClass);
    CodeableConcept type =
        concept(
            random,
            List.of(new CodingRef(SukoyakaCanonicals.CHECKUP_KIND_SYSTEM, kind.code())),
            kind.label().ja());
    if (kind.municipalOwn()) {
      type.setText(MUNICIPAL_CHECKUPS.get(random.nextInt(MUNICIPAL_CHECKUPS.size())));
    }
    encounter.addType(type);
    encounter.setSubject(new Reference(subjectUrl));
    Period period = new Period();
    if (withTime) {
      period.setStartElement(new DateTimeType(visitDate + "T" + twoDigits(hour) + ":00:00+09:00"));
      if (random.nextBoolean()) {
        period.setEndElement(new DateTimeType(visitDate + "T" + twoDigits(hour) + ":30:00+09:00"));
      }
    } else {
      period.setStartElement(new DateTimeType(visitDate.toString()));
      if (random.nextInt(4) == 0) {
        period.setEndElement(
            new DateTimeType(visitDate.plusDays(code.equals("IMP") ? 5 : 0).toString()));
      }
    }
    encounter.setPeriod(period);
    if (random.nextBoolean()) {
      Reference provider = new Reference();
      provider
          .getIdentifier()
          .setSystem(SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
          .setValue("13" + digits(random, 8));
      if (random.nextBoolean()) {
        provider.setDisplay("すこやかレディースクリニック");
      }
      encounter.setServiceProvider(provider);
    }
    return encounter;
  }

  private static Observation observation(
      Random random,
      String patientUrl,
      String encounterUrl,
      LocalDate visitDate,
      boolean withTime,
      int hour) {
    Observation observation = new Observation();
    if (random.nextBoolean()) {
      observation.setLanguage("ja");
    }
    Observation.ObservationStatus[] statuses = {
      Observation.ObservationStatus.FINAL,
      Observation.ObservationStatus.FINAL,
      Observation.ObservationStatus.AMENDED,
      Observation.ObservationStatus.CORRECTED
    };
    observation.setStatus(statuses[random.nextInt(statuses.length)]);
    observation.setSubject(new Reference(patientUrl));
    observation.setEncounter(new Reference(encounterUrl));
    observation.setEffective(
        new DateTimeType(
            withTime
                ? visitDate
                    + "T"
                    + twoDigits(hour)
                    + ":"
                    + twoDigits(random.nextInt(30))
                    + ":00+09:00"
                : visitDate.toString()));
    return observation;
  }

  /**
   * The item's JP Core category (sky-category-*), sometimes with a display, sometimes next to a
   * core observation-category coding in the same or another CodeableConcept.
   */
  private static void categories(Observation observation, String category, Random random) {
    Coding jp = new Coding().setSystem(JP_CATEGORY).setCode(category);
    if (random.nextInt(4) == 0) {
      jp.setDisplay(JP_CATEGORY_DISPLAYS.get(category));
    }
    CodeableConcept concept = new CodeableConcept(jp);
    observation.addCategory(concept);
    if (random.nextInt(4) == 0) {
      String core = category.equals("body-measurement") ? "exam" : category;
      Coding coding = coreCategory(core, random);
      if (random.nextBoolean()) {
        concept.addCoding(coding);
      } else {
        observation.addCategory(new CodeableConcept(coding));
      }
    }
  }

  /** A random non-empty selection of the codings, with displays as a code system gives them. */
  private CodeableConcept concept(Random random, List<CodingRef> codings, String text) {
    List<CodingRef> chosen = new ArrayList<>(codings);
    Collections.shuffle(chosen, random);
    chosen = chosen.subList(0, 1 + random.nextInt(chosen.size()));
    CodeableConcept concept = new CodeableConcept();
    for (CodingRef ref : chosen) {
      concept.addCoding(coding(random, ref));
    }
    if (random.nextBoolean()) {
      concept.setText(text);
    }
    return concept;
  }

  private Coding coding(Random random, CodingRef ref) {
    Coding coding = new Coding().setSystem(ref.system()).setCode(ref.code());
    String display = displays.get(ref);
    if (display != null && random.nextInt(4) > 0) {
      coding.setDisplay(display);
    }
    return coding;
  }

  private static Coding coreCategory(String code, Random random) {
    Coding coding = new Coding().setSystem(OBSERVATION_CATEGORY).setCode(code);
    if (random.nextInt(4) == 0) {
      coding.setDisplay(
          code.equals("vital-signs")
              ? "Vital Signs"
              : code.equals("social-history")
                  ? "Social History"
                  : code.substring(0, 1).toUpperCase(Locale.ROOT) + code.substring(1));
    }
    return coding;
  }

  private static CodeableConcept category(String code, Random random) {
    return new CodeableConcept(coreCategory(code, random));
  }

  private static CodeableConcept absentReason(Random random) {
    String[] codes = {"not-performed", "unknown", "asked-unknown", "error"};
    return new CodeableConcept(
        new Coding().setSystem(DATA_ABSENT_REASON).setCode(codes[random.nextInt(codes.length)]));
  }

  /** A value of the item's type, mostly a valid one. */
  private Type value(Random random, CatalogItem item, Subject subject, LocalDate visitDate) {
    return switch (item.valueType()) {
      case QUANTITY -> quantity(random, item, subject);
      case CODED -> answer(random, item);
      case BOOLEAN -> new BooleanType(random.nextBoolean());
      case STRING -> new StringType(FACILITIES.get(random.nextInt(FACILITIES.size())));
      // A day; a time or a partial date (the profile lets both through) is a mutation.
      case DATE -> new DateTimeType(visitDate.minusDays(random.nextInt(60)).toString());
      case INTEGER -> new IntegerType(integer(random, item));
      case DATETIME -> {
        LocalDate day = visitDate.minusDays(random.nextInt(3));
        yield new DateTimeType(
            sloppy && random.nextInt(20) == 0
                ? day.toString()
                : day
                    + "T"
                    + twoDigits(random.nextInt(24))
                    + ":"
                    + twoDigits(random.nextInt(60))
                    + ":00+09:00");
      }
    };
  }

  /** Usually inside the range, sometimes on a bound, sometimes (if sloppy) outside. */
  private int integer(Random random, CatalogItem item) {
    int min = item.plausibleRange().min().intValueExact();
    int max = item.plausibleRange().max().intValueExact();
    int roll = random.nextInt(sloppy ? 100 : 92);
    if (roll < 80) {
      return min + random.nextInt(Math.min(max - min, 1000) + 1);
    } else if (roll < 92) {
      return random.nextBoolean() ? min : max;
    }
    return random.nextBoolean() ? max + 1 + random.nextInt(5) : min - 1 - random.nextInt(5);
  }

  /**
   * A quantity in a random accepted unit: usually inside the subject's plausible range, sometimes
   * on a bound of the widest range (which is what the profile checks), sometimes outside it.
   */
  private Quantity quantity(Random random, CatalogItem item, Subject subject) {
    UnitConversion unit = item.units().get(random.nextInt(item.units().size()));
    PlausibleRange widest = item.plausibleRange();
    PlausibleRange own = item.plausibleRange(subject).orElse(widest);
    int roll = random.nextInt(sloppy ? 100 : 94);
    PlausibleRange range = roll < 80 ? own : widest;
    BigDecimal min = range.min().divide(unit.factor(), MathContext.DECIMAL64);
    BigDecimal max = range.max().divide(unit.factor(), MathContext.DECIMAL64);
    BigDecimal span = max.subtract(min);
    BigDecimal value;
    if (roll < 88) {
      value =
          min.add(span.multiply(BigDecimal.valueOf(random.nextDouble())))
              .setScale(random.nextInt(3), RoundingMode.DOWN)
              .max(min);
    } else if (roll < 94) {
      // On a bound, as a clinic would write it: at most six decimals, still inside.
      value =
          random.nextBoolean()
              ? min.setScale(Math.min(min.scale(), 6), RoundingMode.UP)
              : max.setScale(Math.min(max.scale(), 6), RoundingMode.DOWN);
    } else if (roll < 97) {
      value =
          max.add(BigDecimal.valueOf(1 + random.nextInt(50)))
              .setScale(random.nextInt(2), RoundingMode.DOWN);
    } else {
      value =
          min.subtract(new BigDecimal("0." + (1 + random.nextInt(9))))
              .setScale(1, RoundingMode.DOWN);
    }
    // Plain notation, as clinic systems write it (6.0E+2 is a mutation of its own).
    Quantity quantity =
        new Quantity()
            .setValue(new BigDecimal(value.toPlainString()))
            .setSystem(SukoyakaCanonicals.UCUM_SYSTEM);
    quantity.setCode(unit.ucum());
    if (random.nextBoolean()) {
      quantity.setUnit(unit.ucum().equals("mm[Hg]") ? "mmHg" : unit.ucum());
    }
    return quantity;
  }

  /** Usually one of the item's answers; sometimes another item's answer or an invented code. */
  private CodeableConcept answer(Random random, CatalogItem item) {
    AnswerCode chosen = item.answers().get(random.nextInt(item.answers().size()));
    CodingRef coding = chosen.coding();
    int roll = sloppy ? random.nextInt(100) : 99;
    if (roll < 3) {
      coding = new CodingRef(coding.system(), coding.code() + "-x");
    } else if (roll < 6) {
      List<AnswerCode> others =
          catalog.items().stream()
              .flatMap(other -> other.answers().stream())
              .filter(answer -> item.answer(answer.system(), answer.code()).isEmpty())
              .toList();
      coding = others.get(random.nextInt(others.size())).coding();
    }
    CodeableConcept concept = new CodeableConcept(coding(random, coding));
    if (random.nextBoolean()) {
      concept.setText(chosen.label().ja());
    }
    return concept;
  }

  /** The EPDS answers: every item once, mostly in order, sometimes with the item's text. */
  private QuestionnaireResponse epdsResponse(
      Random random, String motherUrl, String encounterUrl, LocalDate visitDate) {
    QuestionnaireResponse response = new QuestionnaireResponse();
    if (random.nextBoolean()) {
      response.setLanguage("ja");
    }
    response.setQuestionnaire(EPDS_QUESTIONNAIRE);
    response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    response.setSubject(new Reference(motherUrl));
    response.setEncounter(new Reference(encounterUrl));
    response.setAuthoredElement(
        new DateTimeType(
            random.nextBoolean() ? visitDate.toString() : visitDate + "T10:05:00+09:00"));
    boolean withText = random.nextInt(3) == 0;
    List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items = new ArrayList<>();
    for (int i = 0; i < epdsTexts.size(); i++) {
      QuestionnaireResponse.QuestionnaireResponseItemComponent item =
          new QuestionnaireResponse.QuestionnaireResponseItemComponent();
      item.setLinkId(String.valueOf(i + 1));
      if (withText) {
        item.setText(epdsTexts.get(i));
      }
      item.addAnswer().setValue(new IntegerType(random.nextInt(4)));
      items.add(item);
    }
    if (random.nextInt(5) == 0) {
      Collections.shuffle(items, random);
    }
    items.forEach(response::addItem);
    return response;
  }

  // Mutations

  private record Mutation(String name, BiPredicate<Bundle, Random> change) {}

  /** Thrown by a mutation, before it changes anything, when the Bundle has nothing to mutate. */
  private static final class NoTarget extends RuntimeException {
    NoTarget() {
      super(null, null, false, false);
    }
  }

  private void mutation(String name, BiPredicate<Bundle, Random> change) {
    mutations.add(new Mutation(name, change));
  }

  private void registerMutations() {
    registerRecordKindMutations();
    // The Bundle
    mutation("bundle without identifier", (b, r) -> set(() -> b.setIdentifier(null)));
    mutation(
        "bundle identifier without value", (b, r) -> set(() -> b.getIdentifier().setValue(null)));
    mutation(
        "bundle identifier system with a space",
        (b, r) ->
            set(() -> b.getIdentifier().setSystem("https://clinic.example.jp/sid/sub mission")));
    mutation(
        "bundle identifier value with trailing space",
        (b, r) -> set(() -> b.getIdentifier().setValue(b.getIdentifier().getValue() + " ")));
    mutation(
        "bundle type batch or collection",
        (b, r) ->
            set(
                () ->
                    b.setType(
                        r.nextBoolean() ? Bundle.BundleType.BATCH : Bundle.BundleType.COLLECTION)));
    mutation("bundle with an id", (b, r) -> set(() -> b.setId("submission-1")));
    mutation(
        "bundle with meta.lastUpdated",
        (b, r) ->
            set(
                () ->
                    b.getMeta()
                        .setLastUpdatedElement(new InstantType("2026-11-20T10:00:00+09:00"))));
    mutation(
        "bundle with timestamp",
        (b, r) -> set(() -> b.setTimestampElement(new InstantType("2026-11-20T10:00:00+09:00"))));
    mutation(
        "bundle language ja-JP or xx",
        (b, r) -> set(() -> b.setLanguage(r.nextBoolean() ? "ja-JP" : "xx")));
    mutation(
        "entry extension",
        (b, r) ->
            set(
                () ->
                    anyEntry(b, r)
                        .addExtension()
                        .setUrl("https://clinic.example.jp/ext/x")
                        .setValue(new StringType("x"))));
    mutation(
        "bundle implicitRules",
        (b, r) -> set(() -> b.setImplicitRules("https://clinic.example.jp/rules")));

    // Entries
    mutation("entry without fullUrl", (b, r) -> set(() -> anyEntry(b, r).setFullUrl(null)));
    mutation(
        "fullUrl in upper case",
        (b, r) ->
            set(
                () -> {
                  Bundle.BundleEntryComponent e = anyEntry(b, r);
                  e.setFullUrl("urn:uuid:" + e.getFullUrl().substring(9).toUpperCase(Locale.ROOT));
                }));
    mutation(
        "fullUrl not a urn:uuid",
        (b, r) ->
            set(() -> anyEntry(b, r).setFullUrl("http://clinic.example.jp/fhir/Observation/1")));
    mutation(
        "duplicate fullUrl",
        (b, r) -> {
          List<Bundle.BundleEntryComponent> obs = entries(b, Observation.class);
          if (obs.isEmpty()) {
            return false;
          }
          obs.get(r.nextInt(obs.size())).setFullUrl(first(b, Encounter.class).getFullUrl());
          return true;
        });
    mutation("entry without request", (b, r) -> set(() -> anyEntry(b, r).setRequest(null)));
    mutation(
        "request PUT",
        (b, r) -> set(() -> anyEntry(b, r).getRequest().setMethod(Bundle.HTTPVerb.PUT)));
    mutation(
        "request url of another type",
        (b, r) -> set(() -> anyEntry(b, r).getRequest().setUrl("Organization")));
    mutation(
        "Organization entry",
        (b, r) -> set(() -> entry(b, uuid(r), new Organization().setName("すこやかクリニック"))));
    mutation("another Patient", (b, r) -> set(() -> entry(b, uuid(r), mother(r))));
    mutation(
        "third Patient",
        (b, r) ->
            set(
                () -> {
                  while (entries(b, Patient.class).size() < 3) {
                    entry(b, uuid(r), mother(r));
                  }
                }));
    mutation(
        "without the Encounter entry", (b, r) -> b.getEntry().remove(first(b, Encounter.class)));
    mutation("without the Patient entry", (b, r) -> b.getEntry().remove(first(b, Patient.class)));

    // Patient
    mutation(
        "patient without birthDate", (b, r) -> set(() -> patient(b).setBirthDateElement(null)));
    mutation(
        "patient birthDate to the month",
        (b, r) -> set(() -> patient(b).setBirthDateElement(new DateType("1990-05"))));
    mutation(
        "patient handbook number with a wrong check digit",
        (b, r) ->
            set(
                () -> {
                  Identifier id = patient(b).getIdentifier().get(0);
                  String code = id.getSystem().substring(id.getSystem().length() - 6);
                  char last = code.charAt(5);
                  id.setSystem(
                      SukoyakaCanonicals.HANDBOOK_NUMBER_SYSTEM_PREFIX
                          + code.substring(0, 5)
                          + (char) ('0' + (last - '0' + 1 + r.nextInt(9)) % 10));
                }));
    mutation(
        "patient handbook number system with 5 digits",
        (b, r) ->
            set(
                () ->
                    patient(b)
                        .getIdentifier()
                        .get(0)
                        .setSystem(SukoyakaCanonicals.HANDBOOK_NUMBER_SYSTEM_PREFIX + "13101")));
    mutation(
        "patient without handbook number",
        (b, r) ->
            set(
                () ->
                    patient(b)
                        .getIdentifier()
                        .get(0)
                        .setSystem("urn:oid:1.2.392.100495.20.3.51.11311234567")));
    mutation(
        "patient handbook number value with leading space",
        (b, r) ->
            set(
                () -> {
                  Identifier id = patient(b).getIdentifier().get(0);
                  id.setValue(" " + id.getValue());
                }));
    mutation(
        "patient name representation XYZ or unknown extension",
        (b, r) -> {
          Patient p = patient(b);
          if (!p.hasName()) {
            return false;
          }
          Extension extension = p.getNameFirstRep().getExtensionFirstRep();
          if (r.nextBoolean()) {
            extension.setValue(new CodeType("XYZ"));
          } else {
            extension.setUrl("https://clinic.example.jp/ext/name-kind");
          }
          return true;
        });
    mutation(
        "patient name with two representations",
        (b, r) -> {
          Patient p = patient(b);
          if (!p.hasName()) {
            return false;
          }
          p.getNameFirstRep().addExtension(REPRESENTATION, new CodeType("SYL"));
          return true;
        });
    mutation(
        "patient family name with trailing ideographic space or control character",
        (b, r) -> {
          Patient p = patient(b);
          if (!p.hasName()) {
            return false;
          }
          HumanName name = p.getNameFirstRep();
          name.setFamily(name.getFamily() + (r.nextBoolean() ? "\u3000" : "\u0007"));
          return true;
        });
    mutation(
        "patient telecom",
        (b, r) ->
            set(
                () ->
                    patient(b)
                        .addTelecom()
                        .setSystem(ContactPoint.ContactPointSystem.PHONE)
                        .setValue("03-0000-0000")));
    mutation(
        "patient narrative",
        (b, r) ->
            set(
                () -> {
                  Narrative text = patient(b).getText();
                  text.setStatus(Narrative.NarrativeStatus.GENERATED);
                  text.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">山田 花子</div>");
                }));
    mutation(
        "patient with a contained Organization",
        (b, r) -> set(() -> patient(b).addContained(new Organization().setName("x").setId("org"))));
    mutation(
        "patient extension on birthDate",
        (b, r) ->
            set(
                () ->
                    patient(b)
                        .getBirthDateElement()
                        .addExtension(
                            "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                            new DateTimeType("1990-05-01T10:00:00+09:00"))));
    mutation(
        "patient gender unknown",
        (b, r) -> set(() -> patient(b).setGender(Enumerations.AdministrativeGender.UNKNOWN)));

    // Encounter
    mutation("encounter without subject", (b, r) -> set(() -> encounter(b).setSubject(null)));
    mutation(
        "encounter subject outside the bundle",
        (b, r) ->
            set(
                () ->
                    encounter(b)
                        .setSubject(new Reference(r.nextBoolean() ? "Patient/123" : uuid(r)))));
    mutation(
        "encounter class IMP",
        (b, r) -> set(() -> encounter(b).getClass_().setCode("IMP").setDisplay(null)));
    mutation(
        "encounter type infant-1-month",
        (b, r) ->
            set(
                () ->
                    encounter(b)
                        .getTypeFirstRep()
                        .getCodingFirstRep()
                        .setCode("infant-1-month")
                        .setDisplay(null)));
    mutation(
        "encounter type with a second coding",
        (b, r) ->
            set(
                () ->
                    encounter(b)
                        .getTypeFirstRep()
                        .addCoding(
                            new Coding()
                                .setSystem(SukoyakaCanonicals.CHECKUP_KIND_SYSTEM)
                                .setCode("postpartum"))));
    mutation(
        "encounter without period start",
        (b, r) -> set(() -> encounter(b).getPeriod().setStartElement(null)));
    mutation(
        "encounter period end before start",
        (b, r) ->
            set(
                () -> {
                  Period period = periodWithStart(b);
                  String start = period.getStartElement().getValueAsString();
                  period.setEndElement(
                      new DateTimeType(
                          start.length() == 10 ? "2020-01-01" : "2020-01-01T09:00:00+09:00"));
                }));
    mutation(
        "encounter period start without time zone",
        (b, r) ->
            set(
                () -> {
                  DateTimeType start = periodWithStart(b).getStartElement();
                  start.setValueAsString(start.getValueAsString().substring(0, 10) + "T10:00:00");
                }));
    mutation(
        "encounter service provider with 9 digits",
        (b, r) ->
            set(
                () ->
                    encounter(b)
                        .getServiceProvider()
                        .getIdentifier()
                        .setSystem(SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
                        .setValue("131123456")));
    mutation(
        "encounter modifierExtension",
        (b, r) ->
            set(
                () ->
                    encounter(b)
                        .addModifierExtension()
                        .setUrl("https://clinic.example.jp/ext/m")
                        .setValue(new StringType("x"))));

    // Observations
    mutation(
        "observation status preliminary",
        (b, r) ->
            withObservation(b, r, o -> o.setStatus(Observation.ObservationStatus.PRELIMINARY)));
    mutation(
        "observation without subject", (b, r) -> withObservation(b, r, o -> o.setSubject(null)));
    mutation(
        "observation without encounter",
        (b, r) -> withObservation(b, r, o -> o.setEncounter(null)));
    mutation(
        "observation without effective",
        (b, r) -> withObservation(b, r, o -> o.setEffective(null)));
    mutation(
        "observation about the encounter instead of the patient",
        (b, r) ->
            withObservation(
                b, r, o -> o.setSubject(new Reference(first(b, Encounter.class).getFullUrl()))));
    mutation(
        "observation of another patient",
        (b, r) -> withObservation(b, r, o -> o.setSubject(new Reference("Patient/someone-else"))));
    mutation(
        "observation unknown LOINC code",
        (b, r) ->
            withObservation(
                b,
                r,
                o ->
                    o.setCode(
                        new CodeableConcept(
                            new Coding()
                                .setSystem(SukoyakaCanonicals.LOINC_SYSTEM)
                                .setCode("8310-5")
                                .setDisplay("Body temperature")))));
    mutation(
        "observation coding of a second item",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> {
                  CatalogItem other = catalog.items().get(r.nextInt(catalog.items().size()));
                  o.getCode()
                      .addCoding(
                          new Coding()
                              .setSystem(SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM)
                              .setCode(other.code()));
                }));
    mutation(
        "observation duplicate coding",
        (b, r) ->
            withObservation(
                b, r, o -> o.getCode().addCoding(o.getCode().getCodingFirstRep().copy())));
    mutation(
        "observation coding with a wrong display",
        (b, r) -> withObservation(b, r, o -> o.getCode().getCodingFirstRep().setDisplay("体重?")));
    mutation(
        "observation value in a wrong unit",
        (b, r) ->
            withQuantity(
                b,
                r,
                q -> {
                  String[] units = {"cm", "kg", "[lb_av]", "kPa", "d", "mm[Hg]"};
                  q.setCode(units[r.nextInt(units.length)]).setUnit(null);
                }));
    mutation(
        "observation value without system", (b, r) -> withQuantity(b, r, q -> q.setSystem(null)));
    mutation(
        "observation value with comparator",
        (b, r) -> withQuantity(b, r, q -> q.setComparator(Quantity.QuantityComparator.LESS_THAN)));
    mutation(
        "observation value in exponent notation",
        (b, r) ->
            withQuantity(
                b,
                r,
                q ->
                    q.setValueElement(
                        new DecimalType(q.getValue().movePointLeft(2).toString() + "E+2"))));
    mutation(
        "observation value as string",
        (b, r) -> withObservation(b, r, o -> o.setValue(new StringType("58.4"))));
    mutation(
        "observation value and dataAbsentReason",
        (b, r) -> withObservation(b, r, o -> o.setDataAbsentReason(absentReason(r))));
    mutation(
        "observation without value",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> {
                  o.setValue(null);
                  o.setDataAbsentReason(null);
                }));
    mutation(
        "observation interpretation or note",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> {
                  if (r.nextBoolean()) {
                    o.addInterpretation(
                        new CodeableConcept(
                            new Coding()
                                .setSystem(
                                    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation")
                                .setCode("N")));
                  } else {
                    o.addNote().setText("特記事項なし");
                  }
                }));
    mutation(
        "observation meta.profile",
        (b, r) ->
            withObservation(
                b, r, o -> o.getMeta().addProfile(SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE)));
    mutation(
        "observation with an id",
        (b, r) -> withObservation(b, r, o -> o.setId("obs-" + r.nextInt(100))));
    mutation(
        "observation effective without time zone",
        (b, r) ->
            withObservationWhere(
                b,
                r,
                o -> o.getEffective() instanceof DateTimeType,
                o -> o.getEffectiveDateTimeType().setValueAsString("2026-11-20T10:10:00")));
    mutation(
        "observation effective as a period",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> o.setEffective(new Period().setStartElement(new DateTimeType("2026-11-20")))));
    mutation(
        "observation answer of another code",
        (b, r) -> withAnswer(b, r, c -> c.getCodingFirstRep().setCode("plus-9").setDisplay(null)));
    mutation(
        "observation answer with an extra coding",
        (b, r) ->
            withAnswer(
                b,
                r,
                c ->
                    c.addCoding(
                        new Coding().setSystem("https://clinic.example.jp/cs/x").setCode("1"))));
    mutation(
        "observation text with leading space",
        (b, r) ->
            withObservation(
                b, r, o -> o.getCode().setText(" " + o.getCode().getCodingFirstRep().getCode())));
    mutation(
        "observation category unknown code",
        (b, r) ->
            withObservation(
                b,
                r,
                o ->
                    o.addCategory(
                        new CodeableConcept(
                            new Coding()
                                .setSystem(OBSERVATION_CATEGORY)
                                .setCode("physical-exam")))));
    mutation(
        "observation component without a panel",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> {
                  if (o.hasComponent()) {
                    return;
                  }
                  o.addComponent()
                      .setCode(
                          new CodeableConcept(
                              new Coding()
                                  .setSystem(SukoyakaCanonicals.LOINC_SYSTEM)
                                  .setCode("8480-6")))
                      .setValue(
                          new Quantity(120)
                              .setSystem(SukoyakaCanonicals.UCUM_SYSTEM)
                              .setCode("mm[Hg]"));
                }));
    mutation(
        "observation language ja-JP", (b, r) -> withObservation(b, r, o -> o.setLanguage("ja-JP")));
    mutation(
        "observation status with an extension",
        (b, r) ->
            withObservation(
                b,
                r,
                o ->
                    o.getStatusElement()
                        .addExtension(
                            "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                            new CodeType("unknown"))));

    // Variations that mostly keep the submission valid: they widen what the fast path must get
    // right when it accepts.
    mutation(
        "patient identifier with a random OID",
        (b, r) ->
            set(
                () -> {
                  StringBuilder oid = new StringBuilder("urn:oid:" + r.nextInt(3));
                  for (int arcs = 1 + r.nextInt(6); arcs > 0; arcs--) {
                    oid.append('.')
                        .append(r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 9 : 99999));
                  }
                  patient(b).addIdentifier().setSystem(oid.toString()).setValue(digits(r, 6));
                }));
    mutation(
        "resource language",
        (b, r) ->
            set(
                () -> {
                  String[] tags = {
                    "en", "en-US", "zh-TW", "ko", "de-AT", "ja", "ja-JP", "jp", "EN"
                  };
                  anyEntry(b, r).getResource().setLanguage(tags[r.nextInt(tags.length)]);
                }));
    mutation(
        "encounter status",
        (b, r) ->
            set(
                () -> {
                  Encounter.EncounterStatus[] statuses = Encounter.EncounterStatus.values();
                  encounter(b).setStatus(statuses[r.nextInt(statuses.length - 1)]);
                }));
    mutation(
        "patient name use and representation",
        (b, r) -> {
          Patient p = patient(b);
          if (!p.hasName()) {
            return false;
          }
          HumanName.NameUse[] uses = HumanName.NameUse.values();
          p.getNameFirstRep().setUse(uses[r.nextInt(uses.length - 1)]);
          String[] kinds = {"ABC", "IDE", "SYL", "ide", "PHON"};
          p.getNameFirstRep()
              .getExtensionFirstRep()
              .setValue(new CodeType(kinds[r.nextInt(kinds.length)]));
          return true;
        });
    mutation(
        "patient name with only its representation",
        (b, r) ->
            set(() -> patient(b).addName().addExtension(REPRESENTATION, new CodeType("SYL"))));
    mutation(
        "patient gender",
        (b, r) ->
            set(
                () -> {
                  Enumerations.AdministrativeGender[] genders =
                      Enumerations.AdministrativeGender.values();
                  patient(b).setGender(genders[r.nextInt(genders.length - 1)]);
                }));
    mutation(
        "observation data absent reason",
        (b, r) ->
            withObservationWhere(
                b,
                r,
                o -> !o.hasComponent(),
                o -> {
                  String[] codes = {
                    "masked",
                    "not-applicable",
                    "unsupported",
                    "as-text",
                    "temp-unknown",
                    "not-asked",
                    "asked-declined",
                    "negative-infinity",
                    "NaN",
                    "not-permitted",
                    "Unknown"
                  };
                  o.setValue(null);
                  o.setDataAbsentReason(
                      new CodeableConcept(
                          new Coding()
                              .setSystem(DATA_ABSENT_REASON)
                              .setCode(codes[r.nextInt(codes.length)])));
                }));
    mutation("entries in another order", (b, r) -> set(() -> Collections.shuffle(b.getEntry(), r)));
    mutation(
        "same item observed twice",
        (b, r) -> {
          List<Bundle.BundleEntryComponent> obs = entries(b, Observation.class);
          if (obs.isEmpty()) {
            return false;
          }
          Bundle.BundleEntryComponent twice = obs.get(r.nextInt(obs.size())).copy();
          twice.setFullUrl(uuid(r));
          twice.getResource().setId((String) null);
          b.addEntry(twice);
          return true;
        });
    mutation(
        "visit times with fractions of a second and another offset",
        (b, r) ->
            set(
                () -> {
                  Period period = periodWithStart(b);
                  String day = period.getStartElement().getValueAsString().substring(0, 10);
                  String offset = r.nextBoolean() ? "Z" : "-05:00";
                  period.setStartElement(new DateTimeType(day + "T01:00:00.5" + offset));
                  period.setEndElement(
                      new DateTimeType(
                          day + "T01:" + (r.nextBoolean() ? "00:00.4" : "30:00.1") + offset));
                }));
    mutation(
        "laboratory finding without its specimen",
        (b, r) -> withObservationWhere(b, r, Observation::hasSpecimen, o -> o.setSpecimen(null)));
    mutation(
        "specimen on a finding that is no laboratory test",
        (b, r) ->
            withObservationWhere(
                b,
                r,
                o -> !o.hasSpecimen() && !o.hasComponent(),
                o -> o.setSpecimen(new Reference().setDisplay("血液"))));
    mutation(
        "observation category twice",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> {
                  o.addCategory(category("exam", r));
                  o.addCategory(category("exam", r));
                }));
    mutation(
        "observation coded by every coding of its item",
        (b, r) ->
            withObservationWhere(
                b,
                r,
                o -> !o.hasComponent(),
                o -> {
                  CatalogItem item =
                      catalog
                          .byCoding(
                              o.getCode().getCodingFirstRep().getSystem(),
                              o.getCode().getCodingFirstRep().getCode())
                          .orElse(null);
                  if (item != null) {
                    o.getCode().setCoding(new ArrayList<>());
                    item.fhirCodes().forEach(ref -> o.getCode().addCoding(coding(r, ref)));
                  }
                }));

    // The blood pressure panel
    mutation(
        "panel without a component",
        (b, r) ->
            withPanel(b, r, o -> o.getComponent().remove(r.nextInt(o.getComponent().size()))));
    mutation(
        "panel with a duplicated component",
        (b, r) -> withPanel(b, r, o -> o.addComponent(o.getComponentFirstRep().copy())));
    mutation(
        "panel component in kPa",
        (b, r) ->
            withPanel(
                b,
                r,
                o ->
                    o.getComponentFirstRep()
                        .setValue(
                            new Quantity(16)
                                .setSystem(SukoyakaCanonicals.UCUM_SYSTEM)
                                .setCode("kPa"))));
    mutation(
        "panel component out of range",
        (b, r) ->
            withPanel(
                b,
                r,
                o ->
                    o.getComponentFirstRep()
                        .setValue(
                            new Quantity(400)
                                .setSystem(SukoyakaCanonicals.UCUM_SYSTEM)
                                .setCode("mm[Hg]"))));
    mutation(
        "panel with a value",
        (b, r) ->
            withPanel(
                b,
                r,
                o ->
                    o.setValue(
                        new Quantity(120)
                            .setSystem(SukoyakaCanonicals.UCUM_SYSTEM)
                            .setCode("mm[Hg]"))));
    mutation(
        "panel component coded as the other item",
        (b, r) ->
            withPanel(
                b,
                r,
                o -> o.getComponentFirstRep().setCode(o.getComponent().get(1).getCode().copy())));
  }

  /** Mutations of the rules that came with the other record kinds. */
  private void registerRecordKindMutations() {
    // Categories (sky-category-*)
    mutation(
        "observation without its JP Core category",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> {
                  o.getCategory().forEach(c -> c.getCoding().removeIf(SubmissionGenerator::isJp));
                  o.getCategory().removeIf(c -> c.getCoding().isEmpty());
                }));
    mutation(
        "observation with the JP Core category of another kind of item",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> {
                  List<String> categories =
                      catalog.items().stream().map(CatalogItem::category).distinct().toList();
                  o.getCategory().stream()
                      .flatMap(c -> c.getCoding().stream())
                      .filter(SubmissionGenerator::isJp)
                      .forEach(
                          c -> {
                            String other;
                            do {
                              other = categories.get(r.nextInt(categories.size()));
                            } while (other.equals(c.getCode()));
                            c.setCode(other).setDisplay(null);
                          });
                }));
    mutation(
        "observation with only a core category",
        (b, r) ->
            withObservation(
                b,
                r,
                o ->
                    o.setCategory(
                        new ArrayList<>(
                            List.of(
                                category(
                                    List.of("exam", "laboratory", "vital-signs", "procedure")
                                        .get(r.nextInt(4)),
                                    r))))));
    mutation(
        "observation with a second, unknown JP Core category",
        (b, r) ->
            withObservation(
                b,
                r,
                o ->
                    o.addCategory(
                        new CodeableConcept(
                            new Coding().setSystem(JP_CATEGORY).setCode("physical-exam")))));
    mutation(
        "observation JP Core category with another display",
        (b, r) ->
            withObservation(
                b,
                r,
                o ->
                    o.getCategory().stream()
                        .flatMap(c -> c.getCoding().stream())
                        .filter(SubmissionGenerator::isJp)
                        .forEach(c -> c.setDisplay(r.nextBoolean() ? "検査" : "Exam\u0007"))));

    // The Encounter's kind and class (sky-kind-*)
    mutation(
        "encounter class another kind's",
        (b, r) -> {
          CheckupKind kind = kind(b);
          List<String> others =
              new ArrayList<>(
                  List.of("AMB", "HH", "IMP").stream()
                      .filter(c -> !kind.encounterClasses().contains(c))
                      .toList());
          if (others.isEmpty()) {
            return false;
          }
          encounter(b).getClass_().setCode(others.get(r.nextInt(others.size()))).setDisplay(null);
          return true;
        });
    mutation(
        "encounter class outside the value set",
        (b, r) ->
            set(
                () ->
                    encounter(b)
                        .getClass_()
                        .setCode(List.of("EMER", "VR", "FLD", "amb").get(r.nextInt(4)))
                        .setDisplay(null)));
    mutation(
        "encounter class of another code system",
        (b, r) -> set(() -> encounter(b).getClass_().setSystem("http://hl7.org/fhir/v3/ActCode")));
    mutation(
        "encounter of another kind",
        (b, r) ->
            set(
                () -> {
                  List<CheckupKind> kinds = catalog.kinds();
                  kindCoding(b).setCode(kinds.get(r.nextInt(kinds.size())).code()).setDisplay(null);
                }));
    mutation(
        "municipal checkup without type.text",
        (b, r) ->
            set(
                () -> {
                  kindCoding(b).setCode("municipal-checkup").setDisplay(null);
                  encounter(b).getTypeFirstRep().setText(null);
                  encounter(b).getClass_().setCode("AMB").setDisplay(null);
                }));
    mutation(
        "encounter type text removed or with edge space",
        (b, r) ->
            set(
                () -> {
                  CodeableConcept type = encounter(b).getTypeFirstRep();
                  type.setText(r.nextBoolean() ? null : "市の健診 ");
                }));
    mutation(
        "encounter of an unknown kind",
        (b, r) -> set(() -> kindCoding(b).setCode("child-5-years").setDisplay(null)));
    mutation(
        "encounter about the other Patient",
        (b, r) -> {
          List<String> others = otherPatients(b, encounter(b).getSubject().getReference());
          if (others.isEmpty()) {
            return false;
          }
          encounter(b).setSubject(new Reference(others.get(0)));
          return true;
        });

    // Values of every type (sky-<item>)
    mutation(
        "integer value out of range",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.INTEGER,
                (o, item) -> {
                  int min = item.plausibleRange().min().intValueExact();
                  int max = item.plausibleRange().max().intValueExact();
                  o.setValue(new IntegerType(r.nextBoolean() ? max + 1 : min - 1));
                }));
    mutation(
        "integer value on a bound",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.INTEGER,
                (o, item) ->
                    o.setValue(
                        new IntegerType(
                            (r.nextBoolean()
                                    ? item.plausibleRange().min()
                                    : item.plausibleRange().max())
                                .intValueExact()))));
    mutation(
        "integer item as a Quantity",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.INTEGER,
                (o, item) ->
                    o.setValue(
                        new Quantity(3).setSystem(SukoyakaCanonicals.UCUM_SYSTEM).setCode("1"))));
    mutation(
        "datetime without its time",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.DATETIME,
                (o, item) -> o.setValue(new DateTimeType(effectiveDay(o)))));
    mutation(
        "datetime without time zone or to the minute",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.DATETIME,
                (o, item) -> {
                  DateTimeType value = new DateTimeType();
                  value.setValueAsString(
                      effectiveDay(o) + (r.nextBoolean() ? "T10:23:00" : "T10:23+09:00"));
                  o.setValue(value);
                }));
    mutation(
        "datetime with fractions of a second in UTC",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.DATETIME,
                (o, item) -> o.setValue(new DateTimeType(effectiveDay(o) + "T01:23:45.678Z"))));
    mutation(
        "date with a time or to the month",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.DATE,
                (o, item) ->
                    o.setValue(
                        new DateTimeType(
                            r.nextBoolean()
                                ? effectiveDay(o) + "T09:00:00+09:00"
                                : effectiveDay(o).substring(0, 7)))));
    mutation(
        "date in 1899",
        (b, r) ->
            withItemValue(
                b, r, ValueType.DATE, (o, item) -> o.setValue(new DateTimeType("1899-12-31"))));
    mutation(
        "boolean as the string true",
        (b, r) ->
            withItemValue(
                b, r, ValueType.BOOLEAN, (o, item) -> o.setValue(new StringType("true"))));
    mutation(
        "boolean with an extension",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.BOOLEAN,
                (o, item) ->
                    o.getValue()
                        .addExtension(
                            "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                            new CodeType("unknown"))));
    mutation(
        "string blank, padded or very long",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.STRING,
                (o, item) ->
                    o.setValue(
                        new StringType(
                            switch (r.nextInt(3)) {
                              case 0 -> " ";
                              case 1 -> " " + FACILITIES.get(1);
                              default -> "病院".repeat(600);
                            }))));
    mutation(
        "string as a CodeableConcept",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.STRING,
                (o, item) -> o.setValue(new CodeableConcept().setText(FACILITIES.get(0)))));
    mutation(
        "coded item as a boolean",
        (b, r) ->
            withItemValue(
                b, r, ValueType.CODED, (o, item) -> o.setValue(new BooleanType(r.nextBoolean()))));
    mutation(
        "quantity beyond the subject's range but within the widest",
        (b, r) ->
            withItemValue(
                b,
                r,
                ValueType.QUANTITY,
                (o, item) -> {
                  if (item.plausibleRanges().size() < 2) {
                    throw new NoTarget();
                  }
                  o.setValue(
                      new Quantity()
                          .setValue(item.plausibleRange().max())
                          .setSystem(SukoyakaCanonicals.UCUM_SYSTEM)
                          .setCode(item.canonicalUnit().orElseThrow()));
                }));
    mutation(
        "observation about the other Patient",
        (b, r) ->
            withObservation(
                b,
                r,
                o -> {
                  List<String> others = otherPatients(b, o.getSubject().getReference());
                  if (others.isEmpty()) {
                    throw new NoTarget();
                  }
                  o.setSubject(new Reference(others.get(0)));
                }));

    // The child (sukoyaka-child) and its mother extension (sukoyaka-mother)
    mutation("child without gender", (b, r) -> set(() -> child(b).setGender(null)));
    mutation(
        "child with a bad birth order",
        (b, r) ->
            set(
                () ->
                    child(b)
                        .setMultipleBirth(
                            new IntegerType(List.of(0, 9, -1, 12).get(r.nextInt(4))))));
    mutation(
        "child birth order on a bound or true",
        (b, r) ->
            set(
                () ->
                    child(b)
                        .setMultipleBirth(
                            r.nextInt(3) == 0
                                ? new BooleanType(true)
                                : new IntegerType(r.nextBoolean() ? 1 : 8))));
    mutation(
        "mother extension without reference or identifier",
        (b, r) ->
            set(
                () ->
                    motherExtension(child(b))
                        .setValue(new Reference().setDisplay(SURNAMES.get(0) + " 花子"))));
    mutation(
        "mother extension with an empty value",
        (b, r) -> set(() -> motherExtension(child(b)).setValue(null)));
    mutation(
        "mother extension referring outside the bundle",
        (b, r) ->
            set(
                () ->
                    motherExtension(child(b))
                        .setValue(new Reference(r.nextBoolean() ? "Patient/123" : uuid(r)))));
    mutation(
        "mother extension referring to the Encounter or the child itself",
        (b, r) ->
            set(
                () -> {
                  Patient child = child(b);
                  String target =
                      r.nextBoolean()
                          ? first(b, Encounter.class).getFullUrl()
                          : b.getEntry().stream()
                              .filter(e -> e.getResource() == child)
                              .findFirst()
                              .orElseThrow()
                              .getFullUrl();
                  motherExtension(child).setValue(new Reference(target));
                }));
    mutation(
        "mother extension with both reference and identifier",
        (b, r) -> {
          Patient child = child(b);
          Reference mother = (Reference) motherExtension(child).getValue();
          if (!mother.hasReference()) {
            return false;
          }
          mother
              .getIdentifier()
              .setSystem(SukoyakaCanonicals.handbookNumberSystem("131016"))
              .setValue("R8-00001");
          return true;
        });
    mutation(
        "mother extension twice",
        (b, r) -> set(() -> child(b).addExtension(motherExtension(child(b)).copy())));
    mutation(
        "mother extension with a nested extension or as an identifier",
        (b, r) ->
            set(
                () -> {
                  Extension extension = motherExtension(child(b));
                  if (r.nextBoolean()) {
                    // JSON cannot carry a value next to nested extensions.
                    extension.setValue(null);
                    extension.addExtension("https://clinic.example.jp/ext/x", new StringType("x"));
                  } else {
                    extension.setValue(
                        new Identifier()
                            .setSystem(SukoyakaCanonicals.handbookNumberSystem("131016"))
                            .setValue("R8-00001"));
                  }
                }));
    mutation(
        "mother extension on the mother",
        (b, r) ->
            set(
                () ->
                    patient(b)
                        .addExtension(
                            MOTHER,
                            new Reference()
                                .setIdentifier(
                                    new Identifier()
                                        .setSystem(
                                            SukoyakaCanonicals.handbookNumberSystem("131016"))
                                        .setValue("R1-00001")))));
    mutation(
        "child with another extension",
        (b, r) ->
            set(
                () ->
                    child(b)
                        .addExtension(
                            "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                            new DateTimeType("2026-11-18T10:23:00+09:00"))));

    // The EPDS response (sukoyaka-epds-response)
    mutation(
        "EPDS response with an item missing",
        (b, r) -> withEpds(b, r, q -> q.getItem().remove(r.nextInt(q.getItem().size()))));
    mutation(
        "EPDS answer out of range",
        (b, r) ->
            withEpds(
                b,
                r,
                q ->
                    q.getItem()
                        .get(r.nextInt(q.getItem().size()))
                        .getAnswerFirstRep()
                        .setValue(new IntegerType(r.nextBoolean() ? 4 : -1))));
    mutation(
        "EPDS answer on a bound",
        (b, r) ->
            withEpds(
                b,
                r,
                q ->
                    q.getItem()
                        .get(r.nextInt(q.getItem().size()))
                        .getAnswerFirstRep()
                        .setValue(new IntegerType(r.nextBoolean() ? 3 : 0))));
    mutation(
        "EPDS answer of another type",
        (b, r) ->
            withEpds(
                b,
                r,
                q ->
                    q.getItem()
                        .get(r.nextInt(q.getItem().size()))
                        .getAnswerFirstRep()
                        .setValue(
                            switch (r.nextInt(3)) {
                              case 0 -> new DecimalType("1.5");
                              case 1 -> new StringType("2");
                              default -> new Coding().setSystem("urn:x").setCode("2");
                            })));
    mutation(
        "EPDS item answered twice or not at all",
        (b, r) ->
            withEpds(
                b,
                r,
                q -> {
                  QuestionnaireResponse.QuestionnaireResponseItemComponent item =
                      q.getItem().get(r.nextInt(q.getItem().size()));
                  if (r.nextBoolean()) {
                    item.addAnswer().setValue(new IntegerType(1));
                  } else {
                    item.getAnswer().clear();
                  }
                }));
    mutation(
        "EPDS duplicate or unknown linkId",
        (b, r) ->
            withEpds(
                b,
                r,
                q ->
                    q.getItem()
                        .get(r.nextInt(q.getItem().size()))
                        .setLinkId(r.nextBoolean() ? q.getItem().get(0).getLinkId() : "11")));
    mutation(
        "EPDS status in progress",
        (b, r) ->
            withEpds(
                b,
                r,
                q -> q.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS)));
    mutation(
        "EPDS questionnaire without version or another one",
        (b, r) ->
            withEpds(
                b,
                r,
                q ->
                    q.setQuestionnaire(
                        r.nextBoolean()
                            ? SukoyakaCanonicals.unversioned(EPDS_QUESTIONNAIRE)
                            : "https://sukoyaka.app/fhir/Questionnaire/phq9|0.2.0")));
    mutation(
        "EPDS item with a nested item",
        (b, r) ->
            withEpds(
                b,
                r,
                q ->
                    q.getItem()
                        .get(r.nextInt(q.getItem().size()))
                        .addItem()
                        .setLinkId("1.1")
                        .addAnswer()
                        .setValue(new IntegerType(1))));
    mutation("EPDS without authored", (b, r) -> withEpds(b, r, q -> q.setAuthoredElement(null)));
    mutation(
        "EPDS without encounter or about the Encounter",
        (b, r) ->
            withEpds(
                b,
                r,
                q -> {
                  if (r.nextBoolean()) {
                    q.setEncounter(null);
                  } else {
                    q.setSubject(new Reference(first(b, Encounter.class).getFullUrl()));
                  }
                }));
    mutation(
        "second EPDS response",
        (b, r) -> withEpds(b, r, q -> entry(b, uuid(r), q.copy().setIdElement(null))));
    mutation(
        "EPDS items in another order with other texts",
        (b, r) ->
            withEpds(
                b,
                r,
                q -> {
                  Collections.shuffle(q.getItem(), r);
                  q.getItem()
                      .forEach(i -> i.setText(r.nextBoolean() ? null : "質問 " + i.getLinkId()));
                }));
    mutation(
        "EPDS response in a submission of another kind",
        (b, r) -> {
          Bundle.BundleEntryComponent subject = first(b, Patient.class);
          entry(
              b,
              uuid(r),
              epdsResponse(
                  r,
                  subject.getFullUrl(),
                  first(b, Encounter.class).getFullUrl(),
                  LocalDate.of(2025, 4, 1)));
          return true;
        });
    mutation(
        "EPDS response with an identifier",
        (b, r) ->
            withEpds(
                b,
                r,
                q ->
                    q.getIdentifier()
                        .setSystem("https://clinic.example.jp/sid/epds")
                        .setValue("1")));
  }

  private static boolean isJp(Coding coding) {
    return JP_CATEGORY.equals(coding.getSystem());
  }

  private CheckupKind kind(Bundle bundle) {
    return catalog.kind(kindCoding(bundle).getCode()).orElseThrow(NoTarget::new);
  }

  private static Coding kindCoding(Bundle bundle) {
    Encounter encounter = encounter(bundle);
    if (!encounter.hasType() || !encounter.getTypeFirstRep().hasCoding()) {
      throw new NoTarget();
    }
    return encounter.getTypeFirstRep().getCodingFirstRep();
  }

  /** The fullUrls of the Bundle's Patients other than {@code fullUrl}. */
  private static List<String> otherPatients(Bundle bundle, String fullUrl) {
    return entries(bundle, Patient.class).stream()
        .map(Bundle.BundleEntryComponent::getFullUrl)
        .filter(url -> url != null && !url.equals(fullUrl))
        .toList();
  }

  /** A Patient with the mother extension (the child), else none to mutate. */
  private static Patient child(Bundle bundle) {
    return entries(bundle, Patient.class).stream()
        .map(e -> (Patient) e.getResource())
        .filter(p -> !p.getExtensionsByUrl(MOTHER).isEmpty())
        .findFirst()
        .orElseThrow(NoTarget::new);
  }

  private static Extension motherExtension(Patient child) {
    List<Extension> extensions = child.getExtensionsByUrl(MOTHER);
    if (extensions.isEmpty()) {
      throw new NoTarget();
    }
    return extensions.get(0);
  }

  private static boolean withEpds(
      Bundle bundle, Random random, Consumer<QuestionnaireResponse> change) {
    List<Bundle.BundleEntryComponent> responses = entries(bundle, QuestionnaireResponse.class);
    if (responses.isEmpty()) {
      return false;
    }
    change.accept(
        (QuestionnaireResponse) responses.get(random.nextInt(responses.size())).getResource());
    return true;
  }

  /**
   * Changes the value of an Observation of an item of this value type; adds one (of a random item
   * of that type, about the Encounter's subject) if the Bundle has none.
   */
  private boolean withItemValue(
      Bundle bundle, Random random, ValueType type, BiConsumer<Observation, CatalogItem> change) {
    List<Observation> candidates = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : entries(bundle, Observation.class)) {
      Observation observation = (Observation) entry.getResource();
      CatalogItem item = itemOf(observation);
      if (item != null && item.valueType() == type && observation.hasValue()) {
        candidates.add(observation);
      }
    }
    Observation target;
    if (candidates.isEmpty()) {
      List<CatalogItem> items =
          catalog.items().stream().filter(item -> item.valueType() == type).toList();
      CatalogItem item = items.get(random.nextInt(items.size()));
      Encounter encounter = encounter(bundle);
      if (!encounter.hasSubject()) {
        throw new NoTarget();
      }
      target =
          observation(
              random,
              encounter.getSubject().getReference(),
              first(bundle, Encounter.class).getFullUrl(),
              LocalDate.of(2025, 6, 1),
              true,
              10);
      target.setCode(concept(random, item.fhirCodes(), item.label().ja()));
      categories(target, item.category(), random);
      target.setValue(value(random, item, Subject.MOTHER, LocalDate.of(2025, 6, 1)));
      if (type == ValueType.QUANTITY) {
        target.setValue(quantity(random, item, item.subjects().iterator().next()));
      }
      entry(bundle, uuid(random), target);
    } else {
      target = candidates.get(random.nextInt(candidates.size()));
    }
    change.accept(target, itemOf(target));
    return true;
  }

  private CatalogItem itemOf(Observation observation) {
    for (Coding coding : observation.getCode().getCoding()) {
      CatalogItem item = catalog.byCoding(coding.getSystem(), coding.getCode()).orElse(null);
      if (item != null) {
        return item;
      }
    }
    return null;
  }

  private static String effectiveDay(Observation observation) {
    return observation.getEffective() instanceof DateTimeType effective
            && effective.getValueAsString() != null
            && effective.getValueAsString().length() >= 10
        ? effective.getValueAsString().substring(0, 10)
        : "2025-06-01";
  }

  private static boolean set(Runnable change) {
    change.run();
    return true;
  }

  private static Bundle.BundleEntryComponent anyEntry(Bundle bundle, Random random) {
    if (bundle.getEntry().isEmpty()) {
      throw new NoTarget();
    }
    return bundle.getEntry().get(random.nextInt(bundle.getEntry().size()));
  }

  private static List<Bundle.BundleEntryComponent> entries(
      Bundle bundle, Class<? extends Resource> type) {
    return bundle.getEntry().stream().filter(e -> type.isInstance(e.getResource())).toList();
  }

  private static Patient patient(Bundle bundle) {
    return (Patient) first(bundle, Patient.class).getResource();
  }

  private static Encounter encounter(Bundle bundle) {
    return (Encounter) first(bundle, Encounter.class).getResource();
  }

  private static Bundle.BundleEntryComponent first(Bundle bundle, Class<? extends Resource> type) {
    return entries(bundle, type).stream().findFirst().orElseThrow(NoTarget::new);
  }

  private static Period periodWithStart(Bundle bundle) {
    Encounter encounter = encounter(bundle);
    if (!encounter.hasPeriod() || !encounter.getPeriod().hasStart()) {
      throw new NoTarget();
    }
    return encounter.getPeriod();
  }

  private static boolean withObservation(
      Bundle bundle, Random random, Consumer<Observation> change) {
    return withObservationWhere(bundle, random, o -> true, change);
  }

  private static boolean withObservationWhere(
      Bundle bundle, Random random, Predicate<Observation> which, Consumer<Observation> change) {
    List<Observation> candidates =
        entries(bundle, Observation.class).stream()
            .map(e -> (Observation) e.getResource())
            .filter(which)
            .toList();
    if (candidates.isEmpty()) {
      return false;
    }
    change.accept(candidates.get(random.nextInt(candidates.size())));
    return true;
  }

  private static boolean withQuantity(Bundle bundle, Random random, Consumer<Quantity> change) {
    return withObservationWhere(
        bundle, random, Observation::hasValueQuantity, o -> change.accept(o.getValueQuantity()));
  }

  private static boolean withAnswer(
      Bundle bundle, Random random, Consumer<CodeableConcept> change) {
    return withObservationWhere(
        bundle,
        random,
        Observation::hasValueCodeableConcept,
        o -> change.accept(o.getValueCodeableConcept()));
  }

  private static boolean withPanel(Bundle bundle, Random random, Consumer<Observation> change) {
    return withObservationWhere(bundle, random, o -> o.getComponent().size() > 1, change);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static Bundle.BundleEntryComponent entry(
      Bundle bundle, String fullUrl, Resource resource) {
    Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    return entry;
  }

  /** A random (version 4) UUID from the seeded generator. */
  private static String uuid(Random random) {
    return "urn:uuid:"
        + new UUID(
            (random.nextLong() & 0xffffffffffff0fffL) | 0x4000L,
            (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
  }

  /** A 全国地方公共団体コード-shaped code with a correct check digit. */
  private static String municipalityCode(Random random) {
    String first = String.format(Locale.ROOT, "%02d", 1 + random.nextInt(47)) + digits(random, 3);
    int sum = 0;
    for (int i = 0; i < 5; i++) {
      sum += (first.charAt(i) - '0') * (6 - i);
    }
    return first + (11 - sum % 11) % 10;
  }

  private static String digits(Random random, int count) {
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < count; i++) {
      digits.append(random.nextInt(10));
    }
    return digits.toString();
  }

  private static String twoDigits(int value) {
    return String.format(Locale.ROOT, "%02d", value);
  }

  /** Displays of every concept of our code systems and the offline fragments. */
  private static Map<CodingRef, String> loadDisplays() {
    Map<CodingRef, String> displays = new HashMap<>();
    FhirContext context = ProfileAssertions.FHIR;
    ObjectMapper mapper = new ObjectMapper();
    for (String folder : List.of("conformance/", "conformance/external/")) {
      String base = "/app/sukoyaka/profiles/" + folder;
      JsonNode index;
      try (InputStream in = SubmissionGenerator.class.getResourceAsStream(base + ".index.json")) {
        index = mapper.readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (JsonNode file : index.path("files")) {
        if (!file.path("resourceType").asText().equals("CodeSystem")) {
          continue;
        }
        try (InputStream in =
            SubmissionGenerator.class.getResourceAsStream(base + file.path("filename").asText())) {
          CodeSystem codeSystem =
              context
                  .newJsonParser()
                  .parseResource(
                      CodeSystem.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          codeSystem
              .getConcept()
              .forEach(
                  concept ->
                      displays.put(
                          new CodingRef(codeSystem.getUrl(), concept.getCode()),
                          concept.getDisplay()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return displays;
  }

  /** The texts of the EPDS Questionnaire's items, in order. */
  private static List<String> loadEpdsTexts() {
    try (InputStream in =
        SubmissionGenerator.class.getResourceAsStream(
            "/app/sukoyaka/profiles/conformance/Questionnaire-epds.json")) {
      Questionnaire questionnaire =
          ProfileAssertions.FHIR
              .newJsonParser()
              .parseResource(
                  Questionnaire.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return questionnaire.getItem().stream()
          .map(Questionnaire.QuestionnaireItemComponent::getText)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
