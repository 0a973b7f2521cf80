package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * HAPI FHIR stays in the FHIR facade and clinic intake; domain packages speak in their own types
 * and import no HTTP; the immunization schedule and its forecaster depend on nothing of the
 * service. Read from the sources so that a new file is checked without registration.
 */
class ModuleBoundariesTest {
  private static final Path SOURCES = Path.of("src/main/java/app/sukoyaka");
  private static final List<String> HAPI_ALLOWED = List.of("fhir", "clinic");

  @Test
  void hapiIsImportedOnlyByTheFhirFacadeAndClinicIntake() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<String> offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !HAPI_ALLOWED.contains(feature(file)))
              .filter(file -> contains(file, "import ca.uhn.") || contains(file, "import org.hl7."))
              .map(Path::toString)
              .toList();
      assertThat(offenders).isEmpty();
    }
  }

  @Test
  void domainRecordsImportNoHttp() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<String> offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.getFileName().toString().endsWith("Controller.java"))
              .filter(file -> isDomainType(file))
              .filter(file -> contains(file, "import io.micronaut.http"))
              .map(Path::toString)
              .toList();
      assertThat(offenders).isEmpty();
    }
  }

  @Test
  void theImmunizationScheduleAndItsForecasterImportOnlyTheJdkAndJackson() throws IOException {
    Path schedule = SOURCES.resolve("immunization/schedule");
    try (Stream<Path> files = Files.walk(schedule)) {
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
                                      "import (static )?(java\\.|com\\.fasterxml\\.jackson\\.|app\\.sukoyaka\\.immunization\\.schedule\\.).*"))
                          .map(line -> file.getFileName() + ": " + line);
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .toList();
      assertThat(offenders).isEmpty();
    }
  }

  private static boolean isDomainType(Path file) {
    String name = file.getFileName().toString();
    return List.of(
            "Pregnancy.java",
            "Child.java",
            "Guardian.java",
            "Checkup.java",
            "NewCheckup.java",
            "FindingValue.java",
            "Principal.java",
            "ProtectedSubject.java",
            "AccessPolicy.java")
        .contains(name);
  }

  private static String feature(Path file) {
    return SOURCES.relativize(file).getName(0).toString();
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.readString(file).contains(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
