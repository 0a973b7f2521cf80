package app.sukoyaka.notice.push;

import app.sukoyaka.mobile.PushPayloads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A small HTTP server that speaks FCM's HTTP v1 send API ({@code POST
 * /v1/projects/{project}/messages:send}, which the Firebase Admin SDK's {@code sendEach} calls once
 * per message), so the real SDK can be pointed at it: in tests, in load runs and in demo mode. It
 * records every request, can answer with FCM's errors for chosen tokens (unregistered, malformed,
 * quota exceeded with Retry-After, internal error, unavailable), and holds every payload to
 * mobile-contract's push schemas, refusing one that does not conform as FCM refuses an invalid
 * message. It listens on loopback only.
 *
 * <p>Plain JDK and Jackson, so the benchmark can run it without the service's dependencies.
 */
public final class LocalFcmEndpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SEND_PATH = Pattern.compile("^/v1/projects/([^/]+)/messages:send$");
  private static final String FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

  /** An error FCM answers with. */
  public enum Failure {
    /** 404 NOT_FOUND, UNREGISTERED: the app was uninstalled or the token expired. */
    UNREGISTERED(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."),
    /** 400 INVALID_ARGUMENT about {@code message.token}: not a registration token. */
    INVALID_TOKEN(
        400,
        "INVALID_ARGUMENT",
        "INVALID_ARGUMENT",
        "The registration token is not a valid FCM registration token"),
    /** 403 PERMISSION_DENIED, SENDER_ID_MISMATCH: the token belongs to another project. */
    SENDER_ID_MISMATCH(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch"),
    /** 429 RESOURCE_EXHAUSTED, QUOTA_EXCEEDED, with a Retry-After header. */
    QUOTA_EXCEEDED(
        429,
        "RESOURCE_EXHAUSTED",
        "QUOTA_EXCEEDED",
        "Message rate exceeded for the target device."),
    /** 500 INTERNAL. */
    INTERNAL(500, "INTERNAL", "INTERNAL", "Internal error encountered."),
    /** 503 UNAVAILABLE (the SDK itself retries these a few times before giving up). */
    UNAVAILABLE(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.");

    final int status;
    final String grpcStatus;
    final String fcmCode;
    final String message;

    Failure(int status, String grpcStatus, String fcmCode, String message) {
      this.status = status;
      this.grpcStatus = grpcStatus;
      this.fcmCode = fcmCode;
      this.message = message;
    }
  }

  /**
   * One request as received and answered.
   *
   * @param sequence the order of arrival, from 1
   * @param receivedAt when it arrived
   * @param projectId the project of the URL
   * @param token the target registration token
   * @param title the notification's title, if any
   * @param body the notification's text, if any
   * @param data the FCM data map
   * @param status the HTTP status answered
   * @param name the message name answered when accepted
   * @param errorCode FCM's error code answered when refused
   * @param violations how the payload breaks mobile-contract's schemas (then refused)
   */
  public record Received(
      long sequence,
      Instant receivedAt,
      String projectId,
      String token,
      String title,
      String body,
      Map<String, String> data,
      int status,
      String name,
      String errorCode,
      List<String> violations) {

    public String messageId() {
      return data.get("messageId");
    }

    public boolean accepted() {
      return status == 200;
    }
  }

  /**
   * @param port the port to listen on, 0 for any free one
   * @param validate whether payloads are held to mobile-contract's push schemas
   * @param retain how many of the latest requests are kept for {@link #received()}; counts cover
   *     all of them
   * @param threads request threads
   */
  public record Options(int port, boolean validate, int retain, int threads) {
    /** Any free port, validating, keeping everything: for tests. */
    public static Options forTests() {
      return new Options(0, true, Integer.MAX_VALUE, 8);
    }
  }

  private record Scripted(Failure failure, AtomicInteger remaining) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean validate;
  private final int retain;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final Deque<Received> kept = new ArrayDeque<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Scripted> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> acceptedByMessageAndToken = new ConcurrentHashMap<>();
  private volatile int retryAfterSeconds = 60;

  private LocalFcmEndpoint(HttpServer server, ExecutorService executor, Options options) {
    this.server = server;
    this.executor = executor;
    this.validate = options.validate();
    this.retain = options.retain();
    this.clock = Clock.systemUTC();
  }

  /** Starts an endpoint on loopback. */
  public static LocalFcmEndpoint start(Options options) {
    // Without TCP_NODELAY the JDK server's separate writes of headers and body meet the client's
    // delayed ACK: about 40 ms per request on a kept-alive connection.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    try {
      HttpServer server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 256);
      AtomicInteger threadNumber = new AtomicInteger();
      ThreadFactory threads =
          runnable -> {
            Thread thread = new Thread(runnable, "local-fcm-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          };
      ExecutorService executor = Executors.newFixedThreadPool(options.threads(), threads);
      LocalFcmEndpoint endpoint = new LocalFcmEndpoint(server, executor, options);
      server.createContext("/", endpoint::handle);
      server.setExecutor(executor);
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new IllegalStateException("The local FCM endpoint could not listen", e);
    }
  }

  /** The base URI, e.g. {@code http://127.0.0.1:40123}. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  /** Answers {@code failure} to the next {@code times} requests for the token (-1: all of them). */
  public void fail(String token, Failure failure, int times) {
    failures.put(token, new Scripted(failure, new AtomicInteger(times)));
  }

  /** The Retry-After (seconds) sent with {@link Failure#QUOTA_EXCEEDED}. */
  public void retryAfterSeconds(int seconds) {
    this.retryAfterSeconds = seconds;
  }

  /** Requests received so far. */
  public long count() {
    return sequence.get();
  }

  /** Requests accepted so far. */
  public long acceptedCount() {
    return accepted.get();
  }

  /** The kept requests, oldest first. */
  public synchronized List<Received> received() {
    return List.copyOf(kept);
  }

  /** The latest kept requests, newest first. */
  public synchronized List<Received> latest(int limit) {
    List<Received> latest = new ArrayList<>();
    var it = kept.descendingIterator();
    while (it.hasNext() && latest.size() < limit) {
      latest.add(it.next());
    }
    return latest;
  }

  /** The kept requests for one token, oldest first. */
  public synchronized List<Received> receivedFor(String token) {
    return kept.stream().filter(r -> token.equals(r.token())).toList();
  }

  /** How often a message was accepted for a token (duplicates show as more than 1). */
  public int acceptedCount(String messageId, String token) {
    AtomicInteger count = acceptedByMessageAndToken.get(messageId + "\n" + token);
    return count == null ? 0 : count.get();
  }

  /** Accepted sends by message id and token ({@code messageId + "\n" + token}). */
  public Map<String, Integer> acceptedByMessageAndToken() {
    Map<String, Integer> copy = new LinkedHashMap<>();
    acceptedByMessageAndToken.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** Every schema violation seen, with the message id: tests fail when there is any. */
  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher path = SEND_PATH.matcher(exchange.getRequestURI().getPath());
      if (!path.matches()) {
        respond(exchange, 404, error(404, "NOT_FOUND", null, "No such method.", null), null);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, error(405, "INVALID_ARGUMENT", null, "Use POST.", null), null);
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization == null || !authorization.startsWith("Bearer ")) {
        respond(
            exchange,
            401,
            error(
                401, "UNAUTHENTICATED", null, "Request is missing an OAuth 2 access token.", null),
            null);
        return;
      }
      JsonNode request;
      try (InputStream in = body(exchange)) {
        request = JSON.readTree(in);
      } catch (IOException e) {
        respond(
            exchange,
            400,
            error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid JSON payload.", null),
            null);
        return;
      }
      answer(exchange, path.group(1), request);
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
  }

  private void answer(HttpExchange exchange, String project, JsonNode request) throws IOException {
    JsonNode message = request.path("message");
    String token = message.path("token").asText(null);
    Map<String, String> data = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    message
        .path("data")
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()) {
                problems.add("data." + e.getKey() + " is not a string");
              }
              data.put(e.getKey(), e.getValue().asText());
            });
    String title = message.path("notification").path("title").asText(null);
    String body = message.path("notification").path("body").asText(null);
    if (validate) {
      problems.addAll(PushPayloads.load().violations(message.path("data")));
      if (title == null || !title.equals(data.get("title"))) {
        problems.add("notification.title differs from data.title");
      }
      if (body == null || !body.equals(data.get("body"))) {
        problems.add("notification.body differs from data.body");
      }
    }
    long number = sequence.incrementAndGet();
    int status;
    String name = null;
    String errorCode = null;
    ObjectNode response;
    String retryAfter = null;
    Failure failure = token == null ? null : scripted(token);
    if (token == null || token.isBlank()) {
      status = 400;
      errorCode = "INVALID_ARGUMENT";
      response =
          error(
              400,
              "INVALID_ARGUMENT",
              "INVALID_ARGUMENT",
              "Recipient of the message is not set.",
              "message.token");
    } else if (!problems.isEmpty()) {
      status = 400;
      errorCode = "INVALID_ARGUMENT";
      response =
          error(
              400,
              "INVALID_ARGUMENT",
              "INVALID_ARGUMENT",
              "The payload does not conform to mobile-contract: " + String.join("; ", problems),
              "message.data");
    } else if (failure != null) {
      status = failure.status;
      errorCode = failure.fcmCode;
      response =
          error(
              failure.status,
              failure.grpcStatus,
              failure.fcmCode,
              failure.message,
              failure == Failure.INVALID_TOKEN ? "message.token" : null);
      if (failure == Failure.QUOTA_EXCEEDED) {
        retryAfter = Integer.toString(retryAfterSeconds);
      }
    } else {
      status = 200;
      name = "projects/" + project + "/messages/0:" + number;
      response = JSON.createObjectNode().put("name", name);
      accepted.incrementAndGet();
      acceptedByMessageAndToken
          .computeIfAbsent(data.get("messageId") + "\n" + token, k -> new AtomicInteger())
          .incrementAndGet();
    }
    record(
        new Received(
            number,
            clock.instant(),
            project,
            token,
            title,
            body,
            Map.copyOf(data),
            status,
            name,
            errorCode,
            List.copyOf(problems)));
    respond(exchange, status, response, retryAfter);
  }

  private Failure scripted(String token) {
    Scripted scripted = failures.get(token);
    if (scripted == null) {
      return null;
    }
    int left = scripted.remaining().getAndUpdate(n -> n > 0 ? n - 1 : n);
    if (left == 0) {
      return null;
    }
    return scripted.failure();
  }

  private synchronized void record(Received received) {
    if (!received.violations().isEmpty()) {
      violations.add(received.messageId() + ": " + String.join("; ", received.violations()));
    }
    kept.addLast(received);
    while (kept.size() > retain) {
      kept.removeFirst();
    }
  }

  private static ObjectNode error(
      int code, String status, String fcmCode, String message, String field) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.put("status", status);
    ArrayNode details = error.putArray("details");
    if (fcmCode != null) {
      details.addObject().put("@type", FCM_ERROR).put("errorCode", fcmCode);
    }
    if (field != null) {
      details
          .addObject()
          .put("@type", "type.googleapis.com/google.rpc.BadRequest")
          .putArray("fieldViolations")
          .addObject()
          .put("field", field)
          .put("description", message);
    }
    return root;
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body, String retryAfter)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
