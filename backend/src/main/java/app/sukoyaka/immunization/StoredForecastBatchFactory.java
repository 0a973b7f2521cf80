package app.sukoyaka.immunization;

import io.micronaut.context.annotation.Factory;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** The service's batch over stored children: its own connections, one forecast thread per core. */
@Factory
class StoredForecastBatchFactory {

  @Singleton
  StoredForecastBatch storedForecastBatch(
      DataSource dataSource, ChildForecasts forecasts, ImmunizationForecasts engine, Clock clock) {
    // The injected DataSource follows the caller's transaction; the batch streams on a connection
    // of its own, outside it.
    return new StoredForecastBatch(
        DelegatingDataSource.unwrapDataSource(dataSource),
        forecasts,
        engine.schedule(),
        clock,
        Runtime.getRuntime().availableProcessors());
  }
}
