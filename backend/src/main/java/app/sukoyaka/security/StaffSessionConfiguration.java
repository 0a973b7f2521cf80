package app.sukoyaka.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Sessions of staff in the dashboard's browser pages.
 *
 * @param idleTimeout a session unused this long ends ({@code
 *     SUKOYAKA_DASHBOARD_SESSION_IDLE_TIMEOUT}, default 30 minutes)
 * @param maxLifetime a session ends this long after the login whatever the activity ({@code
 *     SUKOYAKA_DASHBOARD_SESSION_MAX_LIFETIME}, default 10 hours: a working day)
 * @param cookieSecure whether the session cookie says {@code Secure} (sent over HTTPS only;
 *     browsers treat {@code http://localhost} as secure too). Default true; false only behind no
 *     TLS at all
 * @param loginStateLifetime how long an OpenID Connect login may take between leaving for the
 *     provider and coming back (default 10 minutes)
 */
@ConfigurationProperties("sukoyaka.dashboard.session")
public record StaffSessionConfiguration(
    @Bindable(defaultValue = "30m") Duration idleTimeout,
    @Bindable(defaultValue = "10h") Duration maxLifetime,
    @Bindable(defaultValue = "true") boolean cookieSecure,
    @Bindable(defaultValue = "10m") Duration loginStateLifetime) {

  public StaffSessionConfiguration {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("sukoyaka.dashboard.session.idle-timeout must be > 0");
    }
    if (maxLifetime.compareTo(idleTimeout) < 0) {
      throw new IllegalArgumentException(
          "sukoyaka.dashboard.session.max-lifetime must be at least the idle timeout");
    }
    if (loginStateLifetime.isNegative() || loginStateLifetime.isZero()) {
      throw new IllegalArgumentException(
          "sukoyaka.dashboard.session.login-state-lifetime must be > 0");
    }
  }

  /**
   * The cookie's name: with {@code Secure}, the {@code __Secure-} prefix, which browsers refuse to
   * accept from a page that is not itself secure.
   */
  public String cookieName() {
    return cookieSecure ? "__Secure-sukoyaka-dashboard" : "sukoyaka-dashboard";
  }
}
