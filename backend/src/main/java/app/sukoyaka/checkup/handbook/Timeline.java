package app.sukoyaka.checkup.handbook;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Role;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A handbook's records of every kind, newest first, merged from every {@link TimelineSource}, in
 * pages that follow an opaque cursor: the position of the last record shown, so that records
 * arriving meanwhile neither repeat nor push others out of the next page.
 */
@Singleton
public class Timeline {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  private static final String CURSOR_VERSION = "t1";

  private final List<TimelineSource> sources;

  public Timeline(List<TimelineSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * @param next the cursor of the following page, or null on the last page
   */
  public record Page(List<TimelineEntry> entries, String next) {}

  /**
   * One page of a handbook's timeline after the cursor (from the newest when null), as {@code
   * reader} may see it.
   */
  public Page page(HandbookSubject subject, Role reader, String cursor, Integer limit) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw new ProblemException(
          ErrorCode.HANDBOOK_LIMIT_OUT_OF_RANGE,
          "limit must be between 1 and " + MAX_LIMIT + ".",
          List.of(new ProblemException.FieldError("limit", "between 1 and " + MAX_LIMIT)));
    }
    TimelinePosition after = cursor == null ? null : position(cursor);
    // One more than a page from each source: if the merge has more, there is a next page.
    List<TimelineEntry> merged = merge(List.of(subject), reader, after, size + 1);
    if (merged.size() <= size) {
      return new Page(merged, null);
    }
    List<TimelineEntry> shown = merged.subList(0, size);
    return new Page(List.copyOf(shown), cursor(shown.get(size - 1).position()));
  }

  /**
   * The newest records of each handbook, at most {@code perHandbook} each, as {@code reader} sees
   * them.
   */
  public Map<UUID, List<TimelineEntry>> latest(
      List<HandbookSubject> subjects, Role reader, int perHandbook) {
    Map<UUID, List<TimelineEntry>> result = new LinkedHashMap<>();
    subjects.forEach(s -> result.put(s.id(), new ArrayList<>()));
    for (TimelineEntry entry : merge(subjects, reader, null, perHandbook)) {
      List<TimelineEntry> of = result.get(entry.subjectId());
      if (of.size() < perHandbook) {
        of.add(entry);
      }
    }
    return result;
  }

  private List<TimelineEntry> merge(
      List<HandbookSubject> subjects, Role reader, TimelinePosition after, int limit) {
    List<TimelineEntry> merged = new ArrayList<>();
    for (TimelineSource source : sources) {
      merged.addAll(source.entries(subjects, reader, after, limit));
    }
    merged.sort(Comparator.comparing(TimelineEntry::position, TimelinePosition.NEWEST_FIRST));
    return merged;
  }

  /** The opaque cursor of a position. */
  static String cursor(TimelinePosition position) {
    String plain = CURSOR_VERSION + "|" + position.date() + "|" + position.key();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The position a cursor names; a cursor this service did not make is refused. */
  static TimelinePosition position(String cursor) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = plain.split("\\|", 3);
      if (parts.length != 3 || !parts[0].equals(CURSOR_VERSION) || parts[2].isEmpty()) {
        throw invalidCursor();
      }
      for (char c : parts[2].toCharArray()) {
        if (c < 0x21 || c > 0x7e) {
          throw invalidCursor();
        }
      }
      return new TimelinePosition(LocalDate.parse(parts[1]), parts[2]);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw invalidCursor();
    }
  }

  private static ProblemException invalidCursor() {
    return new ProblemException(
        ErrorCode.HANDBOOK_CURSOR_INVALID,
        "cursor is not one this timeline gave; start again without it.",
        List.of(new ProblemException.FieldError("cursor", "not a cursor of this timeline")));
  }
}
