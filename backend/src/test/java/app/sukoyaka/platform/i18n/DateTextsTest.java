package app.sukoyaka.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DateTextsTest {
  private static final LocalDate LAST_DAY_OF_HEISEI = LocalDate.of(2019, 4, 30);
  private static final LocalDate FIRST_DAY_OF_REIWA = LocalDate.of(2019, 5, 1);

  @Test
  void theLastDayOfHeiseiIsHeisei31AndTheNextDayIsTheFirstYearOfReiwa() {
    assertThat(DateTexts.era(LAST_DAY_OF_HEISEI)).isEqualTo("平成31年4月30日");
    assertThat(DateTexts.era(FIRST_DAY_OF_REIWA)).isEqualTo("令和元年5月1日");
  }

  @Test
  void theFirstYearOfAnEraIsWrittenGannenUntilTheEndOfTheCalendarYear() {
    assertThat(DateTexts.era(LocalDate.of(2019, 12, 31))).isEqualTo("令和元年12月31日");
    assertThat(DateTexts.era(LocalDate.of(2020, 1, 1))).isEqualTo("令和2年1月1日");
    assertThat(DateTexts.era(LocalDate.of(1989, 1, 8))).isEqualTo("平成元年1月8日");
    assertThat(DateTexts.era(LocalDate.of(1989, 1, 7))).isEqualTo("昭和64年1月7日");
  }

  @Test
  void aChildBornOnTheFirstOfMay2025IsBornInReiwa7() {
    assertThat(DateTexts.era(LocalDate.of(2025, 5, 1))).isEqualTo("令和7年5月1日");
    assertThat(DateTexts.eraYear(LocalDate.of(2025, 5, 1))).isEqualTo("令和7年");
  }

  @Test
  void aJapaneseReaderSeesTheEraByDefaultAndTheGregorianYearWhenTheyChoseIt() {
    LocalDate day = LocalDate.of(2025, 5, 1);
    assertThat(DateTexts.format(day, Reader.of(Language.JA))).isEqualTo("令和7年5月1日");
    assertThat(DateTexts.format(day, Language.JA, CalendarSystem.GREGORIAN)).isEqualTo("2025年5月1日");
  }

  @Test
  void otherReadersSeeTheirOwnLongDateAndTheEraYearBesideItWhenTheyAskForTheJapaneseCalendar() {
    LocalDate day = LocalDate.of(2025, 5, 1);
    String english = DateTexts.format(day, Reader.of(Language.EN));
    assertThat(english).contains("2025").contains("May").doesNotContain("令和");
    assertThat(DateTexts.format(day, Language.VI, CalendarSystem.JAPANESE))
        .contains("2025")
        .endsWith("(令和7年)");
  }

  @Test
  void aDateBeforeTheJapaneseCalendarOfJavaTimeBeginsIsWrittenGregorian() {
    assertThat(DateTexts.format(LocalDate.of(1872, 12, 31), Reader.of(Language.JA)))
        .isEqualTo("1872年12月31日");
  }
}
