package app.sukoyaka.municipality.dashboard;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The files the dashboard's pages load, all from the service's own jar: htmx and Chart.js as
 * vendored from WebJars at build time (no CDN at run time), and the dashboard's own script and
 * style. Each is read once; its digest is the ETag and, in the pages' URLs, the cache buster.
 */
@Singleton
class Assets {
  /** A file served: bytes, type, digest. */
  record Asset(byte[] bytes, String contentType, String digest) {}

  private final Map<String, Asset> files = new LinkedHashMap<>();

  Assets() {
    String htmx = webjarVersion("htmx.org");
    String chart = webjarVersion("chart.js");
    add(
        "htmx.min.js",
        "META-INF/resources/webjars/htmx.org/" + htmx + "/dist/htmx.min.js",
        "text/javascript; charset=utf-8");
    add(
        "chart.umd.min.js",
        "META-INF/resources/webjars/chart.js/" + chart + "/dist/chart.umd.min.js",
        "text/javascript; charset=utf-8");
    add(
        "dashboard.js",
        "app/sukoyaka/municipality/dashboard/assets/dashboard.js",
        "text/javascript; charset=utf-8");
    add(
        "dashboard.css",
        "app/sukoyaka/municipality/dashboard/assets/dashboard.css",
        "text/css; charset=utf-8");
  }

  private static String webjarVersion(String artifact) {
    String resource = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The " + artifact + " WebJar is missing from the build");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void add(String name, String resource, String contentType) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + resource);
      }
      byte[] bytes = in.readAllBytes();
      String digest =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
              .substring(0, 16);
      files.put(name, new Asset(bytes, contentType, digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Optional<Asset> get(String name) {
    return Optional.ofNullable(files.get(name));
  }

  /** Each file's digest, for the pages' URLs ({@code /dashboard/assets/htmx.min.js?v=…}). */
  Map<String, String> versions() {
    Map<String, String> versions = new LinkedHashMap<>();
    files.forEach((name, asset) -> versions.put(name.replaceAll("[^a-z]", ""), asset.digest()));
    return versions;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
