package app.sukoyaka.checkup.handbook;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.notice.reminder.ReminderRules;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a 要精密 follow-up is open and when it closes, by the reminder rules' triggers and results. */
class FollowUpTrackerTest {
  private static final ReminderRules.Kind RULES =
      ReminderRules.load().latest(ReminderRules.CHECKUP_FOLLOW_UP);
  private static final UUID CHILD = UUID.randomUUID();
  private static final LocalDate DAY = LocalDate.of(2026, 3, 10);

  private static Object finding(
      UUID checkup, String kind, LocalDate day, String item, String code) {
    return FollowUpTracker.row(checkup, CHILD, kind, day, item, code, null, null);
  }

  private static Object flag(UUID checkup, String kind, LocalDate day, String item, boolean value) {
    return FollowUpTracker.row(checkup, CHILD, kind, day, item, null, value, null);
  }

  @Test
  void aDetailedExaminationJudgementOpensAFollowUp() {
    UUID checkup = UUID.randomUUID();

    Map<UUID, FollowUpTracker.FollowUp> found =
        FollowUpTracker.followUpsOf(
            RULES,
            List.of(
                finding(
                    checkup, "child-18-months", DAY, "overall-judgement", "detailed-examination")));

    assertThat(found.get(checkup).open()).isTrue();
    assertThat(found.get(checkup).triggers()).containsExactly("overall-judgement");
  }

  @Test
  void aResultOnALaterCheckupOfTheSameKindClosesItButNotAttendedDoesNot() {
    UUID referred = UUID.randomUUID();
    UUID later = UUID.randomUUID();
    Object trigger = flag(referred, "child-18-months", DAY, "follow-up-referral", true);

    Map<UUID, FollowUpTracker.FollowUp> notAttended =
        FollowUpTracker.followUpsOf(
            RULES,
            List.of(
                trigger,
                finding(
                    later,
                    "child-18-months",
                    DAY.plusDays(40),
                    "follow-up-result",
                    "not-attended")));
    Map<UUID, FollowUpTracker.FollowUp> examined =
        FollowUpTracker.followUpsOf(
            RULES,
            List.of(
                trigger,
                finding(
                    later,
                    "child-18-months",
                    DAY.plusDays(40),
                    "follow-up-result",
                    "observation")));

    assertThat(notAttended.get(referred).open()).isTrue();
    assertThat(notAttended.get(referred).result()).isEqualTo("not-attended");
    assertThat(examined.get(referred).open()).isFalse();
    assertThat(examined.get(referred).result()).isEqualTo("observation");
  }

  @Test
  void aResultOfAnotherKindOfCheckupOrAnEarlierOneLeavesItOpen() {
    UUID referred = UUID.randomUUID();
    Map<UUID, FollowUpTracker.FollowUp> found =
        FollowUpTracker.followUpsOf(
            RULES,
            List.of(
                finding(
                    referred, "child-18-months", DAY, "dental-judgement", "detailed-examination"),
                finding(
                    UUID.randomUUID(),
                    "child-3-years",
                    DAY.plusDays(400),
                    "follow-up-result",
                    "no-abnormality"),
                finding(
                    UUID.randomUUID(),
                    "child-18-months",
                    DAY.minusDays(1),
                    "follow-up-result",
                    "no-abnormality")));

    assertThat(found).containsOnlyKeys(referred);
    assertThat(found.get(referred).open()).isTrue();
  }

  @Test
  void aReferralAnsweredNoOpensNothing() {
    assertThat(
            FollowUpTracker.followUpsOf(
                RULES,
                List.of(
                    flag(
                        UUID.randomUUID(), "infant-3-4-months", DAY, "follow-up-referral", false))))
        .isEmpty();
  }
}
