package app.sukoyaka.municipality.figures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The ages of the infant and child checkups, read from the same data file the notices' audience
 * criterion reads ({@code notice/checkup-ages.json}), so that "of age for a checkup" means one
 * thing in the whole service.
 */
public final class CheckupWindows {
  static final String RESOURCE = "app/sukoyaka/notice/checkup-ages.json";

  /** A checkup kind and the age from which a child is of age for it. */
  public record Window(String kind, int fromMonths, int fromDays) {
    /** The first day a child born on {@code birth} is of age (a month's last day when needed). */
    public LocalDate reached(LocalDate birth) {
      return birth.plusMonths(fromMonths).plusDays(fromDays);
    }
  }

  private final String version;
  private final List<Window> windows;

  private CheckupWindows(String version, List<Window> windows) {
    this.version = version;
    this.windows = List.copyOf(windows);
  }

  public static CheckupWindows load() {
    try (InputStream in = CheckupWindows.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      if (!"sukoyaka-checkup-ages/1".equals(root.path("format").asText())) {
        throw new IllegalStateException(RESOURCE + ": unknown format");
      }
      List<Window> windows = new ArrayList<>();
      for (JsonNode kind : root.path("kinds")) {
        windows.add(
            new Window(
                kind.path("kind").asText(),
                kind.path("from").path("months").asInt(),
                kind.path("from").path("days").asInt()));
      }
      return new CheckupWindows(root.path("version").asText(), windows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  public String version() {
    return version;
  }

  /** The kinds in the file's order. */
  public List<Window> windows() {
    return windows;
  }
}
