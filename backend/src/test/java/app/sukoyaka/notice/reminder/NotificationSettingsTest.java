package app.sukoyaka.notice.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.notice.push.QuietHours;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a guardian may send as notification settings, checked before anything is stored. */
class NotificationSettingsTest {
  private final NotificationSettings settings =
      new NotificationSettings(null, ReminderRules.load());

  private static ProblemException problem(Runnable check) {
    try {
      check.run();
    } catch (ProblemException e) {
      return e;
    }
    throw new AssertionError("no problem reported");
  }

  @Test
  void englishWithQuietHoursOverMidnightAndAKindSwitchedOffIsTaken() {
    NotificationSettings.Settings checked =
        settings.check("en", "22:30", "06:45", true, List.of("vaccine-overdue", "vaccine-overdue"));

    assertThat(checked.language()).isEqualTo("en");
    assertThat(checked.quietHours())
        .isEqualTo(new QuietHours(LocalTime.of(22, 30), LocalTime.of(6, 45)));
    assertThat(checked.remindersOff()).containsExactly("vaccine-overdue");
  }

  @Test
  void equalStartAndEndMeanNoQuietHours() {
    NotificationSettings.Settings checked = settings.check("ja", "00:00", "00:00", true, List.of());

    assertThat(checked.quietHours().start()).isEqualTo(checked.quietHours().end());
  }

  @Test
  void aLanguageNotOfferedIsRefusedWithItsOwnCode() {
    ProblemException e = problem(() -> settings.check("fr", "21:00", "08:00", true, List.of()));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTIFICATION_LANGUAGE_UNSUPPORTED);
    assertThat(e.errors())
        .extracting(ProblemException.FieldError::field)
        .containsExactly("language");
  }

  @Test
  void timesThatAreNotHoursAndMinutesAreRefused() {
    for (String time : Arrays.asList("24:00", "7:00", "07:60", "07:00:00", "noon", "")) {
      ProblemException e = problem(() -> settings.check("ja", time, "08:00", true, List.of()));
      assertThat(e.errorCode()).as(time).isEqualTo(ErrorCode.NOTIFICATION_QUIET_HOURS_INVALID);
      assertThat(e.errors())
          .extracting(ProblemException.FieldError::field)
          .containsExactly("quietHours.start");
    }
  }

  @Test
  void anUnknownReminderKindIsRefusedByItsPosition() {
    ProblemException e =
        problem(
            () -> settings.check("ja", "21:00", "08:00", true, List.of("vaccine-due", "notices")));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTIFICATION_UNKNOWN_REMINDER_KIND);
    assertThat(e.errors())
        .extracting(ProblemException.FieldError::field)
        .containsExactly("remindersOff/1");
  }

  @Test
  void everyProblemIsReportedAtOnceWithTheCodeOfTheFirstMember() {
    ProblemException e =
        problem(() -> settings.check("de", "25:00", null, true, List.of("weather")));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTIFICATION_LANGUAGE_UNSUPPORTED);
    assertThat(e.errors())
        .extracting(ProblemException.FieldError::field)
        .containsExactly("language", "quietHours.start", "quietHours.end", "remindersOff/0");
  }

  @Test
  void missingMembersAreRequired() {
    ProblemException e = problem(() -> settings.check(null, null, null, false, null));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_BODY);
    assertThat(e.errors())
        .extracting(ProblemException.FieldError::field)
        .containsExactly("language", "quietHours", "remindersOff");
    assertThatThrownBy(() -> settings.check("ja", "21:00", "08:00", true, null))
        .isInstanceOf(ProblemException.class);
  }
}
