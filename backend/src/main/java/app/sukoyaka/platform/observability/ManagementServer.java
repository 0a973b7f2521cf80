package app.sukoyaka.platform.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /prometheus} (the text exposition format) on the management port, apart from
 * the API: metrics name routes, queue sizes and job counts, which the internet has no business
 * reading. Kubernetes scrapes it through the chart's ServiceMonitor; the NetworkPolicy lets only
 * the monitoring namespace in.
 */
@Context
@Requires(property = "sukoyaka.management.enabled", notEquals = "false")
public class ManagementServer {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

  /**
   * The API port's security headers for a response that is not a page (security.
   * SecurityHeadersFilter, which this server's plain JDK handler does not pass through): a port
   * reached by mistake from a browser must not be sniffed, framed or run as a document either.
   */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "X-Content-Type-Options", "nosniff",
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "no-referrer",
          "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox",
          "Cache-Control", "no-store");

  private final HttpServer server;

  ManagementServer(ManagementConfiguration config, PrometheusMeterRegistry registry) {
    HttpServer opened = null;
    try {
      opened = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 16);
      opened.setExecutor(
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "management-http");
                thread.setDaemon(true);
                return thread;
              }));
      opened.createContext("/", exchange -> answer(exchange, registry));
      opened.start();
      LOG.info("Management port {} serves /prometheus", opened.getAddress().getPort());
    } catch (IOException e) {
      // The API keeps serving; the scrape target shows as down, which the monitoring alerts on.
      LOG.error("The management port {} could not be opened; no metrics", config.port(), e);
      opened = null;
    }
    this.server = opened;
  }

  /** The port bound, if the server runs. */
  public OptionalInt port() {
    return server == null ? OptionalInt.empty() : OptionalInt.of(server.getAddress().getPort());
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"/prometheus".equals(path)) {
        send(exchange, 404, "text/plain; charset=utf-8", "Not found\n");
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
      } else {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    SECURITY_HEADERS.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @PreDestroy
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
