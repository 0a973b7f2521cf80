package app.sukoyaka.checkup.handbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The timeline's merge of its sources and its cursor, without a database. */
class TimelineTest {
  private static final UUID CHILD = UUID.randomUUID();

  private static TimelineEntry entry(LocalDate date, String key) {
    return new TimelineEntry(
        "child",
        CHILD,
        "checkup",
        null,
        date,
        key,
        new HandbookTexts.Text("t", "t"),
        null,
        "clinic",
        null,
        "/x/" + key);
  }

  /** A source over a fixed list, answering as the interface asks: after the position, a limit. */
  private static TimelineSource source(List<TimelineEntry> entries) {
    return (subjects, reader, after, limit) -> {
      List<TimelineEntry> sorted = new ArrayList<>(entries);
      sorted.sort(
          java.util.Comparator.comparing(TimelineEntry::position, TimelinePosition.NEWEST_FIRST));
      return sorted.stream()
          .filter(e -> after == null || after.isBefore(e.position()))
          .limit(limit)
          .toList();
    };
  }

  @Test
  void pagesOfTwoSourcesMergeNewestFirstAndFollowTheCursorToTheEnd() {
    LocalDate day = LocalDate.of(2026, 4, 1);
    Timeline timeline =
        new Timeline(
            List.of(
                source(
                    List.of(
                        entry(day, "checkup:b"),
                        entry(day.minusDays(2), "checkup:a"),
                        entry(day.minusDays(9), "checkup:c"))),
                source(
                    List.of(
                        entry(day, "immunization:a"), entry(day.minusDays(2), "immunization:z")))));
    HandbookSubject subject =
        HandbookSubject.of(
            new app.sukoyaka.family.Child(
                CHILD, UUID.randomUUID(), "131059", null, null, day, "female", java.util.Set.of()));

    List<String> keys = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Timeline.Page page = timeline.page(subject, app.sukoyaka.security.Role.GUARDIAN, cursor, 2);
      page.entries().forEach(e -> keys.add(e.key()));
      cursor = page.next();
      pages++;
    } while (cursor != null);

    assertThat(keys)
        .containsExactly("immunization:a", "checkup:b", "immunization:z", "checkup:a", "checkup:c");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void aCursorNamesItsPositionAndNothingElseIsAccepted() {
    TimelinePosition position = new TimelinePosition(LocalDate.of(2026, 1, 31), "checkup:abc");

    assertThat(Timeline.position(Timeline.cursor(position))).isEqualTo(position);
    for (String forged :
        List.of(
            "%%%",
            encode("t1|2026-02-30|checkup:x"),
            encode("t0|2026-01-31|checkup:x"),
            encode("t1|2026-01-31|"),
            encode("t1|2026-01-31|has space"))) {
      assertThatThrownBy(() -> Timeline.position(forged))
          .as(forged)
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.HANDBOOK_CURSOR_INVALID));
    }
  }

  private static String encode(String plain) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }
}
