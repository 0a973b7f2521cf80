package app.sukoyaka.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * A guardian's access token from the service's demo endpoint ({@code POST /dev/token}, role
 * guardian, the person's login subject): the token the residents' identity provider would lead to,
 * signed by the service and checked on every request as any other. Renewed before it expires (15
 * minutes by default). Not thread-safe.
 */
final class GuardianTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Renew this long before expiry, so that no measured request carries a token about to lapse.
  private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

  private final HttpClient http;
  private final URI endpoint;
  private final String subject;
  private String token;
  private Instant expires;

  GuardianTokens(HttpClient http, URI endpoint, String subject) {
    this.http = http;
    this.endpoint = endpoint;
    this.subject = subject;
  }

  String current() throws IOException, InterruptedException {
    if (token == null || Instant.now().isAfter(expires.minus(RENEW_BEFORE))) {
      renew();
    }
    return token;
  }

  private void renew() throws IOException, InterruptedException {
    Instant asked = Instant.now();
    String body =
        JSON.createObjectNode().put("role", "guardian").put("subject", subject).toString();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "No guardian token for "
              + subject
              + ": "
              + response.statusCode()
              + " "
              + response.body().strip()
              + " (the service must run with SUKOYAKA_DEMO=true)");
    }
    JsonNode answer = JSON.readTree(response.body());
    token = answer.path("access_token").asText(null);
    long lifetime = answer.path("expires_in").asLong(0);
    if (token == null || lifetime <= 0) {
      throw new IOException("Token answer without access_token or expires_in: " + answer);
    }
    expires = asked.plusSeconds(lifetime);
  }
}
