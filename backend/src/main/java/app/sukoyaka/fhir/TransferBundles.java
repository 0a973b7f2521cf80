package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.immunization.VaccinationDraft;
import app.sukoyaka.municipality.transfer.HandbookPackage;
import app.sukoyaka.municipality.transfer.HandbookPackage.HandbookNumber;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingCheckup;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingFinding;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingVaccination;
import app.sukoyaka.municipality.transfer.HandbookPackage.PackageChild;
import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.municipality.transfer.HandbookPackage.Skipped;
import app.sukoyaka.municipality.transfer.TransferFormat;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.JsonLimits;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CatalogPanel;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.ValidationIssue;
import app.sukoyaka.profiles.ValidationReport;
import app.sukoyaka.security.SecurityConfiguration;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Handbooks between municipalities as FHIR: the child's handbook written as the document {@code
 * Patient/$summary} returns (the same sections and resources, built by the same mappers), with the
 * sender as the Composition's custodian, each Encounter and Immunization naming where it was first
 * registered ({@link SukoyakaCanonicals#RECORD_ORIGIN_SYSTEM_PREFIX}), and the handbook numbers the
 * child carries; and such a document, a summary or the family's download read back into a {@link
 * HandbookPackage}. Every resource taken over is held to its profile.
 *
 * <p>A child's state at birth is recorded at its mother's delivery, an Encounter of the mother; the
 * document writes it as the child's own delivery Encounter (the same id and facility), so that the
 * child's handbook travels without the mother's records.
 */
@Singleton
class TransferBundles implements TransferFormat {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final String HANDBOOK_TAG = "handbook-transfer";
  private static final String CORRECTION_TAG = "handbook-correction";
  private static final String DELIVERY = "delivery";
  private static final int MAX_ERRORS = 100;
  private static final String EPDS_ITEM_PREFIX = "epds-item-";

  private final FamilyService families;
  private final CheckupService checkups;
  private final ImmunizationHistory immunizations;
  private final CheckupItemCatalog catalog;
  private final HandbookFhirMapper mapper;
  private final ImmunizationResources immunizationResources;
  private final SukoyakaValidator validator;
  private final FhirContext context;
  private final String base;
  private final Clock clock;

  private final JsonLimits limits;

  TransferBundles(
      FamilyService families,
      CheckupService checkups,
      ImmunizationHistory immunizations,
      CheckupItemCatalog catalog,
      VaccineCatalog vaccines,
      SukoyakaValidator validator,
      FhirContext context,
      SecurityConfiguration security,
      Clock clock,
      JsonLimits limits) {
    this.limits = limits;
    this.families = families;
    this.checkups = checkups;
    this.immunizations = immunizations;
    this.catalog = catalog;
    this.mapper = new HandbookFhirMapper(catalog);
    this.immunizationResources = new ImmunizationResources(vaccines);
    this.validator = validator;
    this.context = context;
    this.base = security.issuer().replaceAll("/+$", "") + "/fhir";
    this.clock = clock;
  }

  // --- Writing -----------------------------------------------------------------------------

  @Override
  public Document write(Outgoing outgoing) {
    Child child =
        families
            .child(outgoing.childId())
            .orElseThrow(() -> new IllegalStateException("No child " + outgoing.childId()));
    List<SentRecord> sent = new ArrayList<>();
    Patient patient = mapper.patient(child);
    Set<String> numbers = new HashSet<>();
    patient.getIdentifier().forEach(i -> numbers.add(i.getSystem() + "|" + i.getValue()));
    for (HandbookNumber number : outgoing.handbookNumbers()) {
      String system = SukoyakaCanonicals.handbookNumberSystem(number.municipalityCode());
      if (numbers.add(system + "|" + number.number())) {
        patient.addIdentifier(new Identifier().setSystem(system).setValue(number.number()));
      }
    }
    String ownCode = outgoing.sender().code();

    List<Encounter> encounters = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    List<QuestionnaireResponse> questionnaires = new ArrayList<>();
    List<Checkup> found = new ArrayList<>();
    if (outgoing.checkupIds() == null) {
      found.addAll(checkups.forChild(child.id()));
    } else {
      for (UUID id : outgoing.checkupIds()) {
        checkups.checkup(id).ifPresent(found::add);
      }
    }
    for (Checkup checkup : found) {
      // The child's findings alone: a delivery is the mother's Encounter, written as the child's.
      Checkup about =
          child.id().equals(checkup.childId())
              ? checkup
              : checkup.withFindings(
                  checkup.findings().stream().filter(f -> child.id().equals(f.childId())).toList());
      Encounter encounter = mapper.encounter(about, child.id());
      origin(encounter, outgoing, checkup.id(), ownCode);
      encounters.add(encounter);
      sent.add(new SentRecord("checkup", checkup.id(), 1));
      for (Observation observation : mapper.observations(about, child.id())) {
        observations.add(observation);
        sent.add(
            new SentRecord(
                "observation",
                UUID.fromString(observation.getIdPart()),
                Integer.parseInt(observation.getMeta().getVersionId())));
      }
      // The answers of a questionnaire about the child travel as the response they came in.
      questionnaires.addAll(mapper.questionnaireResponses(about, child.id()));
    }

    List<StoredImmunization> stored = new ArrayList<>();
    if (outgoing.immunizationIds() == null) {
      stored.addAll(immunizations.storedOfChild(child.id()));
    } else {
      for (UUID id : outgoing.immunizationIds()) {
        immunizations.find(id).ifPresent(stored::add);
      }
    }
    Set<UUID> facilityIds = new HashSet<>();
    stored.forEach(
        s -> {
          if (s.record().facilityId() != null) {
            facilityIds.add(s.record().facilityId());
          }
        });
    Map<UUID, Facility> facilities = immunizations.facilities(facilityIds);
    List<Immunization> vaccinations = new ArrayList<>();
    for (StoredImmunization record : stored) {
      Immunization immunization =
          immunizationResources.resource(
              record, child.id(), facilities.get(record.record().facilityId()));
      origin(immunization, outgoing, record.record().id(), ownCode);
      vaccinations.add(immunization);
      sent.add(new SentRecord("immunization", record.record().id(), record.version()));
    }

    Bundle bundle =
        SummaryDocuments.document(
            base,
            patient,
            SummaryDocuments.sections(
                catalog, encounters, observations, questionnaires, vaccinations),
            outgoing.sender().name(),
            clock.instant());
    bundle
        .getIdentifier()
        .setSystem("urn:ietf:rfc:3986")
        .setValue("urn:uuid:" + outgoing.documentId());
    bundle.getMeta().getTag().clear();
    bundle
        .getMeta()
        .addTag(
            new Coding(
                SukoyakaCanonicals.DOCUMENT_KIND_SYSTEM,
                outgoing.kind() == HandbookPackage.Kind.CORRECTION ? CORRECTION_TAG : HANDBOOK_TAG,
                null));
    Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
    Reference custodian = new Reference();
    custodian.setIdentifier(
        new Identifier().setSystem(SukoyakaCanonicals.MUNICIPALITY_CODE_SYSTEM).setValue(ownCode));
    custodian.setDisplay(outgoing.sender().name());
    composition.setCustodian(custodian);
    if (outgoing.kind() == HandbookPackage.Kind.CORRECTION) {
      composition.setTitle("母子健康手帳 記録の訂正 / Corrected handbook records");
    }
    for (Resource resource : List.<Resource>copyOf(resources(bundle))) {
      if (!resource.getMeta().hasVersionId() && !(resource instanceof Composition)) {
        resource.getMeta().setVersionId("1");
      }
    }
    return new Document(context.newJsonParser().encodeResourceToString(bundle), sent);
  }

  private static List<Resource> resources(Bundle bundle) {
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
  }

  /** Names where the record was first registered: its origin if it came from elsewhere. */
  private static void origin(
      DomainResource resource, Outgoing outgoing, UUID localId, String ownCode) {
    RecordKey key = outgoing.origins().get(localId);
    String code = key != null && key.municipalityCode() != null ? key.municipalityCode() : ownCode;
    String value = key != null ? key.id() : localId.toString();
    Identifier identifier =
        new Identifier().setSystem(SukoyakaCanonicals.recordOriginSystem(code)).setValue(value);
    if (resource instanceof Encounter encounter) {
      encounter.addIdentifier(identifier);
    } else if (resource instanceof Immunization immunization) {
      immunization.addIdentifier(identifier);
    }
  }

  // --- Reading -----------------------------------------------------------------------------

  @Override
  public HandbookPackage read(String json, String patientId) {
    Bundle bundle = parse(json);
    Map<String, Resource> byReference = new LinkedHashMap<>();
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    Map<Resource, Integer> indexes = new java.util.IdentityHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Resource resource = entries.get(i).getResource();
      if (resource == null) {
        continue;
      }
      indexes.put(resource, i);
      if (resource.getIdElement().hasIdPart()) {
        byReference.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
      }
    }
    HandbookPackage.Kind kind = HandbookPackage.Kind.HANDBOOK;
    for (Coding tag : bundle.getMeta().getTag()) {
      if (SukoyakaCanonicals.DOCUMENT_KIND_SYSTEM.equals(tag.getSystem())
          && CORRECTION_TAG.equals(tag.getCode())) {
        kind = HandbookPackage.Kind.CORRECTION;
      }
    }
    Composition composition =
        byReference.values().stream()
            .filter(Composition.class::isInstance)
            .map(Composition.class::cast)
            .findFirst()
            .orElse(null);
    Sender sender = composition == null ? null : sender(composition);
    Patient child = child(bundle, composition, patientId, byReference);
    String childReference = "Patient/" + child.getIdElement().getIdPart();

    List<FieldError> errors = new ArrayList<>();
    validate(child, SukoyakaCanonicals.CHILD_PROFILE, at(indexes, child), errors);
    PackageChild packageChild = packageChild(child, at(indexes, child), errors);

    List<Skipped> skipped = new ArrayList<>();
    Map<String, List<Observation>> byEncounter = new LinkedHashMap<>();
    Map<String, List<QuestionnaireResponse>> answersByEncounter = new LinkedHashMap<>();
    List<FieldError> answerErrors = new ArrayList<>();
    List<Encounter> ownEncounters = new ArrayList<>();
    List<Immunization> vaccinations = new ArrayList<>();
    List<app.sukoyaka.family.records.OwnRecords.Brought> ownRecords = new ArrayList<>();
    for (Resource resource : byReference.values()) {
      if (resource == child || resource instanceof Composition) {
        continue;
      }
      String name = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
      if (resource instanceof Encounter encounter) {
        if (childReference.equals(encounter.getSubject().getReference())) {
          ownEncounters.add(encounter);
        }
      } else if (resource instanceof Observation observation
          && FamilyEntryResources.isOwnRecord(observation)) {
        // What the family wrote themselves: theirs to take along, with the same rules as the app.
        if (!childReference.equals(observation.getSubject().getReference())) {
          skipped.add(new Skipped(name, "about another person"));
        } else {
          try {
            ownRecords.add(
                new app.sukoyaka.family.records.OwnRecords.Brought(
                    UUID.fromString(observation.getIdElement().getIdPart()),
                    FamilyEntryResources.ownEntry(observation).content()));
          } catch (IllegalArgumentException e) {
            errors.add(new FieldError(at(indexes, observation), e.getMessage()));
          }
        }
      } else if (resource instanceof Observation observation) {
        if (!childReference.equals(observation.getSubject().getReference())) {
          skipped.add(new Skipped(name, "about another person"));
        } else if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
          skipped.add(new Skipped(name, "withdrawn (entered in error)"));
        } else {
          byEncounter
              .computeIfAbsent(observation.getEncounter().getReference(), k -> new ArrayList<>())
              .add(observation);
        }
      } else if (resource instanceof QuestionnaireResponse response) {
        if (!childReference.equals(response.getSubject().getReference())) {
          skipped.add(new Skipped(name, "about another person"));
        } else {
          answers(response, name, skipped, answersByEncounter);
        }
      } else if (resource instanceof Immunization immunization) {
        if (childReference.equals(immunization.getPatient().getReference())) {
          vaccinations.add(immunization);
        } else {
          skipped.add(new Skipped(name, "about another person"));
        }
      } else if (resource instanceof Patient) {
        skipped.add(new Skipped(name, "another person of the family"));
      } else {
        skipped.add(new Skipped(name, "not a record of the child's handbook"));
      }
    }
    // The other encounters of the document are the mother's, skipped unless they recorded the
    // child's state at birth.
    for (Resource resource : byReference.values()) {
      if (resource instanceof Encounter encounter
          && !ownEncounters.contains(encounter)
          && !byEncounter.containsKey("Encounter/" + encounter.getIdElement().getIdPart())) {
        skipped.add(
            new Skipped("Encounter/" + encounter.getIdElement().getIdPart(), "another person's"));
      }
    }

    List<IncomingCheckup> checkupList = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Encounter encounter : ownEncounters) {
      String reference = "Encounter/" + encounter.getIdElement().getIdPart();
      seen.add(reference);
      checkup(
              encounter,
              byEncounter.getOrDefault(reference, List.of()),
              answersByEncounter.getOrDefault(reference, List.of()),
              indexes,
              errors,
              answerErrors)
          .ifPresent(checkupList::add);
    }
    unvisited(answersByEncounter, seen, skipped);
    for (Map.Entry<String, List<Observation>> group : byEncounter.entrySet()) {
      if (seen.contains(group.getKey())) {
        continue;
      }
      Resource encounter = group.getKey() == null ? null : byReference.get(group.getKey());
      if (encounter instanceof Encounter birth && DELIVERY.equals(kindOf(birth))) {
        // The mother's delivery in the family's download: the child's findings at birth.
        checkup(birth, group.getValue(), List.of(), indexes, errors, answerErrors)
            .ifPresent(checkupList::add);
      } else {
        for (Observation observation : group.getValue()) {
          skipped.add(
              new Skipped(
                  "Observation/" + observation.getIdElement().getIdPart(),
                  "its visit (" + group.getKey() + ") is not in the Bundle"));
        }
      }
    }
    List<IncomingVaccination> vaccinationList = new ArrayList<>();
    for (Immunization immunization : vaccinations) {
      vaccination(immunization, at(indexes, immunization), errors).ifPresent(vaccinationList::add);
    }
    if (!errors.isEmpty()) {
      errors.addAll(answerErrors);
      throw new ProblemException(
          ErrorCode.TRANSFER_BUNDLE_INVALID,
          errors.size()
              + " problem(s) in the handbook Bundle; nothing was taken over. "
              + errors.get(0).field()
              + ": "
              + errors.get(0).message(),
          errors.subList(0, Math.min(MAX_ERRORS, errors.size())));
    }
    requireAnswers(answerErrors);
    String documentId =
        bundle.getIdentifier().hasValue() ? bundle.getIdentifier().getValue() : null;
    return new HandbookPackage(
        kind,
        sender,
        documentId,
        bundle.hasTimestamp() ? bundle.getTimestamp().toInstant() : null,
        packageChild,
        checkupList,
        vaccinationList,
        skipped,
        ownRecords);
  }

  // --- Reading a pregnancy ------------------------------------------------------------------

  @Override
  public app.sukoyaka.municipality.transfer.PregnancyPackage readPregnancies(
      String json, String patientId) {
    Bundle bundle = parse(json);
    Map<String, Resource> byReference = new LinkedHashMap<>();
    Map<Resource, Integer> indexes = new java.util.IdentityHashMap<>();
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    for (int i = 0; i < entries.size(); i++) {
      Resource resource = entries.get(i).getResource();
      if (resource == null) {
        continue;
      }
      indexes.put(resource, i);
      if (resource.getIdElement().hasIdPart()) {
        byReference.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
      }
    }
    Patient mother = pregnantPerson(patientId, byReference);
    String motherReference = "Patient/" + mother.getIdElement().getIdPart();
    List<FieldError> errors = new ArrayList<>();
    validate(mother, SukoyakaCanonicals.PREGNANT_PERSON_PROFILE, at(indexes, mother), errors);
    if (!mother.hasBirthDate()) {
      errors.add(
          new FieldError(at(indexes, mother) + ".birthDate", "her date of birth is required"));
    }
    List<Skipped> skipped = new ArrayList<>();
    List<Observation> pregnancies = new ArrayList<>();
    List<Encounter> encounters = new ArrayList<>();
    Map<String, List<Observation>> byEncounter = new LinkedHashMap<>();
    Map<String, List<QuestionnaireResponse>> answersByEncounter = new LinkedHashMap<>();
    List<FieldError> answerErrors = new ArrayList<>();
    List<Immunization> vaccinations = new ArrayList<>();
    Map<String, List<app.sukoyaka.family.records.OwnRecords.Brought>> own = new LinkedHashMap<>();
    List<org.hl7.fhir.r4.model.Communication> notices = new ArrayList<>();
    Map<String, List<org.hl7.fhir.r4.model.Communication>> replies = new LinkedHashMap<>();
    for (Resource resource : byReference.values()) {
      String name = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
      if (resource == mother) {
        continue;
      }
      if (resource instanceof org.hl7.fhir.r4.model.Communication communication) {
        if (communication.hasInResponseTo()) {
          replies
              .computeIfAbsent(
                  relative(communication.getInResponseToFirstRep().getReference()),
                  k -> new ArrayList<>())
              .add(communication);
        } else {
          notices.add(communication);
        }
        continue;
      }
      boolean hers =
          (resource instanceof Encounter e && motherReference.equals(e.getSubject().getReference()))
              || (resource instanceof Observation o
                  && motherReference.equals(o.getSubject().getReference()))
              || (resource instanceof QuestionnaireResponse q
                  && motherReference.equals(q.getSubject().getReference()))
              || (resource instanceof Immunization i
                  && motherReference.equals(i.getPatient().getReference()));
      if (!hers) {
        skipped.add(
            new Skipped(
                name,
                resource instanceof Bundle
                    ? "a summary document (what it holds came whole)"
                    : "not a record of her pregnancy"));
      } else if (resource instanceof Encounter encounter) {
        encounters.add(encounter);
      } else if (resource instanceof Observation observation
          && PregnancyResources.isPregnancy(observation)) {
        pregnancies.add(observation);
      } else if (resource instanceof Observation observation
          && FamilyEntryResources.isOwnRecord(observation)) {
        try {
          FamilyEntryResources.OwnEntry entry = FamilyEntryResources.ownEntry(observation);
          if (entry.pregnancyId() == null) {
            skipped.add(new Skipped(name, "not a record of a pregnancy"));
          } else {
            own.computeIfAbsent(entry.pregnancyId(), k -> new ArrayList<>())
                .add(
                    new app.sukoyaka.family.records.OwnRecords.Brought(
                        UUID.fromString(observation.getIdElement().getIdPart()), entry.content()));
          }
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError(at(indexes, observation), e.getMessage()));
        }
      } else if (resource instanceof Observation observation) {
        if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
          skipped.add(new Skipped(name, "withdrawn (entered in error)"));
        } else {
          byEncounter
              .computeIfAbsent(observation.getEncounter().getReference(), k -> new ArrayList<>())
              .add(observation);
        }
      } else if (resource instanceof QuestionnaireResponse response) {
        // Her answers at a visit (the EPDS of a 産婦健診) go with the visit.
        answers(response, name, skipped, answersByEncounter);
      } else if (resource instanceof Immunization immunization) {
        vaccinations.add(immunization);
      }
    }
    if (pregnancies.isEmpty()) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_NO_PREGNANCY,
          "The Bundle holds no pregnancy of " + motherReference + ".",
          List.of(new FieldError("bundle", "a download holding a pregnancy")));
    }
    // Each record goes to the pregnancy that names it; with one pregnancy, every record is hers.
    Map<String, String> owner = new java.util.HashMap<>();
    for (Observation pregnancy : pregnancies) {
      for (String record : PregnancyResources.records(pregnancy)) {
        owner.put(relative(record), pregnancy.getIdElement().getIdPart());
      }
    }
    String only = pregnancies.size() == 1 ? pregnancies.get(0).getIdElement().getIdPart() : null;
    Map<String, List<IncomingCheckup>> checkupsOf = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (Encounter encounter : encounters) {
      String reference = "Encounter/" + encounter.getIdElement().getIdPart();
      seen.add(reference);
      String of = owner.getOrDefault(reference, only);
      if (of == null) {
        skipped.add(new Skipped(reference, "no pregnancy of the Bundle names it"));
        continue;
      }
      checkup(
              encounter,
              byEncounter.getOrDefault(reference, List.of()),
              answersByEncounter.getOrDefault(reference, List.of()),
              indexes,
              errors,
              answerErrors)
          .ifPresent(c -> checkupsOf.computeIfAbsent(of, k -> new ArrayList<>()).add(c));
    }
    unvisited(answersByEncounter, seen, skipped);
    unvisited(byEncounter, seen, skipped);
    Map<String, List<IncomingVaccination>> vaccinationsOf = new LinkedHashMap<>();
    for (Immunization immunization : vaccinations) {
      String reference = "Immunization/" + immunization.getIdElement().getIdPart();
      String of = owner.getOrDefault(reference, only);
      if (of == null) {
        skipped.add(new Skipped(reference, "no pregnancy of the Bundle names it"));
        continue;
      }
      vaccination(immunization, at(indexes, immunization), errors)
          .ifPresent(v -> vaccinationsOf.computeIfAbsent(of, k -> new ArrayList<>()).add(v));
    }
    List<app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingPregnancy> incoming =
        new ArrayList<>();
    for (Observation pregnancy : pregnancies) {
      String at = at(indexes, pregnancy);
      String id = pregnancy.getIdElement().getIdPart();
      String originId = PregnancyResources.originId(pregnancy);
      String status = PregnancyResources.status(pregnancy);
      if (status == null || !Set.of("active", "delivered", "ended").contains(status)) {
        errors.add(new FieldError(at + ".valueCodeableConcept", "active, delivered or ended"));
      }
      HandbookNumber handbook = null;
      for (Identifier identifier : pregnancy.getIdentifier()) {
        Optional<String> issuer =
            SukoyakaCanonicals.parseHandbookNumberSystem(identifier.getSystem());
        if (issuer.isPresent() && identifier.hasValue()) {
          handbook = new HandbookNumber(issuer.get(), identifier.getValue());
        }
      }
      LocalDate due =
          PregnancyResources.date(
              PregnancyResources.component(
                  pregnancy, PregnancyResources.LOINC, PregnancyResources.DUE_DATE_CODE));
      LocalDate issued =
          PregnancyResources.date(
              PregnancyResources.component(
                  pregnancy,
                  PregnancyResources.ITEM_SYSTEM,
                  PregnancyResources.HANDBOOK_ISSUED_ON));
      int fetuses =
          PregnancyResources.component(
                  pregnancy, PregnancyResources.ITEM_SYSTEM, PregnancyResources.FETUS_COUNT)
              .filter(IntegerType.class::isInstance)
              .map(v -> ((IntegerType) v).getValue())
              .orElse(1);
      if (fetuses < 1 || fetuses > 8) {
        errors.add(new FieldError(at + ".component", "the number of fetuses is 1 to 8"));
      }
      if (originId == null || originId.isBlank() || originId.length() > 64) {
        errors.add(new FieldError(at + ".identifier", "the pregnancy's id"));
        continue;
      }
      incoming.add(
          new app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingPregnancy(
              originId,
              handbook,
              issued,
              due,
              fetuses,
              status,
              checkupsOf.getOrDefault(id, List.of()),
              vaccinationsOf.getOrDefault(id, List.of()),
              own.getOrDefault(originId, List.of()),
              at));
    }
    List<app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingNotice> received =
        new ArrayList<>();
    for (org.hl7.fhir.r4.model.Communication notice : notices) {
      if (!notice.getTopic().hasText()) {
        errors.add(new FieldError(at(indexes, notice) + ".topic", "a notice's title"));
        continue;
      }
      List<app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingReply> answers =
          new ArrayList<>();
      for (org.hl7.fhir.r4.model.Communication reply :
          replies.getOrDefault("Communication/" + notice.getIdElement().getIdPart(), List.of())) {
        answers.add(
            new app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingReply(
                reply.hasSent() ? reply.getSent().toInstant() : null,
                reply.getPayload().stream()
                    .filter(p -> p.getContent() instanceof StringType)
                    .map(p -> ((StringType) p.getContent()).getValue())
                    .toList(),
                reply.hasNote()));
      }
      received.add(
          new app.sukoyaka.municipality.transfer.PregnancyPackage.IncomingNotice(
              notice.getIdElement().getIdPart(),
              notice.getSender().getDisplay(),
              coded(notice.getCategory(), FamilyEntryResources.NOTICE_KIND_SYSTEM),
              coded(notice.getMedium(), FamilyEntryResources.NOTICE_CHANNEL_SYSTEM),
              notice.getTopic().getText(),
              notice.getPayload().stream()
                  .filter(p -> p.getContent() instanceof StringType)
                  .map(p -> ((StringType) p.getContent()).getValue())
                  .findFirst()
                  .orElse(null),
              notice.hasSent() ? notice.getSent().toInstant() : null,
              notice.hasReceived() ? notice.getReceived().toInstant() : null,
              answers));
    }
    if (!errors.isEmpty()) {
      errors.addAll(answerErrors);
      throw new ProblemException(
          ErrorCode.TRANSFER_BUNDLE_INVALID,
          errors.size()
              + " problem(s) in the Bundle; nothing was taken over. "
              + errors.get(0).field()
              + ": "
              + errors.get(0).message(),
          errors.subList(0, Math.min(MAX_ERRORS, errors.size())));
    }
    requireAnswers(answerErrors);
    String[] name = name(mother, false);
    String[] kana = name(mother, true);
    return new app.sukoyaka.municipality.transfer.PregnancyPackage(
        bundle.getIdentifier().hasValue() ? bundle.getIdentifier().getValue() : null,
        bundle.hasTimestamp() ? bundle.getTimestamp().toInstant() : null,
        mother.getIdElement().getIdPart(),
        name[0],
        name[1],
        kana[0],
        kana[1],
        localDate(mother.getBirthDateElement().getValueAsString()),
        incoming,
        received,
        skipped,
        originNames(encounters, vaccinations));
  }

  /**
   * The names of the municipalities where records were first registered, by code, as the origin
   * identifiers' assigners name them (a record that came through another Sukoyaka keeps its
   * earliest origin).
   */
  private static Map<String, String> originNames(
      List<Encounter> encounters, List<Immunization> vaccinations) {
    Map<String, String> names = new LinkedHashMap<>();
    List<Identifier> identifiers = new ArrayList<>();
    encounters.forEach(e -> identifiers.addAll(e.getIdentifier()));
    vaccinations.forEach(i -> identifiers.addAll(i.getIdentifier()));
    for (Identifier identifier : identifiers) {
      Optional<String> code = SukoyakaCanonicals.parseRecordOriginSystem(identifier.getSystem());
      String name = identifier.getAssigner().getDisplay();
      if (code.isPresent() && name != null && !name.isBlank() && name.length() <= 200) {
        names.putIfAbsent(code.get(), name.strip());
      }
    }
    return names;
  }

  private static String coded(List<CodeableConcept> concepts, String system) {
    return concepts.stream()
        .flatMap(c -> c.getCoding().stream())
        .filter(c -> system.equals(c.getSystem()))
        .map(Coding::getCode)
        .findFirst()
        .orElse(null);
  }

  /** The pregnant person the download is about: the one named, or the only one with pregnancies. */
  private static Patient pregnantPerson(String patientId, Map<String, Resource> byReference) {
    if (patientId != null) {
      if (byReference.get("Patient/" + patientId) instanceof Patient patient) {
        return patient;
      }
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_NO_PREGNANCY,
          "Patient/" + patientId + " is not in the Bundle.",
          List.of(new FieldError("patient", "the pregnant person's Patient in the Bundle")));
    }
    Set<String> subjects = new java.util.LinkedHashSet<>();
    for (Resource resource : byReference.values()) {
      if (resource instanceof Observation o && PregnancyResources.isPregnancy(o)) {
        subjects.add(relative(o.getSubject().getReference()));
      }
    }
    if (subjects.size() != 1 || !(byReference.get(subjects.iterator().next()) instanceof Patient)) {
      throw new ProblemException(
          ErrorCode.PREGNANCY_TRANSFER_NO_PREGNANCY,
          subjects.isEmpty()
              ? "The Bundle holds no pregnancy."
              : "The Bundle holds the pregnancies of "
                  + String.join(", ", subjects)
                  + "; name hers in patient.",
          List.of(new FieldError("patient", "the pregnant person's Patient in the Bundle")));
    }
    return (Patient) byReference.get(subjects.iterator().next());
  }

  private Bundle parse(String json) {
    JsonLimits.Fault fault = limits.fault(json);
    if (fault != null && fault.code() != ErrorCode.REQUEST_MALFORMED_JSON) {
      throw new ProblemException(
          fault.code(), fault.detail(), List.of(new FieldError("bundle", fault.detail())));
    }
    IBaseResource resource;
    try {
      resource = FhirJsonBodies.parse(context.newJsonParser(), json);
    } catch (FhirJsonBodies.Unreadable e) {
      throw new ProblemException(
          ErrorCode.TRANSFER_BUNDLE_UNREADABLE,
          "bundle is not a FHIR JSON resource: " + e.getMessage(),
          List.of(new FieldError("bundle", "a FHIR R4 Bundle in JSON")));
    }
    if (!(resource instanceof Bundle bundle)
        || !(bundle.getType() == Bundle.BundleType.DOCUMENT
            || bundle.getType() == Bundle.BundleType.COLLECTION)) {
      throw new ProblemException(
          ErrorCode.TRANSFER_BUNDLE_UNREADABLE,
          "bundle must be a document Bundle (a handbook or its summary) or a collection (the"
              + " family's download of all their data).",
          List.of(new FieldError("bundle", "a Bundle of type document or collection")));
    }
    return bundle;
  }

  private static Sender sender(Composition composition) {
    Reference custodian = composition.getCustodian();
    if (custodian != null
        && SukoyakaCanonicals.MUNICIPALITY_CODE_SYSTEM.equals(custodian.getIdentifier().getSystem())
        && custodian.getIdentifier().hasValue()) {
      return new Sender(custodian.getIdentifier().getValue(), custodian.getDisplay());
    }
    return null;
  }

  /** The child the document is about: the Composition's subject, the one named, or the only one. */
  private static Patient child(
      Bundle bundle, Composition composition, String patientId, Map<String, Resource> byReference) {
    String wanted =
        patientId != null
            ? "Patient/" + patientId
            : composition != null && composition.getSubject().hasReference()
                ? relative(composition.getSubject().getReference())
                : null;
    if (wanted != null) {
      if (byReference.get(wanted) instanceof Patient patient && isChild(patient)) {
        return patient;
      }
      throw new ProblemException(
          ErrorCode.TRANSFER_NO_CHILD,
          wanted + " is not a child of this Bundle.",
          List.of(new FieldError(patientId != null ? "patient" : "bundle", "not a child here")));
    }
    List<Patient> children =
        byReference.values().stream()
            .filter(Patient.class::isInstance)
            .map(Patient.class::cast)
            .filter(TransferBundles::isChild)
            .toList();
    if (children.size() != 1) {
      throw new ProblemException(
          ErrorCode.TRANSFER_NO_CHILD,
          children.isEmpty()
              ? "The Bundle holds no child (a Patient with a handbook number)."
              : "The Bundle holds "
                  + children.size()
                  + " children; name the one to take over in patient ("
                  + String.join(
                      ", ", children.stream().map(p -> p.getIdElement().getIdPart()).toList())
                  + ").",
          List.of(new FieldError("patient", "the id of the child's Patient in the Bundle")));
    }
    return children.get(0);
  }

  /** A child: a Patient of the child profile, or one with a handbook number not a mother's. */
  private static boolean isChild(Patient patient) {
    boolean childProfile =
        patient.getMeta().getProfile().stream()
            .anyMatch(
                p ->
                    SukoyakaCanonicals.unversioned(p.getValue())
                        .equals(SukoyakaCanonicals.unversioned(SukoyakaCanonicals.CHILD_PROFILE)));
    boolean motherProfile =
        patient.getMeta().getProfile().stream()
            .anyMatch(
                p ->
                    SukoyakaCanonicals.unversioned(p.getValue())
                        .equals(
                            SukoyakaCanonicals.unversioned(
                                SukoyakaCanonicals.PREGNANT_PERSON_PROFILE)));
    return childProfile
        || (!motherProfile
            && patient.getIdentifier().stream()
                .anyMatch(
                    i -> SukoyakaCanonicals.parseHandbookNumberSystem(i.getSystem()).isPresent()));
  }

  /** A reference as Type/id, whether absolute (a document's fullUrl) or relative. */
  private static String relative(String reference) {
    String[] parts = reference.split("/");
    return parts.length < 2 ? reference : parts[parts.length - 2] + "/" + parts[parts.length - 1];
  }

  private PackageChild packageChild(Patient patient, String at, List<FieldError> errors) {
    List<HandbookNumber> numbers = new ArrayList<>();
    for (Identifier identifier : patient.getIdentifier()) {
      SukoyakaCanonicals.parseHandbookNumberSystem(identifier.getSystem())
          .filter(code -> identifier.hasValue())
          .ifPresent(code -> numbers.add(new HandbookNumber(code, identifier.getValue())));
    }
    if (!patient.hasBirthDate()) {
      errors.add(new FieldError(at + ".birthDate", "the child's date of birth is required"));
    }
    String[] name = name(patient, false);
    String[] kana = name(patient, true);
    int birthOrder = patient.getMultipleBirth() instanceof IntegerType order ? order.getValue() : 1;
    String sex =
        patient.getGender() == null
            ? "unknown"
            : switch (patient.getGender()) {
              case FEMALE -> "female";
              case MALE -> "male";
              default -> "unknown";
            };
    return new PackageChild(
        name[0],
        name[1],
        kana[0],
        kana[1],
        patient.hasBirthDate()
            ? localDate(patient.getBirthDateElement().getValueAsString())
            : LocalDate.EPOCH,
        sex,
        birthOrder,
        numbers);
  }

  /** The family and given name in kanji (IDE or unmarked) or kana (SYL). */
  private static String[] name(Patient patient, boolean kana) {
    for (HumanName name : patient.getName()) {
      Extension representation = name.getExtensionByUrl(HandbookFhirMapper.NAME_REPRESENTATION);
      String code = representation == null ? null : representation.getValue().primitiveValue();
      if (kana == "SYL".equals(code)) {
        return new String[] {
          name.getFamily(), name.hasGiven() ? name.getGivenAsSingleString() : null
        };
      }
    }
    return new String[] {null, null};
  }

  private static String kindOf(Encounter encounter) {
    for (CodeableConcept type : encounter.getType()) {
      for (Coding coding : type.getCoding()) {
        if (SukoyakaCanonicals.CHECKUP_KIND_SYSTEM.equals(coding.getSystem())) {
          return coding.getCode();
        }
      }
    }
    return null;
  }

  private Optional<IncomingCheckup> checkup(
      Encounter encounter,
      List<Observation> observations,
      List<QuestionnaireResponse> responses,
      Map<Resource, Integer> indexes,
      List<FieldError> errors,
      List<FieldError> answerErrors) {
    String at = at(indexes, encounter);
    int before = errors.size();
    validate(encounter, SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE, at, errors);
    String kind = kindOf(encounter);
    if (kind == null) {
      errors.add(new FieldError(at + ".type", "a checkup kind is required"));
    }
    if (!encounter.getPeriod().hasStart()) {
      errors.add(new FieldError(at + ".period.start", "the day of the visit is required"));
    }
    List<IncomingFinding> findings = new ArrayList<>();
    for (Observation observation : observations) {
      String observationAt = at(indexes, observation);
      validate(observation, SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE, observationAt, errors);
      findings.addAll(findings(observation, observationAt, errors));
    }
    int answersBefore = answerErrors.size();
    for (QuestionnaireResponse response : responses) {
      findings.addAll(answerFindings(response, at(indexes, response), answerErrors));
    }
    if (errors.size() > before || answerErrors.size() > answersBefore) {
      return Optional.empty();
    }
    Reference provider = encounter.getServiceProvider();
    String code =
        SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM.equals(
                provider.getIdentifier().getSystem())
            ? provider.getIdentifier().getValue()
            : null;
    CodeableConcept type = encounter.getTypeFirstRep();
    return Optional.of(
        new IncomingCheckup(
            key(encounter.getIdentifier(), "Encounter", encounter),
            kind,
            encounter.getClass_().getCode(),
            type.hasText() ? type.getText() : null,
            localDate(encounter.getPeriod().getStartElement().getValueAsString()),
            new HandbookPackage.Facility(code, provider.getDisplay()),
            findings,
            at));
  }

  private List<IncomingFinding> findings(
      Observation observation, String at, List<FieldError> errors) {
    String id = observation.getIdElement().getIdPart();
    for (Coding coding : observation.getCode().getCoding()) {
      Optional<CatalogItem> item = catalog.byCoding(coding.getSystem(), coding.getCode());
      if (item.isPresent()) {
        if (!observation.hasValue()) {
          return List.of();
        }
        return value(item.get(), observation.getValue(), at + ".value", errors)
            .map(v -> List.of(finding(id, item.get(), v, coding, at)))
            .orElse(List.of());
      }
      Optional<CatalogPanel> panel = catalog.panelByCoding(coding.getSystem(), coding.getCode());
      if (panel.isPresent()) {
        List<IncomingFinding> found = new ArrayList<>();
        for (int c = 0; c < observation.getComponent().size(); c++) {
          Observation.ObservationComponentComponent component = observation.getComponent().get(c);
          String componentAt = at + ".component[" + c + "]";
          for (Coding componentCoding : component.getCode().getCoding()) {
            Optional<CatalogItem> componentItem =
                catalog.byCoding(componentCoding.getSystem(), componentCoding.getCode());
            if (componentItem.isPresent() && component.hasValue()) {
              value(componentItem.get(), component.getValue(), componentAt + ".value", errors)
                  .ifPresent(
                      v -> found.add(finding(id, componentItem.get(), v, componentCoding, at)));
              break;
            }
          }
        }
        return found;
      }
    }
    errors.add(new FieldError(at + ".code", "no catalog item has this code"));
    return List.of();
  }

  /**
   * A questionnaire response of the record's person, kept with its visit when it is the EPDS; the
   * 予診票 and any other questionnaire are left out with why.
   */
  private static void answers(
      QuestionnaireResponse response,
      String name,
      List<Skipped> skipped,
      Map<String, List<QuestionnaireResponse>> byEncounter) {
    String questionnaire =
        response.hasQuestionnaire()
            ? SukoyakaCanonicals.unversioned(response.getQuestionnaire())
            : null;
    if (SukoyakaCanonicals.unversioned(SukoyakaCanonicals.PRESCREENING_QUESTIONNAIRE)
        .equals(questionnaire)) {
      skipped.add(new Skipped(name, PRESCREENING_LEFT_OUT));
    } else if (!SukoyakaCanonicals.unversioned(SukoyakaCanonicals.EPDS_QUESTIONNAIRE)
        .equals(questionnaire)) {
      skipped.add(new Skipped(name, "not a questionnaire of the handbook"));
    } else if (response.getStatus()
        == QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR) {
      skipped.add(new Skipped(name, "withdrawn (entered in error)"));
    } else {
      byEncounter
          .computeIfAbsent(response.getEncounter().getReference(), k -> new ArrayList<>())
          .add(response);
    }
  }

  /**
   * Why a 予診票 is not taken over: it was filled in for one vaccination planned at the previous
   * municipality and read by the clinic of that visit; the dose itself moves as its Immunization,
   * and the next vaccination here has its own 予診票. The download keeps it for the family.
   */
  static final String PRESCREENING_LEFT_OUT =
      "予診票 of a vaccination planned at the previous municipality: read by the clinic of that"
          + " visit, the dose itself moves as its Immunization; the next one here is filled in anew";

  /** Findings or answers whose visit is not in the Bundle: left out with why. */
  private static <R extends org.hl7.fhir.r4.model.Resource> void unvisited(
      Map<String, List<R>> byEncounter, Set<String> visits, List<Skipped> skipped) {
    byEncounter.forEach(
        (encounter, resources) -> {
          if (!visits.contains(encounter)) {
            resources.forEach(
                r ->
                    skipped.add(
                        new Skipped(
                            r.fhirType() + "/" + r.getIdElement().getIdPart(),
                            "its visit (" + encounter + ") is not in the Bundle")));
          }
        });
  }

  /**
   * The EPDS answers of a response as findings of its visit, each keeping when it was answered; a
   * response that breaks its profile (an item scored outside 0–3, one missing) is an answer
   * problem.
   */
  private List<IncomingFinding> answerFindings(
      QuestionnaireResponse response, String at, List<FieldError> answerErrors) {
    int before = answerErrors.size();
    validate(response, SukoyakaCanonicals.EPDS_RESPONSE_PROFILE, at, answerErrors);
    if (!response.hasAuthored() || response.getAuthored() == null) {
      answerErrors.add(new FieldError(at + ".authored", "when the EPDS was answered"));
    }
    List<IncomingFinding> answers = new ArrayList<>();
    String id = response.getIdElement().getIdPart();
    for (int i = 0; i < response.getItem().size(); i++) {
      QuestionnaireResponse.QuestionnaireResponseItemComponent item = response.getItem().get(i);
      String itemAt = at + ".item[" + i + "]";
      Optional<CatalogItem> catalogItem = catalog.byCode(EPDS_ITEM_PREFIX + item.getLinkId());
      if (catalogItem.isEmpty()) {
        answerErrors.add(new FieldError(itemAt + ".linkId", "not an EPDS item (1–10)"));
        continue;
      }
      if (item.getAnswer().size() != 1
          || !(item.getAnswerFirstRep().getValue() instanceof IntegerType score)
          || score.getValue() == null) {
        answerErrors.add(new FieldError(itemAt + ".answer", "one integer score"));
        continue;
      }
      answers.add(
          new IncomingFinding(
              id,
              catalogItem.get().code(),
              new FindingValue.WholeNumber(score.getValue()),
              SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
              catalogItem.get().code(),
              itemAt,
              response.hasAuthored() ? response.getAuthored().toInstant() : null));
    }
    return answerErrors.size() > before ? List.of() : answers;
  }

  /** Answers that break their questionnaire refuse the download with their own code. */
  private static void requireAnswers(List<FieldError> answerErrors) {
    if (!answerErrors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.TRANSFER_ANSWERS_INVALID,
          answerErrors.size()
              + " problem(s) in the questionnaire answers; nothing was taken over. "
              + answerErrors.get(0).field()
              + ": "
              + answerErrors.get(0).message(),
          answerErrors.subList(0, Math.min(MAX_ERRORS, answerErrors.size())));
    }
  }

  private static IncomingFinding finding(
      String observation, CatalogItem item, FindingValue value, Coding coding, String at) {
    return new IncomingFinding(
        observation, item.code(), value, coding.getSystem(), coding.getCode(), at);
  }

  /** The value as the sender gave it; the catalog's rules are applied by the caller. */
  private static Optional<FindingValue> value(
      CatalogItem item, Type value, String at, List<FieldError> errors) {
    switch (item.valueType()) {
      case QUANTITY:
        if (value instanceof Quantity quantity && quantity.hasValue() && quantity.hasCode()) {
          return Optional.of(new FindingValue.Quantity(quantity.getValue(), quantity.getCode()));
        }
        break;
      case CODED:
        if (value instanceof CodeableConcept concept) {
          for (Coding coding : concept.getCoding()) {
            if (item.answer(coding.getSystem(), coding.getCode()).isPresent()) {
              return Optional.of(
                  new FindingValue.Coded(
                      coding.getSystem(),
                      coding.getCode(),
                      concept.hasText() ? concept.getText() : null));
            }
          }
        }
        break;
      case BOOLEAN:
        if (value instanceof BooleanType flag && flag.getValue() != null) {
          return Optional.of(new FindingValue.Flag(flag.getValue()));
        }
        break;
      case INTEGER:
        if (value instanceof IntegerType number && number.getValue() != null) {
          return Optional.of(new FindingValue.WholeNumber(number.getValue()));
        }
        break;
      case DATE:
        if (value instanceof DateTimeType date && date.getValue() != null) {
          return Optional.of(new FindingValue.Day(localDate(date)));
        }
        break;
      case DATETIME:
        if (value instanceof DateTimeType moment && moment.getValue() != null) {
          return Optional.of(new FindingValue.Moment(moment.getValue().toInstant()));
        }
        break;
      case STRING:
      default:
        if (value instanceof StringType text && text.getValue() != null) {
          return Optional.of(new FindingValue.Text(text.getValue()));
        }
        break;
    }
    errors.add(
        new FieldError(
            at, item.label().ja() + " (" + item.code() + ") has a value of another type"));
    return Optional.empty();
  }

  private Optional<IncomingVaccination> vaccination(
      Immunization immunization, String at, List<FieldError> errors) {
    int before = errors.size();
    validate(immunization, SukoyakaCanonicals.IMMUNIZATION_PROFILE, at, errors);
    boolean retracted = immunization.getStatus() == Immunization.ImmunizationStatus.ENTEREDINERROR;
    Immunization read = immunization;
    if (retracted) {
      read = immunization.copy();
      read.setStatus(Immunization.ImmunizationStatus.COMPLETED);
    }
    VaccinationDraft draft = null;
    try {
      draft = immunizationResources.draft(read, at);
    } catch (FhirException e) {
      for (FhirIssue issue : e.issues()) {
        errors.add(
            new FieldError(
                issue.expressions().isEmpty() ? at : issue.expressions().get(0),
                issue.diagnostics()));
      }
    }
    if (errors.size() > before || draft == null) {
      return Optional.empty();
    }
    String verification = null;
    Extension extension = immunization.getExtensionByUrl(SukoyakaCanonicals.VERIFICATION_EXTENSION);
    if (extension != null && extension.getValue() != null) {
      verification = extension.getValue().primitiveValue();
    }
    String source =
        immunization.hasPrimarySource() && immunization.getPrimarySource()
            ? "clinic"
            : immunization.getReportOrigin().getCoding().stream()
                .filter(c -> SukoyakaCanonicals.IMMUNIZATION_SOURCE_SYSTEM.equals(c.getSystem()))
                .map(c -> c.getCode().replace('-', '_'))
                .findFirst()
                .orElse(null);
    return Optional.of(
        new IncomingVaccination(
            key(immunization.getIdentifier(), "Immunization", immunization),
            draft,
            source,
            verification,
            retracted,
            at));
  }

  /** Where a record was first registered: its origin identifier, else the sender's id of it. */
  private static RecordKey key(List<Identifier> identifiers, String type, Resource resource) {
    for (Identifier identifier : identifiers) {
      Optional<String> code = SukoyakaCanonicals.parseRecordOriginSystem(identifier.getSystem());
      if (code.isPresent() && identifier.hasValue()) {
        return new RecordKey(code.get(), identifier.getValue());
      }
    }
    return new RecordKey(null, type + "/" + resource.getIdElement().getIdPart());
  }

  private void validate(Resource resource, String profile, String at, List<FieldError> errors) {
    ValidationReport report = validator.validate(resource, profile);
    for (ValidationIssue issue : report.errors()) {
      if (errors.size() >= MAX_ERRORS) {
        return;
      }
      errors.add(
          new FieldError(
              issue.location() == null || issue.location().isBlank()
                  ? at
                  : at + " (" + issue.location() + ")",
              issue.message()));
    }
  }

  private static String at(Map<Resource, Integer> indexes, Resource resource) {
    Integer index = indexes.get(resource);
    return index == null ? resource.fhirType() : "Bundle.entry[" + index + "].resource";
  }

  private static LocalDate localDate(DateTimeType value) {
    if (value.getPrecision() == TemporalPrecisionEnum.DAY) {
      return localDate(value.getValueAsString());
    }
    return value.getValue().toInstant().atZone(JAPAN).toLocalDate();
  }

  private static LocalDate localDate(String text) {
    return LocalDate.parse(text.substring(0, 10));
  }
}
