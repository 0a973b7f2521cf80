package app.sukoyaka.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Clinic systems submitting checkups to {@code POST /fhir}: each bundle for the next pregnancy in
 * turn, each with its own {@code Bundle.identifier}, each client with its own access token.
 */
final class ServiceIngest {
  static final String FHIR_JSON = "application/fhir+json";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int BODY_EXCERPT = 400;

  private final HttpClient http;
  private final ServiceProcess service;
  private final Fixtures.Arranged arranged;
  private final String runId;

  ServiceIngest(HttpClient http, ServiceProcess service, Fixtures.Arranged arranged, String runId) {
    this.http = http;
    this.service = service;
    this.arranged = arranged;
    this.runId = runId;
  }

  ClinicTokens newTokens() {
    return new ClinicTokens(
        http, service.uri("/oauth2/token"), arranged.clientId(), arranged.clientKey());
  }

  /**
   * The bundle of unit {@code index} of a phase; {@code offset} continues the round-robin over the
   * pregnancies from the previous phase.
   */
  String bundle(String phase, int index, int offset) {
    List<Fixtures.Mother> mothers = arranged.mothers();
    Fixtures.Mother mother = mothers.get((offset + index) % mothers.size());
    return PrenatalVisit.bundle(
        new PrenatalVisit.Visit(
            runId + "-" + phase + "-" + index,
            mother.handbookNumber(),
            mother.birthDate(),
            arranged.visitDate()));
  }

  HttpResponse<String> post(String token, String bundle) throws IOException, InterruptedException {
    URI fhir = service.uri("/fhir");
    return http.send(
        HttpRequest.newBuilder(fhir)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", FHIR_JSON)
            .header("Accept", FHIR_JSON)
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(bundle))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The bodies of units 0..{@code units}-1 of a phase, rendered before the clock starts so that the
   * load generator spends its CPU on sending, as the baseline's clients spend theirs on inserting.
   */
  byte[][] prepare(String phase, int units, int offset) {
    byte[][] bodies = new byte[units][];
    for (int i = 0; i < units; i++) {
      bodies[i] = bundle(phase, i, offset).getBytes(StandardCharsets.UTF_8);
    }
    return bodies;
  }

  /** A client on its own keep-alive connection that sends prepared bodies and times each. */
  ConcurrentRun.Worker client(byte[][] bodies) {
    ClinicTokens tokens = newTokens();
    LeanHttp connection = new LeanHttp(service.uri("/"));
    return new ConcurrentRun.Worker() {
      @Override
      public long run(int index) throws Exception {
        String head =
            "Content-Type: "
                + FHIR_JSON
                + "\r\nAccept: "
                + FHIR_JSON
                + "\r\nAuthorization: Bearer "
                + tokens.current()
                + "\r\n";
        long start = System.nanoTime();
        LeanHttp.Reply reply = connection.post("/fhir", head, bodies[index]);
        long latency = System.nanoTime() - start;
        if (reply.status() != 200) {
          throw new IOException(reply.status() + " " + excerpt(reply.text()));
        }
        return latency;
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  static String excerpt(String body) {
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "…";
  }
}
