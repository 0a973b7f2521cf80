package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.DashboardLink;
import app.sukoyaka.profiles.LocalizedText;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The dashboard's texts, read once at start-up (a file that breaks its format stops the start). */
@Factory
class DashboardFactory {

  @Singleton
  DashboardTexts texts() {
    return DashboardTexts.load();
  }

  /** The bulk import's pages ({@link ImportPagesController}) in the navigation. */
  @Singleton
  @Named("imports")
  DashboardLink imports() {
    return new DashboardLink(
        "imports", new LocalizedText("一括取り込み", "Bulk import"), "/dashboard/imports", 10);
  }
}
