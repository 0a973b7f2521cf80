package app.sukoyaka.municipality.figures;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * When the dashboard's figures are counted again.
 *
 * @param enabled whether this instance counts ({@code SUKOYAKA_DASHBOARD_REFRESH_ENABLED}); every
 *     instance may, a municipality is counted by one at a time
 * @param tick how often the instance looks for municipalities to count, and brings the forecasts of
 *     children whose doses were just recorded up to date
 * @param minInterval the least time between two counts of one municipality: records arriving all
 *     day cost one count per interval, not one per record
 * @param maxAge figures older than this are counted again when staff open the dashboard
 * @param lease a count whose instance has not finished after this long (it stopped) may be taken
 *     over
 * @param keepCountingFor a municipality whose staff have not opened the dashboard for this long is
 *     no longer counted every day
 */
@ConfigurationProperties("sukoyaka.dashboard.refresh")
public record RefreshConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "15s") Duration tick,
    @Bindable(defaultValue = "2m") Duration minInterval,
    @Bindable(defaultValue = "1h") Duration maxAge,
    @Bindable(defaultValue = "30m") Duration lease,
    @Bindable(defaultValue = "14d") Duration keepCountingFor) {}
