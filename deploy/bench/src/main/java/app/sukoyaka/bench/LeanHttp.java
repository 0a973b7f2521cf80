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
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that posts prepared bytes and reads the reply, for the load
 * generator. The JDK's {@code HttpClient} spent about a millisecond of CPU per exchange here, on
 * the same two cores the service under test needs; like wrk or h2load, the generator should cost as
 * little as it can so the figure is the service's.
 */
final class LeanHttp implements AutoCloseable {
  /** The status and body of one exchange. */
  record Reply(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final URI base;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  LeanHttp(URI base) {
    this.base = base;
  }

  /** POSTs {@code body} to {@code path}; {@code head} holds the extra header lines, CRLF-ended. */
  Reply post(String path, String head, byte[] body) throws IOException {
    byte[] request =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + ":"
                + base.getPort()
                + "\r\n"
                + head
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    boolean reused = socket != null;
    try {
      return exchange(request, body);
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      // The server closed an idle connection: one retry on a fresh one.
      return exchange(request, body);
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
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    byte[] reply;
    if (chunked) {
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
    return new Reply(code, reply);
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
