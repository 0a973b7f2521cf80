package app.sukoyaka.apispec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * Holds HTTP exchanges to {@code openapi.yaml}: the backend's tests pass every request they make
 * and the response they get, and fail on any difference from the contract.
 *
 * <p>Schemas are validated as JSON Schema 2020-12 in the OpenAPI 3.1 dialect, with format
 * assertions on (so {@code date}, {@code date-time}, {@code uuid} and {@code uri} are checked, not
 * just annotated). Headers and security are not checked: an {@link Exchange} carries neither.
 *
 * <p>The request (parameters, content type, body) is checked only when the response is not a 4xx: a
 * client error answered with 4xx is what the contract asks for, while the same request answered
 * with 2xx shows the server accepting input the contract rules out.
 *
 * <p>Instances are immutable and thread-safe; compiled schemas are cached.
 */
public final class OpenApiContract {

  /** Classpath location of the OpenAPI document. */
  public static final String RESOURCE = "app/sukoyaka/apispec/openapi.yaml";

  // The document is registered under this IRI so that "#/components/..." references resolve
  // against the whole document, wherever the schema being compiled sits in it.
  private static final String DOCUMENT_IRI = "https://sukoyaka.app/api-spec/openapi.json";

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode document;
  private final List<PathTemplate> paths;
  private final JsonSchemaFactory schemaFactory;
  private final SchemaValidatorsConfig schemaConfig;
  private final ConcurrentMap<String, JsonSchema> compiledSchemas = new ConcurrentHashMap<>();

