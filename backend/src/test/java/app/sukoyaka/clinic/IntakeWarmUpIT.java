package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.TestService;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IntakeWarmUpIT {

  @Test
  void theWarmUpRunsTheBundledExampleThroughTheFastPathAndStoresNothing() {
    TestService.server();
    long submissions = Db.count("SELECT count(*) FROM raw_submission");
    IntakeWarmUp warmUp = TestService.bean(IntakeWarmUp.class);

    assertThat(warmUp.run(IntakeWarmUp.example())).isEqualTo(20);
    assertThat(Db.count("SELECT count(*) FROM raw_submission")).isEqualTo(submissions);
  }

  @Test
  void aRehearsalOfABundleTheFastPathDoesNotAcceptSaysSo() {
    TestService.server();
    IntakeService intake = TestService.bean(IntakeService.class);
    String example = new String(IntakeWarmUp.example(), StandardCharsets.UTF_8);
    // A Bundle.timestamp is valid FHIR but outside what the fast path certifies.
    byte[] unusual =
        example
            .replaceFirst(
                "\"language\"", "\"timestamp\": \"2026-11-21T09:00:00+09:00\", \"language\"")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(intake.rehearse(IntakeWarmUp.example())).isTrue();
    assertThat(intake.rehearse(unusual)).isFalse();
  }
}
