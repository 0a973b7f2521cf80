package app.sukoyaka.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real service as a child process on a free loopback port, configured only through its
 * environment, the way an operator would run it.
 */
final class ServiceProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final int port;
  private final Path log;
  private boolean closed;

  private ServiceProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The {@code heap} that runs the service as the container image does: {@link #heapOptions}. */
  static final String POD = "pod";

  /**
   * The container image's environment that bounds the service's memory outside the JVM's options
   * (deploy/image/pom.xml): run in {@link #POD}, the service gets it too.
   */
  static final Map<String, String> IMAGE_MEMORY_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  /** Where the image's JVM options are kept, relative to the repository's root. */
  static final Path IMAGE_JVM_OPTIONS =
      Path.of("deploy/image/src/build/root/etc/sukoyaka/jvm.options");

  /**
   * {@code -Xmx} of the given size, or for {@link #POD} the image's own JVM options (collector,
   * heap share, bounds outside the heap) in a pod with a 640 MiB memory limit, as the Helm chart
   * sets it: what the memory goal is measured against.
   */
  static List<String> heapOptions(String heap) {
    if (!POD.equals(heap)) {
      return List.of("-Xmx" + heap);
    }
    // Run from the repository's root or from a module under it (the benchmarks' own tests).
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path options = dir.resolve(IMAGE_JVM_OPTIONS);
      if (Files.isRegularFile(options)) {
        return List.of("@" + options, "-XX:MaxRAM=640m");
      }
    }
    throw new IllegalStateException(
        "No "
            + IMAGE_JVM_OPTIONS
            + " above "
            + Path.of("").toAbsolutePath()
            + "; run from the repository");
  }

  static ServiceProcess start(
      Path jar, String heap, List<String> jvmOptions, String jdbcUrl, String user, Path workDir)
      throws IOException {
    return start(jar, heap, jvmOptions, jdbcUrl, user, workDir, Map.of());
  }

  /** The same, with more of the service's settings in its environment. */
  static ServiceProcess start(
      Path jar,
      String heap,
      List<String> jvmOptions,
      String jdbcUrl,
      String user,
      Path workDir,
      Map<String, String> settings)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("No service jar at " + jar.toAbsolutePath());
    }
    int port = freePort();
    Path log = workDir.resolve("service.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(heapOptions(heap));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    if (POD.equals(heap)) {
      env.putAll(IMAGE_MEMORY_ENVIRONMENT);
    }
    env.put("DATASOURCES_DEFAULT_URL", jdbcUrl);
    env.put("DATASOURCES_DEFAULT_USERNAME", user);
    env.put("DATASOURCES_DEFAULT_PASSWORD", "");
    env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
    env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
    env.put("SUKOYAKA_SECURITY_ISSUER", "http://localhost:" + port);
    env.put("SUKOYAKA_DEMO", "false");
    // Keeps the service from touching ~/.sukoyaka; it uses the datasource above, not this.
    env.put("SUKOYAKA_DATA_DIR", workDir.resolve("service-data").toString());
    // A benchmark measures the service's ceiling from one loopback address and one clinic: the
    // per-caller rate limits, which production keeps, would measure themselves instead.
    env.put("SUKOYAKA_SECURITY_RATE_LIMITS_ENABLED", "false");
    env.putAll(settings);
    return new ServiceProcess(builder.start(), port, log);
  }

  /** Waits until {@code GET /health} reports UP; fails early if the process exits. */
  void awaitHealthy(HttpClient http, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5)).GET().build();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "The service exited with status " + process.exitValue() + " while starting");
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() == 200 && isUp(response.body())) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "The service was not healthy within " + timeout.toSeconds() + " s; last: " + last);
  }

  private static boolean isUp(String body) {
    try {
      JsonNode health = JSON.readTree(body);
      return "UP".equals(health.path("status").asText());
    } catch (IOException e) {
      return false;
    }
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** The service's resident memory now and at its peak, from {@code /proc}. */
  Optional<ProcessMemory> memory() throws IOException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    if (!Files.isReadable(status)) {
      return Optional.empty();
    }
    return ProcessMemory.parse(Files.readAllLines(status, StandardCharsets.UTF_8));
  }

  /** The CPU time the service process has used so far, all its threads together. */
  Optional<Duration> cpuTime() {
    return process.toHandle().info().totalCpuDuration();
  }

  /** The last lines of the service's log, to show why it failed. */
  List<String> logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of("(log unreadable: " + e.getMessage() + ")");
    }
  }

  /**
   * The last line of the service's log that contains {@code marker}, from the marker on; empty if
   * none. The service writes some summaries only as it stops (after {@link #close}).
   */
  Optional<String> lastLogLine(String marker) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = all.size() - 1; i >= 0; i--) {
        int at = all.get(i).indexOf(marker);
        if (at >= 0) {
          return Optional.of(all.get(i).substring(at));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Asks the service to stop, then kills it if it has not within 10 s. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
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
}
