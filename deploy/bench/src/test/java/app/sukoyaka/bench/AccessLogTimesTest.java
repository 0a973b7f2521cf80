package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTimesTest {
  private static final String PREFIX =
      "2026-11-21T17:02:11.482Z INFO  [default-nioEventLoopGroup-1-3] HTTP_ACCESS_LOGGER - ";

  @Test
  void aLineOfTheServicesAccessLogGivesItsRequestAndTheMillisecondsItTook() {
    assertThat(AccessLogTimes.parse(PREFIX + "GET /api/v1/me/sync 304 - 3"))
        .contains(new AccessLogTimes.Line("GET", "/api/v1/me/sync", 304, 0, 3));
    assertThat(AccessLogTimes.parse(PREFIX + "GET /api/v1/me/sync 200 30452 97"))
        .contains(new AccessLogTimes.Line("GET", "/api/v1/me/sync", 200, 30452, 97));
  }

  @Test
  void otherLinesOfTheLogAreNotRequests() {
    assertThat(AccessLogTimes.parse("2026-11-21 INFO [main] app.sukoyaka.Application - Started"))
        .isEmpty();
    assertThat(AccessLogTimes.parse(PREFIX + "GET /api/v1/me/sync 200 thirty 97")).isEmpty();
    assertThat(AccessLogTimes.parse(PREFIX + "GET /api/v1/me/sync")).isEmpty();
  }

  @Test
  void onlyTheRequestsLoggedBetweenTwoOffsetsWithThePathAndStatusAreCounted(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("service.log");
    Files.writeString(log, PREFIX + "GET /api/v1/me/sync 200 100 50\n", StandardCharsets.UTF_8);
    long from = AccessLogTimes.end(log);
    Files.writeString(
        log,
        PREFIX
            + "GET /api/v1/me/sync 304 - 2\n"
            + "2026-11-21 WARN [main] something else\n"
            + PREFIX
            + "POST /fhir 200 900 30\n"
            + PREFIX
            + "GET /api/v1/me/sync 304 - 4\n"
            + PREFIX
            + "GET /api/v1/me/sync 200 200 9\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    List<AccessLogTimes.Line> lines =
        AccessLogTimes.between(log, from, AccessLogTimes.end(log), "/api/v1/me/sync", 304);

    assertThat(AccessLogTimes.millis(lines)).containsExactly(2, 4);
  }
}
