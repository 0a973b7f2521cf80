package app.sukoyaka.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The service's schema on a benchmark database: the backend's Flyway migrations ({@code
 * db/migration/V*.sql}, plain SQL without placeholders) run in version order, as Flyway runs them
 * at the service's start, without Flyway's own history table.
 */
final class SchemaMigrations {
  private static final Pattern NAME = Pattern.compile("V(\\d+)__[^/]+\\.sql");
  private static final String FOLDER = "db/migration/";

  private SchemaMigrations() {}

  /** The migrations found beside the given class of the backend (its jar or its classes). */
  static List<String> names(Class<?> backendClass) throws IOException {
    Path location;
    try {
      location = Path.of(backendClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve(FOLDER))) {
        files.map(f -> FOLDER + f.getFileName()).forEach(names::add);
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          String name = entries.nextElement().getName();
          if (name.startsWith(FOLDER)) {
            names.add(name);
          }
        }
      }
    }
    List<String> migrations = new ArrayList<>();
    for (String name : names) {
      if (NAME.matcher(name.substring(FOLDER.length())).matches()) {
        migrations.add(name);
      }
    }
    migrations.sort(Comparator.comparingInt(SchemaMigrations::version));
    if (migrations.isEmpty()) {
      throw new IOException("No migrations under " + FOLDER + " in " + location);
    }
    return migrations;
  }

  static void apply(Connection connection, List<String> migrations)
      throws IOException, SQLException {
    for (String migration : migrations) {
      String sql;
      try (InputStream in =
          SchemaMigrations.class.getClassLoader().getResourceAsStream(migration)) {
        if (in == null) {
          throw new IOException(migration + " is not on the class path");
        }
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }

  private static int version(String name) {
    Matcher matcher = NAME.matcher(name.substring(FOLDER.length()));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(name);
    }
    return Integer.parseInt(matcher.group(1));
  }
}
