package app.sukoyaka.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FHIR R4 core definitions (4.0.1, as HAPI bundles them) that validating our profiles needs,
 * instead of all of them.
 *
 * <p>HAPI's {@link DefaultProfileValidationSupport} keeps every core definition (about 650
 * structure definitions and 2,000 value sets and code systems), and the validator converts every
 * structure definition it is offered to its R5 model as well: together about 150 MB of heap for a
 * service that validates six resource types. This support keeps what those resources can reach:
 * every data type, the resources our profiles constrain and the resource types their references may
 * point to, the extensions they name, and the value sets and code systems bound in them.
 *
 * <p>The cut must never change a verdict: when the validator asks for a core definition outside the
 * kept set (a submission carrying a resource type we do not profile, say), this support loads all
 * core definitions once, as HAPI would have, logs which one was missing, and answers from them from
 * then on. {@code CoreDefinitionsTest} proves that the examples and the generated submissions never
 * get there.
 */
final class CoreDefinitions implements IValidationSupport {
  private static final Logger LOG = LoggerFactory.getLogger(CoreDefinitions.class);

  private static final String CORE_STRUCTURE = "http://hl7.org/fhir/StructureDefinition/";

  /**
   * Where HAPI's validation resources for R4 (hapi-fhir-validation-resources-r4) keep the core
   * definitions of FHIR 4.0.1, as {@link DefaultProfileValidationSupport} reads them.
   */
  private static final List<String> STRUCTURE_FILES =
      List.of(
          "/org/hl7/fhir/r4/model/profile/profiles-types.xml",
          "/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
          "/org/hl7/fhir/r4/model/profile/profiles-others.xml",
          "/org/hl7/fhir/r4/model/extension/extension-definitions.xml");

  private static final List<String> TERMINOLOGY_FILES =
      List.of(
          "/org/hl7/fhir/r4/model/valueset/valuesets.xml",
          "/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
          "/org/hl7/fhir/r4/model/valueset/v2-tables.xml");

  /** Resource types every validation walks through, whatever the profile. */
  private static final Set<String> ALWAYS = Set.of("Resource", "DomainResource", "Extension");

  private final FhirContext context;
  private final Map<String, IBaseResource> structures;
  private final Map<String, IBaseResource> valueSets;
  private final Map<String, IBaseResource> codeSystems;
  private final List<IBaseResource> all;
  private final Set<String> allCoreUrls;
  private final Set<String> resourceTypes;
  private volatile DefaultProfileValidationSupport everything;

  private CoreDefinitions(
      FhirContext context,
      Map<String, IBaseResource> structures,
      Map<String, IBaseResource> valueSets,
      Map<String, IBaseResource> codeSystems,
      Set<String> allCoreUrls,
      Set<String> resourceTypes) {
    this.context = context;
    this.resourceTypes = resourceTypes;
    this.allCoreUrls = allCoreUrls;
    this.structures = structures;
    this.valueSets = valueSets;
    this.codeSystems = codeSystems;
    List<IBaseResource> resources = new ArrayList<>(structures.values());
    resources.addAll(valueSets.values());
    resources.addAll(codeSystems.values());
    this.all = List.copyOf(resources);
    LOG.info(
        "Kept {} of the {} FHIR core definitions, those the profiles reach",
        all.size(),
        allCoreUrls.size());
  }

