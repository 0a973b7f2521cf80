package app.sukoyaka.immunization.prescreening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The 予診票 rules and the eligibility check are pure: the JDK, Jackson, the routine schedule and the
 * HAPI-free questionnaire of fhir-profiles; no Micronaut, no HAPI, no database.
 */
class PrescreeningBoundariesTest {
  private static final Path SOURCES =
      Path.of("src/main/java/app/sukoyaka/immunization/prescreening");

  @Test
  void thePrescreeningPackageImportsOnlyTheJdkJacksonTheScheduleAndTheQuestionnaire()
      throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<String> offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .flatMap(
                  file -> {
                    try {
                      return Files.readAllLines(file).stream()
                          .filter(line -> line.startsWith("import "))
                          .filter(
                              line ->
                                  !line.matches(
                                      "import (static )?(java\\.|com\\.fasterxml\\.jackson\\.|"
                                          + "app\\.sukoyaka\\.immunization\\.schedule\\.|"
                                          + "app\\.sukoyaka\\.immunization\\.prescreening\\.|"
                                          // The server's own words (はい/いいえ) as data; JDK and
                                          // Jackson only, like this package.
                                          + "app\\.sukoyaka\\.platform\\.i18n\\.ServerTexts\\b|"
                                          + "app\\.sukoyaka\\.profiles\\.(PrescreeningQuestionnaire|"
                                          + "LocalizedText|SukoyakaCanonicals)\\b).*"))
                          .map(line -> file.getFileName() + ": " + line);
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .toList();
      assertThat(offenders).isEmpty();
    }
  }
}
