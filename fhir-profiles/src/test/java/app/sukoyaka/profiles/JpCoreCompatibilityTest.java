package app.sukoyaka.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aligned with JP Core: every resource our profiles accept must also be valid against the
 * corresponding JP Core 1.1.2 profile — JP_Patient for the mother and the child, JP_Encounter for a
 * checkup visit, JP_Immunization for a vaccination, and for a finding the JP Core Observation
 * profile of its category (JP_Observation_BodyMeasurement, _VitalSigns, _LabResult, _PhysicalExam,
 * _SocialHistory, or JP_Observation_Common for surveys and screening procedures). Runs when the JP
 * Core package is at {@code ../../shared/reference/jp-core.r4-1.1.2.tgz} (beside the repository);
 * otherwise it is reported as skipped, with the path it looked for.
 */
class JpCoreCompatibilityTest {
  static final Path PACKAGE = Path.of("..", "..", "shared", "reference", "jp-core.r4-1.1.2.tgz");
  private static final String JP = "http://jpfhir.jp/fhir/core/StructureDefinition/";
  private static final Map<String, String> JP_PROFILE =
      Map.of(
          "Patient", JP + "JP_Patient",
          "Encounter", JP + "JP_Encounter",
          "Observation", JP + "JP_Observation_Common",
          "Immunization", JP + "JP_Immunization");

  /**
   * The JP Core Observation profile that corresponds to each category our items carry; items of
   * other categories (survey, procedure) correspond to JP_Observation_Common.
   */
  private static final Map<String, String> JP_OBSERVATION_PROFILE =
      Map.of(
          "body-measurement", JP + "JP_Observation_BodyMeasurement",
          "vital-signs", JP + "JP_Observation_VitalSigns",
          "laboratory", JP + "JP_Observation_LabResult",
          "exam", JP + "JP_Observation_PhysicalExam",
          "social-history", JP + "JP_Observation_SocialHistory");

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static FhirValidator validator;

  @BeforeAll
  static void loadJpCore() throws IOException {
    assumeTrue(
        Files.exists(PACKAGE),
        "JP Core 1.1.2 not found at " + PACKAGE.toAbsolutePath() + "; compatibility not checked");
    PrePopulatedValidationSupport jpCore = new PrePopulatedValidationSupport(FHIR);
    try (InputStream in = Files.newInputStream(PACKAGE)) {
      NpmPackage npm = NpmPackage.fromPackage(in);
      for (String type : List.of("StructureDefinition", "CodeSystem", "ValueSet")) {
        for (String file : npm.listResources(type)) {
          try (InputStream resource = npm.loadResource(file)) {
            jpCore.addResource(
                FHIR.newJsonParser()
                    .parseResource(new String(resource.readAllBytes(), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(FHIR);
    loadOurs(ours, "conformance/");
    loadOurs(ours, "conformance/external/");
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(FHIR),
            jpCore,
            ours,
            new CommonCodeSystemsTerminologyService(FHIR),
            new InMemoryTerminologyServerValidationSupport(FHIR),
            new SnapshotGeneratingValidationSupport(FHIR));
    validator = FHIR.newValidator();
    validator.registerValidatorModule(new FhirInstanceValidator(chain));
  }

  private static void loadOurs(PrePopulatedValidationSupport target, String folder)
      throws IOException {
    String base = "/app/sukoyaka/profiles/" + folder;
    JsonNode index = new ObjectMapper().readTree(text(base + ".index.json"));
    for (JsonNode file : index.path("files")) {
      String type = file.path("resourceType").asText();
      if (List.of("CodeSystem", "ValueSet").contains(type)) {
        target.addResource(
            FHIR.newJsonParser().parseResource(text(base + file.path("filename").asText())));
      }
    }
  }

  private static String text(String path) throws IOException {
    try (InputStream in = JpCoreCompatibilityTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every resource of every valid example, single resources and submissions' entries alike. */
  private static List<Resource> validExamples() throws IOException {
    List<Resource> resources = new ArrayList<>();
    Path root = Path.of("src/test/resources/r4");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("valid-")).toList()) {
        Resource resource = (Resource) FHIR.newJsonParser().parseResource(Files.readString(file));
        if (resource instanceof Bundle bundle) {
          bundle.getEntry().forEach(entry -> resources.add(entry.getResource()));
        } else {
          resources.add(resource);
        }
      }
    }
    return resources;
  }

  /*
   * "An instance valid against our profile must also be valid against the corresponding JP Core
   * 1.1.2 profile."
   */
  @Test
  void everyValidExampleIsAlsoValidAgainstJpCore() throws IOException {
    List<String> failures = new ArrayList<>();
    List<Resource> examples = validExamples();
    for (Resource resource : examples) {
      String profile = JP_PROFILE.get(resource.fhirType());
      if (profile == null) {
        // JP Core 1.1.2 has no QuestionnaireResponse profile.
        continue;
      }
      if (resource instanceof org.hl7.fhir.r4.model.Observation observation) {
        String category = observation.getCategoryFirstRep().getCodingFirstRep().getCode();
        profile = JP_OBSERVATION_PROFILE.getOrDefault(category, profile);
      }
      ValidationResult result =
          validator.validateWithResult(resource, new ValidationOptions().addProfile(profile));
      result.getMessages().stream()
          .filter(
              m ->
                  m.getSeverity() == ResultSeverityEnum.ERROR
                      || m.getSeverity() == ResultSeverityEnum.FATAL)
          .forEach(
              m ->
                  failures.add(
                      resource.fhirType()
                          + " "
                          + resource.getIdElement().getIdPart()
                          + " @ "
                          + m.getLocationString()
                          + ": "
                          + m.getMessage()));
    }
    assertThat(examples).hasSizeGreaterThan(20);
    assertThat(failures).isEmpty();
  }

  /* The check can fail: JP_Patient requires an identifier with a value. */
  @Test
  void aPatientWithoutIdentifierFailsJpPatient() {
    org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1994-04-12"));

    ValidationResult result =
        validator.validateWithResult(
            patient, new ValidationOptions().addProfile(JP_PROFILE.get("Patient")));

    assertThat(result.getMessages())
        .anySatisfy(
            m -> {
              assertThat(m.getSeverity()).isEqualTo(ResultSeverityEnum.ERROR);
              assertThat(m.getLocationString()).startsWith("Patient");
              assertThat(m.getMessage()).contains("identifier");
            });
  }
}
