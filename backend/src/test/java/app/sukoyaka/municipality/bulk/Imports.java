package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Uploads through the API and waits for the job, as the dashboard's upload page does. */
public final class Imports {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Imports() {}

  static Http.BinaryResponse upload(
      String token, String municipalityCode, String system, byte[] file, String query) {
    return Http.sendBytes(
        "POST",
        "/api/v1/municipalities/"
            + municipalityCode
            + "/imports?system="
            + URLEncoder.encode(system, StandardCharsets.UTF_8)
            + (query == null ? "" : "&" + query),
        token,
        "text/csv",
        file);
  }

  static JsonNode json(Http.BinaryResponse response) {
    try {
      return JSON.readTree(response.text());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(response.text(), e);
    }
  }

  /** Uploads the file and returns the job once it has finished. */
  public static JsonNode importAndWait(
      String token, String municipalityCode, String system, byte[] file, String query) {
    Http.BinaryResponse started = upload(token, municipalityCode, system, file, query);
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String location = started.header("Location");
    assertThat(location).isEqualTo(json(started).path("links").path("self").asText());
    return waitFor(token, location);
  }

  static JsonNode waitFor(String token, String location) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      Http.Response job = Http.get(location, token);
      assertThat(job.status()).as(job.body()).isEqualTo(200);
      String status = job.json().path("status").asText();
      if (status.equals("completed") || status.equals("failed")) {
        return job.json();
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("The import did not finish: " + location);
  }
}
