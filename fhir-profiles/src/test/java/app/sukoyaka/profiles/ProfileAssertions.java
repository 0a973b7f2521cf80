package app.sukoyaka.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Resource;

/** Loads the examples under {@code src/test/resources/r4/<profile-id>/} and checks verdicts. */
final class ProfileAssertions {

  static final FhirContext FHIR = FhirContext.forR4Cached();

  private ProfileAssertions() {}

  /** Parses {@code r4/<profileId>/<file>} from the test class path. */
  static <T extends Resource> T example(String profileId, String file, Class<T> type) {
    String path = "/r4/" + profileId + "/" + file;
    try (InputStream in = ProfileAssertions.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("No example " + path);
      }
      return FHIR.newJsonParser()
          .parseResource(type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertAccepted(ValidationReport report) {
    assertThat(report.errors()).as("errors of an example that should be valid").isEmpty();
    assertThat(report.isValid()).isTrue();
  }

  /**
   * Asserts the report rejects the resource with an error at {@code location} whose message id is
   * {@code messageId} or, for invariants, ends with {@code #messageId}.
   */
  static void assertRejectedAt(ValidationReport report, String location, String messageId) {
    assertThat(report.isValid()).as("verdict").isFalse();
    assertThat(report.errors())
        .as("errors")
        .anySatisfy(
            issue -> {
              assertThat(issue.location()).isEqualTo(location);
              assertThat(issue.messageId())
                  .satisfiesAnyOf(
                      id -> assertThat(id).isEqualTo(messageId),
                      id -> assertThat(id).endsWith("#" + messageId));
            });
  }
}
