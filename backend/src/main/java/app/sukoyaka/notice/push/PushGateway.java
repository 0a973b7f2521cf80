package app.sukoyaka.notice.push;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where pushes leave the service: one batch of pushes, each to one device, and one outcome per
 * push. The Firebase implementation is {@link FirebasePushGateway}; what an outcome means for the
 * message and the device is decided by the dispatcher.
 */
public interface PushGateway {

  /** The most pushes one call takes (FCM's {@code sendEach} limit). */
  int MAX_BATCH = PushConfiguration.FCM_BATCH_LIMIT;

  /**
   * Sends each push; answers the outcomes in the order of the pushes. Never throws for a push that
   * failed: a failure of the whole call (network down) is an outcome of each push.
   */
  List<Outcome> send(List<DevicePush> pushes);

  /**
   * One push to one device.
   *
   * @param token the device's FCM registration token
   * @param title the notification's title
   * @param body the notification's text
   * @param data the FCM data map (mobile-contract's push schemas)
   */
  record DevicePush(String token, String title, String body, Map<String, String> data) {
    public DevicePush {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(body, "body");
      data = Map.copyOf(data);
    }
  }

  /** What became of one push. */
  enum Result {
    /** FCM accepted it. */
    SENT,
    /** A transient error (quota, FCM unavailable or failing, network): try again later. */
    RETRY,
    /** The token is dead (unregistered, malformed, another sender's): remove the device. */
    TOKEN_DEAD,
    /** A permanent error not of the token (e.g. the payload refused): do not try again. */
    FAILED
  }

  /**
   * @param result what became of it
   * @param messageName FCM's name of the accepted message ({@code projects/…/messages/…}) when sent
   * @param errorCode FCM's error code (e.g. UNREGISTERED, QUOTA_EXCEEDED, INTERNAL) when not sent
   * @param httpStatus the HTTP status of FCM's answer when there was one
   * @param detail FCM's error message
   * @param retryAfter how long FCM asked to wait (Retry-After), if it did
   * @param removalReason with {@link Result#TOKEN_DEAD}: unregistered, invalid_token or
   *     sender_mismatch
   */
  record Outcome(
      Result result,
      String messageName,
      String errorCode,
      Integer httpStatus,
      String detail,
      Duration retryAfter,
      String removalReason) {

    public static Outcome sent(String messageName) {
      return new Outcome(Result.SENT, messageName, null, null, null, null, null);
    }

    public static Outcome retry(
        String errorCode, Integer httpStatus, String detail, Duration retryAfter) {
      return new Outcome(Result.RETRY, null, errorCode, httpStatus, detail, retryAfter, null);
    }

    public static Outcome tokenDead(
        String reason, String errorCode, Integer httpStatus, String detail) {
      return new Outcome(Result.TOKEN_DEAD, null, errorCode, httpStatus, detail, null, reason);
    }

    public static Outcome failed(String errorCode, Integer httpStatus, String detail) {
      return new Outcome(Result.FAILED, null, errorCode, httpStatus, detail, null, null);
    }
  }
}
