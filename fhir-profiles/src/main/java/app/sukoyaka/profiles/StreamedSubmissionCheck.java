package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.CompiledSubmissionCheck.MAX_PATIENTS;
import static app.sukoyaka.profiles.CompiledSubmissionCheck.acceptsOid;
import static app.sukoyaka.profiles.CompiledSubmissionCheck.cleanString;
import static app.sukoyaka.profiles.CompiledSubmissionCheck.ordered;
import static app.sukoyaka.profiles.CompiledSubmissionCheck.realDate;

import app.sukoyaka.profiles.CheckupSubmission.CodeableConcept;
import app.sukoyaka.profiles.CheckupSubmission.Coding;
import app.sukoyaka.profiles.CheckupSubmission.Component;
import app.sukoyaka.profiles.CheckupSubmission.Encounter;
import app.sukoyaka.profiles.CheckupSubmission.EpdsResponse;
import app.sukoyaka.profiles.CheckupSubmission.Extension;
import app.sukoyaka.profiles.CheckupSubmission.HumanName;
import app.sukoyaka.profiles.CheckupSubmission.Identifier;
import app.sukoyaka.profiles.CheckupSubmission.IntegerValue;
import app.sukoyaka.profiles.CheckupSubmission.Observation;
import app.sukoyaka.profiles.CheckupSubmission.Patient;
import app.sukoyaka.profiles.CheckupSubmission.Period;
import app.sukoyaka.profiles.CheckupSubmission.Quantity;
import app.sukoyaka.profiles.CheckupSubmission.Reference;
import app.sukoyaka.profiles.CheckupSubmission.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;

/**
 * {@link CompiledSubmissionCheck} applied to a submission read by the streaming reader instead of
 * to HAPI's model: the same rules in the same order, on the same compiled tables (value sets,
 * displays, kinds and classes, items and panels, ranges, the EPDS form), each method mirroring the
 * one of the same name there. Elements the reader does not read never reach it (the reader is
 * unsure of them), so what {@code only(…)} checks there is the reader's shape here, and every
 * primitive here is plain (no id, no extension, a non-empty value).
 *
 * <p>True means certainly valid, as ACCEPT does there; false means unsure. {@code
 * StreamingReaderDifferentialTest} holds it to the compiled check and to HAPI on the same bytes.
 * Immutable and thread-safe.
 */
final class StreamedSubmissionCheck {

  /** The codes of HAPI's enumerations: what {@code plainEnum} there lets through. */
  private static final Set<String> ENCOUNTER_STATUSES =
      codes(EncounterStatus.values(), EncounterStatus::toCode, EncounterStatus.NULL);

  private static final Set<String> GENDERS =
      codes(AdministrativeGender.values(), AdministrativeGender::toCode, AdministrativeGender.NULL);
  private static final Set<String> NAME_USES =
      codes(NameUse.values(), NameUse::toCode, NameUse.NULL);
  private static final Set<String> OBSERVATION_STATUSES =
      codes(ObservationStatus.values(), ObservationStatus::toCode, ObservationStatus.NULL);
  private static final Set<String> RESPONSE_STATUSES =
      codes(
          QuestionnaireResponseStatus.values(),
          QuestionnaireResponseStatus::toCode,
          QuestionnaireResponseStatus.NULL);

  private final CompiledSubmissionCheck compiled;

  StreamedSubmissionCheck(CompiledSubmissionCheck compiled) {
    this.compiled = compiled;
  }

