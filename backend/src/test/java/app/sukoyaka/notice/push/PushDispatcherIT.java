package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.mobile.DeepLinks;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on real PostgreSQL, sending through the real Firebase Admin SDK to a local FCM
 * endpoint: fan-out, quiet hours, retries with backoff, dead tokens, give-up, no device.
 */
class PushDispatcherIT {
  private PushFixture push;
  private Personas.Mother mother;
  private boolean payloadViolationsExpected;

  @BeforeEach
  void aMotherAt20WeeksUsesTheApp() {
    push = new PushFixture();
    mother = Personas.motherAt20Weeks(Personas.municipality());
  }

  @AfterEach
  void everyPayloadSentConformedToMobileContract() throws Exception {
    try {
      if (!payloadViolationsExpected) {
        assertThat(push.endpoint.violations()).isEmpty();
      }
    } finally {
      push.close();
    }
  }

  @Test
  void aPushReachesEveryDeviceOfTheGuardianWithThePayloadOfTheContract() {
    Personas.Device phone = Personas.deviceOf(mother, "android");
    Personas.Device tablet = Personas.deviceOf(mother, "ios");
    UUID notice = push.notice(mother);

    push.dispatcher().drain();

    UUID messageId = PushFixture.messageId(notice);
    assertThat(PushFixture.status(notice)).isEqualTo("sent");
    assertThat(PushFixture.attempts(notice)).isEqualTo(1);
    for (Personas.Device device : List.of(phone, tablet)) {
      List<LocalFcmEndpoint.Received> received = push.endpoint.receivedFor(device.token());
      assertThat(received)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.accepted()).isTrue();
                assertThat(r.projectId()).isEqualTo(PushFixture.PROJECT);
                assertThat(r.title()).isEqualTo("お知らせが届きました");
                assertThat(r.data())
                    .containsEntry("messageId", messageId.toString())
                    .containsEntry("kind", "notice")
                    .containsEntry("language", "ja")
                    .containsEntry("noticeId", notice.toString())
                    .containsEntry("deepLink", "sukoyaka://home");
              });
      assertThat(PushFixture.attemptsTo(notice, device)).containsExactly("sent");
    }
    assertThat(
            PushFixture.texts(
                "SELECT fcm_message FROM push_attempt WHERE message_id = ?", messageId))
        .hasSize(2)
        .allSatisfy(name -> assertThat(name).startsWith("projects/sukoyaka-test/messages/"));
  }

  @Test
  void aPushDueInsideQuietHoursWaitsUntilTheyEndAndIsThenSent() {
    Personas.Device phone = Personas.phoneOf(mother);
    push.clock.set(Instant.parse("2001-06-01T13:30:00Z")); // 22:30 in Japan
    UUID notice = push.notice(mother);
    PushDispatcher dispatcher = push.dispatcher();

    dispatcher.drain();
    push.clock.set(Instant.parse("2001-06-01T22:59:59Z")); // 07:59:59
    dispatcher.drain();
    assertThat(push.endpoint.receivedFor(phone.token())).isEmpty();
    assertThat(PushFixture.status(notice)).isEqualTo("queued");

    push.clock.set(Instant.parse("2001-06-01T23:00:00Z")); // 08:00, quiet hours over
    dispatcher.drain();
    assertThat(push.endpoint.receivedFor(phone.token())).hasSize(1);
    assertThat(PushFixture.status(notice)).isEqualTo("sent");
  }

  @Test
  void aQuotaErrorIsTriedAgainNoSoonerThanFcmsRetryAfterAndThenSent() {
    Personas.Device phone = Personas.phoneOf(mother);
    push.endpoint.retryAfterSeconds(120);
    push.endpoint.fail(phone.token(), LocalFcmEndpoint.Failure.QUOTA_EXCEEDED, 1);
    UUID notice = push.notice(mother);
    PushDispatcher dispatcher = push.dispatcher();

    dispatcher.drain();
    assertThat(PushFixture.status(notice)).isEqualTo("queued");
    assertThat(PushFixture.attempts(notice)).isEqualTo(1);
    Instant next = PushFixture.nextAttempt(notice);
    // The backoff alone would wait 15–30 s; FCM asked for 120.
    assertThat(next).isEqualTo(PushFixture.START.plusSeconds(120));
    assertThat(PushFixture.attemptsTo(notice, phone)).containsExactly("retry QUOTA_EXCEEDED");

    push.clock.advance(Duration.ofSeconds(119));
    dispatcher.drain();
    assertThat(push.endpoint.receivedFor(phone.token())).hasSize(1);

    push.clock.advance(Duration.ofSeconds(1));
    dispatcher.drain();
    assertThat(push.endpoint.receivedFor(phone.token())).hasSize(2);
    assertThat(PushFixture.status(notice)).isEqualTo("sent");
    assertThat(PushFixture.attempts(notice)).isEqualTo(2);
    assertThat(PushFixture.attemptsTo(notice, phone))
        .containsExactly("retry QUOTA_EXCEEDED", "sent");
  }

  @Test
  void anInternalErrorIsTriedAgainAfterABackoffThatDoublesWithJitter() {
    Personas.Device phone = Personas.phoneOf(mother);
    push.endpoint.fail(phone.token(), LocalFcmEndpoint.Failure.INTERNAL, 2);
    UUID notice = push.notice(mother);
    PushDispatcher dispatcher = push.dispatcher();

    dispatcher.drain();
    Instant first = PushFixture.nextAttempt(notice);
    // Attempt 1 failed: 30 s, jittered into its upper half.
    assertThat(first)
        .isBetween(push.clock.instant().plusSeconds(15), push.clock.instant().plusSeconds(30));

    push.clock.set(first);
    dispatcher.drain();
    Instant second = PushFixture.nextAttempt(notice);
    // Attempt 2 failed: 60 s, jittered.
    assertThat(second).isBetween(first.plusSeconds(30), first.plusSeconds(60));

    push.clock.set(second);
    dispatcher.drain();
    assertThat(PushFixture.status(notice)).isEqualTo("sent");
    assertThat(PushFixture.attemptsTo(notice, phone))
        .containsExactly("retry INTERNAL", "retry INTERNAL", "sent");
  }

  @Test
  void aRetryGoesOnlyToTheDeviceThatFailedNotAgainToTheOneThatGotIt() {
    Personas.Device phone = Personas.deviceOf(mother, "android");
    Personas.Device tablet = Personas.deviceOf(mother, "ios");
    push.endpoint.fail(tablet.token(), LocalFcmEndpoint.Failure.INTERNAL, 1);
    UUID notice = push.notice(mother);
    PushDispatcher dispatcher = push.dispatcher();

    dispatcher.drain();
    push.clock.set(PushFixture.nextAttempt(notice));
    dispatcher.drain();

    assertThat(push.endpoint.receivedFor(phone.token())).hasSize(1);
    assertThat(push.endpoint.receivedFor(tablet.token())).hasSize(2);
    assertThat(PushFixture.status(notice)).isEqualTo("sent");
    assertThat(PushFixture.attemptsTo(notice, phone)).containsExactly("sent");
    assertThat(PushFixture.attemptsTo(notice, tablet)).containsExactly("retry INTERNAL", "sent");
  }

  @Test
  void anUnregisteredTokenIsRemovedWithItsReasonAndNotUsedAgain() {
    Personas.Device phone = Personas.deviceOf(mother, "android");
    Personas.Device tablet = Personas.deviceOf(mother, "ios");
    push.endpoint.fail(phone.token(), LocalFcmEndpoint.Failure.UNREGISTERED, -1);
    UUID first = push.notice(mother);
    PushDispatcher dispatcher = push.dispatcher();

    dispatcher.drain();
    assertThat(PushFixture.status(first)).isEqualTo("sent");
    assertThat(PushFixture.attemptsTo(first, phone)).containsExactly("failed UNREGISTERED");
    assertThat(
            PushFixture.text(
                "SELECT removed_reason || ' ' || removed_detail FROM push_device WHERE id = ?",
                phone.id()))
        .startsWith("unregistered UNREGISTERED");

    UUID second = push.notice(mother);
    dispatcher.drain();
    assertThat(push.endpoint.receivedFor(phone.token())).hasSize(1);
    assertThat(push.endpoint.receivedFor(tablet.token())).hasSize(2);
    assertThat(PushFixture.attemptsTo(second, phone)).isEmpty();
  }

  @Test
  void aMalformedTokenIsRemovedAndAPushWithNoOtherDeviceEndsAsNoDevice() {
    Personas.Device phone = Personas.phoneOf(mother);
    push.endpoint.fail(phone.token(), LocalFcmEndpoint.Failure.INVALID_TOKEN, -1);
    UUID notice = push.notice(mother);

    push.dispatcher().drain();

    assertThat(PushFixture.status(notice)).isEqualTo("no_device");
    assertThat(PushFixture.attemptsTo(notice, phone)).containsExactly("failed INVALID_ARGUMENT");
    assertThat(PushFixture.text("SELECT removed_reason FROM push_device WHERE id = ?", phone.id()))
        .isEqualTo("invalid_token");
  }

  @Test
  void aPushStillFailingAfterTheLastAttemptIsFailedWithItsReason() throws Exception {
    push.close();
    push = new PushFixture(PushFixture.config(3, 500, 1));
    Personas.Device phone = Personas.phoneOf(mother);
    push.endpoint.fail(phone.token(), LocalFcmEndpoint.Failure.INTERNAL, -1);
    UUID notice = push.notice(mother);
    PushDispatcher dispatcher = push.dispatcher();

    for (int round = 0; round < 5; round++) {
      dispatcher.drain();
      push.clock.advance(Duration.ofHours(2));
    }

    assertThat(PushFixture.status(notice)).isEqualTo("failed");
    assertThat(PushFixture.attempts(notice)).isEqualTo(3);
    assertThat(push.endpoint.receivedFor(phone.token())).hasSize(3);
    assertThat(PushFixture.attemptsTo(notice, phone))
        .containsExactly("retry INTERNAL", "retry INTERNAL", "failed INTERNAL");
    assertThat(PushFixture.text("SELECT last_error FROM push_message WHERE subject_id = ?", notice))
        .isEqualTo("INTERNAL: gave up after 3 attempts");
  }

  @Test
  void aGuardianWithoutADeviceGetsNoDeviceAndNothingIsSent() {
    UUID notice = push.notice(mother);

    push.dispatcher().drain();

    assertThat(PushFixture.status(notice)).isEqualTo("no_device");
    assertThat(
            Db.count(
                "SELECT count(*) FROM push_message WHERE subject_id = ? AND finished_at IS NOT NULL",
                notice))
        .isEqualTo(1);
    assertThat(push.endpoint.count()).isZero();
  }

  @Test
  void aPushWithdrawnBeforeItsTimeIsNeverSent() {
    Personas.Device phone = Personas.phoneOf(mother);
    push.clock.set(Instant.parse("2001-06-01T13:30:00Z")); // quiet hours
    UUID notice = push.notice(mother);
    push.enqueue(List.of()); // nothing
    io.micronaut.transaction.TransactionOperations<?> tx =
        app.sukoyaka.testing.TestService.bean(io.micronaut.transaction.TransactionOperations.class);
    tx.executeWrite(status -> push.outbox.cancel(notice));

    push.clock.set(Instant.parse("2001-06-02T01:00:00Z"));
    push.dispatcher().drain();

    assertThat(PushFixture.status(notice)).isEqualTo("cancelled");
    assertThat(push.endpoint.receivedFor(phone.token())).isEmpty();
  }

  @Test
  void aPayloadThatBreaksTheContractIsRefusedByTheEndpointAndTheTestSeesIt() {
    payloadViolationsExpected = true;
    Personas.Device phone = Personas.phoneOf(mother);
    UUID reminder = UUID.randomUUID();
    UUID child = UUID.randomUUID();
    // A reminder that names the child: personal data the schema does not allow in a push.
    push.enqueue(
        List.of(
            new PushRequest(
                mother.personId(),
                mother.municipality().id(),
                PushKind.REMINDER,
                reminder,
                Map.of("ja", "予防接種の時期が近づいています"),
                Map.of("ja", "アプリで接種の予定をご確認ください。"),
                DeepLinks.load().build("child", Map.of("childId", child.toString())),
                Map.of(
                    "reminderId",
                    reminder.toString(),
                    "reminderKind",
                    "vaccination-due",
                    "childId",
                    child.toString(),
                    "childName",
                    "鈴木 蓮"))));

    push.dispatcher().drain();

    assertThat(push.endpoint.violations()).singleElement().asString().contains("childName");
    assertThat(PushFixture.status(reminder)).isEqualTo("failed");
    assertThat(PushFixture.attemptsTo(reminder, phone)).containsExactly("failed INVALID_ARGUMENT");
  }
}
