package app.sukoyaka.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeanHttpTest {
  private HttpServer server;
  private final List<String> received = new ArrayList<>();

  @BeforeEach
  void aServerThatEchoesWithAndWithoutALength() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (received) {
            received.add(
                exchange.getRequestHeaders().getFirst("Authorization")
                    + " "
                    + new String(body, StandardCharsets.UTF_8));
          }
          byte[] reply =
              ("echo " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
          if (exchange.getRequestURI().getPath().equals("/sync")) {
            // A conditional GET: 304 without a body when the client has the current tag.
            exchange.getResponseHeaders().add("ETag", "\"Cursor-1\"");
            boolean current =
                "\"Cursor-1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"));
            byte[] changes = "{\"changes\": []}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(current ? 304 : 200, current ? -1 : changes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              if (!current) {
                out.write(changes);
              }
            }
            return;
          }
          boolean chunked = exchange.getRequestURI().getPath().equals("/chunked");
          exchange.sendResponseHeaders(
              exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200,
              chunked ? 0 : reply.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @Test
  void repliesWithALengthOrInChunksAreReadWholeOnOneConnection() throws Exception {
    try (LeanHttp http = new LeanHttp(base())) {
      LeanHttp.Reply first = http.post("/fhir", "Authorization: Bearer a\r\n", bytes("健診 1"));
      LeanHttp.Reply second = http.post("/chunked", "Authorization: Bearer b\r\n", bytes("2"));
      LeanHttp.Reply missing = http.post("/missing", "", bytes("3"));

      assertEquals(200, first.status());
      assertEquals("echo 健診 1", first.text());
      assertEquals("echo 2", second.text());
      assertEquals(404, missing.status());
    }
    assertTrue(received.contains("Bearer a 健診 1"));
    assertTrue(received.contains("Bearer b 2"));
  }

  @Test
  void aConditionalGetAnsweredWithANotModifiedWithoutBodyLeavesTheConnectionReadyForTheNext()
      throws Exception {
    try (LeanHttp http = new LeanHttp(base())) {
      LeanHttp.Reply first = http.get("/sync", "Accept: application/json\r\n");
      LeanHttp.Reply again = http.get("/sync", "If-None-Match: " + first.header("etag") + "\r\n");
      LeanHttp.Reply echo = http.post("/fhir", "", bytes("after"));

      assertEquals(200, first.status());
      assertEquals("\"Cursor-1\"", first.header("ETag"));
      assertEquals("{\"changes\": []}", first.text());
      assertEquals(304, again.status());
      assertEquals(0, again.body().length);
      assertEquals("\"Cursor-1\"", again.header("ETag"));
      assertEquals("echo after", echo.text());
    }
  }

  @Test
  void aConnectionTheServerClosedIsReopenedForTheNextRequest() throws Exception {
    try (LeanHttp http = new LeanHttp(base())) {
      assertEquals("echo 1", http.post("/fhir", "", bytes("1")).text());
      server.stop(0);
      aServerThatEchoesWithAndWithoutALengthOnPort(server.getAddress().getPort());
      assertEquals("echo 2", http.post("/fhir", "", bytes("2")).text());
    }
  }

  private void aServerThatEchoesWithAndWithoutALengthOnPort(int port) throws Exception {
    HttpServer old = server;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          byte[] reply =
              ("echo " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, reply.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
          }
        });
    server.start();
    old.stop(0);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
