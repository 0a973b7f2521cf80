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
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Seeded random clinic submissions for the fast path's differential test: plausible 妊婦健診
 * submissions built from the catalog (random items, units, values in and out of range, valid and
 * invalid answers, blood pressure as two Observations or as the panel), then optionally mutated in
 * the ways clinic systems and hand-edited payloads go wrong. Each case is reproducible from its
 * seed.
 */
final class SubmissionGenerator {

  /** One generated submission and the mutations applied to it, for failure messages. */
  record Case(String name, long seed, List<String> mutations, Bundle bundle) {
    boolean mutated() {
      return !mutations.isEmpty();
    }
  }

  private static final String REPRESENTATION =
      "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";
  private static final String OBSERVATION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/observation-category";
  private static final String DATA_ABSENT_REASON =
      "http://terminology.hl7.org/CodeSystem/data-absent-reason";
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  private static final List<String> SURNAMES = List.of("山田", "佐藤", "鈴木", "髙橋", "渡邉");
  private static final List<String> SURNAMES_KANA = List.of("ヤマダ", "サトウ", "スズキ", "タカハシ", "ワタナベ");
  private static final List<String> GIVEN = List.of("花子", "美咲", "陽菜", "さくら", "結衣");
  private static final List<String> GIVEN_KANA = List.of("ハナコ", "ミサキ", "ヒナ", "サクラ", "ユイ");

  private final CheckupItemCatalog catalog;
  private final Map<CodingRef, String> displays;
  private final List<Mutation> mutations = new ArrayList<>();

  SubmissionGenerator(CheckupItemCatalog catalog) {
    this.catalog = catalog;
    this.displays = loadDisplays();
    registerMutations();
  }

  /** An unmutated submission. */
  Case plain(long seed) {
    Random random = new Random(seed);
    return new Case("generated #" + seed, seed, List.of(), build(random));
  }

  /** A submission with one to three random mutations, each of which found something to change. */
  Case mutated(long seed) {
    Random random = new Random(seed);
    Bundle bundle = build(random);
    int wanted = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(2);
    List<String> applied = new ArrayList<>();
    for (int attempt = 0; applied.size() < wanted && attempt < 20; attempt++) {
      Mutation mutation = mutations.get(random.nextInt(mutations.size()));
      try {
        if (mutation.change().test(bundle, random)) {
          applied.add(mutation.name());
        }
      } catch (NoTarget e) {
        // An earlier mutation removed what this one changes; pick another.
      }
    }
    return new Case("mutated #" + seed + " " + applied, seed, List.copyOf(applied), bundle);
  }

  /** How many kinds of mutation the generator knows. */
  int mutationCount() {
    return mutations.size();
  }

  // ---------------------------------------------------------------------------------------------
  // Valid submissions

  private Bundle build(Random random) {
    String patientUrl = uuid(random);
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

    Patient patient = patient(random);
    Bundle.BundleEntryComponent patientEntry = entry(bundle, patientUrl, patient);
    if (random.nextInt(10) < 7) {
      Identifier handbook = patient.getIdentifier().get(0);
      patientEntry
          .getRequest()
          .setIfNoneExist("identifier=" + handbook.getSystem() + "|" + handbook.getValue());
    }

    LocalDate visitDate = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(1000));
    boolean withTime = random.nextBoolean();
    int hour = 9 + random.nextInt(8);
    Encounter encounter = encounter(random, patientUrl, visitDate, withTime, hour);
    entry(bundle, encounterUrl, encounter);

