package app.sukoyaka.platform.observability;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The management port: Prometheus metrics at {@code /prometheus}, on a port of its own that the
 * API's Service and Ingress never route to ({@code SUKOYAKA_MANAGEMENT_*}).
 *
 * @param enabled whether the port is opened at all
 * @param host the address it binds to
 * @param port the port; 0 picks a free one (tests)
 */
@ConfigurationProperties("sukoyaka.management")
public record ManagementConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "0.0.0.0") String host,
    @Bindable(defaultValue = "8081") int port) {}
