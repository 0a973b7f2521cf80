package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SubmissionRead;
import app.sukoyaka.profiles.SukoyakaValidator;
import ca.uhn.fhir.context.FhirContext;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Coverage-guided fuzzing of the clinic intake without HTTP and database: the bytes of a submission
 * through both of its paths up to the mapped submission — the streaming read with its compiled
 * check and mapping, and HAPI's parse with the compiled check and the same mapping. Either path
 * maps a submission or refuses it with one of the intake's documented errors; nothing else escapes,
 * and every quantity it maps is plausible for its catalog item. Inputs that once failed are kept in
 * {@code IntakeFuzzTestInputs} and replayed with the unit tests.
 */
class IntakeFuzzTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final SukoyakaValidator VALIDATOR = SukoyakaValidator.create(FHIR);
  private static final IntakeMapper MAPPER = new IntakeMapper(CATALOG);

  /** What the intake may answer a submission with before matching it to people on record. */
  private static final Set<ErrorCode> DOCUMENTED =
      EnumSet.of(
          ErrorCode.FHIR_MALFORMED,
          ErrorCode.FHIR_NOT_A_BUNDLE,
          ErrorCode.FHIR_PROFILE_VIOLATION,
          ErrorCode.FHIR_BUNDLE_STRUCTURE,
          ErrorCode.FHIR_IMPLAUSIBLE_VALUE,
          ErrorCode.FHIR_ITEM_NOT_AT_THIS_CHECKUP,
          ErrorCode.FHIR_ITEM_WRONG_SUBJECT,
          ErrorCode.FHIR_EPDS_TOTAL_MISMATCH,
          ErrorCode.FHIR_ENCOUNTER_SUBJECT_MISMATCH);

  @FuzzTest(maxDuration = "20s")
  void fuzzBriefly(byte[] submission) {
    check(submission);
  }

  @FuzzTest(maxDuration = "30m")
  void fuzzLong(byte[] submission) {
    check(submission);
  }

  static void check(byte[] submission) {
    SubmissionRead read = VALIDATOR.readCertainlyValid(submission);
    if (read.certainlyValid()) {
      mapOrRefuse(() -> MAPPER.map(read.submission()));
    }
    Bundle bundle;
    try {
      bundle = IntakeService.parse(FHIR, submission);
    } catch (FhirException refused) {
      assertThat(refused.errorCode()).isIn(DOCUMENTED);
      return;
    }
    if (VALIDATOR.isCertainlyValid(bundle)) {
      mapOrRefuse(() -> MAPPER.map(bundle));
    }
  }

  private interface Mapping {
    MappedSubmission map();
  }

  private static void mapOrRefuse(Mapping mapping) {
    MappedSubmission mapped;
    try {
      mapped = mapping.map();
    } catch (FhirException refused) {
      assertThat(refused.errorCode()).isIn(DOCUMENTED);
      return;
    }
    assertThat(mapped.patients()).isNotEmpty();
    for (MappedSubmission.DraftCheckup checkup : mapped.checkups()) {
      assertThat(CATALOG.kind(checkup.kind())).as(checkup.kind()).isPresent();
      for (NewCheckup.NewFinding finding : checkup.findings()) {
        CatalogItem item = CATALOG.byCode(finding.itemCode()).orElseThrow();
        if (finding.value() instanceof FindingValue.Quantity quantity
            && !item.plausibleRanges().isEmpty()) {
          assertThat(item.isPlausible(quantity.value(), quantity.unit()))
              .as("%s %s %s", item.code(), quantity.value(), quantity.unit())
              .isTrue();
        }
      }
    }
  }
}