    List<CatalogItem> items = new ArrayList<>();
    for (CatalogItem item : catalog.items()) {
      if (random.nextInt(10) < 6) {
        items.add(item);
      }
    }
    for (CatalogPanel panel : catalog.panels()) {
      List<CatalogItem> members =
          panel.components().stream().map(code -> catalog.byCode(code).orElseThrow()).toList();
      if (items.containsAll(members) && random.nextBoolean()) {
        items.removeAll(members);
        Observation observation =
            observation(random, patientUrl, encounterUrl, visitDate, withTime, hour);
        observation.setCode(concept(random, panel.fhirCodes(), panel.label().ja()));
        if (random.nextBoolean()) {
          observation.addCategory(category("vital-signs", random));
        }
        for (CatalogItem member : members) {
          Observation.ObservationComponentComponent component = observation.addComponent();
          component.setCode(concept(random, member.fhirCodes(), member.label().ja()));
          if (random.nextInt(20) == 0) {
            component.setDataAbsentReason(absentReason(random));
          } else {
            component.setValue(quantity(random, member));
          }
        }
        entry(bundle, uuid(random), observation);
      }
    }
    Collections.shuffle(items, random);
    for (CatalogItem item : items) {
      Observation observation =
          observation(random, patientUrl, encounterUrl, visitDate, withTime, hour);
      observation.setCode(concept(random, item.fhirCodes(), item.label().ja()));
      if (random.nextBoolean()) {
        observation.addCategory(
            category(
                item.valueType() == ValueType.CODED
                    ? "laboratory"
                    : random.nextBoolean() ? "vital-signs" : "exam",
                random));
      }
      if (random.nextInt(16) == 0) {
        observation.setDataAbsentReason(absentReason(random));
      } else if (item.valueType() == ValueType.QUANTITY) {
        observation.setValue(quantity(random, item));
      } else {
        observation.setValue(answer(random, item));
      }
      entry(bundle, uuid(random), observation);
    }
    return bundle;
  }

  private Patient patient(Random random) {
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
    switch (random.nextInt(4)) {
      case 0 -> {}
      case 1 -> patient.addName(name(random, "IDE", SURNAMES.get(who), GIVEN.get(who)));
      default -> {
        patient.addName(name(random, "IDE", SURNAMES.get(who), GIVEN.get(who)));
        patient.addName(name(random, "SYL", SURNAMES_KANA.get(who), GIVEN_KANA.get(who)));
      }
    }
    if (random.nextInt(5) > 0) {
      patient.setGender(Enumerations.AdministrativeGender.FEMALE);
    }
    patient.setBirthDateElement(
        new DateType(LocalDate.of(1975, 1, 1).plusDays(random.nextInt(12_000)).toString()));
    return patient;
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
      Random random, String patientUrl, LocalDate visitDate, boolean withTime, int hour) {
    Encounter encounter = new Encounter();
    if (random.nextBoolean()) {
      encounter.setLanguage("ja");
    }
    encounter.setStatus(
        random.nextInt(4) > 0
            ? Encounter.EncounterStatus.FINISHED
            : Encounter.EncounterStatus.INPROGRESS);
    Coding amb = new Coding().setSystem(ACT_CODE).setCode("AMB");
    if (random.nextBoolean()) {
      amb.setDisplay("ambulatory");
    }
    encounter.setClass_(amb);
    CodeableConcept type =
        concept(
            random,
            List.of(
                new CodingRef(
                    SukoyakaCanonicals.CHECKUP_KIND_SYSTEM,
                    SukoyakaCanonicals.CHECKUP_KIND_PRENATAL)),
            "妊婦健康診査");
    encounter.addType(type);
    encounter.setSubject(new Reference(patientUrl));
    Period period = new Period();
    if (withTime) {
      period.setStartElement(new DateTimeType(visitDate + "T" + twoDigits(hour) + ":00:00+09:00"));
      if (random.nextBoolean()) {
        period.setEndElement(new DateTimeType(visitDate + "T" + twoDigits(hour) + ":30:00+09:00"));
      }
    } else {
      period.setStartElement(new DateTimeType(visitDate.toString()));
      if (random.nextInt(4) == 0) {
        period.setEndElement(new DateTimeType(visitDate.toString()));
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

  private static CodeableConcept category(String code, Random random) {
    Coding coding = new Coding().setSystem(OBSERVATION_CATEGORY).setCode(code);
    if (random.nextInt(4) == 0) {
      coding.setDisplay(
          code.equals("vital-signs")
              ? "Vital Signs"
              : code.substring(0, 1).toUpperCase(Locale.ROOT) + code.substring(1));
    }
    return new CodeableConcept(coding);
  }

  private static CodeableConcept absentReason(Random random) {
    String[] codes = {"not-performed", "unknown", "asked-unknown", "error"};
    return new CodeableConcept(
        new Coding().setSystem(DATA_ABSENT_REASON).setCode(codes[random.nextInt(codes.length)]));
  }

  /**
   * A quantity in a random accepted unit: usually inside the plausible range, sometimes on a bound,
   * sometimes outside.
   */
  private static Quantity quantity(Random random, CatalogItem item) {
    UnitConversion unit = item.units().get(random.nextInt(item.units().size()));
    BigDecimal min = item.plausibleRange().min().divide(unit.factor(), MathContext.DECIMAL64);
    BigDecimal max = item.plausibleRange().max().divide(unit.factor(), MathContext.DECIMAL64);
    BigDecimal span = max.subtract(min);
    int roll = random.nextInt(100);
    BigDecimal value;
    if (roll < 88) {
      value =
          min.add(span.multiply(BigDecimal.valueOf(random.nextDouble())))
              .setScale(random.nextInt(3), RoundingMode.DOWN)
              .max(min);
    } else if (roll < 94) {
      value = random.nextBoolean() ? min : max;
    } else if (roll < 97) {
      value = max.add(BigDecimal.valueOf(1 + random.nextInt(50))).setScale(random.nextInt(2));
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
    int roll = random.nextInt(100);
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

  // ---------------------------------------------------------------------------------------------
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
    mutation("second Patient", (b, r) -> set(() -> entry(b, uuid(r), patient(r))));
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
                                .setCode("8302-2")
                                .setDisplay("Body height")))));
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
}
