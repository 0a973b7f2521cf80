package app.sukoyaka.platform;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

/**
 * The shape a JSON request body may have, whatever endpoint reads it (REST bodies read by the
 * framework, FHIR bodies read by HAPI). Bodies are small records, so the limits are far above any
 * real one and far below what would cost a parser time or memory.
 *
 * @param maxNestingDepth how deeply objects and arrays may nest ({@code
 *     SUKOYAKA_JSON_LIMITS_MAX_NESTING_DEPTH}); a clinic's checkup Bundle nests about 12 levels
 * @param maxStringLength the longest string value or member name, in characters ({@code
 *     SUKOYAKA_JSON_LIMITS_MAX_STRING_LENGTH}); the longest documented one is a sync cursor of
 *     65,536
 * @param maxNumberLength the most digits a number may have ({@code
 *     SUKOYAKA_JSON_LIMITS_MAX_NUMBER_LENGTH})
 */
@ConfigurationProperties("sukoyaka.json-limits")
public record JsonLimitsConfiguration(
    @Bindable(defaultValue = "100") @Positive int maxNestingDepth,
    @Bindable(defaultValue = "131072") @Positive int maxStringLength,
    @Bindable(defaultValue = "64") @Positive int maxNumberLength) {

  /** The limits as Jackson's parser holds them. */
  public StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(maxNestingDepth)
        .maxStringLength(maxStringLength)
        .maxNameLength(maxStringLength)
        .maxNumberLength(maxNumberLength)
        .build();
  }
}
