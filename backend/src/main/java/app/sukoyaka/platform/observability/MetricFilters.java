package app.sukoyaka.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Histograms for the latencies we watch, so that Prometheus can compute p50/p99 across pods. */
@Factory
class MetricFilters {

  @Singleton
  MeterFilter latencyHistograms() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        String name = id.getName();
        if (name.equals("http.server.requests") || name.startsWith("sukoyaka.")) {
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(true)
              .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
              .maximumExpectedValue((double) Duration.ofMinutes(10).toNanos())
              .build()
              .merge(config);
        }
        return config;
      }
    };
  }
}
