package app.sukoyaka.platform;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * Service-wide settings.
 *
 * @param dataDir where the embedded PostgreSQL keeps its files ({@code SUKOYAKA_DATA_DIR})
 * @param demo seeds demo data and enables the {@code /dev} endpoints ({@code SUKOYAKA_DEMO})
 */
@ConfigurationProperties("sukoyaka")
public record SukoyakaConfiguration(@NotNull Path dataDir, boolean demo) {}
