package app.sukoyaka.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/**
 * An OpenID Connect provider whose users may exchange their ID token for our access token, e.g.
 * {@code sukoyaka.security.identity-providers.citizens.*} for the app's login and one per
 * municipality for its staff directory.
 *
 * @param name the key under {@code identity-providers}
 * @param issuer the provider's {@code iss}
 * @param jwksUri where the provider publishes its signing keys
 * @param audience our client id at the provider, expected in the ID token's {@code aud}
 * @param role what its users are here: guardian or staff
 */
@EachProperty("sukoyaka.security.identity-providers")
public record IdentityProviderConfiguration(
    @Parameter String name,
    @NotBlank String issuer,
    @NotNull URI jwksUri,
    @NotBlank String audience,
    @NotNull Role role) {}
