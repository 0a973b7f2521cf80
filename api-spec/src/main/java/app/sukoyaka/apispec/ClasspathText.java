package app.sukoyaka.apispec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the contract files bundled in this jar. */
final class ClasspathText {

  private ClasspathText() {}

  static String read(String resource) {
    // This class's own loader: the files live in the same jar, whatever the caller's loader.
    try (InputStream in = ClasspathText.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath resource " + resource, e);
    }
  }
}
