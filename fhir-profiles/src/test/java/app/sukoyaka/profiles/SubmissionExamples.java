package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;

import app.sukoyaka.profiles.SubmissionGenerator.Case;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every valid and invalid example under {@code src/test/resources/r4/} as a submission: a Bundle as
 * it is, a single resource placed into the valid submission. Shared by the differential tests of
 * this module and of the backend's intake (which reads them from this module's test jar).
 */
public final class SubmissionExamples {

  private static final Logger LOG = LoggerFactory.getLogger(SubmissionExamples.class);

  private SubmissionExamples() {}

  /**
   * One example as a submission.
   *
   * @param json the bytes a clinic would send: the file itself for a Bundle, HAPI's JSON of the
   *     submission it was placed into otherwise
   */
  public record Example(String name, Bundle bundle, byte[] json) {}

  /** The examples as generator cases (unmutated), for tests that take those. */
  static List<Case> cases() {
    return examples().stream().map(e -> new Case(e.name(), 0, List.of(), e.bundle())).toList();
  }

  /** Every example that a submission can carry, in the order of their paths. */
  public static List<Example> examples() {
    URI root;
    try {
      root = SubmissionExamples.class.getResource("/r4").toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if ("jar".equals(root.getScheme())) {
      // Read from this module's test jar (the backend's tests).
      try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
        return examples(jar.provider().getPath(root));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return examples(Path.of(root));
  }

  private static List<Example> examples(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      List<Example> examples = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Example example = example(root, file);
        if (example != null) {
          examples.add(example);
        }
      }
      return examples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Example example(Path root, Path file) throws IOException {
    String name = root.relativize(file).toString().replace('\\', '/');
    byte[] bytes = Files.readAllBytes(file);
    Resource resource;
    try {
      resource =
          (Resource) FHIR.newJsonParser().parseResource(new String(bytes, StandardCharsets.UTF_8));
    } catch (DataFormatException e) {
      // Not a resource (an extension or data type example, say): nothing to submit.
      LOG.info("The example {} is not a resource: {}", name, e.getMessage());
      return null;
    }
    if (resource instanceof Bundle submission) {
      return new Example("r4/" + name, submission, bytes);
    }
    Bundle bundle = placeIntoSubmission(resource);
    if (bundle == null) {
      LOG.info("No place in a submission for the example {} ({})", name, resource.fhirType());
      return null;
    }
    String json = FHIR.newJsonParser().encodeResourceToString(bundle);
    return new Example(
        "r4/" + name,
        FHIR.newJsonParser().parseResource(Bundle.class, json),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The valid submission with the example in place of its Patient or Encounter, or added: a child
   * (a Patient with the mother extension) as a second Patient whose mother reference points to the
   * first, an Observation or EPDS response as one more entry. References to "Patient/…" and
   * "Encounter/…" point to the Bundle's entries. Null for a resource a submission has no place for.
   */
  private static Bundle placeIntoSubmission(Resource resource) {
    Bundle bundle =
        ProfileAssertions.example(
            "sukoyaka-clinic-submission", "valid-prenatal-checkup.json", Bundle.class);
    String patientUrl = bundle.getEntry().get(0).getFullUrl();
    String encounterUrl = bundle.getEntry().get(1).getFullUrl();
    if (resource instanceof Patient patient
        && !patient.getExtensionsByUrl(SukoyakaCanonicals.MOTHER_EXTENSION).isEmpty()) {
      patient.getExtensionsByUrl(SukoyakaCanonicals.MOTHER_EXTENSION).stream()
          .filter(mother -> mother.getValue() instanceof Reference)
          .forEach(mother -> retarget((Reference) mother.getValue(), patientUrl));
      add(bundle, "urn:uuid:3c2d1e0f-9a8b-4c7d-8e6f-5a4b3c2d1e0f", patient);
    } else if (resource instanceof Patient) {
      bundle.getEntry().get(0).setResource(resource);
    } else if (resource instanceof Encounter encounter) {
      retarget(encounter.getSubject(), patientUrl);
      bundle.getEntry().get(1).setResource(encounter);
    } else if (resource instanceof Observation observation) {
      retarget(observation.getSubject(), patientUrl);
      retarget(observation.getEncounter(), encounterUrl);
      add(bundle, "urn:uuid:6f1c9a2e-3b4d-4e5f-8a7b-9c0d1e2f3a4b", observation);
    } else if (resource instanceof QuestionnaireResponse response
        // Only the EPDS travels in a clinic submission; other answers (the 予診票) do not.
        && SukoyakaCanonicals.EPDS_QUESTIONNAIRE.equals(response.getQuestionnaire())) {
      retarget(response.getSubject(), patientUrl);
      retarget(response.getEncounter(), encounterUrl);
      add(bundle, "urn:uuid:7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d", response);
    } else {
      return null;
    }
    return bundle;
  }

  private static void add(Bundle bundle, String fullUrl, Resource resource) {
    Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
  }

  private static void retarget(Reference reference, String fullUrl) {
    if (reference.hasReference()) {
      reference.setReference(fullUrl);
    }
  }
}
