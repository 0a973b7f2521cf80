package app.sukoyaka.notice.push;

import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * In demo mode without a service account or endpoint, the local FCM endpoint runs inside the
 * service (on loopback, a free port) and the service's pushes go there, so a newcomer can watch
 * them arrive ({@code GET /dev/fcm/messages}). It never exists outside demo mode.
 */
@Singleton
@Requires(property = "sukoyaka.demo", value = "true")
@Requires(condition = PushGatewayFactory.DemoWithoutTarget.class)
class DemoFcmEndpoint {
  /** Requests kept for {@code /dev/fcm/messages}. */
  static final int KEPT = 1000;

  private final LocalFcmEndpoint endpoint =
      LocalFcmEndpoint.start(new LocalFcmEndpoint.Options(0, true, KEPT, 4));

  LocalFcmEndpoint endpoint() {
    return endpoint;
  }

  @PreDestroy
  void stop() {
    endpoint.close();
  }
}
