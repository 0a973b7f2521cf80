package app.sukoyaka.platform;

import app.sukoyaka.profiles.CheckupItemCatalog;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The checkup item catalog of {@code fhir-profiles}, loaded once. */
@Factory
class CatalogFactory {

  @Singleton
  CheckupItemCatalog catalog() {
    return CheckupItemCatalog.load();
  }
}
