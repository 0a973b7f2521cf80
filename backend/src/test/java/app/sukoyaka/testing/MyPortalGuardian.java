package app.sukoyaka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A guardian linking the handbook with My Portal over HTTP, against the local portal simulator: the
 * app starts the link, the guardian's browser logs in at the portal and agrees (or not), and the
 * app comes back with the code.
 */
public final class MyPortalGuardian {
  private static final HttpClient BROWSER =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private MyPortalGuardian() {}

  /** The app starts a link for the children named (none: the guardian's own records only). */
  public static JsonNode start(String guardian, List<UUID> children) {
    String body =
        children.isEmpty()
            ? "{}"
            : "{\"childIds\":["
                + children.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","))
                + "]}";
    Http.Response started = Http.postJson("/api/v1/my-portal/links", guardian, body);
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    assertThat(started.json().path("authorizationUrl").asText())
        .contains("code_challenge_method=S256")
        .contains("state=" + started.json().path("state").asText());
    return started.json();
  }

  /**
   * The guardian at the portal: opens its page, logs in with the card, agrees or not; answers the
   * parameters the portal sends the browser back with.
   */
  public static Map<String, String> authorise(JsonNode started, String login, String decision)
      throws IOException, InterruptedException {
    URI page = URI.create(started.path("authorizationUrl").asText());
    HttpResponse<String> shown =
        BROWSER.send(
            HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
    assertThat(shown.body()).contains("同意しますか");
    Map<String, String> form = Http.parameters(page.getRawQuery());
    form.put("login", login);
    form.put("decision", decision);
    HttpResponse<String> answered =
        BROWSER.send(
            HttpRequest.newBuilder(page.resolve("/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(302);
    URI back = URI.create(answered.headers().firstValue("Location").orElseThrow());
    assertThat(back.getPath()).isEqualTo("/api/v1/my-portal/callback");
    return Http.parameters(back.getRawQuery());
  }

  /** The whole consent, agreed: answers the link made. */
  public static JsonNode link(String guardian, String cardLogin, List<UUID> children)
      throws IOException, InterruptedException {
    Map<String, String> back = authorise(start(guardian, children), cardLogin, "allow");
    Http.Response made = Http.get("/api/v1/my-portal/callback?" + Http.form(back), null);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    return made.json();
  }

  /** Waits for the retrieval that a new link starts by itself; answers the link after it. */
  public static JsonNode awaitFirstImport(String linkId, String guardian)
      throws InterruptedException {
    Instant until = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(until)) {
      JsonNode link = Http.get("/api/v1/my-portal/links/" + linkId, guardian).json();
      if (!link.path("lastImportAt").isNull()) {
        return link;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The first retrieval of " + linkId + " did not finish");
  }
}
