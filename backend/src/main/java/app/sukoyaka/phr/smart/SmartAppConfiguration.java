package app.sukoyaka.phr.smart;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Lifetimes of third-party apps' authorizations ({@code sukoyaka.smart-apps}).
 *
 * @param accessTokenLifetime an app's access token: short, the refresh token gets the next
 * @param codeLifetime an authorization code, from the guardian's consent to its redemption
 * @param authorizationLifetime the guardian's login and decision in the browser
 * @param grantLifetime how long a consent with {@code offline_access} lasts unless withdrawn; one
 *     without lasts as long as its one access token; it bounds the refresh tokens too (absolute)
 * @param refreshTokenIdleLifetime a refresh token not used this long expires (default 30 days): an
 *     app unused for a month asks the guardian again; each use gives a new one, never beyond the
 *     consent's end
 */
@ConfigurationProperties("sukoyaka.smart-apps")
public record SmartAppConfiguration(
    @NotNull Duration accessTokenLifetime,
    @NotNull Duration codeLifetime,
    @NotNull Duration authorizationLifetime,
    @NotNull Duration grantLifetime,
    @Bindable(defaultValue = "30d") Duration refreshTokenIdleLifetime) {}
