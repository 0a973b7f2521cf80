package app.sukoyaka.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Request rate limits ({@code sukoyaka.security.rate-limits}), each a number of requests per {@code
 * period} with a burst of the same size (a token bucket). They are counted in each instance's
 * memory: with several instances behind one service a caller may reach up to that many times the
 * limit (the README states the trade-off).
 *
 * @param enabled false turns every limit off (a load test that wants the service's ceiling)
 * @param period the window the numbers below refer to (default 1 minute)
 * @param loginPerAddress the login pages (the dashboard's and the app authorization's: provider
 *     start, callback, demo login) per client IP address (default 30)
 * @param tokenPerClient {@code POST /oauth2/token} per client the request names: a clinic's client
 *     id, an app's client id (default 60)
 * @param tokenPerAddress {@code POST /oauth2/token} per client IP address, whatever the client
 *     (default 300)
 * @param intakePerClinic clinic writes to the FHIR API (transaction bundles, vaccinations,
 *     corrections) per clinic client (default 6000: a clinic's system sending its backlog after an
 *     outage, not a flood)
 */
@ConfigurationProperties("sukoyaka.security.rate-limits")
public record RateLimitConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "1m") Duration period,
    @Bindable(defaultValue = "30") int loginPerAddress,
    @Bindable(defaultValue = "60") int tokenPerClient,
    @Bindable(defaultValue = "300") int tokenPerAddress,
    @Bindable(defaultValue = "6000") int intakePerClinic) {

  public RateLimitConfiguration {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("sukoyaka.security.rate-limits.period must be > 0");
    }
    if (loginPerAddress < 1 || tokenPerClient < 1 || tokenPerAddress < 1 || intakePerClinic < 1) {
      throw new IllegalArgumentException("sukoyaka.security.rate-limits.* must each be >= 1");
    }
  }
}
