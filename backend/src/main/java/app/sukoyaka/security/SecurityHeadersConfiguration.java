package app.sukoyaka.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The security headers of every response ({@code sukoyaka.security.headers}).
 *
 * @param hsts when to send Strict-Transport-Security: {@code AUTO} (default) when the service's
 *     public URL ({@code sukoyaka.security.issuer}) is https or the request came over TLS (directly
 *     or, per {@code X-Forwarded-Proto}, to the proxy in front); {@code ALWAYS}; {@code OFF}
 * @param hstsMaxAge how long browsers keep to https (default 365 days)
 */
@ConfigurationProperties("sukoyaka.security.headers")
public record SecurityHeadersConfiguration(
    @Bindable(defaultValue = "AUTO") Hsts hsts,
    @Bindable(defaultValue = "365d") Duration hstsMaxAge) {

  /** When Strict-Transport-Security is sent. */
  public enum Hsts {
    AUTO,
    ALWAYS,
    OFF
  }
}
