package app.sukoyaka.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The service's own time per request, from its HTTP access log (Micronaut's Netty access logger,
 * switched on through the environment with the format {@link #FORMAT}): the time from the request's
 * headers to the last byte of the response handed to the socket, as the service measured it, in
 * whole milliseconds (the logger's resolution: a logged 3 is 3.0 to 3.99 ms). Unlike the client's
 * latency it leaves out the loopback and the client, but not the time a request waited for a core.
 */
final class AccessLogTimes {
  /** Method, path, status, bytes sent, elapsed milliseconds. */
  static final String FORMAT = "%m %U %s %b %D";

  static final String LOGGER = "HTTP_ACCESS_LOGGER";

  private static final String MARK = LOGGER + " - ";

  /** One logged request. */
  record Line(String method, String path, int status, long bytes, long millis) {}

  private AccessLogTimes() {}

  /** The request a log line records, or empty for any other line. */
  static Optional<Line> parse(String logLine) {
    int at = logLine.indexOf(MARK);
    if (at < 0) {
      return Optional.empty();
    }
    String[] parts = logLine.substring(at + MARK.length()).strip().split(" ");
    if (parts.length != 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Line(
              parts[0],
              parts[1],
              Integer.parseInt(parts[2]),
              parts[3].equals("-") ? 0 : Long.parseLong(parts[3]),
              Long.parseLong(parts[4])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The log's size now: where the lines of what comes next begin. */
  static long end(Path log) throws IOException {
    return Files.size(log);
  }

  /** The requests logged between two offsets of the log, for that path and status. */
  static List<Line> between(Path log, long from, long to, String path, int status)
      throws IOException {
    byte[] bytes;
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      bytes = new byte[(int) (to - from)];
      file.seek(from);
      file.readFully(bytes);
    }
    List<Line> lines = new ArrayList<>();
    for (String text : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      parse(text)
          .filter(l -> l.path().startsWith(path) && l.status() == status)
          .ifPresent(lines::add);
    }
    return lines;
  }

  static long[] millis(List<Line> lines) {
    return lines.stream().mapToLong(Line::millis).toArray();
  }
}
