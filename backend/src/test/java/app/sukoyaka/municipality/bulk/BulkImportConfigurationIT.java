package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.testing.TestService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bulk import settings bind with their documented defaults; unusable ones are refused. */
class BulkImportConfigurationIT {

  @Test
  void theSettingsHaveTheirDefaultsAndTheServerTakesTheLargestFile() {
    BulkImportConfiguration configuration = TestService.bean(BulkImportConfiguration.class);

    assertThat(configuration.mappingDirs()).isEmpty();
    assertThat(configuration.workerEnabled()).isTrue();
    assertThat(configuration.batchSize()).isEqualTo(500);
    assertThat(configuration.lease()).isEqualTo(Duration.ofMinutes(5));
    assertThat(configuration.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(configuration.maxFileBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(configuration.keepFor()).isEqualTo(Duration.ofDays(90));
    long serverLimit =
        TestService.server()
            .getApplicationContext()
            .getProperty("micronaut.server.max-request-size", Long.class)
            .orElseThrow();
    assertThat(serverLimit).isGreaterThan(configuration.maxFileBytes());
  }

  @Test
  void unusableSettingsAreRefused() {
    assertThatThrownBy(
            () ->
                new BulkImportConfiguration(
                    List.of(),
                    true,
                    0,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(2),
                    1024,
                    Duration.ofDays(1)))
        .hasMessageContaining("batch-size");
    assertThatThrownBy(
            () ->
                new BulkImportConfiguration(
                    List.of(),
                    true,
                    500,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    1024,
                    Duration.ofDays(1)))
        .hasMessageContaining("lease");
  }
}
