package app.sukoyaka.profiles;

import static java.util.stream.Collectors.joining;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
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
 * <p>ACCEPT means HAPI would report no error or fatal issue; it does not reproduce HAPI's warnings
 * and information messages. {@code FastPathDifferentialTest} holds the check to that against HAPI
 * on the examples and on thousands of generated and mutated submissions.
 *
 * <p>The check reads every fixed value, pattern and value set it relies on from the definitions,
 * and the catalog for item codes, units, ranges and answers. Profile structure it cannot read that
 * way is pinned: if a profile's differential differs from the one this class was written for (an
 * element rule, cardinality, type or invariant it does not know), the check is built disabled and
 * answers UNSURE to everything. Immutable and thread-safe.
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

  /** The value of a generated range bound is {@code bound / factor} at this precision. */
  private static final MathContext BOUND_PRECISION = MathContext.DECIMAL64;

  // Children each element may carry; anything else present makes the verdict UNSURE.
  private static final Set<String> BUNDLE = Set.of("language", "identifier", "type", "entry");
  private static final Set<String> ENTRY = Set.of("fullUrl", "resource", "request");
  private static final Set<String> REQUEST = Set.of("method", "url");
  private static final Set<String> CONDITIONAL_REQUEST = Set.of("method", "url", "ifNoneExist");
  private static final Set<String> IDENTIFIER = Set.of("system", "value");
  private static final Set<String> PATIENT =
      Set.of("id", "language", "identifier", "name", "gender", "birthDate");
  private static final Set<String> HUMAN_NAME =
      Set.of("extension", "use", "text", "family", "given");
  private static final Set<String> EXTENSION = Set.of("url", "value[x]");
  private static final Set<String> ENCOUNTER =
      Set.of("id", "language", "status", "class", "type", "subject", "period", "serviceProvider");
  private static final Set<String> CODING = Set.of("system", "code", "display");
  private static final Set<String> CODEABLE_CONCEPT = Set.of("coding", "text");
  private static final Set<String> LITERAL_REFERENCE = Set.of("reference");
  private static final Set<String> LOGICAL_REFERENCE = Set.of("identifier", "display");
  private static final Set<String> PERIOD = Set.of("start", "end");
  private static final Set<String> OBSERVATION =
      Set.of(
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
          "component");
  private static final Set<String> COMPONENT = Set.of("code", "value[x]", "dataAbsentReason");
  private static final Set<String> QUANTITY = Set.of("value", "unit", "system", "code");

  /** What the validator's regexes and checks certainly accept; narrower than FHIR allows. */
  private static final Pattern URN_UUID =
      Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static final Pattern HTTP_URL =
      Pattern.compile(
          "https?://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+"
              + "(/[A-Za-z0-9._~-]+)*/?");
  private static final Pattern URN_OID = Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]{0,18}))+");
  private static final Pattern DATE =
      Pattern.compile("(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
              + "(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?"
              + "(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00))?");
  private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.[0-9]{1,6})?");
  private static final int MAX_STRING_LENGTH = 1024;

  private final boolean enabled;
  private final Set<String> languages;
  private final String bundleType;
  private final Map<CodingRef, Set<String>> displays;
  private final Set<String> nameRepresentations;
  private final String representationExtension;
  private final CodingRef encounterClass;
  private final CodingRef encounterType;
  private final Set<String> observationStatuses;
  private final Map<CodingRef, CatalogItem> itemCodes;
  private final Map<CodingRef, CatalogPanel> panelCodes;
  private final Set<CodingRef> categories;
  private final Set<CodingRef> absentReasons;
  private final Map<String, Map<String, PlausibleRange>> boundsByItemAndUnit;

  private CompiledSubmissionCheck(Compiler compiler) {
    this.enabled = compiler.enabled;
    this.languages = Set.copyOf(compiler.languages);
    this.bundleType = compiler.bundleType;
    this.displays = Map.copyOf(compiler.displays);
    this.nameRepresentations = Set.copyOf(compiler.nameRepresentations);
    this.representationExtension = compiler.representationExtension;
    this.encounterClass = compiler.encounterClass;
    this.encounterType = compiler.encounterType;
    this.observationStatuses = Set.copyOf(compiler.observationStatuses);
    this.itemCodes = Map.copyOf(compiler.itemCodes);
    this.panelCodes = Map.copyOf(compiler.panelCodes);
    this.categories = Set.copyOf(compiler.categories);
    this.absentReasons = Set.copyOf(compiler.absentReasons);
    this.boundsByItemAndUnit = Map.copyOf(compiler.boundsByItemAndUnit);
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
    } catch (IllegalStateException e) {
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
    Patient patient = null;
    Encounter encounter = null;
    String patientUrl = null;
    String encounterUrl = null;
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
      if (resource instanceof Patient p && patient == null) {
        patient = p;
        patientUrl = fullUrl;
      } else if (resource instanceof Encounter e && encounter == null) {
        encounter = e;
        encounterUrl = fullUrl;
      } else if (resource instanceof Observation o) {
        observations.add(o);
      } else {
        // A second Patient or Encounter, or a type the submission's closed slicing does not allow.
        return false;
      }
    }
    if (patient == null || encounter == null) {
      return false;
    }
    if (!acceptsPatient(patient) || !acceptsEncounter(encounter, patient, patientUrl)) {
      return false;
    }
    for (Observation observation : observations) {
      if (!acceptsObservation(observation, patient, patientUrl, encounter, encounterUrl)) {
        return false;
      }
    }
    return true;
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
    // A conditional create is how a clinic sends the Patient; other entries are plain creates.
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
  // Patient: sukoyaka-pregnant-person

  private boolean acceptsPatient(Patient patient) {
    if (!only(patient, PATIENT) || patient.getIdentifier().isEmpty()) {
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

  // ---------------------------------------------------------------------------------------------
  // Encounter: sukoyaka-checkup-encounter

  private boolean acceptsEncounter(Encounter encounter, Patient patient, String patientUrl) {
    if (!only(encounter, ENCOUNTER)
        || !encounter.hasStatusElement()
        || !plainEnum(encounter.getStatusElement())) {
      return false;
    }
    if (!encounter.hasClass_() || !acceptsCoding(encounter.getClass_(), encounterClass)) {
      return false;
    }
    if (encounter.getType().size() != 1) {
      return false;
    }
    CodeableConcept type = encounter.getTypeFirstRep();
    if (!only(type, CODEABLE_CONCEPT)
        || type.getCoding().size() != 1
        || !acceptsCoding(type.getCodingFirstRep(), encounterType)
        || !optionalText(type)) {
      return false;
    }
    if (!encounter.hasSubject() || !acceptsReference(encounter.getSubject(), patientUrl, patient)) {
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
    // per-1 (start <= end): compared only at the same precision and offset, where the order of the
    // values is certain.
    String from = period.getStartElement().getValueAsString();
    String to = end.getValueAsString();
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
      Patient patient,
      String patientUrl,
      Encounter encounter,
      String encounterUrl) {
    if (!only(observation, OBSERVATION)
        || !observation.hasStatusElement()
        || !plainEnum(observation.getStatusElement())
        || !observationStatuses.contains(observation.getStatus().toCode())) {
      return false;
    }
    for (CodeableConcept category : observation.getCategory()) {
      if (!acceptsCodeableConcept(category, categories)) {
        return false;
      }
    }
    // sky-sub-1: the findings belong to the Patient and the visit of this Bundle.
    if (!observation.hasSubject()
        || !acceptsReference(observation.getSubject(), patientUrl, patient)
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
      return !observation.hasValue()
          && !observation.hasDataAbsentReason()
          && acceptsComponents(observation.getComponent(), panel.get());
    }
    if (observation.hasComponent()) {
      return false;
    }
    Optional<CatalogItem> item = namedItem(code);
    return item.isPresent()
        && acceptsValue(
            item.get(),
            observation.getValue(),
            observation.hasDataAbsentReason() ? observation.getDataAbsentReason() : null);
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
      if (!acceptsValue(item.get(), component.getValue(), absentReason)) {
        return false;
      }
    }
    return true;
  }

  /**
   * value[x] as the item's sky-&lt;item&gt; invariant requires, or no value and a dataAbsentReason
   * (sky-obs-value, obs-6). Value types the catalog does not use yet are left to HAPI.
   */
  private boolean acceptsValue(CatalogItem item, Base value, CodeableConcept absentReason) {
    boolean hasAbsentReason = absentReason != null && !absentReason.isEmpty();
    if (value == null || value.isEmpty()) {
      return hasAbsentReason
          && acceptsCodeableConcept(absentReason, absentReasons)
          && !absentReason.getCoding().isEmpty();
    }
    if (hasAbsentReason) {
      return false;
    }
    return switch (item.valueType()) {
      case QUANTITY -> value instanceof Quantity quantity && acceptsQuantity(item, quantity);
      case CODED -> value instanceof CodeableConcept answer && acceptsAnswer(item, answer);
      case BOOLEAN, STRING, DATE, INTEGER, DATETIME -> false;
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

  // ---------------------------------------------------------------------------------------------
  // Data types

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

  private boolean acceptsCoding(Coding coding, CodingRef expected) {
    return acceptsCodingShape(coding)
        && expected.equals(new CodingRef(coding.getSystem(), coding.getCode()))
        && acceptsDisplay(coding);
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
    String system = identifier.getSystem();
    return HTTP_URL.matcher(system).matches() || acceptsOid(system);
  }

  /**
   * An OID the validator takes: well-formed, and with its last arc starting at index 4 or later (it
   * rejects short ones such as 1.2.3 as unlikely namespaces).
   */
  private static boolean acceptsOid(String system) {
    return URN_OID.matcher(system).matches() && system.lastIndexOf('.') >= "urn:oid:".length() + 4;
  }

  /** A full date (YYYY-MM-DD) that exists in the calendar. */
  private static boolean acceptsDate(DateType date) {
    if (!plain(date)) {
      return false;
    }
    String text = date.getValueAsString();
    return DATE.matcher(text).matches() && realDate(text);
  }

  /** A date, or a dateTime to the second with a time zone, in years HAPI finds reasonable. */
  private static boolean acceptsDateTime(DateTimeType dateTime) {
    if (!plain(dateTime)) {
      return false;
    }
    String text = dateTime.getValueAsString();
    if (!DATE_TIME.matcher(text).matches() || !realDate(text.substring(0, 10))) {
      return false;
    }
    try {
      return text.length() == 10 || OffsetDateTime.parse(text) != null;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static boolean realDate(String yyyyMmDd) {
    try {
      LocalDate.parse(yyyyMmDd);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /**
   * A string HAPI has no reason to flag: not empty, not too long, no leading or trailing white
   * space, no control character, no unpaired surrogate or noncharacter.
   */
  private static boolean cleanString(PrimitiveType<?> element) {
    if (!plain(element)) {
      return false;
    }
    String value = element.getValueAsString();
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
  private static boolean only(Base element, Set<String> allowed) {
    for (Property child : element.children()) {
      if (!allowed.contains(child.getName())) {
        for (Base value : child.getValues()) {
          if (!vacant(value)) {
            return false;
          }
        }
      }
    }
    return true;
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
    private final CheckupItemCatalog catalog;
    private final IValidationSupport definitions;
    private boolean enabled = true;
    private Set<String> languages = Set.of();
    private String bundleType;
    private final Map<CodingRef, Set<String>> displays = new HashMap<>();
    private Set<String> nameRepresentations = Set.of();
    private String representationExtension;
    private CodingRef encounterClass;
    private CodingRef encounterType;
    private Set<String> observationStatuses = Set.of();
    private final Map<CodingRef, CatalogItem> itemCodes = new HashMap<>();
    private final Map<CodingRef, CatalogPanel> panelCodes = new HashMap<>();
    private Set<CodingRef> categories = Set.of();
    private Set<CodingRef> absentReasons = Set.of();
    private final Map<String, Map<String, PlausibleRange>> boundsByItemAndUnit = new HashMap<>();

    Compiler(CheckupItemCatalog catalog, IValidationSupport definitions) {
      this.catalog = catalog;
      this.definitions = definitions;
    }

    void compile() {
      StructureDefinition submission = profile(SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE);
      StructureDefinition person = profile(SukoyakaCanonicals.PREGNANT_PERSON_PROFILE);
      StructureDefinition visit = profile(SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE);
      StructureDefinition finding = profile(SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE);
      for (StructureDefinition profile : List.of(submission, person, visit, finding)) {
        requireUnderstood(profile);
      }
      requireEntryProfiles(submission);

      bundleType = element(submission, "Bundle.type").getFixed().primitiveValue();

      ElementDefinition representation = element(person, "Patient.name.extension:representation");
      representationExtension = representation.getTypeFirstRep().getProfile().get(0).getValue();
      // The extension's valueCode carries the code alone (IDE, SYL …), without its system.
      nameRepresentations = new HashSet<>();
      codes(valueSet(coreBinding(representationExtension, "Extension.value[x]", "required")))
          .forEach(coding -> nameRepresentations.add(coding.code()));

      encounterClass = single((Coding) element(visit, "Encounter.class").getPattern());
      ElementDefinition type = element(visit, "Encounter.type");
      CodeableConcept typePattern = (CodeableConcept) type.getPattern();
      if (typePattern.getCoding().size() != 1) {
        throw new IllegalStateException("Encounter.type pattern is not a single coding");
      }
      encounterType = single(typePattern.getCodingFirstRep());
      if (!codes(valueSet(type.getBinding().getValueSet())).contains(encounterType)) {
        throw new IllegalStateException("Encounter.type pattern is outside its binding");
      }

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
        if (item.valueType() == ValueType.QUANTITY) {
          Map<String, PlausibleRange> bounds = new HashMap<>();
          for (UnitConversion unit : item.units()) {
            // The generated invariant bounds each unit by the canonical bound / factor.
            bounds.put(
                unit.ucum(),
                new PlausibleRange(
                    item.plausibleRange().min().divide(unit.factor(), BOUND_PRECISION),
                    item.plausibleRange().max().divide(unit.factor(), BOUND_PRECISION)));
          }
          boundsByItemAndUnit.put(item.code(), bounds);
        }
      }
      catalog.panels().forEach(panel -> addDisplays(panel.fhirCodes()));
      addDisplays(List.of(encounterClass, encounterType));

      categories = codes(valueSet(coreBinding("Observation", "Observation.category", null)));
      absentReasons =
          codes(valueSet(coreBinding("Observation", "Observation.dataAbsentReason", null)));
      categories.forEach(this::addDisplays);
      absentReasons.forEach(this::addDisplays);
      languages = new HashSet<>();
      codes(valueSet(coreBinding("Resource", "Resource.language", null)))
          .forEach(language -> languages.add(language.code()));
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
     * Fails unless the differential is the one this class was written for: element ids,
     * cardinalities, types, kinds of value constraint and invariant keys. The values themselves
     * (fixed, pattern, bindings) are read, not pinned.
     */
    private void requireUnderstood(StructureDefinition profile) {
      Set<String> actual = new TreeSet<>();
      for (ElementDefinition element : profile.getDifferential().getElement()) {
        actual.add(signature(element));
      }
      Set<String> expected = new TreeSet<>(understoodDifferential(profile.getType()));
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

    /** {@code id min..max [types] [invariant keys] [fixed] [pattern] [binding:…] [slicing:…]}. */
    private static String signature(ElementDefinition element) {
      List<String> parts = new ArrayList<>();
      parts.add(element.getId());
      parts.add(
          (element.hasMin() ? String.valueOf(element.getMin()) : "")
              + ".."
              + (element.hasMax() ? element.getMax() : ""));
      parts.add(
          element.getType().stream()
              .map(ElementDefinition.TypeRefComponent::getCode)
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
      parts.add(element.hasSlicing() ? "slicing:" + element.getSlicing().getRules().toCode() : "");
      return parts.stream().filter(part -> !part.isEmpty()).collect(joining(" "));
    }

    /** The differentials this class implements, one signature per element. */
    private Set<String> understoodDifferential(String type) {
      String itemKeys =
          catalog.items().stream().map(item -> "sky-" + item.code()).sorted().collect(joining(","));
      Set<String> observationKeys =
          new TreeSet<>(List.of("sky-obs-components", "sky-obs-one-item", "sky-obs-value"));
      catalog.panels().forEach(panel -> observationKeys.add("sky-" + panel.code()));
      return switch (type) {
        case "Bundle" ->
            Set.of(
                "Bundle .. sky-sub-1",
                "Bundle.identifier 1..",
                "Bundle.identifier.system 1..",
                "Bundle.identifier.value 1..",
                "Bundle.type .. fixed",
                "Bundle.entry 2.. slicing:closed",
                "Bundle.entry.fullUrl 1..",
                "Bundle.entry.resource 1..",
                "Bundle.entry.request 1..",
                "Bundle.entry:patient 1..1",
                "Bundle.entry:patient.resource .. Patient",
                "Bundle.entry:encounter 1..1",
                "Bundle.entry:encounter.resource .. Encounter",
                "Bundle.entry:observation 0..*",
                "Bundle.entry:observation.resource .. Observation");
        case "Patient" ->
            Set.of(
                "Patient .. sky-pat-1",
                "Patient.identifier 1.. sky-pat-2",
                "Patient.identifier.system 1..",
                "Patient.identifier.value 1..",
                "Patient.name ..",
                "Patient.name.extension .. slicing:open",
                "Patient.name.extension:representation 0..1 Extension",
                "Patient.birthDate 1..");
        case "Encounter" ->
            Set.of(
                "Encounter ..",
                "Encounter.status ..",
                "Encounter.class .. pattern",
                "Encounter.type 1..1 pattern binding:required",
                "Encounter.subject 1.. Reference",
                "Encounter.period 1..",
                "Encounter.period.start 1..",
                "Encounter.serviceProvider .. sky-enc-1");
        case "Observation" ->
            Set.of(
                "Observation .. " + String.join(",", observationKeys),
                "Observation.status .. binding:required",
                "Observation.code .. binding:required",
                "Observation.subject 1.. Reference",
                "Observation.encounter 1.. Reference",
                "Observation.effective[x] 1.. dateTime",
                "Observation.value[x] .. Quantity|CodeableConcept|boolean|string|dateTime "
                    + itemKeys,
                "Observation.dataAbsentReason ..",
                "Observation.component .. sky-obs-component-value");
        default -> Set.of();
      };
    }

    /** Each entry slice names the Sukoyaka profile this class implements for its type. */
    private void requireEntryProfiles(StructureDefinition submission) {
      Map<String, String> expected =
          Map.of(
              "Bundle.entry:patient.resource", SukoyakaCanonicals.PREGNANT_PERSON_PROFILE,
              "Bundle.entry:encounter.resource", SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE,
              "Bundle.entry:observation.resource", SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE);
      expected.forEach(
          (id, profile) -> {
            List<String> profiles =
                element(submission, id).getTypeFirstRep().getProfile().stream()
                    .map(canonical -> canonical.getValue())
                    .toList();
            if (!profiles.equals(List.of(profile))) {
              throw new IllegalStateException(id + " names " + profiles + ", not " + profile);
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

    private static CodingRef single(Coding coding) {
      if (!coding.hasSystem() || !coding.hasCode() || coding.hasVersion() || coding.hasDisplay()) {
        throw new IllegalStateException("Pattern coding not understood: " + coding);
      }
      return new CodingRef(coding.getSystem(), coding.getCode());
    }
  }
}