  private static <E> Set<String> codes(E[] values, Function<E, String> toCode, E none) {
    return Arrays.stream(values)
        .filter(value -> value != none)
        .map(toCode)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the submission is certainly valid. Never throws. */
  boolean accepts(CheckupSubmission submission) {
    if (!compiled.enabled || submission == null) {
      return false;
    }
    try {
      return acceptsBundle(submission);
    } catch (RuntimeException e) {
      // As in the compiled check: a shape not foreseen is not certain.
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle

  private boolean acceptsBundle(CheckupSubmission bundle) {
    if (!acceptsLanguage(bundle.language())) {
      return false;
    }
    if (bundle.identifier() == null
        || !acceptsIdentifier(bundle.identifier())
        || bundle.type() == null
        || !bundle.type().equals(compiled.bundleType)) {
      return false;
    }
    Map<String, Patient> patients = new LinkedHashMap<>();
    Encounter encounter = null;
    String encounterUrl = null;
    EpdsResponse response = null;
    Set<String> fullUrls = new HashSet<>();
    List<Observation> observations = new ArrayList<>();
    for (CheckupSubmission.Entry entry : bundle.entries()) {
      String fullUrl = entry.fullUrl();
      CheckupSubmission.Resource resource = entry.resource();
      if (fullUrl == null
          || !Syntax.isUrnUuid(fullUrl)
          || !fullUrls.add(fullUrl)
          || resource == null) {
        return false;
      }
      // No resource id is ever read (the reader is unsure of one): acceptsResourceId holds.
      if (entry.request() == null
          || !acceptsRequest(entry.request(), resource)
          || !acceptsLanguage(resource.language())) {
        return false;
      }
      if (resource instanceof Patient p && patients.size() < MAX_PATIENTS) {
        patients.put(fullUrl, p);
      } else if (resource instanceof Encounter e && encounter == null) {
        encounter = e;
        encounterUrl = fullUrl;
      } else if (resource instanceof Observation o) {
        observations.add(o);
      } else if (resource instanceof EpdsResponse q && response == null && compiled.epds != null) {
        response = q;
      } else {
        return false;
      }
    }
    if (patients.isEmpty() || encounter == null) {
      return false;
    }
    for (Map.Entry<String, Patient> patient : patients.entrySet()) {
      if (!acceptsPatient(patient.getValue(), patient.getKey(), patients)) {
        return false;
      }
    }
    if (!acceptsEncounter(encounter, patients)) {
      return false;
    }
    for (Observation observation : observations) {
      if (!acceptsObservation(observation, patients, encounterUrl)) {
        return false;
      }
    }
    return response == null || acceptsEpdsResponse(response, patients, encounterUrl);
  }

  private static boolean acceptsRequest(
      CheckupSubmission.Request request, CheckupSubmission.Resource resource) {
    boolean patient = resource instanceof Patient;
    if ((!patient && request.ifNoneExist() != null)
        || !"POST".equals(request.method())
        || request.url() == null
        || !resource.resourceType().equals(request.url())) {
      return false;
    }
    return request.ifNoneExist() == null || cleanString(request.ifNoneExist());
  }

  private boolean acceptsLanguage(String language) {
    return language == null || compiled.languages.contains(language);
  }

  // ---------------------------------------------------------------------------------------------
  // Patient

  private boolean acceptsPatient(Patient patient, String fullUrl, Map<String, Patient> patients) {
    if (!acceptsPerson(patient)) {
      return false;
    }
    // The pregnant person's shape: no extension, no birth order.
    if (patient.extension().isEmpty() && patient.multipleBirth() == null) {
      return true;
    }
    return patient.gender() != null
        && acceptsMotherExtension(patient.extension(), fullUrl, patients)
        && acceptsBirthOrder(patient.multipleBirth());
  }

  private boolean acceptsPerson(Patient patient) {
    if (patient.identifier().isEmpty()) {
      return false;
    }
    boolean handbookNumber = false;
    for (Identifier identifier : patient.identifier()) {
      if (!acceptsIdentifier(identifier)) {
        return false;
      }
      String system = identifier.system();
      if (system.startsWith(SukoyakaCanonicals.HANDBOOK_NUMBER_SYSTEM_PREFIX)) {
        if (SukoyakaCanonicals.parseHandbookNumberSystem(system).isEmpty()) {
          return false;
        }
        handbookNumber = true;
      }
    }
    if (!handbookNumber) {
      return false;
    }
    for (HumanName name : patient.name()) {
      if (!acceptsName(name)) {
        return false;
      }
    }
    if (patient.gender() != null && !GENDERS.contains(patient.gender())) {
      return false;
    }
    return patient.birthDate() != null && acceptsDate(patient.birthDate());
  }

  private boolean acceptsName(HumanName name) {
    if (name.extension().size() > 1) {
      return false;
    }
    for (Extension extension : name.extension()) {
      if (extension.url() == null
          || !compiled.representationExtension.equals(extension.url())
          || extension.valueCode() == null
          || !compiled.nameRepresentations.contains(extension.valueCode())) {
        return false;
      }
    }
    if (name.use() != null && !NAME_USES.contains(name.use())) {
      return false;
    }
    if ((name.text() != null && !cleanString(name.text()))
        || (name.family() != null && !cleanString(name.family()))) {
      return false;
    }
    for (String given : name.given()) {
      if (!cleanString(given)) {
        return false;
      }
    }
    return true;
  }

  private boolean acceptsMotherExtension(
      List<Extension> extensions, String fullUrl, Map<String, Patient> patients) {
    if (extensions.isEmpty()) {
      return true;
    }
    if (extensions.size() != 1) {
      return false;
    }
    Extension extension = extensions.get(0);
    Reference mother = extension.valueReference();
    if (extension.url() == null
        || !compiled.motherExtension.equals(extension.url())
        || mother == null
        || (mother.display() != null && !cleanString(mother.display()))) {
      return false;
    }
    if (mother.reference() != null) {
      String target = mother.reference();
      return mother.identifier() == null && !target.equals(fullUrl) && patients.containsKey(target);
    }
    return mother.identifier() != null && acceptsIdentifier(mother.identifier());
  }

  private boolean acceptsBirthOrder(Value multipleBirth) {
    if (multipleBirth == null) {
      return true;
    }
    return switch (multipleBirth.fhirType()) {
      case "boolean" -> true;
      case "integer" -> acceptsInteger((IntegerValue) multipleBirth, compiled.birthOrder);
      default -> false;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Encounter

  private boolean acceptsEncounter(Encounter encounter, Map<String, Patient> patients) {
    if (encounter.status() == null || !ENCOUNTER_STATUSES.contains(encounter.status())) {
      return false;
    }
    if (encounter.type().size() != 1) {
      return false;
    }
    CodeableConcept type = encounter.type().get(0);
    if (type.coding().size() != 1 || !acceptsCodeableConcept(type, compiled.kinds.keySet())) {
      return false;
    }
    Coding kindCoding = type.coding().get(0);
    CheckupKind kind = compiled.kinds.get(new CodingRef(kindCoding.system(), kindCoding.code()));
    if (kind.municipalOwn() && type.text() == null) {
      return false;
    }
    Coding encounterClass = encounter.encounterClass();
    if (encounterClass == null) {
      return false;
    }
    if (!acceptsCodingShape(encounterClass)
        || !compiled.encounterClasses.contains(
            new CodingRef(encounterClass.system(), encounterClass.code()))
        || !GeneratedInvariants.ACT_CODE_SYSTEM.equals(encounterClass.system())
        || !kind.encounterClasses().contains(encounterClass.code())
        || !acceptsDisplay(encounterClass)) {
      return false;
    }
    if (encounter.subject() == null || !acceptsPatientReference(encounter.subject(), patients)) {
      return false;
    }
    if (encounter.period() == null || !acceptsPeriod(encounter.period())) {
      return false;
    }
    return encounter.serviceProvider() == null
        || acceptsServiceProvider(encounter.serviceProvider());
  }

  private static boolean acceptsPeriod(Period period) {
    if (period.start() == null || !acceptsDateTime(period.start())) {
      return false;
    }
    if (period.end() == null) {
      return true;
    }
    return acceptsDateTime(period.end()) && ordered(period.start(), period.end());
  }

  private static boolean acceptsServiceProvider(Reference provider) {
    if (provider.reference() != null
        || provider.identifier() == null
        || (provider.display() != null && !cleanString(provider.display()))) {
      return false;
    }
    Identifier identifier = provider.identifier();
    return identifier.system() != null
        && SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM.equals(identifier.system())
        && identifier.value() != null
        && SukoyakaCanonicals.isMedicalInstitutionCode(identifier.value());
  }

  // ---------------------------------------------------------------------------------------------
  // Observation

  private boolean acceptsObservation(
      Observation observation, Map<String, Patient> patients, String encounterUrl) {
    if (observation.status() == null
        || !OBSERVATION_STATUSES.contains(observation.status())
        || !compiled.observationStatuses.contains(observation.status())) {
      return false;
    }
    if (observation.subject() == null
        || !acceptsPatientReference(observation.subject(), patients)
        || observation.encounter() == null
        || !acceptsReference(observation.encounter(), encounterUrl)) {
      return false;
    }
    if (observation.effectiveDateTime() == null
        || !acceptsDateTime(observation.effectiveDateTime())) {
      return false;
    }
    CodeableConcept code = observation.code();
    if (code == null) {
      return false;
    }
    if (!acceptsCodeableConcept(code, compiled.itemCodes.keySet())
        && !acceptsCodeableConcept(code, compiled.panelCodes.keySet())) {
      return false;
    }
    CatalogPanel panel = named(code, compiled.panelCodes);
    if (panel != null) {
      return observation.specimen() == null
          && acceptsCategories(observation.category(), compiled.panelCategories.get(panel.code()))
          && observation.value() == null
          && observation.dataAbsentReason() == null
          && acceptsComponents(observation.component(), panel);
    }
    if (!observation.component().isEmpty()) {
      return false;
    }
    CatalogItem item = named(code, compiled.itemCodes);
    return item != null
        && acceptsSpecimen(observation, item)
        && acceptsCategories(observation.category(), item.category())
        && acceptsValue(
            item, observation.value(), observation.dataAbsentReason(), compiled.valueTypes);
  }

  private static boolean acceptsSpecimen(Observation observation, CatalogItem item) {
    Reference specimen = observation.specimen();
    if (item.specimen() == null) {
      return specimen == null;
    }
    return specimen != null
        && specimen.reference() == null
        && specimen.identifier() == null
        && specimen.display() != null
        && cleanString(specimen.display());
  }

  private boolean acceptsCategories(List<CodeableConcept> concepts, String required) {
    boolean found = false;
    for (CodeableConcept concept : concepts) {
      if (!optionalText(concept)) {
        return false;
      }
      Set<CodingRef> seen = concept.coding().size() > 1 ? new HashSet<>() : null;
      for (Coding coding : concept.coding()) {
        if (!acceptsCodingShape(coding)) {
          return false;
        }
        CodingRef ref = new CodingRef(coding.system(), coding.code());
        if (seen != null && !seen.add(ref)) {
          return false;
        }
        if (SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM.equals(ref.system())) {
          if (!compiled.jpCategories.contains(ref.code()) || !acceptsJpCategoryDisplay(coding)) {
            return false;
          }
          found |= ref.code().equals(required);
        } else if (!compiled.categories.contains(ref) || !acceptsDisplay(coding)) {
          return false;
        }
      }
    }
    return found;
  }

  private boolean acceptsJpCategoryDisplay(Coding coding) {
    return compiled.jpCategoryDisplaysUnchecked
        ? coding.display() == null || cleanString(coding.display())
        : acceptsDisplay(coding);
  }

  /** The item or panel all codings name (namedItem, namedPanel); null if none or several. */
  private static <T> T named(CodeableConcept code, Map<CodingRef, T> byCoding) {
    T named = null;
    for (Coding coding : code.coding()) {
      T next = byCoding.get(new CodingRef(coding.system(), coding.code()));
      if (next == null || (named != null && named != next)) {
        return null;
      }
      named = next;
    }
    return named;
  }

  private boolean acceptsComponents(List<Component> components, CatalogPanel panel) {
    if (components.size() != panel.components().size()) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (Component component : components) {
      if (component.code() == null) {
        return false;
      }
      CatalogItem item = named(component.code(), compiled.itemCodes);
      if (item == null
          || !panel.components().contains(item.code())
          || !seen.add(item.code())
          || !acceptsCodeableConcept(component.code(), item.fhirCodes())) {
        return false;
      }
      if (!acceptsValue(item, component.value(), component.dataAbsentReason(), null)) {
        return false;
      }
    }
    return true;
  }

  private boolean acceptsValue(
      CatalogItem item, Value value, CodeableConcept absentReason, Set<String> allowedTypes) {
    // Nothing the reader reads is vacant: a present concept has a coding or a text.
    boolean hasAbsentReason = absentReason != null;
    if (value == null) {
      return hasAbsentReason
          && acceptsCodeableConcept(absentReason, compiled.absentReasons)
          && !absentReason.coding().isEmpty();
    }
    String type = value.fhirType();
    if (hasAbsentReason || (allowedTypes != null && !allowedTypes.contains(type))) {
      return false;
    }
    return switch (item.valueType()) {
      case QUANTITY -> value instanceof Quantity q && acceptsQuantity(item, q);
      case CODED -> value instanceof CodeableConcept c && acceptsAnswer(item, c);
      case BOOLEAN -> value instanceof CheckupSubmission.BooleanValue;
      case STRING -> value instanceof CheckupSubmission.StringValue s && cleanString(s.value());
      case DATE ->
          value instanceof CheckupSubmission.DateTimeValue d
              && acceptsDateTime(d.value())
              && d.value().length() == 10;
      case INTEGER -> value instanceof IntegerValue i && acceptsInteger(i, item.plausibleRange());
      case DATETIME ->
          value instanceof CheckupSubmission.DateTimeValue d
              && acceptsDateTime(d.value())
              && d.value().length() > 10;
    };
  }

  private boolean acceptsQuantity(CatalogItem item, Quantity quantity) {
    if (quantity.valueText() == null
        || quantity.system() == null
        || !SukoyakaCanonicals.UCUM_SYSTEM.equals(quantity.system())
        || quantity.code() == null
        || (quantity.unit() != null && !cleanString(quantity.unit()))) {
      return false;
    }
    String text = quantity.valueText();
    if (!Syntax.isDecimal(text)) {
      return false;
    }
    BigDecimal value = quantity.value();
    PlausibleRange bounds =
        compiled.boundsByItemAndUnit.getOrDefault(item.code(), Map.of()).get(quantity.code());
    return bounds != null
        && bounds.contains(value)
        && item.isPlausible(value, quantity.code())
        && value.compareTo(new BigDecimal(text)) == 0;
  }

  private boolean acceptsAnswer(CatalogItem item, CodeableConcept answer) {
    if (answer.coding().size() != 1 || !optionalText(answer)) {
      return false;
    }
    Coding coding = answer.coding().get(0);
    return acceptsCodingShape(coding)
        && item.answer(coding.system(), coding.code()).isPresent()
        && acceptsDisplay(coding);
  }

  /** A plainly written integer within the range (acceptsInteger there). */
  private static boolean acceptsInteger(IntegerValue integer, PlausibleRange range) {
    return Syntax.isInteger(integer.text())
        && range != null
        && integer.text().equals(Integer.toString(integer.value()))
        && range.contains(BigDecimal.valueOf(integer.value()));
  }

  // ---------------------------------------------------------------------------------------------
  // QuestionnaireResponse

  private boolean acceptsEpdsResponse(
      EpdsResponse response, Map<String, Patient> patients, String encounterUrl) {
    return acceptsEpdsForm(response)
        && response.subject() != null
        && acceptsPatientReference(response.subject(), patients)
        && response.encounter() != null
        && acceptsReference(response.encounter(), encounterUrl);
  }

  /** EpdsForm.accepts there. */
  private boolean acceptsEpdsForm(EpdsResponse response) {
    CompiledSubmissionCheck.EpdsForm form = compiled.epds;
    if (response.questionnaire() == null
        || !form.questionnaire().equals(response.questionnaire())
        || response.status() == null
        || !RESPONSE_STATUSES.contains(response.status())
        || !form.status().equals(response.status())
        || response.authored() == null
        || !acceptsDateTime(response.authored())
        || response.item().size() != form.linkIds().size()) {
      return false;
    }
    Set<String> answered = new HashSet<>();
    for (CheckupSubmission.Item item : response.item()) {
      if (item.linkId() == null
          || !form.linkIds().contains(item.linkId())
          || !answered.add(item.linkId())
          || (item.text() != null && !cleanString(item.text()))
          || item.answer().size() != 1) {
        return false;
      }
      if (!(item.answer().get(0) instanceof IntegerValue answer)
          || !acceptsInteger(answer, form.score())) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Data types

  private static boolean acceptsPatientReference(
      Reference reference, Map<String, Patient> patients) {
    return reference.reference() != null
        && patients.containsKey(reference.reference())
        && acceptsReference(reference, reference.reference());
  }

  private boolean acceptsCodeableConcept(CodeableConcept concept, Collection<CodingRef> allowed) {
    if (concept == null || !optionalText(concept)) {
      return false;
    }
    // Most concepts carry one coding: no set to tell duplicates apart.
    Set<CodingRef> seen = concept.coding().size() > 1 ? new HashSet<>() : null;
    for (Coding coding : concept.coding()) {
      if (!acceptsCodingShape(coding)) {
        return false;
      }
      CodingRef ref = new CodingRef(coding.system(), coding.code());
      if (!allowed.contains(ref) || (seen != null && !seen.add(ref)) || !acceptsDisplay(coding)) {
        return false;
      }
    }
    return true;
  }

  private static boolean acceptsCodingShape(Coding coding) {
    return coding.system() != null && coding.code() != null;
  }

  private boolean acceptsDisplay(Coding coding) {
    return coding.display() == null
        || compiled
            .displays
            .getOrDefault(new CodingRef(coding.system(), coding.code()), Set.of())
            .contains(coding.display());
  }

  private static boolean optionalText(CodeableConcept concept) {
    return concept.text() == null || cleanString(concept.text());
  }

  /** A reference by the fullUrl of an entry of this Bundle, and nothing else. */
  private static boolean acceptsReference(Reference reference, String fullUrl) {
    return reference.identifier() == null
        && reference.display() == null
        && reference.reference() != null
        && reference.reference().equals(fullUrl);
  }

  private static boolean acceptsIdentifier(Identifier identifier) {
    return identifier.system() != null
        && identifier.value() != null
        && cleanString(identifier.value())
        && (Syntax.isHttpUrl(identifier.system()) || acceptsOid(identifier.system()));
  }

  /** acceptsDate there, with the hand-written matcher of its pattern. */
  private static boolean acceptsDate(String text) {
    return Syntax.isDate(text) && realDate(text);
  }

  /** acceptsDateTime there, with the hand-written matcher of its pattern. */
  private static boolean acceptsDateTime(String text) {
    return Syntax.isDateTime(text) && realDate(text.substring(0, 10));
  }
}
