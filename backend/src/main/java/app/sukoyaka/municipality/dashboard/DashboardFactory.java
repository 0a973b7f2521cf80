package app.sukoyaka.municipality.dashboard;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The dashboard's texts, read once at start-up (a file that breaks its format stops the start). */
@Factory
class DashboardFactory {

  @Singleton
  DashboardTexts texts() {
    return DashboardTexts.load();
  }
}
