package app.sukoyaka.notice.push;

import app.sukoyaka.platform.observability.DatabaseGauge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Push delivery as metrics: the outbox by status ({@code sukoyaka_push_outbox_messages}; queued is
 * the queue depth), each device push's result from FCM ({@code sukoyaka_push_results_total}) and
 * how long a batch to FCM takes ({@code sukoyaka_push_send_seconds}). Made at start-up: the queue
 * is watched on every instance, whether it dispatches or not.
 */
@Context
class PushMetrics {
  static final List<String> STATUSES =
      List.of("queued", "sent", "failed", "no_device", "cancelled");

  private final Map<PushGateway.Result, Counter> results = new EnumMap<>(PushGateway.Result.class);
  private final Timer send;

  @Inject
  PushMetrics(MeterRegistry meters, DataSource dataSource) {
    this(meters);
    DatabaseGauge outbox =
        new DatabaseGauge(
            DelegatingDataSource.unwrapDataSource(dataSource),
            "SELECT status, count(*) FROM push_message GROUP BY status");
    for (String status : STATUSES) {
      Gauge.builder("sukoyaka.push.outbox.messages", outbox, gauge -> gauge.value(status))
          .description("Push messages in the outbox by status (queued: the queue depth)")
          .tag("status", status)
          .register(meters);
    }
  }

  private PushMetrics(MeterRegistry meters) {
    for (PushGateway.Result result : PushGateway.Result.values()) {
      results.put(
          result,
          Counter.builder("sukoyaka.push.results")
              .description("Pushes to devices by FCM's answer")
              .tag("result", result.name().toLowerCase(Locale.ROOT))
              .register(meters));
    }
    this.send =
        Timer.builder("sukoyaka.push.send")
            .description("One batch of pushes sent to FCM")
            .register(meters);
  }

  /** For dispatchers made outside the service (tests): counted, but nowhere published. */
  static PushMetrics unregistered() {
    return new PushMetrics(new SimpleMeterRegistry());
  }

  /** Sends one batch through the gateway, timed, and counts each outcome. */
  List<PushGateway.Outcome> send(PushGateway gateway, List<PushGateway.DevicePush> pushes) {
    List<PushGateway.Outcome> outcomes = send.record(() -> gateway.send(pushes));
    for (PushGateway.Outcome outcome : outcomes) {
      results.get(outcome.result()).increment();
    }
    return outcomes;
  }
}
