package app.sukoyaka.notice.push;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Firebase SDK's HTTP transport when pushes go to an FCM-compatible endpoint instead of FCM:
 * the SDK's own requests ({@code POST https://fcm.googleapis.com/v1/projects/…/messages:send}) are
 * sent to the same path on the endpoint. The SDK's FCM host is fixed; its transport is not.
 */
final class EndpointTransport extends HttpTransport {
  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final URI endpoint;
  private final HttpClient client;

  EndpointTransport(URI endpoint, Duration connectTimeout) {
    this.endpoint = endpoint;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The URL on the endpoint that stands for {@code url} at FCM. */
  URI rewrite(String url) {
    URI original = URI.create(url);
    String path = original.getRawPath() == null ? "/" : original.getRawPath();
    String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String query = original.getRawQuery() == null ? "" : "?" + original.getRawQuery();
    return URI.create(
        endpoint.getScheme() + "://" + endpoint.getRawAuthority() + base + path + query);
  }

  @Override
  protected LowLevelHttpRequest buildRequest(String method, String url) {
    return new Request(method, rewrite(url));
  }

  @Override
  public void shutdown() {
    // The JDK client closes its connections when it is garbage; nothing to release here.
  }

  private final class Request extends LowLevelHttpRequest {
    private final String method;
    private final URI target;
    private final List<String[]> headers = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(20);

    Request(String method, URI target) {
      this.method = method;
      this.target = target;
    }

    @Override
    public void addHeader(String name, String value) {
      if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        headers.add(new String[] {name, value});
      }
    }

    @Override
    public void setTimeout(int connectTimeout, int readTimeout) {
      if (readTimeout > 0) {
        timeout = Duration.ofMillis(readTimeout);
      }
    }

    @Override
    public LowLevelHttpResponse execute() throws IOException {
      HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout);
      headers.forEach(h -> builder.header(h[0], h[1]));
      HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
      if (getStreamingContent() != null) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        getStreamingContent().writeTo(out);
        body = HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
        if (getContentType() != null) {
          builder.setHeader("Content-Type", getContentType());
        }
        if (getContentEncoding() != null) {
          builder.setHeader("Content-Encoding", getContentEncoding());
        }
      }
      builder.method(method, body);
      try {
        return new Response(client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while sending to " + target, e);
      }
    }
  }

  private static final class Response extends LowLevelHttpResponse {
    private final HttpResponse<byte[]> response;
    private final List<String[]> headers = new ArrayList<>();

    Response(HttpResponse<byte[]> response) {
      this.response = response;
      for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
        for (String value : header.getValue()) {
          headers.add(new String[] {header.getKey(), value});
        }
      }
    }

    @Override
    public InputStream getContent() {
      return new ByteArrayInputStream(response.body());
    }

    @Override
    public String getContentEncoding() {
      return response.headers().firstValue("Content-Encoding").orElse(null);
    }

    @Override
    public long getContentLength() {
      return response.body().length;
    }

    @Override
    public String getContentType() {
      return response.headers().firstValue("Content-Type").orElse(null);
    }

    @Override
    public String getStatusLine() {
      return "HTTP/1.1 " + response.statusCode();
    }

    @Override
    public int getStatusCode() {
      return response.statusCode();
    }

    @Override
    public String getReasonPhrase() {
      return "";
    }

    @Override
    public int getHeaderCount() {
      return headers.size();
    }

    @Override
    public String getHeaderName(int index) {
      return headers.get(index)[0];
    }

    @Override
    public String getHeaderValue(int index) {
      return headers.get(index)[1];
    }
  }
}
