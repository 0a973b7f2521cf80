package app.sukoyaka.platform.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * Limits on the shape of a JSON request body (REST and FHIR), checked before anything parses it;
 * its size is limited by {@code micronaut.server.max-request-buffer-size}.
 *
 * @param maxNestingDepth the deepest nesting of objects and arrays a body may have ({@code
 *     SUKOYAKA_REQUEST_LIMITS_MAX_NESTING_DEPTH}); the deepest of our own bodies (a checkup Bundle
 *     with nested extensions, a questionnaire's answers) is about 15; deeper is refused with 400
 *     (SKY-7101) before a parser or HAPI's validator walks it
 * @param maxStringLength the longest string (a member's name or value, in characters) a body may
 *     hold ({@code SUKOYAKA_REQUEST_LIMITS_MAX_STRING_LENGTH}); longer is refused with 413
 *     (SKY-7102)
 */
@ConfigurationProperties("sukoyaka.request-limits")
public record RequestLimitsConfiguration(
    @Bindable(defaultValue = "64") @Min(8) int maxNestingDepth,
    @Bindable(defaultValue = "262144") @Min(256) int maxStringLength) {}
