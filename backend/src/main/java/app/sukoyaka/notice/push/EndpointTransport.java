package app.sukoyaka.notice.push;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import java.net.URI;
import java.time.Duration;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.routing.HttpRoutePlanner;
import org.apache.http.impl.client.HttpClientBuilder;

/**
 * The Firebase SDK's HTTP transport when pushes go to an FCM-compatible endpoint instead of FCM:
 * the SDK's own requests ({@code POST https://fcm.googleapis.com/v1/projects/…/messages:send}) are
 * routed to the endpoint's host and port, same path. The SDK's FCM host is fixed; its transport is
 * not. A pooled Apache HTTP client keeps one connection per request in flight.
 */
final class EndpointTransport {
  private EndpointTransport() {}

  /** A transport that sends every request to {@code endpoint} (scheme, host and port only). */
  static HttpTransport to(URI endpoint, int connections, Duration connectTimeout) {
    HttpHost host = target(endpoint);
    HttpRoutePlanner toEndpoint =
        (target, request, context) ->
            new HttpRoute(host, null, "https".equals(host.getSchemeName()));
    return new ApacheHttpTransport(
        HttpClientBuilder.create()
            .useSystemProperties()
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .setRoutePlanner(toEndpoint)
            .setMaxConnTotal(connections)
            .setMaxConnPerRoute(connections)
            .setDefaultRequestConfig(
                RequestConfig.custom().setConnectTimeout((int) connectTimeout.toMillis()).build())
            .build());
  }

  /** Where requests go; an endpoint with a path is refused, as requests keep FCM's paths. */
  static HttpHost target(URI endpoint) {
    String scheme = endpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || endpoint.getHost() == null) {
      throw new IllegalArgumentException("A push endpoint is http(s)://host:port, not " + endpoint);
    }
    if (endpoint.getRawPath() != null
        && !endpoint.getRawPath().isEmpty()
        && !endpoint.getRawPath().equals("/")) {
      throw new IllegalArgumentException(
          "A push endpoint takes FCM's paths (/v1/projects/…); give it without a path: "
              + endpoint);
    }
    int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equals(scheme) ? 443 : 80;
    return new HttpHost(endpoint.getHost(), port, scheme);
  }
}
