package app.sukoyaka.notice.push;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.ThreadManager;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.SendResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pushes through the Firebase Admin SDK ({@code sendEach}: one FCM v1 request per push, at
 * most {@code send-concurrency} in flight) and turns FCM's answers into {@link Outcome}s. With a
 * service account it talks to FCM; with an endpoint it sends the SDK's own requests there with fake
 * credentials ({@link EndpointTransport}). Each gateway owns a uniquely named {@link FirebaseApp},
 * deleted by {@link #close()}.
 */
public final class FirebasePushGateway implements PushGateway, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FirebasePushGateway.class);

  /** Errors after which the same push may succeed later. */
  private static final Set<MessagingErrorCode> TRANSIENT_FCM =
      Set.of(
          MessagingErrorCode.QUOTA_EXCEEDED,
          MessagingErrorCode.UNAVAILABLE,
          MessagingErrorCode.INTERNAL);

  private static final Set<ErrorCode> TRANSIENT_PLATFORM =
      Set.of(
          ErrorCode.RESOURCE_EXHAUSTED,
          ErrorCode.UNAVAILABLE,
          ErrorCode.INTERNAL,
          ErrorCode.DEADLINE_EXCEEDED,
          ErrorCode.ABORTED,
          ErrorCode.CANCELLED);

  private final FirebaseApp app;
  private final FirebaseMessaging messaging;
  private final String projectId;

  private FirebasePushGateway(FirebaseApp app, String projectId) {
    this.app = app;
    this.messaging = FirebaseMessaging.getInstance(app);
    this.projectId = projectId;
  }

  /** A gateway to FCM with the service account of {@code config.credentialsFile()}. */
  public static FirebasePushGateway toFcm(PushConfiguration config) {
    GoogleCredentials credentials;
    try (InputStream in = Files.newInputStream(config.credentialsFile())) {
      credentials = GoogleCredentials.fromStream(in);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read the Firebase service account " + config.credentialsFile(), e);
    }
    String projectId = config.projectId();
    if (projectId == null && credentials instanceof ServiceAccountCredentials account) {
      projectId = account.getProjectId();
    }
    if (projectId == null) {
      throw new IllegalStateException(
          "Set sukoyaka.push.project-id: the credentials do not name a Firebase project");
    }
    return start(
        options(config).setCredentials(credentials).setProjectId(projectId).build(), projectId);
  }

  /**
   * A gateway to an FCM-compatible endpoint (tests, load runs, demo): the SDK's requests go there
   * with a fixed fake access token, never a real credential.
   */
  public static FirebasePushGateway toEndpoint(
      PushConfiguration config, URI endpoint, String projectId) {
    GoogleCredentials fake =
        GoogleCredentials.create(
            new AccessToken(
                "local-fcm-endpoint", Date.from(Instant.parse("2999-12-31T00:00:00Z"))));
    return start(
        options(config)
            .setCredentials(fake)
            .setProjectId(projectId)
            .setHttpTransport(
                EndpointTransport.to(endpoint, config.sendConcurrency(), config.connectTimeout()))
            .build(),
        projectId);
  }

  private static FirebaseOptions.Builder options(PushConfiguration config) {
    return FirebaseOptions.builder()
        .setThreadManager(new BoundedThreadManager(config.sendConcurrency()))
        .setConnectTimeout((int) config.connectTimeout().toMillis())
        .setReadTimeout((int) config.readTimeout().toMillis());
  }

  private static FirebasePushGateway start(FirebaseOptions options, String projectId) {
    // Unique per gateway: several service instances (or tests) may share one JVM.
    String name = "sukoyaka-push-" + UUID.randomUUID();
    return new FirebasePushGateway(FirebaseApp.initializeApp(options, name), projectId);
  }

  @Override
  public List<Outcome> send(List<DevicePush> pushes) {
    if (pushes.isEmpty()) {
      return List.of();
    }
    if (pushes.size() > MAX_BATCH) {
      throw new IllegalArgumentException("At most " + MAX_BATCH + " pushes per call");
    }
    List<Message> messages = new ArrayList<>(pushes.size());
    pushes.forEach(push -> messages.add(message(push)));
    BatchResponse response;
    try {
      response = messaging.sendEach(messages);
    } catch (FirebaseMessagingException | RuntimeException e) {
      LOG.warn("Sending {} pushes failed as a whole: {}", pushes.size(), e.toString());
      Outcome retry = Outcome.retry("UNAVAILABLE", null, e.getMessage(), null);
      return java.util.Collections.nCopies(pushes.size(), retry);
    }
    List<Outcome> outcomes = new ArrayList<>(pushes.size());
    for (SendResponse one : response.getResponses()) {
      outcomes.add(
          one.isSuccessful() ? Outcome.sent(one.getMessageId()) : outcome(one.getException()));
    }
    return outcomes;
  }

  /**
   * The FCM message: a notification (shown by the phone's system when the app is in the background)
   * and the data map. Copies of one push replace each other on the phone (Android tag, APNs
   * collapse id = the message id), so a push sent twice is shown once even before the app sees it.
   */
  static Message message(DevicePush push) {
    String messageId = push.data().get("messageId");
    Message.Builder message =
        Message.builder()
            .setToken(push.token())
            .setNotification(
                Notification.builder().setTitle(push.title()).setBody(push.body()).build())
            .putAllData(push.data());
    if (messageId != null) {
      message
          .setAndroidConfig(
              AndroidConfig.builder()
                  .setNotification(AndroidNotification.builder().setTag(messageId).build())
                  .build())
          .setApnsConfig(
              ApnsConfig.builder()
                  .putHeader("apns-collapse-id", messageId)
                  .setAps(Aps.builder().build())
                  .build());
    }
    return message.build();
  }

  /** What an FCM error means for the push. */
  static Outcome outcome(FirebaseMessagingException e) {
    MessagingErrorCode fcm = e.getMessagingErrorCode();
    ErrorCode platform = e.getErrorCode();
    IncomingHttpResponse http = e.getHttpResponse();
    Integer status = http == null ? null : http.getStatusCode();
    String code = fcm != null ? fcm.name() : platform == null ? "UNKNOWN" : platform.name();
    String detail = e.getMessage();
    if (fcm == MessagingErrorCode.UNREGISTERED) {
      return Outcome.tokenDead("unregistered", code, status, detail);
    }
    if (fcm == MessagingErrorCode.SENDER_ID_MISMATCH) {
      return Outcome.tokenDead("sender_mismatch", code, status, detail);
    }
    if ((fcm == MessagingErrorCode.INVALID_ARGUMENT || platform == ErrorCode.INVALID_ARGUMENT)
        && aboutTheToken(e)) {
      return Outcome.tokenDead("invalid_token", code, status, detail);
    }
    if ((fcm != null && TRANSIENT_FCM.contains(fcm))
        || (fcm == null && platform != null && TRANSIENT_PLATFORM.contains(platform))
        || (fcm == null && platform == ErrorCode.UNKNOWN && http == null)) {
      return Outcome.retry(code, status, detail, retryAfter(http));
    }
    return Outcome.failed(code, status, detail);
  }

  /** FCM names the token as the invalid field ({@code message.token}) of a malformed token. */
  private static boolean aboutTheToken(FirebaseMessagingException e) {
    String content = e.getHttpResponse() == null ? null : e.getHttpResponse().getContent();
    if (content != null && content.contains("\"message.token\"")) {
      return true;
    }
    String message = e.getMessage();
    return message != null && message.toLowerCase(Locale.ROOT).contains("registration token");
  }

  /** The Retry-After of FCM's answer (seconds or an HTTP date), if any. */
  static Duration retryAfter(IncomingHttpResponse http) {
    if (http == null || http.getHeaders() == null) {
      return null;
    }
    for (Map.Entry<String, Object> header : http.getHeaders().entrySet()) {
      if (!"retry-after".equalsIgnoreCase(header.getKey()) || header.getValue() == null) {
        continue;
      }
      Object value = header.getValue();
      if (value instanceof List<?> list) {
        value = list.isEmpty() ? null : list.get(0);
      }
      return parseRetryAfter(value == null ? null : value.toString());
    }
    return null;
  }

  static Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(Instant.now(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** The Firebase project pushes are sent for. */
  String projectId() {
    return projectId;
  }

  @Override
  public void close() {
    app.delete();
  }

  /** The SDK runs each send of {@code sendEach} on the app's executor: bounded here. */
  private static final class BoundedThreadManager extends ThreadManager {
    private final int threads;
    private final AtomicInteger number = new AtomicInteger();

    BoundedThreadManager(int threads) {
      this.threads = threads;
    }

    @Override
    protected ExecutorService getExecutor(FirebaseApp app) {
      return Executors.newFixedThreadPool(threads, getThreadFactory());
    }

    @Override
    protected void releaseExecutor(FirebaseApp app, ExecutorService executor) {
      executor.shutdownNow();
    }

    @Override
    protected ThreadFactory getThreadFactory() {
      return runnable -> {
        Thread thread = new Thread(runnable, "push-fcm-" + number.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
    }
  }
}
