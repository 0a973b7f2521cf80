package app.sukoyaka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The service in a JVM of its own, started the way an operator starts it ({@code
 * app.sukoyaka.Application}), on the test's classpath and with its settings as system properties:
 * so that a test can kill it with SIGKILL ({@link #kill}) and start it again, as a crashed pod is.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ServiceProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts an instance configured like the shared test service (its database, keys and identity
   * providers) with {@code overrides}, and waits until it is ready.
   */
  public static ServiceProcess start(String name, Map<String, Object> overrides) {
    return startWith(name, TestService.instanceProperties(overrides));
  }

  /** Starts an instance with exactly these settings (plus its port), and waits until ready. */
  public static ServiceProcess startWith(String name, Map<String, Object> settings) {
    try {
      int port = freePort();
      Path dir = Path.of("target", "service-processes");
      Files.createDirectories(dir);
      Path log = dir.resolve(name + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx384m");
      command.add("-XX:+UseSerialGC");
      command.add("-XX:TieredStopAtLevel=1");
      Map<String, Object> properties = new TreeMap<>(settings);
      properties.put("micronaut.server.port", port);
      properties.put("micronaut.server.host", "127.0.0.1");
      properties.put("micronaut.environments", "test");
      properties.put("sukoyaka.data-dir", dir.resolve(name + "-data").toAbsolutePath());
      properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("app.sukoyaka.Application");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      ServiceProcess service = new ServiceProcess(name, process, port, log);
      // No instance outlives the test JVM, however that ends.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      try {
        service.awaitReady(Duration.ofSeconds(120));
      } catch (RuntimeException e) {
        service.kill();
        throw e;
      }
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " while starting: " + logTail(40));
      }
      try {
        HttpResponse<String> response = get("/health/readiness");
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      sleep(200);
    }
    throw new IllegalStateException(
        name + " not ready within " + timeout.toSeconds() + " s; last: " + last + logTail(40));
  }

  /** A GET without the contract check (probes and the like). */
  public HttpResponse<String> get(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  public URI uri(String path) {
    return base().resolve(path);
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no graceful stop, connections cut as by a crash. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the instance's log. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** The instance's whole log. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** A graceful stop (SIGTERM), killed after 20 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
