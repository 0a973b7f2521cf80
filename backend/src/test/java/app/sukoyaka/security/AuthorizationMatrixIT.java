package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.apispec.CapabilityStatementResource;
import app.sukoyaka.testing.TestService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorisation matrix: every route of the service's own route table (and every FHIR search the
 * CapabilityStatement declares, with each parameter, paging and includes) is sent by every kind of
 * caller about an own and a foreign family, and the answer must be the verdict written in {@code
 * authorization-matrix.json}; no response to anyone may hold a name, id or handbook number of a
 * family the caller is not entitled to (search results, paging pages and export files included). A
 * new route fails here until its verdicts are in the file.
 */
class AuthorizationMatrixIT {
  static final String MATRIX = "/app/sukoyaka/security/authorization-matrix.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)[^}]*}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z:-]+)}");

  /**
   * What a cell's answer proves. A cell is unproven when it says nothing about access: the path's
   * record was not there for the caller the route is about (404 where the cell's own caller should
   * be served), or a write was refused for its body before or instead of the access check.
   */
  static final String UNPROVEN_NOT_FOUND = "unproven: 404, nothing there";

  static final String UNPROVEN_BODY = "unproven: 4xx for the body";

  /** Values of the FHIR search parameters that are not references, by name. */
  private static final Map<String, String> SEARCH_VALUES =
      Map.of(
          "date", "ge1900-01-01",
          "_lastUpdated", "ge1900-01-01",
          "code", "${observationCode}",
          "status", "active");

  /** Which fixture a FHIR {id} of a resource type is filled with. */
  private static final Map<String, String> FHIR_IDS =
      Map.of(
          "Patient", "child",
          "Observation", "observation",
          "Encounter", "encounter",
          "Immunization", "immunization",
          "QuestionnaireResponse", "questionnaireResponse",
          "$export-status", "exportJob",
          "$export-file", "exportJob");

  private static final String HOW_TO_ADD =
      "Add an entry for each to "
          + "backend/src/test/resources"
          + MATRIX
          + " with the callers allowed on the own and on the foreign family (\"own\"/\"foreign\"),"
          + " or on a route about no family (\"any\"), and a one-line reason; see README"
          + " (Authorisation matrix).";

  /** The OpenAPI's JSON request examples, by route. */
  private static final Map<String, String> EXAMPLES = examples();

  private static MatrixWorld world;

  private static Map<String, String> examples() {
    JsonNode openApi;
    try (InputStream in =
        AuthorizationMatrixIT.class.getResourceAsStream("/app/sukoyaka/apispec/openapi.yaml")) {
      openApi =
          new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> examples = new LinkedHashMap<>();
    openApi
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        operation -> {
                          JsonNode json =
                              operation
                                  .getValue()
                                  .path("requestBody")
                                  .path("content")
                                  .path("application/json");
                          JsonNode example = json.path("example");
                          if (example.isMissingNode() && json.path("examples").size() > 0) {
                            // The first of the named examples.
                            example = json.path("examples").elements().next().path("value");
                          }
                          if (!example.isMissingNode()) {
                            examples.put(
                                operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                example.toString());
                          }
                        }));
    return examples;
  }

  private static List<Entry> entries;

  /** One line of the matrix: a route (with a search query or a variant), its verdicts. */
  record Entry(
      String route,
      String query,
      String variant,
      Map<String, String> vars,
      String body,
      String contentType,
      Map<String, String> headers,
      int order,
      Set<String> own,
      Set<String> foreign,
      Set<String> any,
      boolean leakCheck,
      String reason,
      String unproven) {
    String method() {
      return route.substring(0, route.indexOf(' '));
    }

    String path() {
      return route.substring(route.indexOf(' ') + 1);
    }

    String key() {
      return route + (query == null ? "" : "?" + query) + (variant == null ? "" : " #" + variant);
    }

    boolean aboutAFamily() {
      return any == null;
    }
  }

  @BeforeAll
  static void twoMunicipalitiesWithAFamilyEachAndEveryKindOfCaller() throws IOException {
    entries = load();
    world = new MatrixWorld();
  }

  static List<Entry> load() throws IOException {
    JsonNode root;
    try (InputStream in = AuthorizationMatrixIT.class.getResourceAsStream(MATRIX)) {
      assertThat(in).as(MATRIX).isNotNull();
      root = JSON.readTree(in);
    }
    List<Entry> loaded = new ArrayList<>();
    for (JsonNode e : root.path("entries")) {
      Map<String, String> vars = new LinkedHashMap<>();
      e.path("vars").fields().forEachRemaining(f -> vars.put(f.getKey(), f.getValue().asText()));
      Map<String, String> headers = new LinkedHashMap<>();
      e.path("headers")
          .fields()
          .forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
      JsonNode body = e.get("body");
      loaded.add(
          new Entry(
              e.path("route").asText(),
              text(e, "query"),
              text(e, "variant"),
              vars,
              body == null ? null : body.isTextual() ? body.asText() : body.toString(),
              text(e, "contentType"),
              headers,
              e.path("order").asInt(0),
              roles(e.get("own")),
              roles(e.get("foreign")),
              roles(e.get("any")),
              e.path("leakCheck").asBoolean(true),
              e.path("reason").asText(),
              text(e, "unproven")));
    }
    return loaded;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Set<String> roles(JsonNode node) {
    if (node == null) {
      return null;
    }
    Set<String> roles = new LinkedHashSet<>();
    node.forEach(r -> roles.add(r.asText()));
    return roles;
  }

  /** Every method and path of the route table (HEAD is HTTP's, wherever GET is). */
  static Set<String> routes() {
    Set<String> routes = new TreeSet<>();
    TestService.bean(Router.class)
        .uriRoutes()
        .forEach(
            route -> {
              if (!route.getHttpMethodName().equals("HEAD")) {
                routes.add(
                    route.getHttpMethodName() + " " + route.getUriMatchTemplate().toPathString());
              }
            });
    return routes;
  }

  /**
   * The searches the CapabilityStatement declares, as {@code route?query}: each resource's search
   * with no parameter, by each patient, with each other parameter alone and with the patient, one
   * result a page (paging), and with each declared {@code _include}/{@code _revinclude} (or, when
   * none is declared, a wildcard one, which must bring nothing more).
   */
  static Set<String> searches() throws IOException {
    JsonNode rest =
        new ObjectMapper().readTree(CapabilityStatementResource.load()).path("rest").get(0);
    Set<String> searches = new TreeSet<>();
    for (JsonNode resource : rest.path("resource")) {
      boolean searchable = false;
      for (JsonNode interaction : resource.path("interaction")) {
        searchable |= interaction.path("code").asText().equals("search-type");
      }
      if (!searchable) {
        continue;
      }
      String route = "GET /fhir/" + resource.path("type").asText() + "?";
      searches.add(route);
      boolean byPatient = false;
      for (JsonNode param : resource.path("searchParam")) {
        String name = param.path("name").asText();
        if (param.path("type").asText().equals("reference")) {
          searches.add(route + name + "=${child}");
          searches.add(route + name + "=${mother}");
          byPatient |= name.equals("patient");
          continue;
        }
        String value = SEARCH_VALUES.get(name);
        assertThat(value)
            .as("No value to search " + name + " with: add one to SEARCH_VALUES")
            .isNotNull();
        searches.add(route + name + "=" + value);
        searches.add(route + "patient=${child}&" + name + "=" + value);
      }
      if (byPatient) {
        searches.add(route + "patient=${child}&_count=1");
        searches.add(route + "patient=${mother}&_count=1");
        List<String> includes = new ArrayList<>();
        resource.path("searchInclude").forEach(i -> includes.add("_include=" + i.asText()));
        resource.path("searchRevInclude").forEach(i -> includes.add("_revinclude=" + i.asText()));
        if (includes.isEmpty()) {
          includes.add("_include=*");
          includes.add("_revinclude=*");
        }
        for (String include : includes) {
          searches.add(route + "patient=${child}&" + include);
        }
      }
    }
    return searches;
  }

  @Test
  void everyRouteAndEveryDeclaredSearchHasItsVerdictsInTheMatrixAndNoEntryIsStale()
      throws IOException {
    Set<String> routes = routes();
    Set<String> inFile = new TreeSet<>();
    Set<String> searchesInFile = new TreeSet<>();
    Set<String> keys = new TreeSet<>();
    List<String> duplicates = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    for (Entry entry : entries) {
      inFile.add(entry.route());
      if (entry.query() != null && entry.method().equals("GET") && entry.variant() == null) {
        searchesInFile.add(entry.route() + "?" + entry.query());
      }
      if (!keys.add(entry.key())) {
        duplicates.add(entry.key());
      }
      if (entry.reason().isBlank()
          || (entry.any() == null) == (entry.own() == null || entry.foreign() == null)) {
        malformed.add(entry.key());
      }
      for (Set<String> roles : java.util.Arrays.asList(entry.own(), entry.foreign(), entry.any())) {
        if (roles != null && !world.callers.keySet().containsAll(roles)) {
          malformed.add(entry.key() + " names an unknown caller: " + roles);
        }
      }
    }
    Set<String> missing = new TreeSet<>(routes);
    missing.removeAll(inFile);
    Set<String> stale = new TreeSet<>(inFile);
    stale.removeAll(routes);
    Set<String> declared = searches();
    Set<String> missingSearches = new TreeSet<>(declared);
    missingSearches.removeAll(searchesInFile);
    Set<String> staleSearches = new TreeSet<>();
    for (String search : searchesInFile) {
      if (!declared.contains(search)
          && Pattern.compile("^GET /fhir/[A-Za-z]+\\?").matcher(search).find()) {
        staleSearches.add(search);
      }
    }
    assertThat(missing).as("Routes of the service without verdicts. " + HOW_TO_ADD).isEmpty();
    assertThat(missingSearches)
        .as(
            "FHIR searches the CapabilityStatement declares without verdicts (route with"
                + " \"query\"). "
                + HOW_TO_ADD)
        .isEmpty();
    assertThat(stale).as("Entries of routes the service no longer has: remove them").isEmpty();
    assertThat(staleSearches)
        .as("Searches the CapabilityStatement no longer declares: remove them")
        .isEmpty();
    assertThat(duplicates).as("Entries given twice (give a \"variant\")").isEmpty();
    assertThat(malformed)
        .as("Entries need a reason and either own+foreign or any, with known callers")
        .isEmpty();
  }

  // --- The run -----------------------------------------------------------------------------

  /** The answer to one request, and what is wrong with it. */
  record Outcome(String cell, String verdict, int status, String problem, boolean leak) {}

  private record Sent(int status, String body, Map<String, String> headers, String request) {}

  private final AtomicInteger cells = new AtomicInteger();
  private final AtomicInteger allowed = new AtomicInteger();
  private final AtomicInteger denied = new AtomicInteger();
  private final AtomicInteger unbound = new AtomicInteger();
  private final AtomicInteger bodyFirst = new AtomicInteger();
  private final AtomicInteger unchecked = new AtomicInteger();
  private final AtomicInteger followed = new AtomicInteger();
  private final Map<String, AtomicInteger> outcomes =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private final Map<String, Set<String>> unprovenCells =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @Test
  void everyCallerGetsExactlyWhatTheMatrixAllowsAndNoResponseLeaksAnotherFamilysRecords()
      throws Exception {
    long start = System.nanoTime();
    List<Entry> reads = new ArrayList<>();
    List<Entry> writes = new ArrayList<>();
    for (Entry entry : entries) {
      (entry.method().equals("GET") ? reads : writes).add(entry);
    }
    // Reads change nothing another cell depends on: several at a time.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Entry entry : reads) {
        futures.add(pool.submit(() -> runEntry(entry)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    // Writes one at a time, deletions last, and in a route the callers to be refused first, so
    // an allowed write (a deletion) cannot make a later refusal look right.
    writes.sort(
        Comparator.comparingInt(Entry::order)
            .thenComparing(e -> e.method().equals("DELETE") ? 1 : 0));
    for (Entry entry : writes) {
      runEntry(entry);
    }
    Path report = Path.of("target", "authorization-matrix-report.txt");
    Files.createDirectories(report.getParent());
    Files.write(report, new TreeSet<>(log), StandardCharsets.UTF_8);
    String summary =
        String.format(
            Locale.ROOT,
            "Authorisation matrix: %d routes, %d entries, %d cells (%d allowed, %d denied, %d about"
                + " ids that do not exist, %d writes refused for their body before the access"
                + " check, %d of demo routes not leak-checked), %d paging/export links followed,"
                + " %d mismatches, leaks=%d, %.1f s; every cell in %s",
            routes().size(),
            entries.size(),
            cells.get(),
            allowed.get(),
            denied.get(),
            unbound.get(),
            bodyFirst.get(),
            unchecked.get(),
            followed.get(),
            problems.size(),
            leaks.size(),
            (System.nanoTime() - start) / 1e9,
            report.toAbsolutePath());
    System.out.println(summary);
    StringBuilder byOutcome = new StringBuilder("Cells by outcome:");
    outcomes.forEach((o, n) -> byOutcome.append("\n  ").append(n.get()).append(" ").append(o));
    System.out.println(byOutcome);
    List<String> unjustified = new ArrayList<>();
    List<String> justified = new ArrayList<>();
    List<String> staleJustifications = new ArrayList<>();
    for (Entry entry : entries) {
      Set<String> cellsOf = unprovenCells.get(entry.key());
      if (cellsOf != null && entry.unproven() == null) {
        unjustified.add(entry.key() + " " + cellsOf);
      } else if (cellsOf != null) {
        justified.add(entry.key() + " (" + cellsOf.size() + " cells): " + entry.unproven());
      } else if (entry.unproven() != null) {
        staleJustifications.add(entry.key());
      }
    }
    justified.forEach(j -> System.out.println("UNPROVEN (justified) " + j));
    unjustified.forEach(u -> System.out.println("UNPROVEN " + u));
    problems.forEach(p -> System.out.println("MISMATCH " + p));
    leaks.forEach(l -> System.out.println("LEAK " + l));
    assertThat(leaks).as(summary).isEmpty();
    assertThat(problems).as(summary).isEmpty();
    assertThat(unjustified)
        .as(
            "Cells that prove nothing about access (the record in the path is not there for the"
                + " caller it belongs to, or the body was refused): give the route a fixture and a"
                + " valid body, or an \"unproven\" justification in the matrix. "
                + byOutcome)
        .isEmpty();
    assertThat(staleJustifications)
        .as("Entries marked \"unproven\" whose every cell now proves its verdict: remove the mark")
        .isEmpty();
  }

  private void runEntry(Entry entry) {
    List<String> callers = world.callerNames();
    if (!entry.aboutAFamily()) {
      runTarget(entry, "any", null, entry.any(), callers);
      return;
    }
    runTarget(entry, "own", world.a, entry.own(), callers);
    runTarget(entry, "foreign", world.b, entry.foreign(), callers);
  }

  private void runTarget(
      Entry entry,
      String target,
      MatrixWorld.Side side,
      Set<String> allowedCallers,
      List<String> callers) {
    // Callers to be refused first: see the writes' order above.
    List<String> ordered = new ArrayList<>();
    callers.stream().filter(c -> !allowedCallers.contains(c)).forEach(ordered::add);
    callers.stream().filter(allowedCallers::contains).forEach(ordered::add);
    for (String name : ordered) {
      MatrixWorld.Caller caller = world.callers.get(name);
      try {
        cell(entry, target, side, caller, allowedCallers.contains(name));
      } catch (RuntimeException e) {
        problems.add(entry.key() + " [" + target + "] as " + name + ": " + e);
      }
    }
  }

  private void cell(
      Entry entry,
      String target,
      MatrixWorld.Side side,
      MatrixWorld.Caller caller,
      boolean expectAllowed) {
    Map<String, String> bindings = side == null ? world.a.bindings() : side.bindings();
    boolean[] bound = {true};
    String path = fillPath(entry, bindings, bound);
    String query = entry.query() == null ? null : fill(entry.query(), bindings, caller, true);
    String body = entry.body() == null ? null : fill(entry.body(), bindings, caller, false);
    if (body == null && !entry.method().equals("GET") && !entry.method().equals("DELETE")) {
      // The OpenAPI's own example of the request, so a refusal is about access, not the body.
      body =
          entry.path().startsWith("/fhir")
              ? "{\"resourceType\":\"Parameters\"}"
              : EXAMPLES.getOrDefault(entry.route(), "{}");
      if (EXAMPLES.containsKey(entry.route())) {
        // The example names records (a visit token, a voucher, a record id) of its own: a 404 may
        // be about them, not about access.
        bound[0] = false;
      }
    }
    String contentType =
        body == null
            ? null
            : entry.contentType() != null
                ? entry.contentType()
                : entry.path().startsWith("/fhir") ? "application/fhir+json" : "application/json";
    String uri = path + (query == null || query.isEmpty() ? "" : "?" + query);
    String cell = entry.key() + " [" + target + "] as " + caller.name();
    Sent sent = send(entry.method(), uri, caller.token(), contentType, body, entry.headers());
    cells.incrementAndGet();
    String verdict = verdict(entry, sent, bound[0]);
    switch (verdict) {
      case "allowed" -> allowed.incrementAndGet();
      case "denied" -> denied.incrementAndGet();
      case "body-first" -> bodyFirst.incrementAndGet();
      default -> unbound.incrementAndGet();
    }
    String outcome = outcome(verdict, sent, expectAllowed);
    outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
    if (outcome.startsWith("unproven")) {
      unprovenCells
          .computeIfAbsent(entry.key(), k -> new java.util.concurrent.ConcurrentSkipListSet<>())
          .add("[" + target + "] " + caller.name() + " " + sent.status());
    }
    log.add(cell + " -> " + sent.status() + " " + verdict);
    if (entry.leakCheck()) {
      checkLeaks(cell, caller, sent);
    } else {
      unchecked.incrementAndGet();
    }
    if (verdict.equals("body-first") && expectAllowed) {
      // Past the access check (the brief's "not 401/403/404" for an allowed write).
      verdict = "allowed";
    }
    if (verdict.equals("error")) {
      problems.add(cell + ": server error " + sent.status() + " " + abbreviate(sent.body()));
    } else if (verdict.equals("allowed") && !expectAllowed) {
      String problem =
          cell + ": expected a refusal, got " + sent.status() + " " + abbreviate(sent.body());
      problems.add(problem);
      if (entry.method().equals("GET") && sent.status() / 100 == 2 && !target.equals("any")) {
        // Data of a family the caller may not see, whatever its markers.
        leaks.add(problem);
      }
    } else if (verdict.equals("denied") && expectAllowed) {
      problems.add(
          cell + ": expected it allowed, got " + sent.status() + " " + abbreviate(sent.body()));
    }
    if (sent.status() / 100 == 2) {
      follow(cell, caller, sent, 0);
    }
  }

  /**
   * Follows the links a response hands out (a search's next page, an export manifest's files) with
   * the caller's token, and with every other caller's: a link is not a key.
   */
  private void follow(String cell, MatrixWorld.Caller caller, Sent sent, int depth) {
    if (depth > 30 || sent.body() == null || !sent.body().startsWith("{")) {
      return;
    }
    JsonNode json;
    try {
      json = JSON.readTree(sent.body());
    } catch (IOException e) {
      return;
    }
    List<String> links = new ArrayList<>();
    for (JsonNode link : json.path("link")) {
      if (link.path("relation").asText().equals("next")) {
        links.add(link.path("url").asText());
      }
    }
    for (JsonNode output : json.path("output")) {
      links.add(output.path("url").asText());
    }
    for (String link : links) {
      URI uri = URI.create(link);
      String local = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      // Every caller tries the first link handed out; the caller follows the rest alone.
      for (MatrixWorld.Caller other : depth == 0 ? world.callers.values() : List.of(caller)) {
        Sent next = send("GET", local, other.token(), null, null, Map.of());
        followed.incrementAndGet();
        String linkCell = cell + " -> link " + local + " as " + other.name();
        log.add(linkCell + " -> " + next.status());
        checkLeaks(linkCell, other, next);
        if (next.status() / 100 == 5) {
          problems.add(linkCell + ": server error " + next.status());
        }
        if (other == caller) {
          if (next.status() != 200) {
            problems.add(linkCell + ": the caller's own link answered " + next.status());
          } else if (!local.contains("$export-file")) {
            follow(cell, caller, next, depth + 1);
          }
        }
      }
    }
  }

  private void checkLeaks(String cell, MatrixWorld.Caller caller, Sent sent) {
    StringBuilder seen = new StringBuilder(sent.body() == null ? "" : sent.body());
    sent.headers().forEach((k, v) -> seen.append('\n').append(k).append(": ").append(v));
    String text = seen.toString();
    for (Map.Entry<String, MatrixWorld.Part> marker : world.markers().entrySet()) {
      if (!caller.entitled().contains(marker.getValue())
          && text.contains(marker.getKey())
          && !sent.request().contains(marker.getKey())) {
        leaks.add(
            cell
                + ": "
                + sent.status()
                + " holds "
                + marker.getValue()
                + " marker "
                + marker.getKey()
                + " in "
                + abbreviate(around(text, marker.getKey())));
      }
    }
  }

  private static String around(String text, String marker) {
    int at = text.indexOf(marker);
    return text.substring(Math.max(0, at - 150), Math.min(text.length(), at + 150));
  }

  /**
   * The outcome a cell is counted under: allowed or denied with the status that said so, or
   * unproven (see {@link #UNPROVEN_NOT_FOUND}, {@link #UNPROVEN_BODY}).
   */
  private static String outcome(String verdict, Sent sent, boolean expectAllowed) {
    int status = sent.status();
    switch (verdict) {
      case "allowed":
        return "allowed " + (status / 100) + "xx";
      case "denied":
        if (status == 404 && expectAllowed) {
          // The caller the route is about found nothing: the record it names is not there.
          return UNPROVEN_NOT_FOUND;
        }
        return "denied " + (status == 200 ? "(found nothing)" : String.valueOf(status));
      case "body-first":
        return UNPROVEN_BODY;
      case "not-found":
        return UNPROVEN_NOT_FOUND;
      default:
        return "server error";
    }
  }

  private static String verdict(Entry entry, Sent sent, boolean bound) {
    int status = sent.status();
    if (status >= 500) {
      return "error";
    }
    if (status == 401 || status == 403) {
      return "denied";
    }
    if (status == 404) {
      return bound ? "denied" : "not-found";
    }
    if (status / 100 == 3) {
      String location = sent.headers().getOrDefault("location", "");
      return location.contains("/login") ? "denied" : "allowed";
    }
    if (entry.method().equals("GET") && status / 100 == 4) {
      // A read that answered no data.
      return "denied";
    }
    if (status / 100 == 4) {
      // A write refused for its body, the content type or a missing If-Match: for an allowed
      // caller that is past the access check; for another, the check was not reached.
      return "body-first";
    }
    if (status == 200
        && entry.method().equals("GET")
        && entry.query() != null
        && entry.path().matches("/fhir/[A-Za-z]+")) {
      // A search that finds nothing gave nothing: for a search, that is the refusal.
      try {
        JsonNode bundle = JSON.readTree(sent.body());
        return bundle.path("entry").size() == 0 ? "denied" : "allowed";
      } catch (IOException e) {
        return "allowed";
      }
    }
    return "allowed";
  }

  private static String fillPath(Entry entry, Map<String, String> bindings, boolean[] bound) {
    String path = entry.path();
    Matcher matcher = VARIABLE.matcher(path);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String key = entry.vars().get(name);
      if (key == null) {
        key = defaultBinding(path, name);
      }
      String value;
      if (key != null && key.startsWith("literal:")) {
        value = key.substring("literal:".length());
      } else if (key != null && bindings.containsKey(key)) {
        value = bindings.get(key);
      } else {
        // No record of this kind in the fixtures: an id that does not exist.
        value = UUID.randomUUID().toString();
        bound[0] = false;
      }
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }

  private static String defaultBinding(String path, String name) {
    switch (name) {
      case "childId":
        return "child";
      case "pregnancyId":
        return "pregnancy";
      case "personId":
        return "mother";
      case "municipalityCode":
        return "municipalityCode";
      default:
        break;
    }
    if (path.startsWith("/fhir/")) {
      String type = path.substring(6).split("/")[0];
      if (name.equals("type")) {
        return "literal:Patient";
      }
      return FHIR_IDS.get(type);
    }
    return null;
  }

  private static String fill(
      String text, Map<String, String> bindings, MatrixWorld.Caller c, boolean inQuery) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String key = matcher.group(1);
      String value =
          key.equals("caller")
              ? c.name()
              : key.equals("uuid") ? UUID.randomUUID().toString() : bindings.get(key);
      if (value == null) {
        throw new AssertionError("No fixture ${" + key + "} for " + text);
      }
      matcher.appendReplacement(
          filled,
          Matcher.quoteReplacement(
              inQuery ? java.net.URLEncoder.encode(value, StandardCharsets.UTF_8) : value));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }

  private static Sent send(
      String method,
      String uri,
      String token,
      String contentType,
      String body,
      Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(TestService.uri(uri));
    request.timeout(Duration.ofSeconds(60));
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> received = new LinkedHashMap<>();
      response
          .headers()
          .map()
          .forEach((k, v) -> received.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
      return new Sent(
          response.statusCode(),
          response.body(),
          received,
          uri + "\n" + (body == null ? "" : body));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replace('\n', ' ');
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }
}
