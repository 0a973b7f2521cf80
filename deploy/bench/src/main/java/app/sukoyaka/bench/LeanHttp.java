package app.sukoyaka.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection that sends prepared requests and reads the reply, for the load
 * generator. The JDK's {@code HttpClient} spent about a millisecond of CPU per exchange here, on
 * the same two cores the service under test needs; like wrk or h2load, the generator should cost as
 * little as it can so the figure is the service's.
 */
final class LeanHttp implements AutoCloseable {
  /**
   * The status, headers and body of one exchange.
   *
   * @param headers each header's last value, by its name in lower case
   */
  record Reply(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The header's value, or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private static final byte[] NO_BODY = new byte[0];

  private final URI base;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  LeanHttp(URI base) {
    this.base = base;
  }

  /** POSTs {@code body} to {@code path}; {@code head} holds the extra header lines, CRLF-ended. */
  Reply post(String path, String head, byte[] body) throws IOException {
    return send("POST", path, head, body);
  }

  /** GETs {@code path}; {@code head} holds the extra header lines, CRLF-ended. */
  Reply get(String path, String head) throws IOException {
    return send("GET", path, head, null);
  }

  private Reply send(String method, String path, String head, byte[] body) throws IOException {
    byte[] request =
        (method
                + " "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + ":"
                + base.getPort()
                + "\r\n"
                + head
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n")
                + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] content = body == null ? NO_BODY : body;
    boolean reused = socket != null;
    try {
      return exchange(request, content);
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      // The server closed an idle connection: one retry on a fresh one.
      return exchange(request, content);
    }
  }

  private Reply exchange(byte[] request, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      socket.setSoTimeout(60_000);
      in = new BufferedInputStream(socket.getInputStream(), 16_384);
      out = socket.getOutputStream();
    }
    out.write(request);
    out.write(body);
    out.flush();
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    int length = -1;
    boolean chunked = false;
    boolean close = false;
    Map<String, String> headers = new HashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.put(lower.substring(0, colon).strip(), header.substring(colon + 1).strip());
      }
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    byte[] reply;
    if (code == 304 || code == 204 || code < 200) {
      // These never carry a body, whatever the headers say (RFC 9112, 6.3).
      reply = NO_BODY;
    } else if (chunked) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
          size > 0;
          size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        all.write(in.readNBytes(size));
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
      reply = all.toByteArray();
    } else if (length >= 0) {
      reply = in.readNBytes(length);
      if (reply.length < length) {
        throw new EOFException("reply ended early");
      }
    } else {
      reply = in.readAllBytes();
      close = true;
    }
    if (close) {
      close();
    }
    return new Reply(code, Map.copyOf(headers), reply);
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to do
      }
      socket = null;
    }
  }
}
