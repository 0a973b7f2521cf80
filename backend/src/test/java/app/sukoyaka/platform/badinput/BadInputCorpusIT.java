package app.sukoyaka.platform.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.platform.JsonLimits;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus ({@code bad-input-corpus.json} and the generated bodies below) against every
 * write endpoint of the route table, each with the token of a caller that may write there ({@code
 * write-endpoints.json}), so that the body is really read. Every answer is a clear 4xx or a success
 * in the protocol's format (FHIR: an OperationOutcome; OAuth: its error JSON; the dashboard: its
 * pages; all others: problem+json with a stable code), never a 5xx or a stack trace; what must be
 * refused is refused, and nothing is stored by a refused request (the row counts of every table
 * that holds records are the same before and after).
 */
class BadInputCorpusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "/app/sukoyaka/platform/badinput/";
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}/]+)}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

  /** Tables that change for reasons other than a stored record: logs, sessions, caches. */
  private static final Set<String> NOT_RECORDS =
      Set.of(
          "flyway_schema_history",
          "access_log",
          "client_assertion_jti",
          "signing_key",
          "staff_session",
          "staff_login_state",
          "family_invitation_attempt",
          "dashboard_refresh",
          "dashboard_cell",
          "dashboard_child_forecast",
          "dashboard_work_item",
          "dashboard_work_item_event");

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static JsonNode endpoints;
  private static JsonNode corpus;
  private static JsonNode openApi;
  private static final Map<String, String> TOKENS = new LinkedHashMap<>();
  private static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

  /** One request of the corpus. */
  record Item(
      String name, String method, String path, String contentType, byte[] body, boolean refuse) {}

  /** What went wrong with one request. */
  record Failure(String route, String item, int status, String why, String body) {
    @Override
    public String toString() {
      return route
          + " ["
          + item
          + "] -> "
          + status
          + ": "
          + why
          + " "
          + body.substring(0, Math.min(300, body.length()));
    }
  }

  @BeforeAll
  static void load() throws IOException {
    endpoints = read(BASE + "write-endpoints.json").path("endpoints");
    corpus = read(BASE + "bad-input-corpus.json");
    try (InputStream in =
        BadInputCorpusIT.class.getResourceAsStream("/app/sukoyaka/apispec/openapi.yaml")) {
      openApi = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    Personas.Municipality municipality = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(municipality);
    TOKENS.put("guardian", Tokens.guardian(family.mother()));
    TOKENS.put("staff", Tokens.staff(Personas.staffOf(municipality)));
    TOKENS.put("clinic", Tokens.clinic(Personas.vaccinatingClinicServing(municipality)));
    TOKENS.put("none", null);
    PLACEHOLDERS.put("$child", family.childId().toString());
    PLACEHOLDERS.put("$pregnancy", family.mother().pregnancyId().toString());
    PLACEHOLDERS.put("$municipality", municipality.code());
  }

  private static JsonNode read(String resource) throws IOException {
    try (InputStream in = BadInputCorpusIT.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No resource " + resource);
      }
      return JSON.readTree(in);
    }
  }

  static Set<String> writeRoutes() {
    Set<String> routes = new TreeSet<>();
    TestService.bean(Router.class)
        .uriRoutes()
        .forEach(
            route -> {
              if (WRITES.contains(route.getHttpMethodName())) {
                routes.add(
                    route.getHttpMethodName() + " " + route.getUriMatchTemplate().toPathString());
              }
            });
    return routes;
  }

  @Test
  void everyWriteEndpointOfTheRouteTableHasItsCallerAndBodyTemplate() {
    Set<String> listed = new TreeSet<>();
    endpoints.fieldNames().forEachRemaining(listed::add);
    assertThat(writeRoutes())
        .as("write endpoints without an entry in write-endpoints.json")
        .isSubsetOf(listed);
    for (String route : writeRoutes()) {
      assertThat(TOKENS).as(route).containsKey(endpoints.path(route).path("as").asText());
    }
  }

  @Test
  void everyWriteEndpointAnswersTheCorpusWithClear4xxAndStoresNothingItRefuses() {
    List<Failure> failures = new ArrayList<>();
    Set<String> tables = recordTables();
    long started = System.nanoTime();
    int requests = 0;
    int routes = 0;
    for (String route : writeRoutes()) {
      JsonNode endpoint = endpoints.path(route);
      if (endpoint.isMissingNode()) {
        continue; // reported by the test above
      }
      routes++;
      String token = TOKENS.get(endpoint.path("as").asText());
      List<Item> items = items(route, endpoint);
      // What must be refused goes first, counted once around all of it (one that is accepted is
      // a failure of its own); then what may be accepted, counted around each request, since an
      // accepted one may store and the count after it is the next one's before.
      Map<String, Long> before = counts(tables);
      for (Item item : items) {
        if (item.refuse()) {
          requests++;
          check(route, item, send(item, token), failures);
        }
      }
      Map<String, Long> after = counts(tables);
      if (!after.equals(before)) {
        failures.add(
            new Failure(
                route,
                "all that must be refused",
                0,
                "rows stored: " + changed(before, after),
                ""));
      }
      before = after;
      for (Item item : items) {
        if (item.refuse()) {
          continue;
        }
        requests++;
        HttpResponse<String> response = send(item, token);
        check(route, item, response, failures);
        after = counts(tables);
        if (response.statusCode() >= 400 && !after.equals(before)) {
          failures.add(
              new Failure(
                  route,
                  item.name(),
                  response.statusCode(),
                  "refused, yet rows were stored: " + changed(before, after),
                  ""));
        }
        before = after;
      }
    }
    System.out.printf(
        "Bad-input corpus: %d requests to %d write endpoints in %d s%n",
        requests, routes, (System.nanoTime() - started) / 1_000_000_000L);
    assertThat(failures).as("answers to bad input that are not clear refusals").isEmpty();
  }

  private static void check(
      String route, Item item, HttpResponse<String> response, List<Failure> failures) {
    String why = judge(item, response);
    if (why != null) {
      failures.add(new Failure(route, item.name(), response.statusCode(), why, response.body()));
    }
  }

  // ---------------------------------------------------------------- the corpus of one endpoint

  static List<Item> items(String route, JsonNode endpoint) {
    String method = route.substring(0, route.indexOf(' '));
    String template = route.substring(route.indexOf(' ') + 1);
    Map<String, String> pathValues = pathValues(template, endpoint.path("path"));
    String path = expand(template, pathValues);
    List<Item> items = new ArrayList<>();
    JsonNode requestBody = requestBody(route, endpoint);
    String contentType = contentType(route, endpoint);

    // Path variables that are ids: each bad id in turn, the body as it should be.
    byte[] goodBody = requestBody == null ? null : encode(contentType, requestBody);
    for (Map.Entry<String, String> variable : pathValues.entrySet()) {
      if (!isUuid(variable.getValue())) {
        continue;
      }
      for (JsonNode bad : corpus.path("pathIds")) {
        Map<String, String> values = new LinkedHashMap<>(pathValues);
        values.put(variable.getKey(), bad.path("value").asText());
        items.add(
            new Item(
                "path " + variable.getKey() + " " + bad.path("name").asText(),
                method,
                expand(template, values),
                contentType,
                goodBody,
                true));
      }
    }
    if (contentType == null) {
      // No body: one it must ignore or refuse, never fail on.
      items.add(new Item("unexpected body", method, path, "application/json", bytes("{"), false));
      return items;
    }
    boolean json = contentType.contains("json");
    String structuralType = json ? contentType : "application/json";
    // Structural bad bodies: refused wherever they go.
    items.add(new Item("empty body", method, path, contentType, new byte[0], true));
    items.add(new Item("wrong content type", method, path, "text/plain", goodBody, true));
    items.add(
        new Item("xml content type", method, path, "application/xml", bytes("<a>1</a>"), true));
    items.add(
        new Item(
            "invalid utf-8",
            method,
            path,
            contentType,
            new byte[] {'{', (byte) 0xC3, '"', (byte) 0xFF},
            // A form is decoded as browsers send it: a byte that is not UTF-8 becomes U+FFFD
            // (WHATWG URL-encoded parsing); a form that needs no field may then be accepted.
            !contentType.startsWith("application/x-www-form-urlencoded")));
    if (json) {
      String good = new String(goodBody, StandardCharsets.UTF_8);
      items.add(
          new Item(
              "truncated",
              method,
              path,
              contentType,
              bytes(good.substring(0, good.length() / 2)),
              true));
      items.add(new Item("open brace", method, path, contentType, bytes("{"), true));
      items.add(new Item("null", method, path, contentType, bytes("null"), true));
      items.add(new Item("array for object", method, path, contentType, bytes("[]"), true));
      items.add(new Item("string for object", method, path, contentType, bytes("\"x\""), true));
      // A body is one JSON value: what follows it is refused by every reader, but whitespace.
      items.add(new Item("trailing garbage", method, path, contentType, bytes(good + "}}"), true));
      items.add(
          new Item("a second value", method, path, contentType, bytes(good + "{\"b\":2}"), true));
      items.add(
          new Item("trailing whitespace", method, path, contentType, bytes(good + " \r\n"), false));
      items.add(
          new Item(
              "deep nesting",
              method,
              path,
              structuralType,
              bytes("{\"a\":".repeat(200) + "1" + "}".repeat(200)),
              true));
      items.add(
          new Item(
              "huge string",
              method,
              path,
              structuralType,
              bytes("{\"a\":\"" + "x".repeat(300_000) + "\"}"),
              false));
      items.add(new Item("empty object", method, path, contentType, bytes("{}"), false));
      if (contentType.startsWith("application/fhir+json") && good.startsWith("{")) {
        // HAPI's parser itself failed on this shape (found by the intake's fuzzing).
        items.add(
            new Item(
                "an extension that is a string",
                method,
                path,
                contentType,
                bytes("{\"extension\":[\"ハナコ\"]," + good.substring(1)),
                true));
      }
    } else {
      items.add(
          new Item(
              "json for another type", method, path, "application/json", bytes("{\"a\":1}"), true));
    }
    // Bad values at each kind of member of the template, spread over its members.
    if (requestBody != null && (json || contentType.startsWith("application/x-www-form"))) {
      items.addAll(memberItems(method, path, contentType, requestBody, json));
    }
    return items;
  }

  private static List<Item> memberItems(
      String method, String path, String contentType, JsonNode template, boolean json) {
    List<String> strings = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    List<String> dates = new ArrayList<>();
    List<String> all = new ArrayList<>();
    leaves(template, "", strings, numbers, dates, all);
    List<Item> items = new ArrayList<>();
    addValues(
        items,
        method,
        path,
        contentType,
        template,
        json,
        strings,
        corpus.path("strings"),
        "string");
    if (json) {
      addValues(
          items,
          method,
          path,
          contentType,
          template,
          true,
          numbers,
          corpus.path("numbers"),
          "number");
      addValues(
          items, method, path, contentType, template, true, dates, corpus.path("dates"), "date");
      addValues(
          items, method, path, contentType, template, true, all, corpus.path("wrongTypes"), "type");
    }
    return items;
  }

  private static void addValues(
      List<Item> items,
      String method,
      String path,
      String contentType,
      JsonNode template,
      boolean json,
      List<String> members,
      JsonNode values,
      String kind) {
    if (members.isEmpty()) {
      return;
    }
    int i = 0;
    for (JsonNode value : values) {
      String member = members.get(i++ % members.size());
      String text = valueJson(value);
      byte[] body;
      if (json) {
        JsonNode copy = template.deepCopy();
        set(copy, member, TextNode.valueOf("\u0000MARK\u0000"));
        String encoded = write(copy).replace("\"\\u0000MARK\\u0000\"", text);
        body = bytes(encoded);
      } else {
        JsonNode copy = template.deepCopy();
        String plain;
        try {
          plain = JSON.readValue(text, String.class);
        } catch (IOException e) {
          continue; // a value JSON cannot give as text is not sent in a form
        }
        if (!JsonLimits.isUnicode(plain)) {
          continue; // nor one UTF-8 cannot carry (a lone surrogate): a form is UTF-8 bytes
        }
        set(copy, member, TextNode.valueOf(plain));
        body = encode(contentType, copy);
      }
      items.add(
          new Item(
              kind + " " + value.path("name").asText() + " at " + member,
              method,
              path,
              contentType,
              body,
              value.path("refused").asBoolean(false)));
    }
  }

  private static String valueJson(JsonNode value) {
    if (value.path("generate").asText().equals("repeat")) {
      return "\"" + value.path("of").asText().repeat(value.path("times").asInt()) + "\"";
    }
    return value.path("json").asText();
  }

  /** The members of a body by kind: paths like {@code a.b.0.c}. */
  private static void leaves(
      JsonNode node,
      String at,
      List<String> strings,
      List<String> numbers,
      List<String> dates,
      List<String> all) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        leaves(field.getValue(), join(at, field.getKey()), strings, numbers, dates, all);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        leaves(node.get(i), join(at, String.valueOf(i)), strings, numbers, dates, all);
      }
    } else {
      all.add(at);
      if (node.isNumber()) {
        numbers.add(at);
      } else if (node.isTextual() && DATE.matcher(node.asText()).matches()) {
        dates.add(at);
      } else if (node.isTextual() && !node.asText().equals("Bundle")) {
        strings.add(at);
      }
    }
  }

  private static String join(String at, String key) {
    return at.isEmpty() ? key : at + "\u0001" + key;
  }

  private static void set(JsonNode root, String member, JsonNode value) {
    String[] keys = member.split("\u0001");
    JsonNode parent = root;
    for (int i = 0; i < keys.length - 1; i++) {
      parent = parent.isArray() ? parent.get(Integer.parseInt(keys[i])) : parent.get(keys[i]);
    }
    String last = keys[keys.length - 1];
    if (parent.isArray()) {
      ((ArrayNode) parent).set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
  }

  // ---------------------------------------------------------------- templates from the contract

  private static JsonNode requestBody(String route, JsonNode endpoint) {
    try {
      if (endpoint.has("body")) {
        return JSON.readTree(placeholders(write(endpoint.path("body"))));
      }
      if (endpoint.has("bodyFile")) {
        return read(endpoint.path("bodyFile").asText());
      }
    } catch (IOException e) {
      throw new IllegalStateException(route, e);
    }
    JsonNode content = operation(route).path("requestBody").path("content");
    if (!content.fields().hasNext()) {
      return null;
    }
    JsonNode media = content.fields().next().getValue();
    if (media.has("example")) {
      return media.path("example");
    }
    if (media.path("examples").fields().hasNext()) {
      return media.path("examples").fields().next().getValue().path("value");
    }
    return sample(media.path("schema"), 0);
  }

  private static String contentType(String route, JsonNode endpoint) {
    if (endpoint.has("body") || endpoint.has("bodyFile")) {
      return "application/fhir+json";
    }
    Iterator<String> types = operation(route).path("requestBody").path("content").fieldNames();
    return types.hasNext() ? types.next() : null;
  }

  private static JsonNode operation(String route) {
    String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
    return openApi.path("paths").path(route.substring(route.indexOf(' ') + 1)).path(method);
  }

  /** A value of a schema: its example, else one built from its type. */
  private static JsonNode sample(JsonNode schema, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (schema.has("$ref")) {
      String[] parts = schema.path("$ref").asText().substring(2).split("/");
      JsonNode target = openApi;
      for (String part : parts) {
        target = target.path(part);
      }
      return sample(target, depth + 1);
    }
    if (schema.has("example")) {
      return schema.path("example");
    }
    if (schema.path("examples").isArray() && schema.path("examples").size() > 0) {
      return schema.path("examples").get(0);
    }
    if (schema.has("const")) {
      return schema.path("const");
    }
    if (schema.path("enum").isArray() && schema.path("enum").size() > 0) {
      return schema.path("enum").get(0);
    }
    for (String choice : List.of("oneOf", "anyOf")) {
      if (schema.path(choice).isArray()) {
        for (JsonNode option : schema.path(choice)) {
          if (!option.path("type").asText().equals("null")) {
            return sample(option, depth + 1);
          }
        }
      }
    }
    if (schema.path("allOf").isArray()) {
      ObjectNode merged = f.objectNode();
      for (JsonNode part : schema.path("allOf")) {
        JsonNode value = sample(part, depth + 1);
        if (value.isObject()) {
          merged.setAll((ObjectNode) value);
        }
      }
      return merged;
    }
    String type = schema.path("type").asText();
    if (schema.path("type").isArray()) {
      for (JsonNode t : schema.path("type")) {
        if (!t.asText().equals("null")) {
          type = t.asText();
          break;
        }
      }
    }
    if (type.isEmpty() && schema.has("properties")) {
      type = "object";
    }
    switch (type) {
      case "object":
        ObjectNode object = f.objectNode();
        if (depth < 8) {
          schema
              .path("properties")
              .fields()
              .forEachRemaining(p -> object.set(p.getKey(), sample(p.getValue(), depth + 1)));
        }
        return object;
      case "array":
        ArrayNode array = f.arrayNode();
        if (depth < 8) {
          array.add(sample(schema.path("items"), depth + 1));
        }
        return array;
      case "integer":
        return f.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
      case "number":
        return f.numberNode(Math.max(1.0, schema.path("minimum").asDouble(1)));
      case "boolean":
        return f.booleanNode(true);
      default:
        switch (schema.path("format").asText()) {
          case "date":
            return f.textNode("2026-01-10");
          case "date-time":
            return f.textNode("2026-01-10T10:00:00+09:00");
          case "uuid":
            return f.textNode(UUID.randomUUID().toString());
          default:
            return f.textNode("テスト");
        }
    }
  }

  // ---------------------------------------------------------------- requests and answers

  private static Map<String, String> pathValues(String template, JsonNode given) {
    Map<String, String> values = new LinkedHashMap<>();
    Matcher m = PATH_VARIABLE.matcher(template);
    while (m.find()) {
      String name = m.group(1);
      values.put(name, placeholders(given.path(name).asText("$uuid")));
    }
    return values;
  }

  private static String placeholders(String text) {
    for (Map.Entry<String, String> p : PLACEHOLDERS.entrySet()) {
      text = text.replace(p.getKey(), p.getValue());
    }
    while (text.contains("$uuid")) {
      text = text.replaceFirst(Pattern.quote("$uuid"), UUID.randomUUID().toString());
    }
    return text;
  }

  private static String expand(String template, Map<String, String> values) {
    String path = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      path = path.replace("{" + value.getKey() + "}", value.getValue());
    }
    return path.replace("$", "%24");
  }

  private static boolean isUuid(String value) {
    try {
      return UUID.fromString(value).toString().equals(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] encode(String contentType, JsonNode body) {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      List<String> pairs = new ArrayList<>();
      body.fields()
          .forEachRemaining(
              field ->
                  pairs.add(
                      URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(
                              field.getValue().isTextual()
                                  ? field.getValue().asText()
                                  : field.getValue().toString(),
                              StandardCharsets.UTF_8)));
      return bytes(String.join("&", pairs));
    }
    if (contentType.contains("json")) {
      return bytes(write(body));
    }
    // CSV, PDF, multipart: a body of their kind that is not what it claims to be.
    return bytes(body.isTextual() ? body.asText() : write(body));
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> send(Item item, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(TestService.server().getURI().resolve(URI.create(item.path())))
            .timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (item.contentType() != null) {
      request.header("Content-Type", item.contentType());
    }
    request.method(
        item.method(),
        item.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(item.body()));
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(item.method() + " " + item.path(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Why an answer is not acceptable, or null. */
  static String judge(Item item, HttpResponse<String> response) {
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    String type = response.headers().firstValue("content-type").orElse("");
    if (status >= 500) {
      return "a server error";
    }
    if (body.contains("\tat ")
        || body.matches(
            "(?s).*\\b(java|javax|io\\.micronaut|ca\\.uhn)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*")) {
      return "a stack trace or exception class in the answer";
    }
    if (item.refuse() && status < 400) {
      return "accepted what must be refused";
    }
    if (status < 400) {
      return null;
    }
    String path = item.path();
    if (path.startsWith("/fhir")) {
      return type.startsWith("application/fhir+json") && body.contains("\"OperationOutcome\"")
          ? null
          : "not an OperationOutcome";
    }
    if (path.startsWith("/oauth2/token") || path.startsWith("/oauth2/revoke")) {
      return type.contains("json") && (body.contains("\"error\"") || body.contains("\"code\""))
          ? null
          : "not the OAuth error JSON";
    }
    if (path.startsWith("/dashboard") || path.startsWith("/oauth2/authorize")) {
      return type.startsWith("text/html") || type.startsWith("application/problem+json")
          ? null
          : "neither a page nor problem+json";
    }
    if (!type.startsWith("application/problem+json")) {
      return "not problem+json";
    }
    try {
      return JSON.readTree(body).path("code").asText().matches("SKY-\\d{4}")
          ? null
          : "no stable code";
    } catch (IOException e) {
      return "problem+json that is not JSON";
    }
  }

  // ---------------------------------------------------------------- what is stored

  private static Set<String> recordTables() {
    Set<String> tables = new TreeSet<>();
    try (Connection c = Db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    tables.removeAll(NOT_RECORDS);
    return tables;
  }

  private static Connection counting;

  private static Map<String, Long> counts(Set<String> tables) {
    String sql =
        tables.stream()
            .map(t -> "SELECT '" + t + "', count(*) FROM \"" + t + "\"")
            .collect(Collectors.joining(" UNION ALL "));
    Map<String, Long> counts = new TreeMap<>();
    try {
      if (counting == null || counting.isClosed()) {
        counting = Db.connect();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    try (Statement s = counting.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return counts;
  }

  private static Map<String, String> changed(Map<String, Long> before, Map<String, Long> after) {
    Map<String, String> changed = new TreeMap<>();
    after.forEach(
        (table, n) -> {
          if (!n.equals(before.get(table))) {
            changed.put(table, before.get(table) + " -> " + n);
          }
        });
    return changed;
  }
}
