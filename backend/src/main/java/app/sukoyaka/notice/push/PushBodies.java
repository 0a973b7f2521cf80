package app.sukoyaka.notice.push;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request and response bodies of the push routes (api-spec: tag push), and their mappers. */
final class PushBodies {
  private PushBodies() {}

  @Serdeable
  record DeviceRegistrationBody(
      @Nullable String token,
      @Nullable String platform,
      @Nullable String locale,
      @Nullable String appVersion) {}

  @Serdeable
  record DeviceBody(
      UUID id,
      String platform,
      String locale,
      String appVersion,
      String tokenSuffix,
      Instant registeredAt,
      Instant updatedAt) {}

  @Serdeable
  record DevicesBody(List<DeviceBody> devices) {}

  @Serdeable
  record DeliveryBody(
      UUID deviceId,
      String platform,
      int attempt,
      String outcome,
      Instant at,
      @Nullable String fcmMessageName,
      @Nullable String errorCode,
      @Nullable Integer httpStatus,
      @Nullable String detail,
      @Nullable Instant retryAt) {}

  @Serdeable
  record PushMessageBody(
      UUID id,
      String kind,
      UUID subjectId,
      String language,
      String title,
      String body,
      String deepLink,
      String status,
      Instant createdAt,
      Instant notBefore,
      @Nullable Instant nextAttemptAt,
      int attempts,
      @Nullable Instant finishedAt,
      @Nullable Instant openedAt,
      @Nullable String lastError,
      List<DeliveryBody> deliveries) {}

  @Serdeable
  record PushMessagesBody(List<PushMessageBody> messages, @Nullable String nextCursor) {}

  @Serdeable
  record ReceivedBody(
      long sequence,
      Instant receivedAt,
      String projectId,
      @Nullable String token,
      int status,
      @Nullable String name,
      @Nullable String errorCode,
      @Nullable String title,
      @Nullable String body,
      Map<String, String> data,
      List<String> violations) {}

  @Serdeable
  record LocalFcmMessagesBody(String endpoint, long received, List<ReceivedBody> messages) {}

  static PushDevices.Registration registration(DeviceRegistrationBody body) {
    return new PushDevices.Registration(
        body.token(), body.platform(), body.locale(), body.appVersion());
  }

  static DeviceBody device(PushDevices.Device device) {
    String token = device.token();
    return new DeviceBody(
        device.id(),
        device.platform(),
        device.locale(),
        device.appVersion(),
        token.substring(Math.max(0, token.length() - 6)),
        device.registeredAt(),
        device.updatedAt());
  }

  static PushMessagesBody messages(PushLog.Page page) {
    return new PushMessagesBody(
        page.entries().stream().map(PushBodies::message).toList(), page.nextCursor());
  }

  private static PushMessageBody message(PushLog.Entry e) {
    return new PushMessageBody(
        e.id(),
        e.kind(),
        e.subjectId(),
        e.language(),
        e.title(),
        e.body(),
        e.deepLink(),
        e.status(),
        e.createdAt(),
        e.notBefore(),
        e.nextAttemptAt(),
        e.attempts(),
        e.finishedAt(),
        e.openedAt(),
        e.lastError(),
        e.deliveries().stream()
            .map(
                d ->
                    new DeliveryBody(
                        d.deviceId(),
                        d.platform(),
                        d.attempt(),
                        d.outcome(),
                        d.at(),
                        d.fcmMessageName(),
                        d.errorCode(),
                        d.httpStatus(),
                        d.detail(),
                        d.retryAt()))
            .toList());
  }

  static LocalFcmMessagesBody received(LocalFcmEndpoint endpoint, int limit) {
    return new LocalFcmMessagesBody(
        endpoint.uri().toString(),
        endpoint.count(),
        endpoint.latest(limit).stream()
            .map(
                r ->
                    new ReceivedBody(
                        r.sequence(),
                        r.receivedAt(),
                        r.projectId(),
                        r.token(),
                        r.status(),
                        r.name(),
                        r.errorCode(),
                        r.title(),
                        r.body(),
                        r.data(),
                        r.violations()))
            .toList());
  }
}
