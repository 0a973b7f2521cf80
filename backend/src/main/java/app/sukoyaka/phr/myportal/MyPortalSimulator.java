package app.sukoyaka.phr.myportal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A local stand-in for マイナポータル, for demo mode and tests: its own small HTTP server on the loopback
 * interface (the portal is another service, with its own tokens, so it does not share our routes),
 * implementing the same flow as the real one: the authorisation page with a simulated card login
 * and consent, codes bound to a PKCE S256 challenge, a token endpoint that checks our client
 * assertion, refresh tokens that last {@link #LINK_LIFETIME}, revocation, and the records APIs in
 * the data layout of {@code portal-layout-mapping.json}. Card holders and their records are
 * registered by the demo seeding and by tests ({@link #register}); {@code simulator-records.json}
 * gives realistic records for a family. Nothing here is used when a real portal is configured.
 */
public final class MyPortalSimulator implements AutoCloseable {
  public static final String CLIENT_ID = "sukoyaka-local";
  public static final Duration LINK_LIFETIME = Duration.ofDays(90);
  static final String TEMPLATE = "app/sukoyaka/phr/myportal/simulator-records.json";
  private static final Duration ACCESS_LIFETIME = Duration.ofHours(1);
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A person of a card holder's household, with their records by kind. */
  public record Person(
      String ref,
      String relation,
      String nameKana,
      LocalDate birthDate,
      String sex,
      Map<PortalRecordType, List<ObjectNode>> records) {}

  private record Code(String login, String challenge, String redirectUri, Instant expiresAt) {}

  private record Grant(String login, Instant refreshExpiresAt) {}

  private record Access(String grantId, Instant expiresAt) {}

  private final HttpServer server;
  private final Clock clock;
  private final ECKey clientKey;
  private final URI redirectUri;
  private final Map<String, List<Person>> holders = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, Boolean> usedAssertions = new ConcurrentHashMap<>();

  private MyPortalSimulator(HttpServer server, Clock clock, ECKey clientKey, URI redirectUri) {
    this.server = server;
    this.clock = clock;
    this.clientKey = clientKey;
    this.redirectUri = redirectUri;
  }

  /**
   * Starts on a free loopback port; {@code redirectUri} is the one our client is registered with.
   */
  public static MyPortalSimulator start(Clock clock, URI redirectUri) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyID("sukoyaka-local-" + RANDOM.nextInt(1000))
              .generate();
      MyPortalSimulator simulator = new MyPortalSimulator(server, clock, key, redirectUri);
      server.createContext("/authorize", exchange -> closing(exchange, simulator::authorize));
      server.createContext("/token", exchange -> closing(exchange, simulator::token));
      server.createContext("/revoke", exchange -> closing(exchange, simulator::revoke));
      server.createContext("/api/v1/", exchange -> closing(exchange, simulator::api));
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.start();
      return simulator;
    } catch (IOException e) {
      throw new UncheckedIOException("The My Portal simulator cannot start", e);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closing(HttpExchange exchange, com.sun.net.httpserver.HttpHandler handler)
      throws IOException {
    try {
      handler.handle(exchange);
    } finally {
      exchange.close();
    }
  }

  /** Where the simulator is, and our client registered with it. */
  public PortalEndpoints endpoints(String scope, Duration timeout) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new PortalEndpoints(
        base.resolve("/authorize"),
        base.resolve("/token"),
        base.resolve("/revoke"),
        base.resolve("/api/v1/"),
        CLIENT_ID,
        redirectUri,
        clientKey,
        scope,
        timeout);
  }

  /** Registers (or replaces) a card holder's household as the portal knows it. */
  public void register(String login, List<Person> persons) {
    holders.put(login, List.copyOf(persons));
  }

  /** Whether the simulator knows that card holder. */
  public boolean knows(String login) {
    return holders.containsKey(login);
  }

  /**
   * Replaces items of one record of a holder (the municipality registered a correction): the same
   * record id with new values.
   */
  public void changeRecord(String login, String recordId, Map<String, String> items) {
    for (Person person : holders.getOrDefault(login, List.of())) {
      for (List<ObjectNode> records : person.records().values()) {
        for (ObjectNode record : records) {
          if (record.path("recordId").asText().equals(recordId)) {
            items.forEach(((ObjectNode) record.path("items"))::put);
            return;
          }
        }
      }
    }
    throw new IllegalArgumentException("No record " + recordId + " of " + login);
  }

  /**
   * A household with the realistic records of {@code simulator-records.json}: the mother (her
   * pregnancy's 妊婦健診 when {@code expectedDelivery} is given) and her children (乳幼児健診 and
   * vaccinations), each record dated from the birth or the expected delivery, none after today.
   *
   * @param children each as {nameKana, birthDate, sex}
   */
  public List<Person> household(
      String login,
      String motherKana,
      LocalDate motherBirth,
      LocalDate expectedDelivery,
      List<String[]> children) {
    JsonNode template = template();
    LocalDate today = LocalDate.now(clock);
    List<Person> persons = new ArrayList<>();
    Map<PortalRecordType, List<ObjectNode>> own = new LinkedHashMap<>();
    List<ObjectNode> prenatal = new ArrayList<>();
    if (expectedDelivery != null) {
      int n = 0;
      for (JsonNode visit : template.path("pregnancy").path("prenatal-checkups")) {
        LocalDate day = expectedDelivery.minusDays(visit.path("dayBeforeDue").asLong());
        n++;
        if (!day.isAfter(today)) {
          ObjectNode items = visit.path("items").deepCopy();
          items.put("受診日", day.toString());
          prenatal.add(record("PC-" + login + "-" + n, items));
        }
      }
    }
    own.put(PortalRecordType.PRENATAL_CHECKUP, prenatal);
    own.put(PortalRecordType.INFANT_CHECKUP, new ArrayList<>());
    own.put(PortalRecordType.IMMUNIZATION, new ArrayList<>());
    persons.add(
        new Person("P-" + login + "-0", PortalPerson.SELF, motherKana, motherBirth, "female", own));
    int c = 0;
    for (String[] child : children) {
      c++;
      LocalDate born = LocalDate.parse(child[1]);
      Map<PortalRecordType, List<ObjectNode>> records = new LinkedHashMap<>();
      List<ObjectNode> checkups = new ArrayList<>();
      int n = 0;
      for (JsonNode visit : template.path("child").path("infant-checkups")) {
        LocalDate day = born.plusDays(visit.path("day").asLong());
        n++;
        if (!day.isAfter(today)) {
          ObjectNode items = visit.path("items").deepCopy();
          items.put("受診日", day.toString());
          Period age = Period.between(born, day);
          items.put("月齢", age.toTotalMonths() + "か月" + age.getDays() + "日");
          checkups.add(record("IC-" + login + "-" + c + "-" + n, items));
        }
      }
      List<ObjectNode> doses = new ArrayList<>();
      n = 0;
      for (JsonNode dose : template.path("child").path("immunizations")) {
        LocalDate day = born.plusDays(dose.path("day").asLong());
        n++;
        if (!day.isAfter(today)) {
          ObjectNode items = dose.path("items").deepCopy();
          items.put("接種日", day.toString());
          doses.add(record("IM-" + login + "-" + c + "-" + n, items));
        }
      }
      records.put(PortalRecordType.INFANT_CHECKUP, checkups);
      records.put(PortalRecordType.IMMUNIZATION, doses);
      records.put(PortalRecordType.PRENATAL_CHECKUP, new ArrayList<>());
      persons.add(
          new Person(
              "P-" + login + "-" + c, PortalPerson.CHILD, child[0], born, child[2], records));
    }
    return persons;
  }

  private static ObjectNode record(String id, ObjectNode items) {
    ObjectNode record = JSON.createObjectNode();
    record.put("recordId", id);
    record.set("items", items);
    return record;
  }

  private static JsonNode template() {
    try (InputStream in = MyPortalSimulator.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- The portal's endpoints -----------------------------------------------------------------

  private void authorize(HttpExchange exchange) throws IOException {
    {
      if (exchange.getRequestMethod().equals("GET")) {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        String refusal = checkAuthorizationRequest(query);
        if (refusal != null) {
          html(exchange, 400, "<p>" + escape(refusal) + "</p>");
          return;
        }
        html(exchange, 200, page(query));
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Map<String, String> form = parse(body(exchange));
      String refusal = checkAuthorizationRequest(form);
      if (refusal != null) {
        html(exchange, 400, "<p>" + escape(refusal) + "</p>");
        return;
      }
      String login = form.get("login");
      Map<String, String> back = new LinkedHashMap<>();
      if (!"allow".equals(form.get("decision"))) {
        back.put("error", "access_denied");
      } else if (login == null || !holders.containsKey(login)) {
        html(exchange, 401, "<p>マイナンバーカードでのログインに失敗しました。</p>");
        return;
      } else {
        String code = random();
        codes.put(
            code,
            new Code(
                login,
                form.get("code_challenge"),
                form.get("redirect_uri"),
                clock.instant().plus(CODE_LIFETIME)));
        back.put("code", code);
      }
      back.put("state", form.get("state"));
      exchange
          .getResponseHeaders()
          .add("Location", form.get("redirect_uri") + "?" + HttpMyPortalClient.form(back));
      exchange.sendResponseHeaders(302, -1);
    }
  }

  private String checkAuthorizationRequest(Map<String, String> request) {
    if (!"code".equals(request.get("response_type"))) {
      return "response_type must be code";
    }
    if (!CLIENT_ID.equals(request.get("client_id"))) {
      return "unknown client_id";
    }
    if (!redirectUri.toString().equals(request.get("redirect_uri"))) {
      return "redirect_uri is not the one registered";
    }
    if (!"S256".equals(request.get("code_challenge_method"))
        || request.getOrDefault("code_challenge", "").length() != 43) {
      return "PKCE with S256 is required";
    }
    if (request.getOrDefault("state", "").isBlank()) {
      return "state is required";
    }
    return null;
  }

  private String page(Map<String, String> query) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">")
        .append("<title>マイナポータル（ローカル模擬）</title></head><body>")
        .append("<h1>マイナポータル（ローカル模擬）</h1>")
        .append("<p>すこやか（母子健康手帳アプリ）が、あなたとお子さんの乳幼児健診・妊婦健診・予防接種の記録を")
        .append("90日間取得することに同意しますか。</p>")
        .append("<form method=\"post\" action=\"/authorize\">");
    for (String name :
        List.of(
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "code_challenge",
            "code_challenge_method")) {
      html.append("<input type=\"hidden\" name=\"")
          .append(name)
          .append("\" value=\"")
          .append(escape(query.getOrDefault(name, "")))
          .append("\">");
    }
    html.append("<label>マイナンバーカードでログイン（模擬）: <select name=\"login\">");
    holders.keySet().stream()
        .sorted()
        .forEach(
            login ->
                html.append("<option value=\"")
                    .append(escape(login))
                    .append("\">")
                    .append(escape(login))
                    .append("</option>"));
    html.append("</select></label>")
        .append("<button name=\"decision\" value=\"allow\">同意する</button>")
        .append("<button name=\"decision\" value=\"deny\">同意しない</button>")
        .append("</form></body></html>");
    return html.toString();
  }

  private void token(HttpExchange exchange) throws IOException {
    {
      Map<String, String> form = parse(body(exchange));
      if (!clientAuthenticated(form, "/token")) {
        json(exchange, 401, error("invalid_client"));
        return;
      }
      Instant now = clock.instant();
      String grantId;
      if ("authorization_code".equals(form.get("grant_type"))) {
        Code code = codes.remove(form.getOrDefault("code", ""));
        if (code == null
            || now.isAfter(code.expiresAt())
            || !code.redirectUri().equals(form.get("redirect_uri"))
            || !code.challenge().equals(challenge(form.getOrDefault("code_verifier", "")))) {
          json(exchange, 400, error("invalid_grant"));
          return;
        }
        grantId = random();
        grants.put(grantId, new Grant(code.login(), now.plus(LINK_LIFETIME)));
      } else if ("refresh_token".equals(form.get("grant_type"))) {
        grantId = refreshTokens.remove(form.getOrDefault("refresh_token", ""));
        Grant grant = grantId == null ? null : grants.get(grantId);
        if (grant == null || now.isAfter(grant.refreshExpiresAt())) {
          json(exchange, 400, error("invalid_grant"));
          return;
        }
      } else {
        json(exchange, 400, error("unsupported_grant_type"));
        return;
      }
      Grant grant = grants.get(grantId);
      String access = random();
      String refresh = random();
      accessTokens.put(access, new Access(grantId, now.plus(ACCESS_LIFETIME)));
      refreshTokens.put(refresh, grantId);
      ObjectNode body = JSON.createObjectNode();
      body.put("access_token", access);
      body.put("token_type", "Bearer");
      body.put("expires_in", ACCESS_LIFETIME.toSeconds());
      body.put("refresh_token", refresh);
      body.put(
          "refresh_token_expires_in",
          Math.max(0, Duration.between(now, grant.refreshExpiresAt()).toSeconds()));
      body.put("scope", "boshi-hoken yobo-sesshu");
      json(exchange, 200, body);
    }
  }

  private void revoke(HttpExchange exchange) throws IOException {
    {
      Map<String, String> form = parse(body(exchange));
      if (!clientAuthenticated(form, "/revoke")) {
        json(exchange, 401, error("invalid_client"));
        return;
      }
      String token = form.getOrDefault("token", "");
      String grantId = refreshTokens.get(token);
      if (grantId == null && accessTokens.containsKey(token)) {
        grantId = accessTokens.get(token).grantId();
      }
      if (grantId != null) {
        String ended = grantId;
        grants.remove(ended);
        refreshTokens.values().removeIf(ended::equals);
        accessTokens.values().removeIf(a -> a.grantId().equals(ended));
      }
      json(exchange, 200, JSON.createObjectNode());
    }
  }

  private void api(HttpExchange exchange) throws IOException {
    {
      String header = exchange.getRequestHeaders().getFirst("Authorization");
      Access access =
          header == null || !header.startsWith("Bearer ")
              ? null
              : accessTokens.get(header.substring(7));
      Grant grant = access == null ? null : grants.get(access.grantId());
      if (grant == null || clock.instant().isAfter(access.expiresAt())) {
        json(exchange, 401, error("invalid_token"));
        return;
      }
      List<Person> persons = holders.getOrDefault(grant.login(), List.of());
      String[] path = exchange.getRequestURI().getPath().substring("/api/v1/".length()).split("/");
      if (path.length == 1 && path[0].equals("persons")) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("persons");
        for (Person person : persons) {
          ObjectNode node = list.addObject();
          node.put("personRef", person.ref());
          node.put("relation", person.relation());
          node.put("nameKana", person.nameKana());
          node.put("birthDate", person.birthDate().toString());
          node.put("sex", person.sex());
        }
        json(exchange, 200, body);
        return;
      }
      if (path.length == 3 && path[0].equals("persons")) {
        String ref = URLDecoder.decode(path[1], StandardCharsets.UTF_8);
        for (Person person : persons) {
          if (!person.ref().equals(ref)) {
            continue;
          }
          for (PortalRecordType type : PortalRecordType.values()) {
            if (type.path().equals(path[2])) {
              ObjectNode body = JSON.createObjectNode();
              body.put("layout", "boshi-hoken-standard-layout (simulated)");
              ArrayNode records = body.putArray("records");
              person.records().getOrDefault(type, List.of()).forEach(records::add);
              json(exchange, 200, body);
              return;
            }
          }
        }
      }
      json(exchange, 404, error("not_found"));
    }
  }

  /** Our client's assertion: signed with the registered key, for this endpoint, used once. */
  private boolean clientAuthenticated(Map<String, String> form, String endpoint) {
    if (!CLIENT_ID.equals(form.get("client_id"))
        || !HttpMyPortalClient.ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
      return false;
    }
    try {
      SignedJWT jwt = SignedJWT.parse(form.getOrDefault("client_assertion", ""));
      if (!jwt.verify(new ECDSAVerifier(clientKey.toECPublicKey()))) {
        return false;
      }
      var claims = jwt.getJWTClaimsSet();
      String audience = claims.getAudience().isEmpty() ? "" : claims.getAudience().get(0);
      return CLIENT_ID.equals(claims.getIssuer())
          && CLIENT_ID.equals(claims.getSubject())
          && audience.endsWith(endpoint)
          && claims.getExpirationTime() != null
          && claims.getExpirationTime().toInstant().isAfter(clock.instant().minusSeconds(60))
          && claims.getJWTID() != null
          && usedAssertions.putIfAbsent(claims.getJWTID(), Boolean.TRUE) == null;
    } catch (ParseException | JOSEException e) {
      return false;
    }
  }

  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ObjectNode error(String code) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error", code);
    return node;
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> parse(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.putIfAbsent(key, value);
    }
    return values;
  }

  private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void html(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
