package app.sukoyaka.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tar Jib built is unpacked layer by layer into a directory, and its entrypoint is run
 * there as the image's user with chroot (in a mount namespace of its own with /proc, as a container
 * runtime gives it), against a PostgreSQL outside: the service must answer /health and serve its
 * metrics. So the image is known to run, not just to exist.
 */
class ImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TAR =
      Path.of(System.getProperty("image.tar", "target/sukoyaka-image.tar"));

  @TempDir static Path work;
  private static JsonNode config;
  private static Path root;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(TAR).exists();
    Path image = work.resolve("image");
    Files.createDirectories(image);
    run(List.of("tar", "-xf", TAR.toString(), "-C", image.toString()));
    JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
    config = JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile());
    root = work.resolve("root");
    Files.createDirectories(root);
    for (JsonNode layer : manifest.get("Layers")) {
      run(List.of("tar", "-xzf", image.resolve(layer.asText()).toString(), "-C", root.toString()));
    }
  }

  @Test
  void theImageRunsAsAnUnprivilegedUserWithItsOwnJavaRuntime() throws Exception {
    JsonNode container = config.get("config");
    assertThat(container.get("User").asText()).isEqualTo("65532:65532");
    assertThat(container.get("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
    assertThat(container.get("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(container.get("ExposedPorts").has("8081/tcp")).isTrue();
    assertThat(container.get("Labels").get("org.opencontainers.image.title").asText())
        .isEqualTo("Sukoyaka");
    assertThat(root.resolve("opt/java/bin/java")).isExecutable();
    assertThat(root.resolve("lib64/ld-linux-x86-64.so.2")).exists();
    assertThat(root.resolve("app/jib-classpath-file")).exists();
    assertThat(Files.readString(root.resolve("etc/passwd"))).contains(":65532:65532:");
    // The memory bounds the README promises come from the options file the entrypoint names.
    assertThat(container.get("Entrypoint").get(1).asText()).isEqualTo("@/etc/sukoyaka/jvm.options");
    assertThat(Files.readString(root.resolve("etc/sukoyaka/jvm.options")))
        .contains("-XX:MaxRAMPercentage=35", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=");
    // The native allocator's arenas are bounded too (glibc reads it from the environment).
    List<String> env = new ArrayList<>();
    container.get("Env").forEach(value -> env.add(value.asText()));
    assertThat(env).contains("MALLOC_ARENA_MAX=2");
    // No shell and no package manager: nothing to run in the container but the service.
    assertThat(root.resolve("bin/sh")).doesNotExist();
    // The layers: the runtime and the dependencies apart from the service's own classes.
    assertThat(config.get("rootfs").get("diff_ids").size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theEntrypointStartsTheServiceAgainstAnExternalDatabase() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "Running the image's entrypoint needs chroot, which needs root; only the layout is checked");
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).start()) {
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE sukoyaka");
      }
      int port = freePort();
      int management = freePort();
      Files.createDirectories(root.resolve("proc"));
      List<String> command = new ArrayList<>();
      command.addAll(List.of("unshare", "--mount", "--fork", "sh", "-c"));
      StringBuilder entrypoint = new StringBuilder();
      for (JsonNode arg : config.get("config").get("Entrypoint")) {
        entrypoint.append(" '").append(arg.asText()).append('\'');
      }
      command.add(
          "mount -t proc proc '"
              + root.resolve("proc")
              + "' && exec chroot --userspec=65532:65532 '"
              + root
              + "'"
              + entrypoint);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().clear();
      for (JsonNode env : config.get("config").get("Env")) {
        String[] pair = env.asText().split("=", 2);
        builder.environment().put(pair[0], pair[1]);
      }
      builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      builder
          .environment()
          .put(
              "DATASOURCES_DEFAULT_URL",
              "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/sukoyaka");
      builder.environment().put("DATASOURCES_DEFAULT_USERNAME", "postgres");
      builder.environment().put("DATASOURCES_DEFAULT_PASSWORD", "");
      builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
      builder.environment().put("SUKOYAKA_MANAGEMENT_PORT", String.valueOf(management));
      builder.redirectOutput(work.resolve("service.log").toFile());
      Process service = builder.start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        String health = waitForHealth(http, service, port);
        assertThat(health).contains("\"status\":\"UP\"").contains("PostgreSQL");
        HttpResponse<String> metrics =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        // The log is JSON, one object a line.
        String firstLine =
            Files.readAllLines(work.resolve("service.log"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("{"))
                .findFirst()
                .orElseThrow();
        assertThat(JSON.readTree(firstLine).has("level")).isTrue();
      } finally {
        service.destroy();
        if (!service.waitFor(30, TimeUnit.SECONDS)) {
          service.destroyForcibly();
        }
      }
    }
  }

  private static String waitForHealth(HttpClient http, Process service, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new AssertionError(
            "The image's service exited:\n" + Files.readString(work.resolve("service.log")));
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "No /health answer within 4 minutes:\n" + Files.readString(work.resolve("service.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
  }
}
