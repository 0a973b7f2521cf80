package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.SecurityConfiguration;
import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads and searches of the handbook as FHIR, each decided by the access policy and written to the
 * access log. Resources are built from the stored rows by {@link HandbookFhirMapper}.
 */
@Singleton
class FhirReads {
  private final FamilyService families;
  private final CheckupService checkups;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final HandbookFhirMapper mapper;
  private final CheckupItemCatalog catalog;
  private final FhirContext context;
  private final String base;
  private final MunicipalityRepository municipalities;
  private final java.time.Clock clock;

  FhirReads(
      FamilyService families,
      CheckupService checkups,
      AccessGuard guard,
      AccessLog accessLog,
      CheckupItemCatalog catalog,
      FhirContext context,
      SecurityConfiguration security,
      MunicipalityRepository municipalities,
      java.time.Clock clock) {
    this.municipalities = municipalities;
    this.clock = clock;
    this.families = families;
    this.checkups = checkups;
    this.guard = guard;
    this.accessLog = accessLog;
    this.catalog = catalog;
    this.mapper = new HandbookFhirMapper(catalog);
    this.context = context;
    this.base = security.issuer().replaceAll("/+$", "") + "/fhir";
  }

  String patient(Principal principal, String id) {
    PregnantPerson person =
        uuid(id).flatMap(families::pregnantPerson).orElseThrow(() -> notFound("Patient", id));
    List<ProtectedSubject> readable = readable(principal, person, "read-patient");
    readable.forEach(s -> accessLog.access(principal, s, "read-patient", "fhir-read", true));
    return encode(mapper.patient(person));
  }

  String encounter(Principal principal, String id) {
    Checkup checkup =
        uuid(id).flatMap(checkups::checkup).orElseThrow(() -> notFound("Encounter", id));
    Pregnancy pregnancy = pregnancyOf(checkup);
    authorise(principal, pregnancy, "read-encounter");
    return encode(mapper.encounter(checkup, pregnancy.personId()));
  }

  String observation(Principal principal, String id) {
    UUID observationId = uuid(id).orElseThrow(() -> notFound("Observation", id));
    if (checkups.isRetracted(observationId)) {
      throw new FhirException(
          ErrorCode.GONE,
          FhirIssue.error("deleted", "Observation/" + id + " was retracted by its clinic."));
    }
    Checkup checkup =
        checkups.checkupOfObservation(observationId).orElseThrow(() -> notFound("Observation", id));
    Pregnancy pregnancy = pregnancyOf(checkup);
    authorise(principal, pregnancy, "read-observation");
    return encode(
        mapper.observations(checkup, pregnancy.personId()).stream()
            .filter(o -> o.getIdPart().equals(observationId.toString()))
            .findFirst()
            .orElseThrow(() -> notFound("Observation", id)));
  }

  /**
   * {@code Patient/{id}/$everything}: the patient and every record of her pregnancies the caller
   * may read, as a searchset; {@code _count}/{@code _offset} page it.
   */
  String everything(Principal principal, String id, Map<String, List<String>> query) {
    PregnantPerson person =
        uuid(id).flatMap(families::pregnantPerson).orElseThrow(() -> notFound("Patient", id));
    Map<String, List<String>> withPatient = new java.util.LinkedHashMap<>(query);
    withPatient.put("patient", List.of(id));
    SearchParameters parameters = SearchParameters.parse(withPatient);
    List<Resource> resources = new ArrayList<>();
    resources.add(mapper.patient(person));
    for (Checkup checkup : readableCheckups(principal, parameters, "read-everything")) {
      if (!matchesDates(parameters, checkup)) {
        continue;
      }
      resources.add(mapper.encounter(checkup, person.id()));
      resources.addAll(mapper.observations(checkup, person.id()));
    }
    return encode(searchset("Patient/" + id + "/$everything", parameters, resources));
  }

  /** {@code Patient/{id}/$summary}: the handbook as a document another system can import. */
  String summary(Principal principal, String id) {
    PregnantPerson person =
        uuid(id).flatMap(families::pregnantPerson).orElseThrow(() -> notFound("Patient", id));
    SearchParameters parameters = SearchParameters.parse(Map.of("patient", List.of(id)));
    List<Encounter> encounters = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    for (Checkup checkup : readableCheckups(principal, parameters, "read-summary-document")) {
      encounters.add(mapper.encounter(checkup, person.id()));
      observations.addAll(mapper.observations(checkup, person.id()));
    }
    return encode(
        SummaryDocuments.document(
            base,
            mapper.patient(person),
            encounters,
            observations,
            municipalities.findById(person.municipalityId()).map(m -> m.nameJa()).orElse(""),
            clock.instant()));
  }

  String searchEncounters(Principal principal, Map<String, List<String>> query) {
    SearchParameters parameters = SearchParameters.parse(query);
    List<Resource> matches = new ArrayList<>();
    for (Checkup checkup : readableCheckups(principal, parameters, "search-encounter")) {
      if (matchesDates(parameters, checkup)) {
        matches.add(mapper.encounter(checkup, UUID.fromString(parameters.patient())));
      }
    }
    return encode(searchset("Encounter", parameters, matches));
  }

