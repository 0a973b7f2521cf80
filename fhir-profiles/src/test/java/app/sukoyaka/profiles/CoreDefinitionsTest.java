package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator keeps only the FHIR core definitions our profiles reach ({@link CoreDefinitions});
 * these tests prove that the cut changes no verdict and that a definition outside it is still
 * found.
 */
class CoreDefinitionsTest {

  private static SukoyakaValidator kept;
  private static SukoyakaValidator full;

  @BeforeAll
  static void buildBothValidators() {
    kept = SukoyakaValidator.create(FHIR, true);
    full = SukoyakaValidator.create(FHIR, false);
  }

  private static List<String> errors(ValidationReport report) {
    return report.errors().stream()
        .map(issue -> issue.location() + " " + issue.messageId())
        .sorted()
        .collect(Collectors.toList());
  }

  @Test
  void everyExampleGetsTheSameErrorsWithTheKeptDefinitionsAsWithAllOfThem() {
    List<String> differences = new ArrayList<>();
    for (SubmissionExamples.Example example : SubmissionExamples.examples()) {
      List<String> withKept = errors(kept.validateWithHapi(example.bundle()));
      List<String> withAll = errors(full.validateWithHapi(example.bundle()));
      if (!withKept.equals(withAll)) {
        differences.add(example.name() + ": kept " + withKept + ", all " + withAll);
      }
    }
    assertThat(differences).isEmpty();
    assertThat(SubmissionExamples.examples()).hasSizeGreaterThan(20);
  }

  @Test
  void theValidExamplesNeverNeedADefinitionOutsideTheKeptOnes() {
    SukoyakaValidator fresh = SukoyakaValidator.create(FHIR);
    fresh.warmUp();
    // An invalid one may carry a resource type no profile covers: it gets all core definitions.
    for (SubmissionExamples.Example example : SubmissionExamples.examples()) {
      if (!example.name().contains("invalid")) {
        fresh.validateWithHapi(example.bundle());
      }
    }
    assertThat(fresh.loadedAllCoreDefinitions()).isFalse();
  }

  @Test
  void aChildsBirthTimeOnTheBirthDateIsCheckedByItsCoreExtensionWithoutLoadingEverything() {
    SukoyakaValidator fresh = SukoyakaValidator.create(FHIR);
    Patient child = new Patient();
    DateType birthDate = new DateType("2026-05-01");
    birthDate.addExtension(
        new Extension(
            "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
            new DateTimeType("2026-05-01T04:12:00+09:00")));
    child.setBirthDateElement(birthDate);
    Patient wrongType = child.copy();
    wrongType
        .getBirthDateElement()
        .getExtensionFirstRep()
        .setValue(new org.hl7.fhir.r4.model.StringType("early morning"));

    assertThat(errors(fresh.validate(child))).isEqualTo(errors(full.validate(child)));
    assertThat(errors(fresh.validate(wrongType)))
        .isNotEmpty()
        .isEqualTo(errors(full.validate(wrongType)));
    assertThat(fresh.loadedAllCoreDefinitions()).isFalse();
  }

  @Test
  void aResourceOfATypeOurProfilesDoNotCoverGetsTheVerdictOfAllCoreDefinitions() {
    SukoyakaValidator fresh = SukoyakaValidator.create(FHIR);
    org.hl7.fhir.r4.model.Parameters nameless = new org.hl7.fhir.r4.model.Parameters();
    nameless
        .addParameter()
        .setValue(new org.hl7.fhir.r4.model.StringType("a value without a name"));
    String profile = "http://hl7.org/fhir/StructureDefinition/Parameters";

    List<String> withKept = errors(fresh.validate(nameless, profile));

    assertThat(withKept).isNotEmpty().isEqualTo(errors(full.validate(nameless, profile)));
    assertThat(fresh.loadedAllCoreDefinitions()).isTrue();
  }

  @Test
  void aCoreDefinitionOutsideTheKeptOnesIsStillFoundByLoadingThemAll() {
    CoreDefinitions core = CoreDefinitions.reachableFrom(FHIR, List.of());
    IBaseResource account =
        core.fetchStructureDefinition("http://hl7.org/fhir/StructureDefinition/Account");

    assertThat(account).isNotNull();
    assertThat(core.loadedEverything()).isTrue();
  }

  @Test
  void aMadeUpUrlInTheCoreNamespaceDoesNotLoadEverything() {
    CoreDefinitions core = CoreDefinitions.reachableFrom(FHIR, List.of());

    assertThat(core.fetchStructureDefinition("http://hl7.org/fhir/StructureDefinition/no-such"))
        .isNull();
    assertThat(core.fetchValueSet("http://hl7.org/fhir/ValueSet/no-such")).isNull();
    assertThat(core.loadedEverything()).isFalse();
  }

  @Test
  void theKeptDefinitionsAreAFractionOfTheCore() {
    CoreDefinitions core =
        CoreDefinitions.reachableFrom(
            FHIR, List.of(new Bundle(), new Patient())); // no profiles: the data types only
    assertThat(core.structureDefinitionCount()).isBetween(60, 200);
    assertThat(core.terminologyCount()).isLessThan(400);
    assertThat(core.fetchStructureDefinition("http://hl7.org/fhir/StructureDefinition/HumanName"))
        .isNotNull();
  }
}
