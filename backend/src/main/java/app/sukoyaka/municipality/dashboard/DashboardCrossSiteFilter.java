package app.sukoyaka.municipality.dashboard;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Refuses a state-changing dashboard request from another site with the dashboard's error page
 * (SKY-5909), ahead of Micronaut's CORS filter: that filter answers a foreign Origin on a local
 * host with a bare 403 (its drive-by-localhost protection), which a browser would show as a blank
 * page and which names no code. {@link DashboardFilter} keeps the same check for the requests this
 * one lets through.
 */
@ServerFilter({"/dashboard", "/dashboard/**"})
class DashboardCrossSiteFilter implements Ordered {

  private final DashboardFilter pages;

  DashboardCrossSiteFilter(DashboardFilter pages) {
    this.pages = pages;
  }

  /** Before the CORS filter (at the metrics phase's after()). */
  @Override
  public int getOrder() {
    return ServerFilterPhase.METRICS.order();
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable HttpResponse<?> before(HttpRequest<?> request) {
    if (request.getMethod() == HttpMethod.GET
        || request.getMethod() == HttpMethod.HEAD
        || request.getMethod() == HttpMethod.OPTIONS
        || !DashboardFilter.crossSite(request)) {
      return null;
    }
    return pages.crossSiteRefusal(request);
  }
}
