package app.sukoyaka.notice.push;

import app.sukoyaka.platform.SukoyakaConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push gateway for where {@link PushConfiguration} says pushes go; none when delivery is off.
 */
@Factory
class PushGatewayFactory {
  private static final Logger LOG = LoggerFactory.getLogger(PushGatewayFactory.class);

  /** The project id the demo's local FCM endpoint is addressed with. */
  static final String DEMO_PROJECT = "sukoyaka-demo";

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(condition = DeliveryConfigured.class)
  FirebasePushGateway pushGateway(
      PushConfiguration config,
      SukoyakaConfiguration service,
      Optional<DemoFcmEndpoint> demoEndpoint) {
    PushConfiguration.Mode mode = config.mode(service.demo());
    switch (mode) {
      case FCM -> {
        LOG.info("Pushes go to Firebase Cloud Messaging with {}", config.credentialsFile());
        return FirebasePushGateway.toFcm(config);
      }
      case ENDPOINT -> {
        LOG.info("Pushes go to the FCM-compatible endpoint {}", config.endpoint());
        return FirebasePushGateway.toEndpoint(config, config.endpoint(), config.projectId());
      }
      case DEMO -> {
        DemoFcmEndpoint endpoint =
            demoEndpoint.orElseThrow(() -> new IllegalStateException("No demo FCM endpoint"));
        LOG.info(
            "Demo mode: pushes go to the local FCM endpoint {} (GET /dev/fcm/messages lists them)",
            endpoint.endpoint().uri());
        return FirebasePushGateway.toEndpoint(config, endpoint.endpoint().uri(), DEMO_PROJECT);
      }
      default -> throw new IllegalStateException("Push delivery is off");
    }
  }

  /** A service account, an endpoint, or demo mode: somewhere to send pushes to. */
  static final class DeliveryConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
      return set(context, "sukoyaka.push.credentials-file")
          || set(context, "sukoyaka.push.endpoint")
          || context.getProperty("sukoyaka.demo", Boolean.class).orElse(false);
    }
  }

  /** Demo mode with neither a service account nor an endpoint: the service's own endpoint. */
  static final class DemoWithoutTarget implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
      return context.getProperty("sukoyaka.demo", Boolean.class).orElse(false)
          && !set(context, "sukoyaka.push.credentials-file")
          && !set(context, "sukoyaka.push.endpoint");
    }
  }

  private static boolean set(ConditionContext context, String property) {
    return context.getProperty(property, String.class).filter(v -> !v.isBlank()).isPresent();
  }
}