  /**
   * The core definitions that the given profiles (and the other conformance resources loaded with
   * them) reach. Reads all of HAPI's core definitions once and keeps the part; the rest is garbage
   * as soon as this returns.
   */
  static CoreDefinitions reachableFrom(FhirContext context, Collection<IBaseResource> ours) {
    IParser parser = context.newXmlParser();
    Set<String> allCoreUrls = new java.util.HashSet<>();
    Map<String, StructureDefinition> coreStructures = new HashMap<>();
    for (String file : STRUCTURE_FILES) {
      for (IBaseResource resource : read(parser, file)) {
        if (resource instanceof StructureDefinition) {
          StructureDefinition definition = (StructureDefinition) resource;
          withoutProse(definition);
          coreStructures.put(definition.getUrl(), definition);
          allCoreUrls.add(definition.getUrl());
        }
      }
    }

    Map<String, IBaseResource> structures = new LinkedHashMap<>();
    Deque<StructureDefinition> toWalk = new ArrayDeque<>();
    Set<String> valueSetUrls = new java.util.LinkedHashSet<>();
    for (StructureDefinition definition : coreStructures.values()) {
      boolean dataType =
          definition.getKind() == StructureDefinition.StructureDefinitionKind.PRIMITIVETYPE
              || definition.getKind() == StructureDefinition.StructureDefinitionKind.COMPLEXTYPE
                  && !"Extension".equals(definition.getType())
                  && definition.getDerivation()
                      != StructureDefinition.TypeDerivationRule.CONSTRAINT;
      if (dataType || ALWAYS.contains(definition.getType()) && isBase(definition)) {
        keep(definition, structures, toWalk);
      }
    }
    Set<String> profiledTypes = new java.util.HashSet<>();
    for (IBaseResource resource : ours) {
      if (resource instanceof StructureDefinition) {
        StructureDefinition profile = (StructureDefinition) resource;
        profiledTypes.add(profile.getType());
        if (profile.hasBaseDefinition()) {
          keepUrl(profile.getBaseDefinition(), coreStructures, structures, toWalk);
        }
        collect(
            profile.getSnapshot().getElement(), coreStructures, structures, toWalk, valueSetUrls);
        collect(
            profile.getDifferential().getElement(),
            coreStructures,
            structures,
            toWalk,
            valueSetUrls);
      } else if (resource instanceof org.hl7.fhir.r4.model.Questionnaire) {
        profiledTypes.add("Questionnaire");
        profiledTypes.add("QuestionnaireResponse");
      }
    }
    for (String type : profiledTypes) {
      keepUrl(CORE_STRUCTURE + type, coreStructures, structures, toWalk);
    }
    // The core extensions a sender may put on those resources or on any data type in them (a
    // child's birth time on Patient.birthDate, say), with their own types and bindings.
    Set<String> hosts = new java.util.HashSet<>(profiledTypes);
    hosts.addAll(ALWAYS);
    hosts.add("Element");
    hosts.add("BackboneElement");
    structures.values().forEach(kept -> hosts.add(((StructureDefinition) kept).getType()));
    for (StructureDefinition definition : coreStructures.values()) {
      if ("Extension".equals(definition.getType())
          && definition.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT
          && definition.getContext().stream()
              .anyMatch(use -> hosts.contains(firstSegment(use.getExpression())))) {
        keep(definition, structures, toWalk);
      }
    }
    // The profiled resources' own elements: their types, extensions and bindings, and the types
    // their references may point to (kept without walking them further).
    while (!toWalk.isEmpty()) {
      StructureDefinition definition = toWalk.pop();
      boolean walkTargets =
          profiledTypes.contains(definition.getType()) || ALWAYS.contains(definition.getType());
      collect(
          definition.getSnapshot().getElement(),
          coreStructures,
          structures,
          walkTargets ? toWalk : null,
          valueSetUrls);
    }

    coreStructures.clear();

    Map<String, ValueSet> coreValueSets = new HashMap<>();
    Map<String, CodeSystem> coreCodeSystems = new HashMap<>();
    for (String file : TERMINOLOGY_FILES) {
      for (IBaseResource resource : read(parser, file)) {
        if (resource instanceof ValueSet) {
          ValueSet valueSet = (ValueSet) resource;
          coreValueSets.putIfAbsent(valueSet.getUrl(), valueSet);
          allCoreUrls.add(valueSet.getUrl());
        } else if (resource instanceof CodeSystem) {
          CodeSystem codeSystem = (CodeSystem) resource;
          coreCodeSystems.putIfAbsent(codeSystem.getUrl(), codeSystem);
          allCoreUrls.add(codeSystem.getUrl());
        }
      }
    }
    Map<String, IBaseResource> valueSets = new LinkedHashMap<>();
    Map<String, IBaseResource> codeSystems = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>(valueSetUrls);
    while (!pending.isEmpty()) {
      String url = unversioned(pending.pop());
      ValueSet valueSet = coreValueSets.get(url);
      if (valueSet == null || valueSets.containsKey(url)) {
        continue;
      }
      valueSet.setText(null);
      valueSets.put(url, valueSet);
      for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
        include.getValueSet().forEach(nested -> pending.push(nested.getValue()));
        CodeSystem codeSystem =
            include.hasSystem() ? coreCodeSystems.get(include.getSystem()) : null;
        if (codeSystem != null) {
          codeSystem.setText(null);
          codeSystems.put(codeSystem.getUrl(), codeSystem);
        }
      }
    }
    allCoreUrls.remove(null);
    Set<String> resourceTypes = new java.util.HashSet<>(profiledTypes);
    resourceTypes.addAll(ALWAYS);
    return new CoreDefinitions(
        context,
        structures,
        valueSets,
        codeSystems,
        Set.copyOf(allCoreUrls),
        Set.copyOf(resourceTypes));
  }

  /**
   * Drops what only a reader of the specification needs (the narrative, the mappings to v2 and RIM,
   * the elements' comments and requirements): the validator never looks at them, and they are a
   * good part of each definition, kept twice (R4 here, R5 in the validator).
   */
  private static void withoutProse(StructureDefinition definition) {
    definition.setText(null);
    definition.setMapping(null);
    for (ElementDefinition element : definition.getSnapshot().getElement()) {
      withoutProse(element);
    }
    for (ElementDefinition element : definition.getDifferential().getElement()) {
      withoutProse(element);
    }
  }

  private static void withoutProse(ElementDefinition element) {
    element.setMapping(null);
    element.setComment(null);
    element.setRequirements(null);
    element.setAlias(null);
  }

  private static List<IBaseResource> read(IParser parser, String path) {
    try (InputStream in = CoreDefinitions.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "The FHIR R4 core definitions are not on the class path: " + path);
      }
      Bundle bundle = parser.parseResource(Bundle.class, in);
      List<IBaseResource> resources = new ArrayList<>(bundle.getEntry().size());
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        if (entry.hasResource()) {
          resources.add(entry.getResource());
        }
      }
      return resources;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + path, e);
    }
  }

  private static boolean isBase(StructureDefinition definition) {
    return definition.getUrl().equals(CORE_STRUCTURE + definition.getType());
  }

  private static void keep(
      StructureDefinition definition,
      Map<String, IBaseResource> structures,
      Deque<StructureDefinition> toWalk) {
    if (structures.putIfAbsent(definition.getUrl(), definition) == null && toWalk != null) {
      toWalk.push(definition);
    }
  }

  private static void keepUrl(
      String url,
      Map<String, StructureDefinition> coreStructures,
      Map<String, IBaseResource> structures,
      Deque<StructureDefinition> toWalk) {
    StructureDefinition definition = coreStructures.get(unversioned(url));
    if (definition != null && !structures.containsKey(definition.getUrl())) {
      structures.put(definition.getUrl(), definition);
      if (toWalk != null) {
        toWalk.push(definition);
      }
    }
  }

  /**
   * Keeps what the elements name: their types' definitions and profiles (walked when {@code toWalk}
   * is given), reference targets (kept, not walked) and bound value sets.
   */
  private static void collect(
      List<ElementDefinition> elements,
      Map<String, StructureDefinition> coreStructures,
      Map<String, IBaseResource> structures,
      Deque<StructureDefinition> toWalk,
      Set<String> valueSetUrls) {
    for (ElementDefinition element : elements) {
      for (ElementDefinition.TypeRefComponent type : element.getType()) {
        for (CanonicalType profile : type.getProfile()) {
          keepUrl(profile.getValue(), coreStructures, structures, toWalk);
        }
        if (toWalk == null) {
          continue;
        }
        for (CanonicalType target : type.getTargetProfile()) {
          keepUrl(target.getValue(), coreStructures, structures, null);
        }
      }
      if (element.hasBinding() && element.getBinding().hasValueSet()) {
        valueSetUrls.add(element.getBinding().getValueSet());
      }
    }
  }

  private static String firstSegment(String expression) {
    if (expression == null) {
      return "";
    }
    int dot = expression.indexOf('.');
    return dot < 0 ? expression : expression.substring(0, dot);
  }

  private static String unversioned(String url) {
    int bar = url.indexOf('|');
    return bar < 0 ? url : url.substring(0, bar);
  }

  /**
   * The resource types whose definitions are kept whole, with what they bind and name: the
   * validator built on these definitions knows no other resource type (it does not ask for one by
   * URL, it reports it unknown), so {@link SukoyakaValidator} gives any other to a validator with
   * all core definitions.
   */
  Set<String> resourceTypes() {
    return resourceTypes;
  }

  int structureDefinitionCount() {
    return structures.size();
  }

  int terminologyCount() {
    return valueSets.size() + codeSystems.size();
  }

  /** Whether a request outside the kept definitions made this support load all of them. */
  boolean loadedEverything() {
    return everything != null;
  }

  /** All core definitions, loaded on the first request the kept ones cannot answer. */
  private DefaultProfileValidationSupport everything(String missing) {
    DefaultProfileValidationSupport loaded = everything;
    if (loaded == null) {
      synchronized (this) {
        loaded = everything;
        if (loaded == null) {
          LOG.warn(
              "The core definition {} is outside those kept for our profiles; loading all FHIR"
                  + " core definitions (about 150 MB more heap) to answer it",
              missing);
          loaded = new DefaultProfileValidationSupport(context);
          everything = loaded;
        }
      }
    }
    return loaded;
  }

  /**
   * Whether the full core set has this definition although we do not keep it: a made-up {@code
   * http://hl7.org/fhir/...} URL in a submission must not load everything.
   */
  private boolean inFullCore(String url) {
    return url != null && (everything != null || allCoreUrls.contains(unversioned(url)));
  }

  private IBaseResource find(Map<String, IBaseResource> kept, String url) {
    if (url == null) {
      return null;
    }
    return kept.get(unversioned(url));
  }

  @Override
  public FhirContext getFhirContext() {
    return context;
  }

  @Override
  public String getName() {
    return "FHIR R4 core definitions reachable from the Sukoyaka profiles";
  }

  @Override
  public IBaseResource fetchStructureDefinition(String url) {
    IBaseResource found = find(structures, url);
    if (found != null || !inFullCore(url)) {
      return found;
    }
    return everything(url).fetchStructureDefinition(url);
  }

  @Override
  public IBaseResource fetchValueSet(String url) {
    IBaseResource found = find(valueSets, url);
    if (found != null || !inFullCore(url)) {
      return found;
    }
    return everything(url).fetchValueSet(url);
  }

  @Override
  public IBaseResource fetchCodeSystem(String url) {
    IBaseResource found = find(codeSystems, url);
    if (found != null || !inFullCore(url)) {
      return found;
    }
    return everything(url).fetchCodeSystem(url);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
    DefaultProfileValidationSupport loaded = everything;
    return loaded != null
        ? loaded.fetchAllStructureDefinitions()
        : (List<T>) List.copyOf(structures.values());
  }

  @Override
  public List<IBaseResource> fetchAllConformanceResources() {
    DefaultProfileValidationSupport loaded = everything;
    return loaded != null ? loaded.fetchAllConformanceResources() : all;
  }
}
