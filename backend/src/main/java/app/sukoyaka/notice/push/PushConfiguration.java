package app.sukoyaka.notice.push;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Push delivery through Firebase Cloud Messaging ({@code sukoyaka.push.*}, or the environment
 * variables {@code SUKOYAKA_PUSH_*}).
 *
 * <p>Where pushes go: to FCM with the service account in {@code credentialsFile} (production); to
 * the FCM-compatible {@code endpoint} with fake credentials (tests, load runs); in demo mode with
 * neither, to the local FCM endpoint the service starts itself ({@code GET /dev/fcm/messages} lists
 * what it received). Otherwise delivery is off: pushes stay queued and the log says so.
 *
 * @param enabled whether this instance runs the dispatcher ({@code SUKOYAKA_PUSH_ENABLED}, default
 *     true); instances that only serve requests may switch it off, the others share the queue
 * @param projectId the Firebase project ({@code SUKOYAKA_PUSH_PROJECT_ID}); with a service account,
 *     the account's project when not set
 * @param credentialsFile the service-account JSON key of the Firebase project ({@code
 *     SUKOYAKA_PUSH_CREDENTIALS_FILE})
 * @param endpoint an FCM-compatible endpoint instead of FCM, e.g. {@code http://127.0.0.1:9099}
 *     ({@code SUKOYAKA_PUSH_ENDPOINT}); requests carry fake credentials, never the service
 *     account's
 * @param batchSize messages claimed per round and devices per {@code sendEach} call (at most 500,
 *     FCM's limit)
 * @param maxAttempts rounds of sending a message before its devices still failing transiently are
 *     given up
 * @param initialBackoff the wait before the second attempt; doubled after each one, with jitter
 * @param maxBackoff the longest wait between attempts
 * @param lease how long a claim holds messages; must exceed the time one round can take (a crashed
 *     instance's messages are sent again after it)
 * @param pollInterval how often each instance looks for due messages when nothing woke it up
 * @param workers rounds run at once on this instance
 * @param sendConcurrency HTTP requests to FCM in flight at once on this instance
 * @param connectTimeout connect timeout of a request to FCM
 * @param readTimeout read timeout of a request to FCM
 * @param maxDevicesPerPerson live devices one person may register
 */
@ConfigurationProperties("sukoyaka.push")
public record PushConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Nullable String projectId,
    @Nullable Path credentialsFile,
    @Nullable URI endpoint,
    @Bindable(defaultValue = "500") int batchSize,
    @Bindable(defaultValue = "8") int maxAttempts,
    @Bindable(defaultValue = "30s") @NotNull Duration initialBackoff,
    @Bindable(defaultValue = "1h") @NotNull Duration maxBackoff,
    @Bindable(defaultValue = "10m") @NotNull Duration lease,
    @Bindable(defaultValue = "2s") @NotNull Duration pollInterval,
    @Bindable(defaultValue = "2") int workers,
    @Bindable(defaultValue = "32") int sendConcurrency,
    @Bindable(defaultValue = "5s") @NotNull Duration connectTimeout,
    @Bindable(defaultValue = "20s") @NotNull Duration readTimeout,
    @Bindable(defaultValue = "10") int maxDevicesPerPerson) {

  /** FCM's limit on one {@code sendEach} call. */
  public static final int FCM_BATCH_LIMIT = 500;

  public PushConfiguration {
    if (projectId != null && projectId.isBlank()) {
      projectId = null;
    }
    if (batchSize < 1 || batchSize > FCM_BATCH_LIMIT) {
      throw new IllegalArgumentException("sukoyaka.push.batch-size must be 1 to 500");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("sukoyaka.push.max-attempts must be at least 1");
    }
    if (workers < 1 || sendConcurrency < 1 || maxDevicesPerPerson < 1) {
      throw new IllegalArgumentException(
          "sukoyaka.push.workers, send-concurrency and max-devices-per-person must be positive");
    }
    for (Duration duration :
        new Duration[] {
          initialBackoff, maxBackoff, lease, pollInterval, connectTimeout, readTimeout
        }) {
      if (duration != null && (duration.isNegative() || duration.isZero())) {
        throw new IllegalArgumentException("sukoyaka.push durations must be positive");
      }
    }
    if (credentialsFile != null && endpoint != null) {
      // The service account's tokens must never reach an endpoint that is not FCM.
      throw new IllegalArgumentException(
          "Set sukoyaka.push.credentials-file (FCM) or sukoyaka.push.endpoint (a local FCM"
              + " endpoint), not both");
    }
    if (endpoint != null && projectId == null) {
      throw new IllegalArgumentException(
          "sukoyaka.push.project-id is required with sukoyaka.push.endpoint");
    }
  }

  /** Where pushes go. */
  public enum Mode {
    /** Firebase Cloud Messaging with a service account. */
    FCM,
    /** An FCM-compatible endpoint named by {@code endpoint}. */
    ENDPOINT,
    /** The local FCM endpoint the service starts itself in demo mode. */
    DEMO,
    /** Nowhere: pushes stay queued. */
    OFF
  }

  /** Where pushes go, given whether the service runs in demo mode. */
  public Mode mode(boolean demo) {
    if (credentialsFile != null) {
      return Mode.FCM;
    }
    if (endpoint != null) {
      return Mode.ENDPOINT;
    }
    return demo ? Mode.DEMO : Mode.OFF;
  }
}
