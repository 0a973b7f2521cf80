package app.sukoyaka.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's deep-link routes ({@code deep-links.json}) and the one way the backend builds links to
 * them, so that a link in a push notification or a notice always opens a screen the app has.
 */
public final class DeepLinks {

  /** Classpath location of the routes. */
  public static final String RESOURCE = "app/sukoyaka/mobile/deep-links.json";

  /** Classpath location of the JSON Schema (2020-12) of {@link #RESOURCE}. */
  public static final String SCHEMA_RESOURCE = "app/sukoyaka/mobile/deep-links.schema.json";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}/]+)}");

  private static final Pattern UUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final String scheme;
  private final Map<String, Route> routes;

  private DeepLinks(String scheme, Map<String, Route> routes) {
    this.scheme = scheme;
    // Kept in file order so that routes() lists them as the file does.
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
  }

  /** The routes bundled in this jar, read once per class loader. */
  public static DeepLinks load() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final DeepLinks INSTANCE = parse(read(RESOURCE));
  }

  /**
   * Routes from other JSON text in the format of {@link #RESOURCE}; checks what the schema cannot:
   * unique names and parameters that match the template's placeholders.
   */
  static DeepLinks parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("Deep-link routes are not JSON", e);
    }
    String scheme = root.path("scheme").asText();
    Map<String, Route> routes = new LinkedHashMap<>();
    for (JsonNode node : root.path("routes")) {
      List<Parameter> parameters = new ArrayList<>();
      for (JsonNode p : node.path("parameters")) {
        parameters.add(
            new Parameter(
                p.path("name").asText(),
                p.path("description").asText(),
                p.hasNonNull("format") ? p.get("format").asText() : null));
      }
      Route route =
          new Route(
              node.path("name").asText(),
              node.path("template").asText(),
              node.path("description").asText(),
              node.path("operationId").asText(),
              List.copyOf(parameters));
      if (!route.template().startsWith(scheme + "://")) {
        throw new IllegalArgumentException(
            "Route " + route.name() + " does not use the scheme " + scheme);
      }
      Set<String> declared = new TreeSet<>();
      route.parameters().forEach(p -> declared.add(p.name()));
      if (!declared.equals(new TreeSet<>(placeholders(route.template())))
          || declared.size() != route.parameters().size()) {
        throw new IllegalArgumentException(
            "Route "
                + route.name()
                + " declares parameters "
                + declared
                + " for "
                + route.template());
      }
      if (routes.putIfAbsent(route.name(), route) != null) {
        throw new IllegalArgumentException("Route " + route.name() + " is declared twice");
      }
    }
    return new DeepLinks(scheme, routes);
  }

  /** The URI scheme the app registers, without {@code ://}. */
  public String scheme() {
    return scheme;
  }

  /** Every route, in the order of the file. */
  public List<Route> routes() {
    return List.copyOf(routes.values());
  }

  /** The route names, in the order of the file. */
  public Set<String> routeNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(routes.keySet()));
  }

  /**
   * Builds a link to a route, for example {@code build("pregnancyHandbook", Map.of("pregnancyId",
   * id))} gives {@code sukoyaka://pregnancies/<id>}.
   *
   * @throws IllegalArgumentException if the route is unknown, a parameter is missing, blank,
   *     unknown to the route or not in its format
   */
  public String build(String routeName, Map<String, String> params) {
    Route route = routes.get(routeName);
    if (route == null) {
      throw new IllegalArgumentException(
          "Unknown deep-link route " + routeName + " (known: " + routeNames() + ")");
    }
    Set<String> unknown = new TreeSet<>(params.keySet());
    route.parameters().forEach(p -> unknown.remove(p.name()));
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Route " + routeName + " takes no parameter(s) " + unknown);
    }
    Map<String, String> encoded = new LinkedHashMap<>();
    for (Parameter parameter : route.parameters()) {
      String value = params.get(parameter.name());
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            "Route " + routeName + " needs parameter " + parameter.name());
      }
      if ("uuid".equals(parameter.format()) && !UUID.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "Parameter " + parameter.name() + " of route " + routeName + " must be a UUID");
      }
      encoded.put(parameter.name(), encodePathSegment(value));
    }
    Matcher m = PLACEHOLDER.matcher(route.template());
    StringBuilder link = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(link, Matcher.quoteReplacement(encoded.get(m.group(1))));
    }
    m.appendTail(link);
    return link.toString();
  }

  private static List<String> placeholders(String template) {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Percent-encodes everything but RFC 3986 unreserved characters, so a value stays one path
   * segment whatever it holds (URLEncoder would turn spaces into {@code +}, which is form syntax).
   */
  static String encodePathSegment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  static String read(String resource) {
    try (InputStream in = DeepLinks.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath resource " + resource, e);
    }
  }

  /**
   * One route.
   *
   * @param name the stable name used with {@link #build}
   * @param template the link with {@code {parameter}} placeholders
   * @param description what the screen shows
   * @param operationId the API operation whose data the screen shows
   * @param parameters the placeholders of the template
   */
  public record Route(
      String name,
      String template,
      String description,
      String operationId,
      List<Parameter> parameters) {}

  /**
   * One route parameter.
   *
   * @param name the placeholder name
   * @param description where the value comes from
   * @param format {@code uuid}, or null for any non-empty text
   */
  public record Parameter(String name, String description, String format) {}
}