  private OpenApiContract(JsonNode document) {
    this.document = document;
    List<PathTemplate> templates = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(t -> templates.add(new PathTemplate(t)));
    templates.sort(PathTemplate.MOST_SPECIFIC_FIRST);
    this.paths = List.copyOf(templates);
    String documentJson = document.toString();
    this.schemaFactory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder
                    .metaSchema(OpenApi31.getInstance())
                    .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                    .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_IRI, documentJson))));
    this.schemaConfig = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  }

  /** The contract bundled in this jar, parsed once per class loader. */
  public static OpenApiContract load() {
    return Holder.INSTANCE;
  }

  /** A contract from other YAML text; lets tests exercise features our own spec does not use. */
  static OpenApiContract fromYaml(String yaml) {
    try {
      return new OpenApiContract(new YAMLMapper().readTree(yaml));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a YAML document: " + e.getOriginalMessage(), e);
    }
  }

  private static final class Holder {
    static final OpenApiContract INSTANCE = fromYaml(ClasspathText.read(RESOURCE));
  }

  /** Every operationId in the document. */
  public Set<String> operationIds() {
    Set<String> ids = new TreeSet<>();
    for (JsonNode pathItem : document.path("paths")) {
      JsonNode item = resolve(new Located(pathItem, "")).node();
      item.properties()
          .forEach(
              e -> {
                if (METHODS.contains(e.getKey()) && e.getValue().hasNonNull("operationId")) {
                  ids.add(e.getValue().get("operationId").asText());
                }
              });
    }
    return Collections.unmodifiableSet(ids);
  }

  /** Every way the exchange departs from the contract; empty when it conforms. */
  public List<String> violations(Exchange exchange) {
    List<String> violations = new ArrayList<>();
    check(exchange, violations);
    return List.copyOf(violations);
  }

  /**
   * Fails with an {@link AssertionError} listing every violation when the exchange does not
   * conform.
   */
  public void assertConforms(Exchange exchange) {
    List<String> violations = violations(exchange);
    if (!violations.isEmpty()) {
      throw new AssertionError(
          exchange.method().toUpperCase(Locale.ROOT)
              + " "
              + exchange.path()
              + " -> "
              + exchange.status()
              + " does not conform to "
              + RESOURCE
              + ":\n  - "
              + String.join("\n  - ", violations));
    }
  }

  /** The parsed document, for tests that walk it. */
  JsonNode document() {
    return document;
  }

  /**
   * Validates an instance against the schema at a JSON Pointer into the document and returns the
   * messages.
   */
  List<String> validate(String schemaPointer, JsonNode instance) {
    return schemaAt(schemaPointer).validate(instance).stream()
        .map(ValidationMessage::getMessage)
        .collect(Collectors.toList());
  }

  private void check(Exchange exchange, List<String> violations) {
    URI target;
    try {
      target = URI.create(exchange.path());
    } catch (IllegalArgumentException e) {
      violations.add("request target " + exchange.path() + " is not a valid URI reference");
      return;
    }
    String rawPath = target.getRawPath() == null ? "" : target.getRawPath();

    PathTemplate template = null;
    Map<String, String> rawPathValues = Map.of();
    for (PathTemplate candidate : paths) {
      Optional<Map<String, String>> match = candidate.match(rawPath);
      if (match.isPresent()) {
        template = candidate;
        rawPathValues = match.get();
        break;
      }
    }
    if (template == null) {
      violations.add("no documented path matches " + rawPath);
      return;
    }
    String pathPointer = "/paths/" + escape(template.template());
    Located pathItem = resolve(new Located(document.at(pathPointer), pathPointer));

    String method = exchange.method().toLowerCase(Locale.ROOT);
    JsonNode operationNode = METHODS.contains(method) ? pathItem.node().get(method) : null;
    if (operationNode == null) {
      violations.add(
          exchange.method().toUpperCase(Locale.ROOT)
              + " is not documented for "
              + template.template()
              + " (documented: "
              + documentedMethods(pathItem.node())
              + ")");
      return;
    }
    Located operation = new Located(operationNode, pathItem.pointer() + "/" + method);

    // A 4xx answer to a request that breaks the contract is the server doing its job (tests send
    // such requests on purpose); any other answer to it means the server accepted what the
    // contract says clients may not send.
    boolean rejectedByServer = exchange.status() >= 400 && exchange.status() < 500;
    if (!rejectedByServer) {
      checkParameters(pathItem, operation, rawPathValues, target.getRawQuery(), violations);
      checkRequestBody(operation, exchange, violations);
    }
    checkResponse(operation, exchange, violations);
  }

  private void checkParameters(
      Located pathItem,
      Located operation,
      Map<String, String> rawPathValues,
      String rawQuery,
      List<String> violations) {
    Map<String, List<String>> query;
    try {
      query = UrlEncoded.parse(rawQuery);
    } catch (IllegalArgumentException e) {
      violations.add("query string is not valid percent-encoding: " + rawQuery);
      query = Map.of();
    }
    for (Located parameter : parameters(pathItem, operation)) {
      JsonNode p = parameter.node();
      String name = p.path("name").asText();
      String in = p.path("in").asText();
      Located schema = new Located(p.get("schema"), parameter.pointer() + "/schema");
      if (in.equals("path")) {
        String raw = rawPathValues.get(name);
        if (raw == null) {
          violations.add("path parameter " + name + " is documented but not in the path template");
          continue;
        }
        String value;
        try {
          value = UrlEncoded.decodePathSegment(raw);
        } catch (IllegalArgumentException e) {
          violations.add("path parameter " + name + " is not valid percent-encoding: " + raw);
          continue;
        }
        validateParameter("path parameter " + name, schema, List.of(value), violations);
      } else if (in.equals("query")) {
        List<String> values = query.get(name);
        if (values == null) {
          if (p.path("required").asBoolean(false)) {
            violations.add("required query parameter " + name + " is missing");
          }
          continue;
        }
        validateParameter("query parameter " + name, schema, values, violations);
      }
      // Header and cookie parameters are not part of an Exchange.
    }
  }

  /** Path-item parameters overridden by operation parameters of the same name and location. */
  private List<Located> parameters(Located pathItem, Located operation) {
    Map<String, Located> byKey = new LinkedHashMap<>();
    for (Located owner : List.of(pathItem, operation)) {
      JsonNode list = owner.node().path("parameters");
      for (int i = 0; i < list.size(); i++) {
        Located parameter = resolve(new Located(list.get(i), owner.pointer() + "/parameters/" + i));
        JsonNode p = parameter.node();
        byKey.put(p.path("in").asText() + ":" + p.path("name").asText(), parameter);
      }
    }
    return new ArrayList<>(byKey.values());
  }

  private void validateParameter(
      String what, Located schema, List<String> values, List<String> violations) {
    if (schema.node() == null) {
      return;
    }
    JsonNode schemaNode = resolve(schema).node();
    JsonNode instance;
    if (schemaNode.path("type").asText().equals("array")) {
      // Form style with explode (the OpenAPI default for query): ?a=1&a=2.
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (String value : values) {
        array.add(typed(value, schemaNode.path("items")));
      }
      instance = array;
    } else {
      if (values.size() > 1) {
        violations.add(what + " is repeated but is not an array");
      }
      instance = typed(values.get(0), schemaNode);
    }
    for (ValidationMessage message : schemaAt(schema.pointer()).validate(instance)) {
      violations.add(describe(what, message));
    }
  }

  /**
   * Parameters travel as text; numbers and booleans are converted before validation so that the
   * schema's type applies to what the text means. Text that does not convert stays a string and
   * fails the type check.
   */
  private JsonNode typed(String value, JsonNode schemaNode) {
    JsonNode resolved = resolve(new Located(schemaNode, "")).node();
    Set<String> types = new LinkedHashSet<>();
    JsonNode type = resolved.path("type");
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else if (type.isTextual()) {
      types.add(type.asText());
    }
    if (types.contains("integer") || types.contains("number")) {
      try {
        return JsonNodeFactory.instance.numberNode(new BigDecimal(value));
      } catch (NumberFormatException e) {
        return JsonNodeFactory.instance.textNode(value);
      }
    }
    if (types.contains("boolean") && (value.equals("true") || value.equals("false"))) {
      return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
    }
    return JsonNodeFactory.instance.textNode(value);
  }

  private void checkRequestBody(Located operation, Exchange exchange, List<String> violations) {
    boolean hasBody = exchange.requestBody() != null && !exchange.requestBody().isEmpty();
    JsonNode requestBodyNode = operation.node().get("requestBody");
    if (requestBodyNode == null) {
      if (hasBody) {
        violations.add("request has a body but the operation documents none");
      }
      return;
    }
    Located requestBody =
        resolve(new Located(requestBodyNode, operation.pointer() + "/requestBody"));
    if (!hasBody) {
      if (requestBody.node().path("required").asBoolean(false)) {
        violations.add("request body is required but missing");
      }
      return;
    }
    checkContent(
        "request",
        new Located(requestBody.node().get("content"), requestBody.pointer() + "/content"),
        exchange.requestContentType(),
        exchange.requestBody(),
        violations);
  }

  private void checkResponse(Located operation, Exchange exchange, List<String> violations) {
    JsonNode responses = operation.node().path("responses");
    String status = Integer.toString(exchange.status());
    String key = null;
    for (String candidate : List.of(status, status.charAt(0) + "XX", "default")) {
      if (responses.has(candidate)) {
        key = candidate;
        break;
      }
    }
    if (key == null) {
      List<String> documented = new ArrayList<>();
      responses.fieldNames().forEachRemaining(documented::add);
      violations.add("status " + status + " is not documented (documented: " + documented + ")");
      return;
    }
    Located response =
        resolve(new Located(responses.get(key), operation.pointer() + "/responses/" + escape(key)));
    JsonNode content = response.node().get("content");
    boolean hasBody = exchange.responseBody() != null && !exchange.responseBody().isEmpty();
    if (content == null || content.isEmpty()) {
      if (hasBody) {
        violations.add("response to status " + status + " has a body but none is documented");
      }
      return;
    }
    checkContent(
        "response",
        new Located(content, response.pointer() + "/content"),
        exchange.responseContentType(),
        exchange.responseBody(),
        violations);
  }

  private void checkContent(
      String side, Located content, String contentType, String body, List<String> violations) {
    if (content.node() == null || content.node().isEmpty()) {
      return;
    }
    List<String> documented = new ArrayList<>();
    content.node().fieldNames().forEachRemaining(documented::add);
    if (contentType == null || contentType.isBlank()) {
      violations.add(side + " content type is missing (documented: " + documented + ")");
      return;
    }
    Optional<String> mediaType = MediaTypes.bestMatch(documented.iterator(), contentType);
    if (mediaType.isEmpty()) {
      violations.add(
          side
              + " content type "
              + MediaTypes.essence(contentType)
              + " is not documented (documented: "
              + documented
              + ")");
      return;
    }
    if (body == null || body.isEmpty()) {
      violations.add(side + " body is missing");
      return;
    }
    String mediaPointer = content.pointer() + "/" + escape(mediaType.get());
    if (!content.node().get(mediaType.get()).has("schema")) {
      return;
    }
    JsonNode instance;
    if (MediaTypes.isForm(contentType)) {
      instance = formToJson(body);
    } else if (MediaTypes.isJson(contentType)) {
      try {
        instance = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        violations.add(side + " body is not JSON: " + e.getOriginalMessage());
        return;
      }
    } else {
      // Other media types (none documented yet) are opaque to a JSON Schema.
      return;
    }
    for (ValidationMessage message : schemaAt(mediaPointer + "/schema").validate(instance)) {
      violations.add(describe(side + " body", message));
    }
  }

  /**
   * A form body as a JSON object of strings, so that the request schema (an object schema) applies;
   * a name given more than once becomes an array and fails a string schema.
   */
  private static JsonNode formToJson(String body) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    Map<String, List<String>> fields;
    try {
      fields = UrlEncoded.parse(body);
    } catch (IllegalArgumentException e) {
      return JsonNodeFactory.instance.textNode(body);
    }
    fields.forEach(
        (name, values) -> {
          if (values.size() == 1) {
            object.put(name, values.get(0));
          } else {
            ArrayNode array = object.putArray(name);
            values.forEach(array::add);
          }
        });
    return object;
  }

  private JsonSchema schemaAt(String pointer) {
    return compiledSchemas.computeIfAbsent(
        pointer,
        p -> {
          JsonSchema schema =
              schemaFactory.getSchema(
                  SchemaLocation.of(DOCUMENT_IRI + "#" + fragment(p)), schemaConfig);
          // Compile the whole tree now rather than lazily on first use from several threads.
          schema.initializeValidators();
          return schema;
        });
  }

  /** Follows local {@code $ref}s of Reference Objects until a definition is reached. */
  private Located resolve(Located located) {
    Located current = located;
    Set<String> seen = new LinkedHashSet<>();
    while (current.node() != null && current.node().has("$ref")) {
      String ref = current.node().get("$ref").asText();
      if (!ref.startsWith("#") || !seen.add(ref)) {
        throw new IllegalStateException("Unresolvable or circular $ref " + ref);
      }
      String pointer = UrlEncoded.decodePathSegment(ref.substring(1));
      JsonNode target = document.at(pointer);
      if (target.isMissingNode()) {
        throw new IllegalStateException("$ref " + ref + " points nowhere in " + RESOURCE);
      }
      current = new Located(target, pointer);
    }
    return current;
  }

  /**
   * "response body /children/0/birthDate: does not match ..." or, for the instance root, "response
   * body: required property ...".
   */
  private static String describe(String subject, ValidationMessage message) {
    String text = message.getMessage();
    return text.startsWith(":") ? subject + text : subject + " " + text;
  }

  private static String documentedMethods(JsonNode pathItem) {
    List<String> methods = new ArrayList<>();
    for (Iterator<String> names = pathItem.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (METHODS.contains(name)) {
        methods.add(name.toUpperCase(Locale.ROOT));
      }
    }
    return String.join(", ", methods);
  }

  /** Escapes one reference token of a JSON Pointer (RFC 6901). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /**
   * A JSON Pointer in URI fragment form (RFC 6901 §6): characters a fragment may not hold, such as
   * the braces of path templates, are percent-encoded as UTF-8.
   */
  private static String fragment(String pointer) {
    StringBuilder out = new StringBuilder();
    for (byte b : pointer.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
      if (allowed) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** A node of the document and the JSON Pointer it was found at. */
  private record Located(JsonNode node, String pointer) {}

  /**
   * One HTTP request and its response.
   *
   * @param method the HTTP method, in any case
   * @param path the request target: a path with an optional query string ({@code /api/v1/me?x=1}),
   *     or an absolute URL
   * @param requestContentType the request's {@code Content-Type}, or null when it had none
   * @param requestBody the request body as text, or null when it had none
   * @param status the response status code
   * @param responseContentType the response's {@code Content-Type}, or null when it had none
   * @param responseBody the response body as text, or null when it had none
   */
  public record Exchange(
      String method,
      String path,
      String requestContentType,
      String requestBody,
      int status,
      String responseContentType,
      String responseBody) {

    public Exchange {
      if (method == null || method.isBlank()) {
        throw new IllegalArgumentException("method is required");
      }
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("path is required");
      }
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status must be 100-599, was " + status);
      }
    }
  }
}
