package app.sukoyaka.platform;

import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The checkup item catalog and the vaccine catalog of {@code fhir-profiles}, loaded once. */
@Factory
class CatalogFactory {

  @Singleton
  CheckupItemCatalog catalog() {
    return CheckupItemCatalog.load();
  }

  @Singleton
  VaccineCatalog vaccines() {
    return VaccineCatalog.load();
  }
}
