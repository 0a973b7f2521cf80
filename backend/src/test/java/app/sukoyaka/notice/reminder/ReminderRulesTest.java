package app.sukoyaka.notice.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.profiles.CheckupItemCatalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The reminder rules file: complete, in both languages, sourced, and true to the standards. */
class ReminderRulesTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
  private final ReminderRules rules = ReminderRules.load();

  private static ObjectNode file() throws Exception {
    try (InputStream in = ReminderRules.class.getResourceAsStream(ReminderRules.RESOURCE)) {
      return (ObjectNode) new ObjectMapper().readTree(in);
    }
  }

  @Test
  void everyKindTheServicePlansIsDescribedAndInForceToday() {
    assertThat(rules.kindCodes()).containsExactlyElementsOf(ReminderRules.KINDS);
    for (String code : ReminderRules.KINDS) {
      assertThat(rules.kind(code, TODAY)).as(code).isPresent();
    }
  }

  @Test
  void everyKindHasItsLabelDescriptionPushTextAndAboutInJapaneseAndEnglish() {
    assertThat(rules.languages()).containsExactly("ja", "en");
    for (ReminderRules.Kind kind : rules.entries()) {
      for (ReminderRules.Text text :
          List.of(
              kind.label(), kind.description(), kind.pushTitle(), kind.pushBody(), kind.about())) {
        assertThat(text.ja()).as(kind.code()).isNotBlank();
        assertThat(text.en()).as(kind.code()).isNotBlank();
      }
    }
  }

  @Test
  void pushTextsAreGenericAndNameNoVaccineChildOrResult() {
    RoutineSchedule schedule = RoutineSchedule.load();
    List<String> names = new ArrayList<>();
    for (String vaccine : schedule.vaccineIds()) {
      names.add(vaccine);
      names.add(schedule.vaccineName(vaccine).ja());
      names.add(schedule.vaccineName(vaccine).en());
    }
    // Results and judgements must not show on a locked screen either.
    names.addAll(List.of("要精密", "精密", "異常", "detailed", "abnormal", "referr"));
    for (ReminderRules.Kind kind : rules.entries()) {
      for (String text :
          List.of(
              kind.pushTitle().ja(),
              kind.pushTitle().en(),
              kind.pushBody().ja(),
              kind.pushBody().en())) {
        assertThat(text).as(kind.code()).doesNotContain("{");
        for (String name : names) {
          assertThat(text).as(kind.code() + " names " + name).doesNotContainIgnoringCase(name);
        }
      }
    }
  }

  @Test
  void everyKindNamesSourcesTheFileDescribes() {
    for (ReminderRules.Kind kind : rules.entries()) {
      assertThat(kind.sources()).as(kind.code()).isNotEmpty();
      assertThat(rules.sources().keySet()).containsAll(kind.sources());
    }
    assertThat(rules.sources().get("kokuji-226").title()).contains("告示第226号");
  }

  @Test
  void theFourteenStandardVisitsFollowTheNoticesWeeks() {
    List<ReminderRules.Visit> visits = rules.latest(ReminderRules.PRENATAL_CHECKUP).visits();
    List<ReminderRules.Visit> standard = visits.subList(0, 14);
    // About every 4 weeks to week 23: the first visit by week 11, then weeks 12, 16 and 20.
    assertThat(standard.subList(0, 4))
        .extracting(ReminderRules.Visit::fromWeek)
        .containsExactly(8, 12, 16, 20);
    assertThat(standard.get(0).toWeek()).isEqualTo(11);
    assertThat(standard.get(3).toWeek()).isEqualTo(23);
    // Every 2 weeks from 24 to 35: six visits.
    assertThat(standard.subList(4, 10))
        .allSatisfy(v -> assertThat(v.toWeek() - v.fromWeek()).isEqualTo(1))
        .extracting(ReminderRules.Visit::fromWeek)
        .containsExactly(24, 26, 28, 30, 32, 34);
    // Weekly from 36: four visits to week 39, 14 in all for a delivery at 40 weeks.
    assertThat(standard.subList(10, 14))
        .allSatisfy(v -> assertThat(v.toWeek()).isEqualTo(v.fromWeek()))
        .extracting(ReminderRules.Visit::fromWeek)
        .containsExactly(36, 37, 38, 39);
    assertThat(standard.get(13).number()).isEqualTo(14);
    // And weekly to delivery after that.
    assertThat(visits.subList(14, visits.size()))
        .extracting(ReminderRules.Visit::fromWeek)
        .containsExactly(40, 41);
    // Together the windows cover every week from 8 to 41 without a gap.
    for (int i = 1; i < visits.size(); i++) {
      assertThat(visits.get(i).fromWeek()).isEqualTo(visits.get(i - 1).toWeek() + 1);
    }
  }

  @Test
  void theInfantCheckupsAreTheHandbooksAndTheDefaultLeavesOutTheSixToSevenMonthCheckup() {
    ReminderRules.Kind kind = rules.latest(ReminderRules.INFANT_CHECKUP);
    assertThat(kind.checkups())
        .extracting(ReminderRules.InfantCheckup::checkupKind)
        .containsExactly(
            "infant-1-month",
            "infant-3-4-months",
            "infant-6-7-months",
            "infant-9-10-months",
            "child-18-months",
            "child-3-years");
    // 母子保健法 第12条: from 1 year 6 months to 2 years, from 3 years to 4 years.
    assertThat(kind.checkups().get(4))
        .isEqualTo(new ReminderRules.InfantCheckup("child-18-months", 18, 24));
    assertThat(kind.checkups().get(5))
        .isEqualTo(new ReminderRules.InfantCheckup("child-3-years", 36, 48));
    assertThat(kind.defaultCheckups())
        .containsExactly(
            "infant-1-month",
            "infant-3-4-months",
            "infant-9-10-months",
            "child-18-months",
            "child-3-years");
  }

  @Test
  void theRulesFitTheCheckupCatalog() {
    assertThat(ReminderRulesFactory.problems(rules, CheckupItemCatalog.load())).isEmpty();
  }

  @Test
  void aRuleNamingACheckupTheCatalogLacksIsFound() throws Exception {
    ObjectNode root = file();
    for (var kind : root.withArray("kinds")) {
      if (kind.path("kind").asText().equals(ReminderRules.INFANT_CHECKUP)) {
        ((ObjectNode) kind.withArray("checkups").get(0)).put("checkupKind", "infant-2-weeks");
        ((ArrayNode) kind.withArray("defaultCheckups")).removeAll().add("infant-2-weeks");
      }
    }
    ReminderRules changed = ReminderRules.parse(root);

    assertThat(ReminderRulesFactory.problems(changed, CheckupItemCatalog.load()))
        .singleElement()
        .asString()
        .contains("infant-2-weeks");
  }

  @Test
  void aFileWithoutAKindOrWithoutEnglishTextIsRefused() throws Exception {
    ObjectNode missingKind = file();
    ArrayNode kinds = missingKind.withArray("kinds");
    kinds.remove(kinds.size() - 1);
    assertThatThrownBy(() -> ReminderRules.parse(missingKind))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkup-follow-up is missing");

    ObjectNode noEnglish = file();
    ((ObjectNode) noEnglish.withArray("kinds").get(0).path("push").path("title")).remove("en");
    assertThatThrownBy(() -> ReminderRules.parse(noEnglish))
        .hasMessageContaining("vaccine-due push.title needs Japanese and English text");
  }

  @Test
  void aVisitScheduleWithAnOverlapOrOutOfOrderIsRefused() throws Exception {
    ObjectNode root = file();
    for (var kind : root.withArray("kinds")) {
      if (kind.path("kind").asText().equals(ReminderRules.PRENATAL_CHECKUP)) {
        ((ObjectNode) kind.withArray("visits").get(4)).put("fromWeek", 23);
      }
    }
    assertThatThrownBy(() -> ReminderRules.parse(root))
        .hasMessageContaining("visit 5 overlaps the visit before it");
  }

  @Test
  void doseLabelsOfTheScheduleReadAsWords() {
    assertThat(rules.doseName("2").ja()).isEqualTo("2回目");
    assertThat(rules.doseName("4").en()).isEqualTo("booster");
    assertThat(rules.doseName("1期初回2").ja()).isEqualTo("1期初回 2回目");
    Set<String> labels =
        new TreeSet<>(List.of("1", "2", "3", "4", "1期", "2期", "1期初回1", "1期初回2", "1期追加"));
    for (String label : labels) {
      assertThat(rules.doseName(label)).isNotEqualTo(new ReminderRules.Text(label, label));
    }
  }
}
