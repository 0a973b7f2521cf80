package app.sukoyaka.profiles;

import static java.util.stream.Collectors.joining;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conservative fast path in front of HAPI's instance validator for clinic submissions. Built once
 * from the checkup item catalog and the definitions HAPI itself validates with (our profiles, value
 * sets and code systems, and the FHIR core definitions), it answers {@link Verdict#ACCEPT} only for
 * a Bundle whose every element it understands: the exact shapes {@code sukoyaka-clinic-submission}
 * and its entry profiles allow, with every primitive in a form HAPI cannot object to. Anything else
 * (an element or extension it does not know, meta, narrative, contained resources, ids, strings
 * with edge whitespace or control characters, a date or identifier it did not check, any doubt) is
 * {@link Verdict#UNSURE}, and HAPI decides.
 *
 * <p>It covers every record kind of the catalog: one or two Patients (each accepted if it has the
 * shape of {@code sukoyaka-pregnant-person} or of {@code sukoyaka-child} with its {@code
 * sukoyaka-mother} extension), one Encounter of any checkup kind with a class the kind allows,
 * Observations of every catalog item and panel with their JP Core category and a value of the
 * item's type (quantity, coded, boolean, string, date, dateTime with its time, integer) or a
 * dataAbsentReason, and the EPDS QuestionnaireResponse of a 産婦健康診査.
 *
 * <p>ACCEPT means HAPI would report no error or fatal issue; it does not reproduce HAPI's warnings
 * and information messages. {@code FastPathDifferentialTest} holds the check to that against HAPI
 * on the examples and on generated and mutated submissions of every checkup kind.
 *
 * <p>The check reads every fixed value, pattern, value set and invariant parameter it relies on
 * from the definitions, and the catalog for kinds, classes, item codes, categories, units, ranges
 * and answers. What it cannot read that way is pinned: if a profile's differential differs from the
 * one this class was written for (an element rule, cardinality, type, base, or an invariant whose
 * expression is not exactly the one implemented here, generated invariants being rebuilt from the
 * catalog by {@link GeneratedInvariants}), the check is built disabled and answers UNSURE to
 * everything. Immutable and thread-safe.
 */
final class CompiledSubmissionCheck {

  /** The answer of the fast path. */
  enum Verdict {
    /** Certainly valid: HAPI would report no error. */
    ACCEPT,
    /** Not decided here; the full validation must run. */
    UNSURE
  }

  private static final Logger LOG = LoggerFactory.getLogger(CompiledSubmissionCheck.class);

  private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

  // Children each element may carry; anything else present makes the verdict UNSURE.
  private static final Allowed BUNDLE = allowed("language", "identifier", "type", "entry");
  private static final Allowed ENTRY = allowed("fullUrl", "resource", "request");
  private static final Allowed REQUEST = allowed("method", "url");
  private static final Allowed CONDITIONAL_REQUEST = allowed("method", "url", "ifNoneExist");
  private static final Allowed IDENTIFIER = allowed("system", "value");
  private static final Allowed PREGNANT_PERSON =
      allowed("id", "language", "identifier", "name", "gender", "birthDate");
  private static final Allowed CHILD =
      allowed(
          "id",
          "language",
          "extension",
          "identifier",
          "name",
          "gender",
          "birthDate",
          "multipleBirth[x]");
  private static final Allowed HUMAN_NAME = allowed("extension", "use", "text", "family", "given");
  private static final Allowed EXTENSION = allowed("url", "value[x]");

  /** The mother and up to eight newborns at one delivery (entry:patient 1..9). */
  static final int MAX_PATIENTS = 9;

  private static final Allowed ENCOUNTER =
      allowed("id", "language", "status", "class", "type", "subject", "period", "serviceProvider");
  private static final Allowed CODING = allowed("system", "code", "display");
  private static final Allowed CODEABLE_CONCEPT = allowed("coding", "text");
  private static final Allowed LITERAL_REFERENCE = allowed("reference");
  private static final Allowed LITERAL_REFERENCE_WITH_DISPLAY = allowed("reference", "display");
  private static final Allowed LOGICAL_REFERENCE = allowed("identifier", "display");
  private static final Allowed PERIOD = allowed("start", "end");
  private static final Allowed OBSERVATION =
      allowed(
          "id",
          "language",
          "status",
          "category",
          "code",
          "subject",
          "encounter",
          "effective[x]",
          "value[x]",
          "dataAbsentReason",
          "component",
          "specimen");
  private static final Allowed SPECIMEN_BY_NAME = allowed("display");
  private static final Allowed COMPONENT = allowed("code", "value[x]", "dataAbsentReason");
  private static final Allowed QUANTITY = allowed("value", "unit", "system", "code");
  private static final Allowed QUESTIONNAIRE_RESPONSE =
      allowed(
          "id", "language", "questionnaire", "status", "subject", "encounter", "authored", "item");
  private static final Allowed RESPONSE_ITEM = allowed("linkId", "text", "answer");
  private static final Allowed RESPONSE_ANSWER = allowed("value[x]");

  /** What the validator's regexes and checks certainly accept; narrower than FHIR allows. */
  static final Pattern URN_UUID =
      Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  static final Pattern HTTP_URL =
      Pattern.compile(
          "https?://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+"
              + "(/[A-Za-z0-9._~-]+)*/?");
  static final Pattern URN_OID = Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]{0,18}))+");
  static final Pattern DATE =
      Pattern.compile("(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
  static final Pattern DATE_TIME =
      Pattern.compile(
          "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
              + "(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?"
              + "(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00))?");
  static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.[0-9]{1,6})?");
  static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,8}");
  static final int MAX_STRING_LENGTH = 1024;

  // Read by StreamedSubmissionCheck, which applies the same rules to the streamed submission.
  final boolean enabled;
  final Set<String> languages;
  final String bundleType;
  final Map<CodingRef, Set<String>> displays;
  final Set<String> nameRepresentations;
  final String representationExtension;
  final String motherExtension;
  final PlausibleRange birthOrder;
  final Set<CodingRef> encounterClasses;
  final Map<CodingRef, CheckupKind> kinds;
  final Set<String> observationStatuses;
  final Map<CodingRef, CatalogItem> itemCodes;
  final Map<CodingRef, CatalogPanel> panelCodes;
  final Map<String, String> panelCategories;
  final Set<CodingRef> categories;
  final Set<String> jpCategories;
  final boolean jpCategoryDisplaysUnchecked;
  final Set<CodingRef> absentReasons;
  final Set<String> valueTypes;
  final Map<String, Map<String, PlausibleRange>> boundsByItemAndUnit;
  final EpdsForm epds;

  private CompiledSubmissionCheck(Compiler compiler) {
    this.enabled = compiler.enabled;
    this.languages = Set.copyOf(compiler.languages);
    this.bundleType = compiler.bundleType;
    this.displays = Map.copyOf(compiler.displays);
    this.nameRepresentations = Set.copyOf(compiler.nameRepresentations);
    this.representationExtension = compiler.representationExtension;
    this.motherExtension = compiler.motherExtension;
    this.birthOrder = compiler.birthOrder;
    this.encounterClasses = Set.copyOf(compiler.encounterClasses);
    this.kinds = Map.copyOf(compiler.kinds);
    this.observationStatuses = Set.copyOf(compiler.observationStatuses);
    this.itemCodes = Map.copyOf(compiler.itemCodes);
    this.panelCodes = Map.copyOf(compiler.panelCodes);
    this.panelCategories = Map.copyOf(compiler.panelCategories);
    this.categories = Set.copyOf(compiler.categories);
    this.jpCategories = Set.copyOf(compiler.jpCategories);
    this.jpCategoryDisplaysUnchecked = compiler.jpCategoryDisplaysUnchecked;
    this.absentReasons = Set.copyOf(compiler.absentReasons);
    this.valueTypes = Set.copyOf(compiler.valueTypes);
    this.boundsByItemAndUnit = Map.copyOf(compiler.boundsByItemAndUnit);
    this.epds = compiler.epds;
  }

  /**
   * Compiles the check from the catalog and the definitions the validator uses. Never fails: a
   * definition it cannot find or does not understand leaves the check disabled (always UNSURE) and
   * is logged.
   */
  static CompiledSubmissionCheck compile(
      CheckupItemCatalog catalog, IValidationSupport definitions) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(definitions, "definitions");
    Compiler compiler = new Compiler(catalog, definitions);
    try {
      compiler.compile();
    } catch (IllegalStateException | ClassCastException | NullPointerException e) {
      LOG.warn("Submission fast path disabled, every submission goes to HAPI: {}", e.getMessage());
      compiler.enabled = false;
    }
    return new CompiledSubmissionCheck(compiler);
  }

  /**
   * Whether the check can accept anything at all; false when the definitions were not understood.
   */
  boolean isEnabled() {
    return enabled;
  }

  /** ACCEPT if the submission is certainly valid, UNSURE otherwise. Never throws. */
  Verdict check(Bundle bundle) {
    if (!enabled || bundle == null) {
      return Verdict.UNSURE;
    }
    try {
      return acceptsBundle(bundle) ? Verdict.ACCEPT : Verdict.UNSURE;
    } catch (RuntimeException e) {
      // A shape the walk did not foresee (a programmatic Bundle with odd content): HAPI decides.
      LOG.debug("Submission fast path gave up on an unexpected shape", e);
      return Verdict.UNSURE;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle

  private boolean acceptsBundle(Bundle bundle) {
    if (!only(bundle, BUNDLE) || !acceptsLanguage(bundle)) {
      return false;
    }
    if (!bundle.hasIdentifier()
        || !acceptsIdentifier(bundle.getIdentifier())
        || !bundle.hasTypeElement()
        || !plain(bundle.getTypeElement())
        || !bundle.getType().toCode().equals(bundleType)) {
      return false;
    }
    // The closed slicing: one or two Patients, one Encounter, Observations, at most one EPDS
    // response. Patients by fullUrl, in entry order.
    Map<String, Patient> patients = new LinkedHashMap<>();
    Encounter encounter = null;
    String encounterUrl = null;
    QuestionnaireResponse response = null;
    Set<String> fullUrls = new HashSet<>();
    List<Observation> observations = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      if (!only(entry, ENTRY) || !entry.hasFullUrlElement() || !plain(entry.getFullUrlElement())) {
        return false;
      }
      String fullUrl = entry.getFullUrl();
      Resource resource = entry.getResource();
      if (!URN_UUID.matcher(fullUrl).matches() || !fullUrls.add(fullUrl) || resource == null) {
        return false;
      }
      if (!acceptsResourceId(resource, fullUrl)
          || !entry.hasRequest()
          || !acceptsRequest(entry.getRequest(), resource)
          || !acceptsLanguage(resource)) {
        return false;
      }
      if (resource instanceof Patient p && patients.size() < MAX_PATIENTS) {
        patients.put(fullUrl, p);
      } else if (resource instanceof Encounter e && encounter == null) {
        encounter = e;
        encounterUrl = fullUrl;
      } else if (resource instanceof Observation o) {
        observations.add(o);
      } else if (resource instanceof QuestionnaireResponse q && response == null && epds != null) {
        response = q;
      } else {
        // A tenth Patient, a second Encounter or response, or a type the slicing does not allow.
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
      if (!acceptsObservation(observation, patients, encounter, encounterUrl)) {
        return false;
      }
    }
    return response == null || acceptsEpdsResponse(response, patients, encounter, encounterUrl);
  }

  /**
   * A resource may carry no id, or the entry's fullUrl: HAPI's parser sets that id itself and never
   * writes a {@code urn:} id back, so the validator does not see it.
   */
  private static boolean acceptsResourceId(Resource resource, String fullUrl) {
    return !resource.hasIdElement()
        || resource.getIdElement().isEmpty()
        || fullUrl.equals(resource.getIdElement().getValue());
  }

  private static boolean acceptsRequest(Bundle.BundleEntryRequestComponent request, Resource r) {
    // A conditional create is how a clinic sends a Patient; other entries are plain creates.
    boolean patient = r instanceof Patient;
    if (!only(request, patient ? CONDITIONAL_REQUEST : REQUEST)
        || !request.hasMethodElement()
        || !plainEnum(request.getMethodElement())
        || request.getMethod() != Bundle.HTTPVerb.POST
        || !request.hasUrlElement()
        || !plain(request.getUrlElement())
        || !r.fhirType().equals(request.getUrl())) {
      return false;
    }
    return !request.hasIfNoneExistElement() || cleanString(request.getIfNoneExistElement());
  }

  private boolean acceptsLanguage(Resource resource) {
    return !resource.hasLanguageElement()
        || (plain(resource.getLanguageElement())
            && languages.contains(resource.getLanguageElement().getValue()));
  }

  // ---------------------------------------------------------------------------------------------
  // Patient: sukoyaka-pregnant-person or sukoyaka-child

  /**
   * The entry slice names both Patient profiles; HAPI accepts a Patient valid against either. This
   * accepts the shape of the pregnant person (no extension, no birth order) and the shape of the
   * child (gender, at most the mother extension, a birth order in range). A Patient that is valid
   * only by a profile's leniency (a child without gender passes as a pregnant person) is HAPI's to
   * judge.
   */
  private boolean acceptsPatient(Patient patient, String fullUrl, Map<String, Patient> patients) {
    if (!acceptsPerson(patient)) {
      return false;
    }
    if (only(patient, PREGNANT_PERSON)) {
      return true;
    }
    return only(patient, CHILD)
        && patient.hasGenderElement()
        && acceptsMotherExtension(patient.getExtension(), fullUrl, patients)
        && acceptsBirthOrder(patient.getMultipleBirth());
  }

  /** What both Patient profiles require: sky-pat-1, sky-pat-2, names, gender, birthDate. */
  private boolean acceptsPerson(Patient patient) {
    if (patient.getIdentifier().isEmpty()) {
      return false;
    }
    boolean handbookNumber = false;
    for (Identifier identifier : patient.getIdentifier()) {
      if (!acceptsIdentifier(identifier)) {
        return false;
      }
      String system = identifier.getSystem();
      if (system.startsWith(SukoyakaCanonicals.HANDBOOK_NUMBER_SYSTEM_PREFIX)) {
        // sky-pat-2: 6 digits with a valid check digit; sky-pat-1: at least one of these.
        if (SukoyakaCanonicals.parseHandbookNumberSystem(system).isEmpty()) {
          return false;
        }
        handbookNumber = true;
      }
    }
    if (!handbookNumber) {
      return false;
    }
    for (HumanName name : patient.getName()) {
      if (!acceptsName(name)) {
        return false;
      }
    }
    if (patient.hasGenderElement() && !plainEnum(patient.getGenderElement())) {
      return false;
    }
    return patient.hasBirthDateElement() && acceptsDate(patient.getBirthDateElement());
  }

  private boolean acceptsName(HumanName name) {
    if (!only(name, HUMAN_NAME) || name.getExtension().size() > 1) {
      return false;
    }
    for (Extension extension : name.getExtension()) {
      if (!only(extension, EXTENSION)
          || !extension.hasUrlElement()
          || !plain(extension.getUrlElement())
          || !representationExtension.equals(extension.getUrl())
          || !(extension.getValue() instanceof PrimitiveType<?> code)
          || !"code".equals(code.fhirType())
          || !plain(code)
          || !nameRepresentations.contains(code.getValueAsString())) {
        return false;
      }
    }
    if (name.hasUseElement() && !plainEnum(name.getUseElement())) {
      return false;
    }
    if ((name.hasTextElement() && !cleanString(name.getTextElement()))
        || (name.hasFamilyElement() && !cleanString(name.getFamilyElement()))) {
      return false;
    }
    for (StringType given : name.getGiven()) {
      if (!cleanString(given)) {
        return false;
      }
    }
    return true;
  }

  /**
   * No extension, or the one sukoyaka-mother (0..1): a Reference to the other Patient of this
   * Bundle by its fullUrl, or a logical reference by identifier, either with an optional display
   * (sky-mother-1). A reference elsewhere is HAPI's to resolve.
   */
  private boolean acceptsMotherExtension(
      List<Extension> extensions, String fullUrl, Map<String, Patient> patients) {
    if (extensions.isEmpty()) {
      return true;
    }
    if (extensions.size() != 1) {
      return false;
    }
    Extension extension = extensions.get(0);
    if (!only(extension, EXTENSION)
        || !extension.hasUrlElement()
        || !plain(extension.getUrlElement())
        || !motherExtension.equals(extension.getUrl())
        || !(extension.getValue() instanceof Reference mother)
        || (mother.hasDisplayElement() && !cleanString(mother.getDisplayElement()))) {
      return false;
    }
    if (mother.hasReferenceElement()) {
      String target = mother.getReference();
      return only(mother, LITERAL_REFERENCE_WITH_DISPLAY)
          && plain(mother.getReferenceElement_())
          && !target.equals(fullUrl)
          && patients.containsKey(target)
          && (mother.getResource() == null || mother.getResource() == patients.get(target));
    }
    return only(mother, LOGICAL_REFERENCE)
        && mother.getResource() == null
        && mother.hasIdentifier()
        && acceptsIdentifier(mother.getIdentifier());
  }

  /** multipleBirth[x]: absent, a boolean, or a birth order within sky-child-1's bounds. */
  private boolean acceptsBirthOrder(Type multipleBirth) {
    if (multipleBirth == null || vacant(multipleBirth)) {
      return true;
    }
    if (!(multipleBirth instanceof PrimitiveType<?> value) || !plain(value)) {
      return false;
    }
    return switch (value.fhirType()) {
      case "boolean" -> true;
      case "integer" -> acceptsInteger((IntegerType) value, birthOrder);
      default -> false;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Encounter: sukoyaka-checkup-encounter

  private boolean acceptsEncounter(Encounter encounter, Map<String, Patient> patients) {
    if (!only(encounter, ENCOUNTER)
        || !encounter.hasStatusElement()
        || !plainEnum(encounter.getStatusElement())) {
      return false;
    }
    if (encounter.getType().size() != 1) {
      return false;
    }
    CodeableConcept type = encounter.getTypeFirstRep();
    if (!only(type, CODEABLE_CONCEPT)
        || type.getCoding().size() != 1
        || !acceptsCodeableConcept(type, kinds.keySet())) {
      return false;
    }
    Coding kindCoding = type.getCodingFirstRep();
    CheckupKind kind = kinds.get(new CodingRef(kindCoding.getSystem(), kindCoding.getCode()));
    // sky-kind-<kind>: a class the kind allows; a municipality's own checkup named in type.text.
    if (kind.municipalOwn() && !type.hasTextElement()) {
      return false;
    }
    if (!encounter.hasClass_()) {
      return false;
    }
    Coding encounterClass = encounter.getClass_();
    if (!acceptsCodingShape(encounterClass)
        || !encounterClasses.contains(
            new CodingRef(encounterClass.getSystem(), encounterClass.getCode()))
        || !GeneratedInvariants.ACT_CODE_SYSTEM.equals(encounterClass.getSystem())
        || !kind.encounterClasses().contains(encounterClass.getCode())
        || !acceptsDisplay(encounterClass)) {
      return false;
    }
    if (!encounter.hasSubject() || !acceptsPatientReference(encounter.getSubject(), patients)) {
      return false;
    }
    if (!encounter.hasPeriod() || !acceptsPeriod(encounter.getPeriod())) {
      return false;
    }
    return !encounter.hasServiceProvider()
        || acceptsServiceProvider(encounter.getServiceProvider());
  }

  private static boolean acceptsPeriod(Period period) {
    if (!only(period, PERIOD)
        || !period.hasStartElement()
        || !acceptsDateTime(period.getStartElement())) {
      return false;
    }
    if (!period.hasEndElement()) {
      return true;
    }
    DateTimeType end = period.getEndElement();
    if (!acceptsDateTime(end)) {
      return false;
    }
    return ordered(period.getStartElement().getValueAsString(), end.getValueAsString());
  }

  /**
   * per-1 (start <= end) for a start and end the dateTime check accepted: compared only at the same
   * precision and offset, where the order of the values is certain.
   */
  static boolean ordered(String from, String to) {
    if (from.length() != to.length()) {
      return false;
    }
    if (from.length() == 10) {
      return !LocalDate.parse(to).isBefore(LocalDate.parse(from));
    }
    OffsetDateTime start = OffsetDateTime.parse(from);
    OffsetDateTime finish = OffsetDateTime.parse(to);
    return start.getOffset().equals(finish.getOffset()) && !finish.isBefore(start);
  }

  /** sky-enc-1: a logical reference by a 10-digit 医療機関コード; nothing else is understood. */
  private static boolean acceptsServiceProvider(Reference provider) {
    if (!only(provider, LOGICAL_REFERENCE)
        || provider.getResource() != null
        || !provider.hasIdentifier()
        || (provider.hasDisplayElement() && !cleanString(provider.getDisplayElement()))) {
      return false;
    }
    Identifier identifier = provider.getIdentifier();
    return only(identifier, IDENTIFIER)
        && identifier.hasSystemElement()
        && plain(identifier.getSystemElement())
        && SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM.equals(identifier.getSystem())
        && identifier.hasValueElement()
        && plain(identifier.getValueElement())
        && SukoyakaCanonicals.isMedicalInstitutionCode(identifier.getValue());
  }

  // ---------------------------------------------------------------------------------------------
  // Observation: sukoyaka-checkup-observation

  private boolean acceptsObservation(
      Observation observation,
      Map<String, Patient> patients,
      Encounter encounter,
      String encounterUrl) {
    if (!only(observation, OBSERVATION)
        || !observation.hasStatusElement()
        || !plainEnum(observation.getStatusElement())
        || !observationStatuses.contains(observation.getStatus().toCode())) {
      return false;
    }
    // sky-sub-1: the findings belong to a Patient and the visit of this Bundle.
    if (!observation.hasSubject()
        || !acceptsPatientReference(observation.getSubject(), patients)
        || !observation.hasEncounter()
        || !acceptsReference(observation.getEncounter(), encounterUrl, encounter)) {
      return false;
    }
    if (!(observation.getEffective() instanceof DateTimeType effective)
        || !acceptsDateTime(effective)) {
      return false;
    }
    if (!observation.hasCode()) {
      return false;
    }
    CodeableConcept code = observation.getCode();
    if (!acceptsCodeableConcept(code, itemCodes.keySet())
        && !acceptsCodeableConcept(code, panelCodes.keySet())) {
      return false;
    }
    Optional<CatalogPanel> panel = namedPanel(code);
    if (panel.isPresent()) {
      return !observation.hasSpecimen()
          && acceptsCategories(observation.getCategory(), panelCategories.get(panel.get().code()))
          && !observation.hasValue()
          && !observation.hasDataAbsentReason()
          && acceptsComponents(observation.getComponent(), panel.get());
    }
    if (observation.hasComponent()) {
      return false;
    }
    Optional<CatalogItem> item = namedItem(code);
    return item.isPresent()
        && acceptsSpecimen(observation, item.get())
        && acceptsCategories(observation.getCategory(), item.get().category())
        && acceptsValue(
            item.get(),
            observation.getValue(),
            observation.hasDataAbsentReason() ? observation.getDataAbsentReason() : null,
            valueTypes);
  }

  /**
   * sky-category-laboratory: a laboratory item names its specimen; understood only as a bare
   * display (what the catalog writes). Any other item without one, as HAPI then has nothing to
   * check.
   */
  private boolean acceptsSpecimen(Observation observation, CatalogItem item) {
    if (item.specimen() == null) {
      return !observation.hasSpecimen();
    }
    return observation.hasSpecimen()
        && only(observation.getSpecimen(), SPECIMEN_BY_NAME)
        && observation.getSpecimen().hasDisplayElement()
        && cleanString(observation.getSpecimen().getDisplayElement());
  }

  /**
   * Categories from the core observation-category value set or JP Core's simple observation
   * categories the catalog uses, among them the item's own JP Core category (sky-category-*).
   */
  private boolean acceptsCategories(List<CodeableConcept> concepts, String required) {
    boolean found = false;
    for (CodeableConcept concept : concepts) {
      if (!only(concept, CODEABLE_CONCEPT) || !optionalText(concept)) {
        return false;
      }
      Set<CodingRef> seen = new HashSet<>();
      for (Coding coding : concept.getCoding()) {
        if (!acceptsCodingShape(coding)) {
          return false;
        }
        CodingRef ref = new CodingRef(coding.getSystem(), coding.getCode());
        if (!seen.add(ref)) {
          return false;
        }
        if (SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM.equals(ref.system())) {
          if (!jpCategories.contains(ref.code()) || !acceptsJpCategoryDisplay(coding)) {
            return false;
          }
          found |= ref.code().equals(required);
        } else if (!categories.contains(ref) || !acceptsDisplay(coding)) {
          return false;
        }
      }
    }
    return found;
  }

  /**
   * HAPI has no definition of JP Core's category code system, so it cannot check a display; when it
   * does have one, the display must be the concept's.
   */
  private boolean acceptsJpCategoryDisplay(Coding coding) {
    return jpCategoryDisplaysUnchecked
        ? !coding.hasDisplayElement() || cleanString(coding.getDisplayElement())
        : acceptsDisplay(coding);
  }

  /** The item all codings name (sky-obs-one-item); empty if none or several. */
  private Optional<CatalogItem> namedItem(CodeableConcept code) {
    CatalogItem item = null;
    for (Coding coding : code.getCoding()) {
      CatalogItem named = itemCodes.get(new CodingRef(coding.getSystem(), coding.getCode()));
      if (named == null || (item != null && item != named)) {
        return Optional.empty();
      }
      item = named;
    }
    return Optional.ofNullable(item);
  }

  private Optional<CatalogPanel> namedPanel(CodeableConcept code) {
    CatalogPanel panel = null;
    for (Coding coding : code.getCoding()) {
      CatalogPanel named = panelCodes.get(new CodingRef(coding.getSystem(), coding.getCode()));
      if (named == null || (panel != null && panel != named)) {
        return Optional.empty();
      }
      panel = named;
    }
    return Optional.ofNullable(panel);
  }

  /**
   * The panel's rule: exactly one component per component item, each coded only with that item's
   * codings and with a value in range or a dataAbsentReason (sky-blood-pressure-panel,
   * sky-obs-component-value).
   */
  private boolean acceptsComponents(
      List<Observation.ObservationComponentComponent> components, CatalogPanel panel) {
    if (components.size() != panel.components().size()) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (Observation.ObservationComponentComponent component : components) {
      if (!only(component, COMPONENT) || !component.hasCode()) {
        return false;
      }
      Optional<CatalogItem> item = namedItem(component.getCode());
      if (item.isEmpty()
          || !panel.components().contains(item.get().code())
          || !seen.add(item.get().code())
          || !acceptsCodeableConcept(component.getCode(), item.get().fhirCodes())) {
        return false;
      }
      CodeableConcept absentReason =
          component.hasDataAbsentReason() ? component.getDataAbsentReason() : null;
      // Observation.component.value[x] keeps the core type choice; the item's rule applies.
      if (!acceptsValue(item.get(), component.getValue(), absentReason, null)) {
        return false;
      }
    }
    return true;
  }

  /**
   * value[x] as the item's sky-&lt;item&gt; invariant requires and the profile's value[x] types
   * allow ({@code allowedTypes}; null for no restriction), or no value and a dataAbsentReason
   * (sky-obs-value, obs-6).
   */
  private boolean acceptsValue(
      CatalogItem item, Base value, CodeableConcept absentReason, Set<String> allowedTypes) {
    boolean hasAbsentReason = absentReason != null && !absentReason.isEmpty();
    if (value == null || value.isEmpty()) {
      return hasAbsentReason
          && acceptsCodeableConcept(absentReason, absentReasons)
          && !absentReason.getCoding().isEmpty();
    }
    String type = value.fhirType();
    if (hasAbsentReason || (allowedTypes != null && !allowedTypes.contains(type))) {
      return false;
    }
    return switch (item.valueType()) {
      case QUANTITY -> "Quantity".equals(type) && acceptsQuantity(item, (Quantity) value);
      case CODED -> "CodeableConcept".equals(type) && acceptsAnswer(item, (CodeableConcept) value);
      case BOOLEAN -> "boolean".equals(type) && plain((PrimitiveType<?>) value);
      case STRING -> "string".equals(type) && cleanString((PrimitiveType<?>) value);
      // A calendar day: the invariant takes any dateTime, the catalog means the day alone.
      case DATE ->
          "dateTime".equals(type)
              && acceptsDateTime((DateTimeType) value)
              && ((DateTimeType) value).getValueAsString().length() == 10;
      case INTEGER ->
          "integer".equals(type) && acceptsInteger((IntegerType) value, item.plausibleRange());
      // The moment with its time of day ($this.toString().contains('T')).
      case DATETIME ->
          "dateTime".equals(type)
              && acceptsDateTime((DateTimeType) value)
              && ((DateTimeType) value).getValueAsString().length() > 10;
    };
  }

  private boolean acceptsQuantity(CatalogItem item, Quantity quantity) {
    if (!only(quantity, QUANTITY)
        || !quantity.hasValueElement()
        || !plain(quantity.getValueElement())
        || !quantity.hasSystemElement()
        || !plain(quantity.getSystemElement())
        || !SukoyakaCanonicals.UCUM_SYSTEM.equals(quantity.getSystem())
        || !quantity.hasCodeElement()
        || !plain(quantity.getCodeElement())
        || (quantity.hasUnitElement() && !cleanString(quantity.getUnitElement()))) {
      return false;
    }
    String text = quantity.getValueElement().getValueAsString();
    if (text == null || !DECIMAL.matcher(text).matches()) {
      return false;
    }
    BigDecimal value = quantity.getValue();
    PlausibleRange bounds =
        boundsByItemAndUnit.getOrDefault(item.code(), Map.of()).get(quantity.getCode());
    // Both the catalog's reading and the invariant's per-unit bounds must agree it is in range.
    return bounds != null
        && bounds.contains(value)
        && item.isPlausible(value, quantity.getCode())
        && value.compareTo(new BigDecimal(text)) == 0;
  }

  private boolean acceptsAnswer(CatalogItem item, CodeableConcept answer) {
    if (!only(answer, CODEABLE_CONCEPT)
        || answer.getCoding().size() != 1
        || !optionalText(answer)) {
      return false;
    }
    Coding coding = answer.getCodingFirstRep();
    return acceptsCodingShape(coding)
        && item.answer(coding.getSystem(), coding.getCode()).isPresent()
        && acceptsDisplay(coding);
  }

  /** A plainly written integer within the (widest) range: sky-&lt;item&gt;, sky-child-1. */
  private static boolean acceptsInteger(IntegerType integer, PlausibleRange range) {
    if (!plain(integer) || !INTEGER.matcher(integer.getValueAsString()).matches()) {
      return false;
    }
    BigDecimal value = BigDecimal.valueOf(integer.getValue());
    return range != null
        && integer.getValueAsString().equals(integer.getValue().toString())
        && range.contains(value);
  }

  // ---------------------------------------------------------------------------------------------
  // QuestionnaireResponse: sukoyaka-epds-response

  private boolean acceptsEpdsResponse(
      QuestionnaireResponse response,
      Map<String, Patient> patients,
      Encounter encounter,
      String encounterUrl) {
    return epds.accepts(response)
        && response.hasSubject()
        && acceptsPatientReference(response.getSubject(), patients)
        && response.hasEncounter()
        && acceptsReference(response.getEncounter(), encounterUrl, encounter);
  }

  /**
   * The EPDS response as {@code sukoyaka-epds-response} has it: the fixed Questionnaire canonical
   * and status, an authored date, and one item per linkId of sky-epds-1 (in any order, each once),
   * each with an optional clean text and exactly one integer answer within sky-epds-2's score. HAPI
   * checks a response against this profile only: the validator does not resolve the EPDS
   * Questionnaire (the check is built disabled if it could, since it does not model that check).
   */
  record EpdsForm(String questionnaire, String status, Set<String> linkIds, PlausibleRange score) {

    boolean accepts(QuestionnaireResponse response) {
      if (!only(response, QUESTIONNAIRE_RESPONSE)
          || !response.hasQuestionnaireElement()
          || !plain(response.getQuestionnaireElement())
          || !questionnaire.equals(response.getQuestionnaire())
          || !response.hasStatusElement()
          || !plainEnum(response.getStatusElement())
          || !status.equals(response.getStatus().toCode())
          || !response.hasAuthoredElement()
          || !acceptsDateTime(response.getAuthoredElement())
          || response.getItem().size() != linkIds.size()) {
        return false;
      }
      Set<String> answered = new HashSet<>();
      for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : response.getItem()) {
        if (!only(item, RESPONSE_ITEM)
            || !item.hasLinkIdElement()
            || !plain(item.getLinkIdElement())
            || !linkIds.contains(item.getLinkId())
            || !answered.add(item.getLinkId())
            || (item.hasTextElement() && !cleanString(item.getTextElement()))
            || item.getAnswer().size() != 1) {
          return false;
        }
        QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer =
            item.getAnswerFirstRep();
        if (!only(answer, RESPONSE_ANSWER)
            || !(answer.getValue() instanceof IntegerType value)
            || !"integer".equals(value.fhirType())
            || !acceptsInteger(value, score)) {
          return false;
        }
      }
      return true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Data types

  /** A reference by the fullUrl of one of this Bundle's Patients (sky-sub-1). */
  private static boolean acceptsPatientReference(
      Reference reference, Map<String, Patient> patients) {
    Patient target = patients.get(reference.getReference());
    return target != null && acceptsReference(reference, reference.getReference(), target);
  }

  /**
   * A CodeableConcept whose codings are all distinct members of {@code allowed}, each with no
   * display or a display of the concept, and an optional clean text.
   */
  private boolean acceptsCodeableConcept(CodeableConcept concept, Collection<CodingRef> allowed) {
    if (concept == null || !only(concept, CODEABLE_CONCEPT) || !optionalText(concept)) {
      return false;
    }
    Set<CodingRef> seen = new HashSet<>();
    for (Coding coding : concept.getCoding()) {
      if (!acceptsCodingShape(coding)) {
        return false;
      }
      CodingRef ref = new CodingRef(coding.getSystem(), coding.getCode());
      if (!allowed.contains(ref) || !seen.add(ref) || !acceptsDisplay(coding)) {
        return false;
      }
    }
    return true;
  }

  private static boolean acceptsCodingShape(Coding coding) {
    return only(coding, CODING)
        && coding.hasSystemElement()
        && plain(coding.getSystemElement())
        && coding.hasCodeElement()
        && plain(coding.getCodeElement())
        && (!coding.hasDisplayElement() || plain(coding.getDisplayElement()));
  }

  /** No display, or the concept's display or one of its designations. */
  private boolean acceptsDisplay(Coding coding) {
    return !coding.hasDisplayElement()
        || displays
            .getOrDefault(new CodingRef(coding.getSystem(), coding.getCode()), Set.of())
            .contains(coding.getDisplay());
  }

  private static boolean optionalText(CodeableConcept concept) {
    return !concept.hasTextElement() || cleanString(concept.getTextElement());
  }

  /** A reference by the fullUrl of an entry of this Bundle, and nothing else. */
  private static boolean acceptsReference(Reference reference, String fullUrl, Resource target) {
    // HAPI's parser links the reference to the entry's resource; any other attached resource
    // would be written out as a contained one.
    return only(reference, LITERAL_REFERENCE)
        && reference.hasReferenceElement()
        && plain(reference.getReferenceElement_())
        && fullUrl.equals(reference.getReference())
        && (reference.getResource() == null || reference.getResource() == target);
  }

  private boolean acceptsIdentifier(Identifier identifier) {
    if (!only(identifier, IDENTIFIER)
        || !identifier.hasSystemElement()
        || !plain(identifier.getSystemElement())
        || !identifier.hasValueElement()
        || !cleanString(identifier.getValueElement())) {
      return false;
    }
    return acceptsIdentifierSystem(identifier.getSystem());
  }

  /** A system the validator takes for an identifier: an http(s) URL or an OID. */
  static boolean acceptsIdentifierSystem(String system) {
    return HTTP_URL.matcher(system).matches() || acceptsOid(system);
  }

  /**
   * An OID the validator takes: well-formed, and with its last arc starting at index 4 or later (it
   * rejects short ones such as 1.2.3 as unlikely namespaces).
   */
  static boolean acceptsOid(String system) {
    return URN_OID.matcher(system).matches() && system.lastIndexOf('.') >= "urn:oid:".length() + 4;
  }

  /** A full date (YYYY-MM-DD) that exists in the calendar. */
  private static boolean acceptsDate(DateType date) {
    return plain(date) && acceptsDate(date.getValueAsString());
  }

  /** {@link #acceptsDate(DateType)} on the text of a plain date. */
  static boolean acceptsDate(String text) {
    return DATE.matcher(text).matches() && realDate(text);
  }

  /** A date, or a dateTime to the second with a time zone, in years HAPI finds reasonable. */
  private static boolean acceptsDateTime(DateTimeType dateTime) {
    return plain(dateTime) && acceptsDateTime(dateTime.getValueAsString());
  }

  /** {@link #acceptsDateTime(DateTimeType)} on the text of a plain dateTime. */
  static boolean acceptsDateTime(String text) {
    if (!DATE_TIME.matcher(text).matches() || !realDate(text.substring(0, 10))) {
      return false;
    }
    // The pattern already bounds the time of day and the offset; only the day needed checking.
    return true;
  }

  /** A day that exists, given text the DATE pattern accepted (yyyy-MM-dd, months 01–12). */
  static boolean realDate(String yyyyMmDd) {
    int year = Integer.parseInt(yyyyMmDd, 0, 4, 10);
    int month = Integer.parseInt(yyyyMmDd, 5, 7, 10);
    int day = Integer.parseInt(yyyyMmDd, 8, 10, 10);
    return day <= YearMonth.of(year, month).lengthOfMonth();
  }

  /**
   * A string HAPI has no reason to flag: not empty, not too long, no leading or trailing white
   * space, no control character, no unpaired surrogate or noncharacter.
   */
  private static boolean cleanString(PrimitiveType<?> element) {
    return plain(element) && cleanString(element.getValueAsString());
  }

  /** {@link #cleanString(PrimitiveType)} on the text of a plain string. */
  static boolean cleanString(String value) {
    int length = value.length();
    if (length == 0 || length > MAX_STRING_LENGTH) {
      return false;
    }
    if (blank(value.codePointAt(0)) || blank(value.codePointBefore(length))) {
      return false;
    }
    for (int i = 0; i < length; ) {
      int c = value.codePointAt(i);
      if (Character.isISOControl(c)
          || Character.getType(c) == Character.SURROGATE
          || Character.getType(c) == Character.FORMAT
          || (c & 0xFFFE) == 0xFFFE
          || (c >= 0xFDD0 && c <= 0xFDEF)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  private static boolean blank(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** A primitive with a value and nothing else: no element id, no extension. */
  private static boolean plain(PrimitiveType<?> element) {
    return element != null
        && element.getValue() != null
        && element.getValueAsString() != null
        && !element.hasId()
        && !element.hasExtension();
  }

  /** A coded primitive whose text is exactly one of the enumeration's codes. */
  private static <T extends Enum<?>> boolean plainEnum(Enumeration<T> element) {
    return plain(element)
        && element.getValueAsString().equals(element.getEnumFactory().toCode(element.getValue()));
  }

  /**
   * Whether {@code element} carries no child outside {@code allowed}. Children that would not be
   * serialised (null, or empty containers without any value) do not count: HAPI validates the
   * serialised resource.
   */
  private static boolean only(Base element, Allowed allowed) {
    for (String name : allowed.disallowed.get(element.getClass())) {
      for (Base value : element.getProperty(name.hashCode(), name, false)) {
        if (!vacant(value)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Allowed allowed(String... names) {
    return new Allowed(Set.of(names));
  }

  /**
   * The elements a profile lets a type carry. What it does not allow is listed once per class, so
   * the check asks only for those properties instead of building every child's {@link Property} on
   * each call (which cost a tenth of the whole submission check).
   */
  private static final class Allowed {
    private final Set<String> names;
    private final ClassValue<String[]> disallowed =
        new ClassValue<>() {
          @Override
          protected String[] computeValue(Class<?> type) {
            try {
              Base blank = (Base) type.getDeclaredConstructor().newInstance();
              return blank.children().stream()
                  .map(Property::getName)
                  .filter(name -> !names.contains(name))
                  .map(name -> name.endsWith("[x]") ? name.substring(0, name.length() - 3) : name)
                  .toArray(String[]::new);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException("cannot list the elements of " + type, e);
            }
          }
        };

    private Allowed(Set<String> names) {
      this.names = names;
    }
  }

  private static boolean vacant(Base value) {
    if (value == null) {
      return true;
    }
    if (value instanceof PrimitiveType<?> primitive) {
      return primitive.getValueAsString() == null
          && !primitive.hasId()
          && !primitive.hasExtension();
    }
    // isEmpty() also sees content children() does not list, such as a narrative's div.
    if (!(value instanceof Element) || value instanceof Resource || !value.isEmpty()) {
      return false;
    }
    for (Property child : value.children()) {
      for (Base grandChild : child.getValues()) {
        if (!vacant(grandChild)) {
          return false;
        }
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Compilation

  /** Reads what the check needs from the definitions; throws IllegalStateException if it can't. */
  private static final class Compiler {

    /** sky-child-1: the birth order among a multiple birth. */
    private static final PlausibleRange BIRTH_ORDER =
        new PlausibleRange(BigDecimal.ONE, BigDecimal.valueOf(8));

    /** The value[x] types of the Observation profile this class can check. */
    private static final Set<String> KNOWN_VALUE_TYPES =
        Set.of("Quantity", "CodeableConcept", "boolean", "string", "dateTime", "integer");

    /** sky-epds-1: each linkId answered once; the linkIds are read from it. */
    private static final Pattern EPDS_ITEMS =
        Pattern.compile(
            "item\\.count\\(\\) = ([0-9]+) and item\\.linkId\\.isDistinct\\(\\) and"
                + " item\\.all\\(linkId in \\(('[0-9]+'(?: \\| '[0-9]+')*)\\)\\)");

    /** sky-epds-2: one integer answer per item within a score range, read from it. */
    private static final Pattern EPDS_SCORE =
        Pattern.compile(
            "item\\.all\\(answer\\.count\\(\\) = 1 and answer\\.value is integer and"
                + " answer\\.value >= ([0-9]+) and answer\\.value <= ([0-9]+)\\)");

    /**
     * sky-sub-1: the Encounter, the Observations and the EPDS response refer to this Bundle's
     * Patients (and Encounter).
     */
    private static final String SUBMISSION_REFERENCES =
        "entry.where(resource is Observation or resource is"
            + " QuestionnaireResponse).all(resource.subject.reference in"
            + " %resource.entry.where(resource is Patient).fullUrl and"
            + " resource.encounter.reference in %resource.entry.where(resource is"
            + " Encounter).fullUrl) and entry.where(resource is"
            + " Encounter).all(resource.subject.reference in %resource.entry.where(resource"
            + " is Patient).fullUrl)";

    /** sky-pat-1: at least one handbook number. */
    private static final String HANDBOOK_NUMBER_PRESENT =
        "identifier.where(system.matches('^https://sukoyaka[.]app/fhir/sid/boshi-techo/"
            + "[0-9]{6}$') and value.exists()).exists()";

    /** sky-pat-2: a handbook number system ends in a valid 全国地方公共団体コード. */
    private static final String HANDBOOK_NUMBER_CHECK_DIGIT =
        "system.startsWith('https://sukoyaka.app/fhir/sid/boshi-techo/') implies"
            + " (system.matches('^https://sukoyaka[.]app/fhir/sid/boshi-techo/[0-9]{6}$')"
            + " and (11 - (system.substring(42, 1).toInteger() * 6 + system.substring(43,"
            + " 1).toInteger() * 5 + system.substring(44, 1).toInteger() * 4 +"
            + " system.substring(45, 1).toInteger() * 3 + system.substring(46,"
            + " 1).toInteger() * 2) mod 11) mod 10 = system.substring(47, 1).toInteger())";

    /** sky-enc-1: a 医療機関コード has 10 digits. */
    private static final String MEDICAL_INSTITUTION_CODE =
        "identifier.where(system ="
            + " 'http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no')"
            + ".all(value.matches('^[0-9]{10}$'))";

    private final CheckupItemCatalog catalog;
    private final IValidationSupport definitions;
    private boolean enabled = true;
    private Set<String> languages = Set.of();
    private String bundleType;
    private final Map<CodingRef, Set<String>> displays = new HashMap<>();
    private Set<String> nameRepresentations = Set.of();
    private String representationExtension;
    private String motherExtension;
    private PlausibleRange birthOrder;
    private Set<CodingRef> encounterClasses = Set.of();
    private final Map<CodingRef, CheckupKind> kinds = new HashMap<>();
    private Set<String> observationStatuses = Set.of();
    private final Map<CodingRef, CatalogItem> itemCodes = new HashMap<>();
    private final Map<CodingRef, CatalogPanel> panelCodes = new HashMap<>();
    private final Map<String, String> panelCategories = new HashMap<>();
    private Set<CodingRef> categories = Set.of();
    private final Set<String> jpCategories = new HashSet<>();
    private boolean jpCategoryDisplaysUnchecked;
    private Set<CodingRef> absentReasons = Set.of();
    private final Set<String> valueTypes = new HashSet<>();
    private final Map<String, Map<String, PlausibleRange>> boundsByItemAndUnit = new HashMap<>();
    private EpdsForm epds;
    private String epdsLinkIds;

    Compiler(CheckupItemCatalog catalog, IValidationSupport definitions) {
      this.catalog = catalog;
      this.definitions = definitions;
    }

    void compile() {
      StructureDefinition submission = profile(SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE);
      StructureDefinition person = profile(SukoyakaCanonicals.PREGNANT_PERSON_PROFILE);
      StructureDefinition child = profile(SukoyakaCanonicals.CHILD_PROFILE);
      StructureDefinition mother = profile(motherExtensionCanonical());
      StructureDefinition visit = profile(SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE);
      StructureDefinition finding = profile(SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE);
      StructureDefinition response = profile(SukoyakaCanonicals.EPDS_RESPONSE_PROFILE);
      epds = epdsForm(response);

      GeneratedInvariants generated = new GeneratedInvariants(catalog);
      Map<String, Map<String, String>> observationInvariants = generated.observation();
      requireUnderstood(
          submission,
          List.of(
              "Bundle .. sky-sub-1",
              "Bundle.identifier 1..",
              "Bundle.identifier.system 1..",
              "Bundle.identifier.value 1..",
              "Bundle.type .. fixed",
              "Bundle.entry 2.. slicing:closed,unordered,type@resource",
              "Bundle.entry.fullUrl 1..",
              "Bundle.entry.resource 1..",
              "Bundle.entry.request 1..",
              "Bundle.entry:patient 1.." + MAX_PATIENTS,
              "Bundle.entry:patient.resource .. Patient",
              "Bundle.entry:encounter 1..1",
              "Bundle.entry:encounter.resource .. Encounter",
              "Bundle.entry:observation 0..*",
              "Bundle.entry:observation.resource .. Observation",
              "Bundle.entry:epds 0..1",
              "Bundle.entry:epds.resource .. QuestionnaireResponse"),
          Map.of("Bundle", Map.of("sky-sub-1", SUBMISSION_REFERENCES)));
      List<String> personElements =
          List.of(
              "Patient .. sky-pat-1",
              "Patient.identifier 1.. sky-pat-2",
              "Patient.identifier.system 1..",
              "Patient.identifier.value 1..",
              "Patient.name ..",
              "Patient.name.extension .. slicing:open,unordered,value@url",
              "Patient.name.extension:representation 0..1 Extension",
              "Patient.birthDate 1..");
      Map<String, Map<String, String>> personInvariants =
          Map.of(
              "Patient", Map.of("sky-pat-1", HANDBOOK_NUMBER_PRESENT),
              "Patient.identifier", Map.of("sky-pat-2", HANDBOOK_NUMBER_CHECK_DIGIT));
      requireUnderstood(person, personElements, personInvariants);
      List<String> childElements = new ArrayList<>(personElements);
      childElements.addAll(
          List.of(
              "Patient.extension .. slicing:open,unordered,value@url",
              "Patient.extension:mother 0..1 Extension",
              "Patient.gender 1..",
              "Patient.multipleBirth[x] .. boolean|integer sky-child-1"));
      Map<String, Map<String, String>> childInvariants = new HashMap<>(personInvariants);
      childInvariants.put(
          "Patient.multipleBirth[x]",
          Map.of(
              "sky-child-1",
              "$this is integer implies ($this >= "
                  + BIRTH_ORDER.min()
                  + " and $this <= "
                  + BIRTH_ORDER.max()
                  + ")"));
      requireUnderstood(child, childElements, childInvariants);
      requireUnderstood(
          mother,
          List.of(
              "Extension ..1",
              "Extension.extension ..0",
              "Extension.url .. fixed",
              "Extension.value[x] 1.. Reference(Patient) sky-mother-1"),
          Map.of(
              "Extension.value[x]",
              Map.of("sky-mother-1", "reference.exists() or identifier.exists()")));
      requireUnderstood(
          visit,
          List.of(
              "Encounter .. " + keys(generated.encounter()),
              "Encounter.status ..",
              "Encounter.class 1.. binding:required",
              "Encounter.type 1..1 binding:required",
              "Encounter.subject 1.. Reference(Patient)",
              "Encounter.period 1..",
              "Encounter.period.start 1..",
              "Encounter.serviceProvider .. sky-enc-1"),
          Map.of(
              "Encounter", generated.encounter(),
              "Encounter.serviceProvider", Map.of("sky-enc-1", MEDICAL_INSTITUTION_CODE)));
      requireUnderstood(
          finding,
          List.of(
              "Observation .. " + keys(observationInvariants.get("Observation")),
              "Observation.status .. binding:required",
              "Observation.code .. binding:required",
              "Observation.subject 1.. Reference(Patient)",
              "Observation.encounter 1.. Reference(Encounter)",
              "Observation.effective[x] 1.. dateTime",
              // The types are read below rather than pinned.
              "Observation.value[x] .. "
                  + READ_TYPES
                  + " "
                  + keys(observationInvariants.get("Observation.value[x]")),
              "Observation.dataAbsentReason ..",
              "Observation.component .. sky-obs-component-value"),
          observationInvariants);
      requireUnderstood(
          response,
          List.of(
              "QuestionnaireResponse .. sky-epds-1,sky-epds-2",
              "QuestionnaireResponse.questionnaire 1.. fixed",
              "QuestionnaireResponse.status .. fixed",
              "QuestionnaireResponse.subject 1.. Reference(Patient)",
              "QuestionnaireResponse.encounter 1..",
              "QuestionnaireResponse.authored 1..",
              "QuestionnaireResponse.item " + epds.linkIds().size() + ".." + epds.linkIds().size(),
              "QuestionnaireResponse.item.answer 1..1",
              "QuestionnaireResponse.item.answer.value[x] 1.. integer",
              "QuestionnaireResponse.item.answer.item ..0",
              "QuestionnaireResponse.item.item ..0"),
          Map.of(
              "QuestionnaireResponse",
              Map.of(
                  "sky-epds-1",
                  "item.count() = "
                      + epds.linkIds().size()
                      + " and item.linkId.isDistinct() and item.all(linkId in ("
                      + epdsLinkIds
                      + "))",
                  "sky-epds-2",
                  "item.all(answer.count() = 1 and answer.value is integer and answer.value >= "
                      + epds.score().min()
                      + " and answer.value <= "
                      + epds.score().max()
                      + ")")));
      requireSliceProfiles(
          submission,
          Map.of(
              "Bundle.entry:patient.resource",
              List.of(SukoyakaCanonicals.PREGNANT_PERSON_PROFILE, SukoyakaCanonicals.CHILD_PROFILE),
              "Bundle.entry:encounter.resource",
              List.of(SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE),
              "Bundle.entry:observation.resource",
              List.of(SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE),
              "Bundle.entry:epds.resource",
              List.of(SukoyakaCanonicals.EPDS_RESPONSE_PROFILE)));
      requireSliceProfiles(
          child, Map.of("Patient.extension:mother", List.of(motherExtensionCanonical())));

      bundleType = element(submission, "Bundle.type").getFixed().primitiveValue();

      ElementDefinition representation = element(person, "Patient.name.extension:representation");
      representationExtension = representation.getTypeFirstRep().getProfile().get(0).getValue();
      if (!representationExtension.equals(
          element(child, "Patient.name.extension:representation")
              .getTypeFirstRep()
              .getProfile()
              .get(0)
              .getValue())) {
        throw new IllegalStateException("The Patient profiles name different representations");
      }
      // The extension's valueCode carries the code alone (IDE, SYL …), without its system.
      nameRepresentations = new HashSet<>();
      codes(valueSet(coreBinding(representationExtension, "Extension.value[x]", "required")))
          .forEach(coding -> nameRepresentations.add(coding.code()));

      motherExtension = element(mother, "Extension.url").getFixed().primitiveValue();
      if (!SukoyakaCanonicals.MOTHER_EXTENSION.equals(motherExtension)
          || mother.getContext().size() != 1
          || mother.getContextFirstRep().getType()
              != StructureDefinition.ExtensionContextType.ELEMENT
          || !"Patient".equals(mother.getContextFirstRep().getExpression())) {
        throw new IllegalStateException("The mother extension is not the one understood");
      }
      birthOrder = BIRTH_ORDER;

      encounterClasses =
          codes(valueSet(element(visit, "Encounter.class").getBinding().getValueSet()));
      addDisplays(List.copyOf(encounterClasses));
      for (CodingRef kind :
          codes(valueSet(element(visit, "Encounter.type").getBinding().getValueSet()))) {
        // A kind the catalog does not know (or one only the catalog knows) stays with HAPI.
        if (SukoyakaCanonicals.CHECKUP_KIND_SYSTEM.equals(kind.system())) {
          catalog.kind(kind.code()).ifPresent(k -> kinds.put(kind, k));
        }
      }
      addDisplays(List.copyOf(kinds.keySet()));

      observationStatuses = new HashSet<>();
      for (CodingRef status :
          codes(valueSet(element(finding, "Observation.status").getBinding().getValueSet()))) {
        observationStatuses.add(status.code());
      }
      for (CodingRef coding :
          codes(valueSet(element(finding, "Observation.code").getBinding().getValueSet()))) {
        // Value set and catalog are generated from each other; a coding only one side knows is
        // not understood and stays with HAPI.
        catalog.byCoding(coding.system(), coding.code()).ifPresent(i -> itemCodes.put(coding, i));
        catalog
            .panelByCoding(coding.system(), coding.code())
            .ifPresent(p -> panelCodes.put(coding, p));
      }
      for (CatalogItem item : catalog.items()) {
        addDisplays(item.fhirCodes());
        addDisplays(item.answers().stream().map(AnswerCode::coding).toList());
        jpCategories.add(item.category());
        if (item.valueType() == ValueType.QUANTITY) {
          Map<String, PlausibleRange> bounds = new HashMap<>();
          for (UnitConversion unit : item.units()) {
            // The generated invariant bounds each unit by the widest canonical range / factor.
            bounds.put(
                unit.ucum(),
                new PlausibleRange(
                    GeneratedInvariants.inUnit(item.plausibleRange().min(), unit),
                    GeneratedInvariants.inUnit(item.plausibleRange().max(), unit)));
          }
          boundsByItemAndUnit.put(item.code(), bounds);
        }
      }
      for (CatalogPanel panel : catalog.panels()) {
        addDisplays(panel.fhirCodes());
        panelCategories.put(panel.code(), generated.panelCategory(panel));
      }
      for (ElementDefinition.TypeRefComponent type :
          element(finding, "Observation.value[x]").getType()) {
        if (!KNOWN_VALUE_TYPES.contains(type.getCode()) || type.hasProfile()) {
          throw new IllegalStateException("Observation.value[x] allows " + type.getCode());
        }
        valueTypes.add(type.getCode());
      }

      categories = codes(valueSet(coreBinding("Observation", "Observation.category", null)));
      categories.forEach(this::addDisplays);
      jpCategoryDisplaysUnchecked =
          definitions.fetchCodeSystem(SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM) == null;
      jpCategories.forEach(
          code ->
              addDisplays(new CodingRef(SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM, code)));
      absentReasons =
          codes(valueSet(coreBinding("Observation", "Observation.dataAbsentReason", null)));
      absentReasons.forEach(this::addDisplays);
      languages = new HashSet<>();
      codes(valueSet(coreBinding("Resource", "Resource.language", null)))
          .forEach(language -> languages.add(language.code()));
    }

    private static String motherExtensionCanonical() {
      return SukoyakaCanonicals.MOTHER_EXTENSION + "|" + SukoyakaCanonicals.VERSION;
    }

    private static String keys(Map<String, String> invariants) {
      return new TreeSet<>(invariants.keySet()).stream().collect(joining(","));
    }

    private StructureDefinition profile(String canonical) {
      IBaseResource resource =
          definitions.fetchStructureDefinition(SukoyakaCanonicals.unversioned(canonical));
      if (!(resource instanceof StructureDefinition profile)
          || !canonical.equals(profile.getUrl() + "|" + profile.getVersion())) {
        throw new IllegalStateException("Profile not found: " + canonical);
      }
      return profile;
    }

    /**
     * The EPDS response form as the profile states it: fixed canonical and status, the linkIds of
     * sky-epds-1 and the score range of sky-epds-2 (whose whole expressions {@link
     * #requireUnderstood} then compares with the ones rebuilt from these values). HAPI validates
     * responses against this profile alone; if the definitions could resolve the Questionnaire,
     * HAPI might also check responses against it, which this class does not implement.
     */
    private EpdsForm epdsForm(StructureDefinition response) {
      String questionnaire =
          element(response, "QuestionnaireResponse.questionnaire").getFixed().primitiveValue();
      if (definitions.fetchResource(Questionnaire.class, questionnaire) != null
          || definitions.fetchResource(
                  Questionnaire.class, SukoyakaCanonicals.unversioned(questionnaire))
              != null) {
        throw new IllegalStateException(
            "The validator resolves the EPDS Questionnaire; responses are not checked against it"
                + " here");
      }
      Map<String, String> invariants = new HashMap<>();
      element(response, "QuestionnaireResponse")
          .getConstraint()
          .forEach(c -> invariants.put(c.getKey(), c.getExpression()));
      Matcher items = EPDS_ITEMS.matcher(invariants.getOrDefault("sky-epds-1", ""));
      Matcher score = EPDS_SCORE.matcher(invariants.getOrDefault("sky-epds-2", ""));
      if (!items.matches() || !score.matches()) {
        throw new IllegalStateException("sky-epds-1 or sky-epds-2 is not the one implemented");
      }
      List<String> linkIds =
          Arrays.stream(items.group(2).split(" \\| "))
              .map(id -> id.substring(1, id.length() - 1))
              .toList();
      epdsLinkIds = items.group(2);
      return new EpdsForm(
          questionnaire,
          element(response, "QuestionnaireResponse.status").getFixed().primitiveValue(),
          new LinkedHashSet<>(linkIds),
          new PlausibleRange(new BigDecimal(score.group(1)), new BigDecimal(score.group(2))));
    }

    /**
     * Fails unless the profile constrains the core definition of its type and its differential is
     * the one this class was written for: element ids, cardinalities, types, kinds of value
     * constraint, slicing, and invariants with exactly the expressions given (by element id and
     * key). The values themselves (fixed, pattern, bindings) are read, not pinned.
     */
    private void requireUnderstood(
        StructureDefinition profile,
        List<String> understood,
        Map<String, Map<String, String>> invariants) {
      if (profile.getDerivation() != StructureDefinition.TypeDerivationRule.CONSTRAINT
          || !(CORE + profile.getType()).equals(profile.getBaseDefinition())) {
        throw new IllegalStateException(
            profile.getUrl() + " does not constrain the core " + profile.getType());
      }
      Set<String> actual = new TreeSet<>();
      for (ElementDefinition element : profile.getDifferential().getElement()) {
        actual.add(signature(element));
        for (ElementDefinition.ElementDefinitionConstraintComponent constraint :
            element.getConstraint()) {
          String expected =
              invariants.getOrDefault(element.getId(), Map.of()).get(constraint.getKey());
          if (!Objects.equals(expected, constraint.getExpression())) {
            throw new IllegalStateException(
                profile.getUrl()
                    + " has an invariant "
                    + constraint.getKey()
                    + " on "
                    + element.getId()
                    + " that is not the one implemented");
          }
        }
      }
      Set<String> expected = new TreeSet<>(understood);
      if (!actual.equals(expected)) {
        Set<String> unknown = new TreeSet<>(actual);
        unknown.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        throw new IllegalStateException(
            profile.getUrl()
                + " differs from the understood profile: new "
                + unknown
                + ", gone "
                + missing);
      }
    }

    /** Marks an element whose type list is read rather than pinned. */
    private static final String READ_TYPES = "(types read)";

    /**
     * {@code id min..max [types] [invariant keys] [fixed] [pattern] [binding:…] [slicing:…]
     * [maxLength] [minValue] [maxValue]}.
     */
    private static String signature(ElementDefinition element) {
      List<String> parts = new ArrayList<>();
      parts.add(element.getId());
      parts.add(
          (element.hasMin() ? String.valueOf(element.getMin()) : "")
              + ".."
              + (element.hasMax() ? element.getMax() : ""));
      parts.add(
          "Observation.value[x]".equals(element.getId())
              ? READ_TYPES
              : element.getType().stream()
                  .map(
                      type ->
                          type.getCode()
                              + (type.hasTargetProfile()
                                  ? type.getTargetProfile().stream()
                                      .map(target -> target.getValue().replace(CORE, ""))
                                      .collect(joining("|", "(", ")"))
                                  : ""))
                  .collect(joining("|")));
      parts.add(
          element.getConstraint().stream()
              .map(ElementDefinition.ElementDefinitionConstraintComponent::getKey)
              .sorted()
              .collect(joining(",")));
      parts.add(element.hasFixed() ? "fixed" : "");
      parts.add(element.hasPattern() ? "pattern" : "");
      parts.add(
          element.hasBinding() ? "binding:" + element.getBinding().getStrength().toCode() : "");
      if (element.hasSlicing()) {
        ElementDefinition.ElementDefinitionSlicingComponent slicing = element.getSlicing();
        parts.add(
            "slicing:"
                + slicing.getRules().toCode()
                + ","
                + (slicing.getOrdered() ? "ordered" : "unordered")
                + ","
                + slicing.getDiscriminator().stream()
                    .map(d -> d.getType().toCode() + "@" + d.getPath())
                    .collect(joining(",")));
      }
      parts.add(element.hasMaxLength() ? "maxLength" : "");
      parts.add(element.hasMinValue() ? "minValue" : "");
      parts.add(element.hasMaxValue() ? "maxValue" : "");
      return parts.stream().filter(part -> !part.isEmpty()).collect(joining(" "));
    }

    /** Each slice (or typed element) names exactly these profiles. */
    private static void requireSliceProfiles(
        StructureDefinition profile, Map<String, List<String>> expected) {
      expected.forEach(
          (id, profiles) -> {
            List<String> named =
                element(profile, id).getTypeFirstRep().getProfile().stream()
                    .map(canonical -> canonical.getValue())
                    .toList();
            if (!new HashSet<>(named).equals(new HashSet<>(profiles))
                || named.size() != profiles.size()) {
              throw new IllegalStateException(id + " names " + named + ", not " + profiles);
            }
          });
    }

    private static ElementDefinition element(StructureDefinition profile, String id) {
      return profile.getDifferential().getElement().stream()
          .filter(element -> id.equals(element.getId()))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("No element " + id + " in " + profile.getUrl()));
    }

    /** The value set bound to an element of a core definition (at the strength given, if any). */
    private String coreBinding(String typeOrUrl, String path, String strength) {
      String url = typeOrUrl.contains("/") ? typeOrUrl : CORE + typeOrUrl;
      IBaseResource resource = definitions.fetchStructureDefinition(url);
      if (!(resource instanceof StructureDefinition definition) || !definition.hasSnapshot()) {
        throw new IllegalStateException("No core definition " + url);
      }
      ElementDefinition element =
          definition.getSnapshot().getElement().stream()
              .filter(e -> path.equals(e.getPath()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("No " + path + " in " + url));
      if (strength != null && !strength.equals(element.getBinding().getStrength().toCode())) {
        throw new IllegalStateException(path + " of " + url + " is not bound " + strength);
      }
      return element.getBinding().getValueSet();
    }

    private ValueSet valueSet(String canonical) {
      IBaseResource resource = definitions.fetchValueSet(SukoyakaCanonicals.unversioned(canonical));
      if (!(resource instanceof ValueSet valueSet)) {
        throw new IllegalStateException("Value set not found: " + canonical);
      }
      int bar = canonical.indexOf('|');
      if (bar >= 0 && !canonical.substring(bar + 1).equals(valueSet.getVersion())) {
        throw new IllegalStateException("Value set version differs: " + canonical);
      }
      return valueSet;
    }

    /**
     * The codes of a value set that lists concepts or includes whole code systems. Filters, imports
     * and exclusions are not interpreted: such a value set is not understood.
     */
    private Set<CodingRef> codes(ValueSet valueSet) {
      if (valueSet.getCompose().hasExclude()) {
        throw new IllegalStateException(valueSet.getUrl() + " has exclusions");
      }
      Set<CodingRef> codes = new HashSet<>();
      for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
        if (include.hasFilter() || include.hasValueSet() || !include.hasSystem()) {
          throw new IllegalStateException(valueSet.getUrl() + " has filters or imports");
        }
        String system = include.getSystem();
        if (include.hasConcept()) {
          for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
            CodingRef coding = new CodingRef(system, concept.getCode());
            codes.add(coding);
            if (concept.hasDisplay()) {
              displays.computeIfAbsent(coding, c -> new HashSet<>()).add(concept.getDisplay());
            }
          }
        } else {
          codeSystem(system).getConcept().forEach(concept -> addConcepts(system, concept, codes));
        }
      }
      return codes;
    }

    private CodeSystem codeSystem(String system) {
      IBaseResource resource = definitions.fetchCodeSystem(system);
      if (!(resource instanceof CodeSystem codeSystem)
          || codeSystem.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE) {
        throw new IllegalStateException("No complete code system " + system);
      }
      return codeSystem;
    }

    private void addConcepts(
        String system, CodeSystem.ConceptDefinitionComponent concept, Set<CodingRef> codes) {
      codes.add(new CodingRef(system, concept.getCode()));
      concept.getConcept().forEach(child -> addConcepts(system, child, codes));
    }

    private void addDisplays(CodingRef coding) {
      addDisplays(List.of(coding));
    }

    /** Records the display and designations each coding's code system gives it. */
    private void addDisplays(List<CodingRef> codings) {
      Map<String, CodeSystem> systems = new HashMap<>();
      for (CodingRef coding : codings) {
        CodeSystem codeSystem =
            systems.computeIfAbsent(
                coding.system(),
                system -> {
                  IBaseResource resource = definitions.fetchCodeSystem(system);
                  return resource instanceof CodeSystem cs ? cs : null;
                });
        if (codeSystem == null) {
          continue;
        }
        find(codeSystem.getConcept(), coding.code())
            .ifPresent(
                concept -> {
                  Set<String> names = displays.computeIfAbsent(coding, c -> new HashSet<>());
                  if (concept.hasDisplay()) {
                    names.add(concept.getDisplay());
                  }
                  concept.getDesignation().forEach(d -> names.add(d.getValue()));
                });
      }
    }

    private static Optional<CodeSystem.ConceptDefinitionComponent> find(
        List<CodeSystem.ConceptDefinitionComponent> concepts, String code) {
      for (CodeSystem.ConceptDefinitionComponent concept : concepts) {
        if (code.equals(concept.getCode())) {
          return Optional.of(concept);
        }
        Optional<CodeSystem.ConceptDefinitionComponent> child = find(concept.getConcept(), code);
        if (child.isPresent()) {
          return child;
        }
      }
      return Optional.empty();
    }
  }
}