  String searchObservations(Principal principal, Map<String, List<String>> query) {
    SearchParameters parameters = SearchParameters.parse(query);
    List<Resource> matches = new ArrayList<>();
    for (Checkup checkup : readableCheckups(principal, parameters, "search-observation")) {
      if (!matchesDates(parameters, checkup)) {
        continue;
      }
      for (Observation observation :
          mapper.observations(checkup, UUID.fromString(parameters.patient()))) {
        if (matchesCode(parameters, checkup, observation)) {
          matches.add(observation);
        }
      }
    }
    return encode(searchset("Observation", parameters, matches));
  }

  /** Checkups of the patient's pregnancies the principal may read, newest visit first. */
  private List<Checkup> readableCheckups(
      Principal principal, SearchParameters parameters, String action) {
    Optional<PregnantPerson> person = parameters.patientId().flatMap(families::pregnantPerson);
    if (person.isEmpty()) {
      return List.of();
    }
    List<ProtectedSubject> readable = readable(principal, person.get(), action);
    List<Checkup> found = new ArrayList<>();
    for (ProtectedSubject subject : readable) {
      accessLog.access(principal, subject, action, "fhir-search", true);
      found.addAll(checkups.forPregnancy(subject.id()));
    }
    found.sort(
        Comparator.comparing(Checkup::visitDate).thenComparing(Checkup::recordedAt).reversed());
    return found;
  }

  private List<ProtectedSubject> readable(
      Principal principal, PregnantPerson person, String action) {
    List<ProtectedSubject> subjects =
        person.pregnancies().stream()
            .map(p -> FamilySubjects.of(p, checkups.submittingFacilities(p.id())))
            .toList();
    if (subjects.isEmpty()) {
      throw notFound("Patient", person.id().toString());
    }
    return guard.requireAny(principal, AccessPolicy.Action.READ, subjects, action, "fhir-read");
  }

  private void authorise(Principal principal, Pregnancy pregnancy, String action) {
    ProtectedSubject subject =
        FamilySubjects.of(pregnancy, checkups.submittingFacilities(pregnancy.id()));
    guard.require(principal, AccessPolicy.Action.READ, subject, action, "fhir-read");
    accessLog.access(principal, subject, action, "fhir-read", true);
  }

  private Pregnancy pregnancyOf(Checkup checkup) {
    return families
        .pregnancy(checkup.pregnancyId())
        .orElseThrow(() -> new IllegalStateException("Checkup without pregnancy " + checkup.id()));
  }

  private static boolean matchesDates(SearchParameters parameters, Checkup checkup) {
    return parameters.dates().stream().allMatch(p -> p.test(checkup.visitDate()))
        && parameters.lastUpdated().stream().allMatch(p -> p.test(checkup.recordedAt()));
  }

  /** A code matches an item by any of its codings, or the panel by its own. */
  private boolean matchesCode(
      SearchParameters parameters, Checkup checkup, Observation observation) {
    if (parameters.codes().isEmpty()) {
      return true;
    }
    List<String> items =
        checkup.findings().stream()
            .filter(f -> f.observationId().toString().equals(observation.getIdPart()))
            .map(Checkup.Finding::itemCode)
            .toList();
    for (SearchParameters.Code code : parameters.codes()) {
      for (String itemCode : items) {
        CatalogItem item = catalog.byCode(itemCode).orElseThrow();
        boolean byItem =
            item.fhirCodes().stream()
                .anyMatch(
                    c ->
                        c.code().equals(code.code())
                            && (code.system() == null || c.system().equals(code.system())));
        if (byItem) {
          return true;
        }
      }
      boolean byPanel =
          observation.getCode().getCoding().stream()
              .anyMatch(
                  c ->
                      code.code().equals(c.getCode())
                          && (code.system() == null || code.system().equals(c.getSystem())));
      if (byPanel) {
        return true;
      }
    }
    return false;
  }

  private Bundle searchset(String type, SearchParameters parameters, List<Resource> matches) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.SEARCHSET);
    bundle.setTotal(matches.size());
    bundle.addLink().setRelation("self").setUrl(link(type, parameters, parameters.offset()));
    int end = Math.min(matches.size(), parameters.offset() + parameters.count());
    if (end < matches.size()) {
      bundle.addLink().setRelation("next").setUrl(link(type, parameters, end));
    }
    for (Resource resource : matches.subList(Math.min(parameters.offset(), matches.size()), end)) {
      bundle
          .addEntry()
          .setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
          .setResource(resource)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    return bundle;
  }

  private String link(String type, SearchParameters parameters, int offset) {
    String query =
        parameters.applied().entrySet().stream()
            // An operation on one patient names her in its path, not in a parameter.
            .filter(e -> !(type.startsWith("Patient/") && e.getKey().equals("patient")))
            .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + encode(v)))
            .collect(Collectors.joining("&"));
    return base + "/" + type + "?" + query + "&_count=" + parameters.count() + "&_offset=" + offset;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String encode(Resource resource) {
    if (!(resource instanceof Bundle) && !resource.getMeta().hasVersionId()) {
      resource.getMeta().setVersionId("1");
    }
    return context.newJsonParser().encodeResourceToString(resource);
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static FhirException notFound(String type, String id) {
    return new FhirException(
        ErrorCode.NOT_FOUND, FhirIssue.error("not-found", type + "/" + id + " is not known."));
  }
}
