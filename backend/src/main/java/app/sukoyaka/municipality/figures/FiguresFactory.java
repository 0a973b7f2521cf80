package app.sukoyaka.municipality.figures;

import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.profiles.VaccineCatalog;
import io.micronaut.context.annotation.Factory;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The definitions and the counting of the dashboard's figures, as the service runs them. */
@Factory
class FiguresFactory {

  @Singleton
  FigureDefinitions definitions() {
    return FigureDefinitions.load();
  }

  @Singleton
  Labels labels() {
    return Labels.load();
  }

  @Singleton
  CheckupWindows checkupWindows() {
    return CheckupWindows.load();
  }

  @Singleton
  FigureComputations computations(
      FigureDefinitions definitions, CheckupWindows windows, VaccineCatalog vaccines) {
    return new FigureComputations(
        definitions,
        windows,
        vaccines.series().stream()
            .map(s -> new FigureComputations.Series(s.id(), s.doseLabels()))
            .toList());
  }

  @Singleton
  ForecastSnapshot forecastSnapshot(DataSource dataSource, StoredForecastBatch batch) {
    // Counting runs outside any transaction of a request, on connections of its own.
    return new ForecastSnapshot(DelegatingDataSource.unwrapDataSource(dataSource), batch);
  }
}
