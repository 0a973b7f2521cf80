package app.sukoyaka.phr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessHistoryBodiesTest {
  private static final UUID CHILD = UUID.fromString("00000000-0000-0000-0000-00000000000c");
  private final AccessHistoryWords words = AccessHistoryWords.load();

  private static AccessHistory.Row row(String role, String actor, boolean you) {
    return new AccessHistory.Row(
        7,
        Instant.parse("2026-11-20T01:02:03Z"),
        role,
        actor,
        you,
        "clinic".equals(role) ? "すこやか小児科" : null,
        "テスト市",
        "guardian".equals(role) ? "鈴木 健太" : null,
        "child",
        CHILD,
        "鈴木 蓮",
        "submit-immunization",
        "clinic-report",
        "allowed");
  }

  @Test
  void aClinicIsNamedByItsNameNotItsClientId() {
    AccessHistoryBodies.Entry entry =
        AccessHistoryBodies.entry(row("clinic", "clinic-1300000001", false), words);

    assertThat(entry.who()).isEqualTo(new AccessHistoryBodies.Who("clinic", "すこやか小児科"));
    assertThat(entry.what().record()).isEqualTo("vaccination");
    assertThat(entry.what().text().ja()).isEqualTo("予防接種の記録を送った");
    assertThat(entry.what().subject().name()).isEqualTo("鈴木 蓮");
    assertThat(entry.why().text().en()).isEqualTo("the clinic reporting a checkup or vaccination");
  }

  @Test
  void theGuardianThemselfIsYouAndTheOtherGuardianIsNamed() {
    assertThat(AccessHistoryBodies.who(row("guardian", "g-1", true)).kind()).isEqualTo("you");
    assertThat(AccessHistoryBodies.who(row("guardian", "g-2", false)))
        .isEqualTo(new AccessHistoryBodies.Who("other-guardian", "鈴木 健太"));
  }

  @Test
  void anUnnamedResidentIsAResidentNotTheirLoginId() {
    assertThat(AccessHistoryBodies.who(row("resident", "resident-7f3a", false)))
        .isEqualTo(new AccessHistoryBodies.Who("resident", "住民 / resident"));
  }

  @Test
  void staffAreTheirMunicipalityAndAnythingElseIsAnAppByItsId() {
    assertThat(AccessHistoryBodies.who(row("staff", "staff-1", false)))
        .isEqualTo(new AccessHistoryBodies.Who("municipality", "テスト市"));
    assertThat(AccessHistoryBodies.who(row("app", "demo-phr-app", false)))
        .isEqualTo(new AccessHistoryBodies.Who("app", "demo-phr-app"));
  }

  @Test
  void anActionWithoutWordsIsShownAsItsCode() {
    AccessHistory.Row unknown =
        new AccessHistory.Row(
            1,
            Instant.EPOCH,
            "staff",
            "s",
            false,
            null,
            "テスト市",
            null,
            "child",
            CHILD,
            "蓮",
            "something-new",
            "something-else",
            "denied");

    AccessHistoryBodies.Entry entry = AccessHistoryBodies.entry(unknown, words);

    assertThat(entry.what().text().ja()).isEqualTo("something-new");
    assertThat(entry.what().record()).isEqualTo("other");
    assertThat(entry.why().text().en()).isEqualTo("something-else");
    assertThat(entry.outcome()).isEqualTo("denied");
  }

  @Test
  void aCsvRowHasOneCellPerColumn() {
    AccessHistoryBodies.Entry entry =
        AccessHistoryBodies.entry(row("clinic", "clinic-1", false), words);

    assertThat(AccessHistoryBodies.csvRow(entry))
        .hasSameSizeAs(AccessHistoryBodies.CSV_COLUMNS)
        .startsWith("2026-11-20T01:02:03Z", "clinic", "すこやか小児科", "submit-immunization");
  }
}
