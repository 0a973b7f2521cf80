package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.ServiceProcess;
import app.sukoyaka.testing.Tokens;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The service is killed (SIGKILL, its own process) while clinics submit checkups from several
 * connections at once: after the restart every submission that was answered 200 is stored whole, no
 * submission is stored in part, and the unanswered ones are simply sent again.
 */
class ClinicIngestCrashIT {
  private static final int CLIENTS = 4;
  private static final int BUNDLES_PER_CLIENT = 30;
  private static final int FINDINGS_PER_VISIT = 10;

  record Sent(String identifier, String json) {}

  @Test
  void afterAKillEveryAnsweredSubmissionIsStoredWholeAndTheUnansweredOnesAreSentAgainSafely()
      throws Exception {
    Personas.Municipality town = Personas.municipality();
    Personas.Clinic clinic = Personas.clinicServing(town);
    String token = Tokens.clinic(clinic);
    List<List<Sent>> queues = new ArrayList<>();
    List<Personas.Mother> mothers = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Personas.Mother mother = Personas.motherAt20Weeks(town);
      mothers.add(mother);
      List<Sent> queue = new ArrayList<>();
      for (int i = 0; i < BUNDLES_PER_CLIENT; i++) {
        PrenatalBundle bundle =
            PrenatalBundle.fullVisit(mother, LocalDate.now().minusDays(BUNDLES_PER_CLIENT - i));
        queue.add(new Sent(bundle.identifierValue(), bundle.json()));
      }
      queues.add(queue);
    }

    ServiceProcess first =
        ServiceProcess.start("clinic-ingest-1", Map.of("sukoyaka.intake.warm-up-submissions", 0));
    Map<String, String> answered = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (List<Sent> queue : queues) {
        running.add(
            clients.submit(
                () -> {
                  boolean down = false;
                  for (Sent sent : queue) {
                    if (down) {
                      unanswered.add(sent.identifier());
                      continue;
                    }
                    try {
                      Http.Response response =
                          Http.send(
                              first.base(),
                              "POST",
                              "/fhir",
                              token,
                              "application/fhir+json",
                              sent.json());
                      if (response.status() == 200) {
                        answered.put(sent.identifier(), response.body());
                      } else {
                        refused.incrementAndGet();
                        unanswered.add(sent.identifier());
                      }
                    } catch (IllegalStateException connectionLost) {
                      down = true;
                      unanswered.add(sent.identifier());
                    }
                  }
                }));
      }
      // Kill it in the middle of the load: some submissions answered, others in flight.
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (answered.size() < CLIENTS * BUNDLES_PER_CLIENT / 4 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      first.kill();
      for (Future<?> client : running) {
        client.get();
      }
    } finally {
      clients.shutdownNow();
      first.kill();
    }
    assertThat(refused.get()).as("submissions refused before the kill").isZero();
    assertThat(answered).hasSizeGreaterThanOrEqualTo(CLIENTS * BUNDLES_PER_CLIENT / 4);
    assertThat(unanswered).as("submissions cut off by the kill").isNotEmpty();

    try (ServiceProcess second =
        ServiceProcess.start("clinic-ingest-2", Map.of("sukoyaka.intake.warm-up-submissions", 0))) {
      // Every answered submission is there with all its records.
      for (String identifier : answered.keySet()) {
        assertThat(storedFindings(clinic, identifier))
            .as("findings stored for answered submission " + identifier)
            .isEqualTo(FINDINGS_PER_VISIT);
      }
      // Nothing half-stored: every stored submission (answered or cut off after its commit) has
      // its encounter and all its findings, and no encounter exists without its submission.
      assertNothingHalfStored(clinic, mothers);
      long storedBefore = storedSubmissions(clinic);
      assertThat(storedBefore).isBetween((long) answered.size(), (long) answered.size() + CLIENTS);

      // The clinic sends again what got no answer: each is stored once, or answered as stored.
      Map<String, Sent> byIdentifier = new ConcurrentHashMap<>();
      queues.forEach(queue -> queue.forEach(s -> byIdentifier.put(s.identifier(), s)));
      for (String identifier : unanswered) {
        Http.Response again =
            Http.send(
                second.base(),
                "POST",
                "/fhir",
                token,
                "application/fhir+json",
                byIdentifier.get(identifier).json());
        assertThat(again.status()).as(again.body()).isEqualTo(200);
      }
      // A retry of an answered one gets the very same answer, and stores nothing more.
      String someAnswered = answered.keySet().iterator().next();
      Http.Response replay =
          Http.send(
              second.base(),
              "POST",
              "/fhir",
              token,
              "application/fhir+json",
              byIdentifier.get(someAnswered).json());
      assertThat(replay.status()).isEqualTo(200);
      assertThat(replay.body()).isEqualTo(answered.get(someAnswered));

      assertThat(storedSubmissions(clinic)).isEqualTo((long) CLIENTS * BUNDLES_PER_CLIENT);
      assertNothingHalfStored(clinic, mothers);
      for (Personas.Mother mother : mothers) {
        assertThat(
                Db.count(
                    "SELECT count(*) FROM checkup_encounter WHERE pregnancy_id = ?",
                    mother.pregnancyId()))
            .isEqualTo(BUNDLES_PER_CLIENT);
      }
      System.out.printf(
          "Clinic ingest killed after %d answered submissions; %d cut off, %d of them had"
              + " committed; all %d stored once after the retries%n",
          answered.size(),
          unanswered.size(),
          storedBefore - answered.size(),
          CLIENTS * BUNDLES_PER_CLIENT);
    }
  }

  private static long storedFindings(Personas.Clinic clinic, String identifier) {
    return Db.count(
        "SELECT count(*) FROM raw_submission s JOIN checkup_encounter e ON e.submission_id = s.id"
            + " JOIN checkup_finding f ON f.encounter_id = e.id"
            + " WHERE s.client_id = ? AND s.bundle_value = ?",
        clinic.clientId(),
        identifier);
  }

  private static long storedSubmissions(Personas.Clinic clinic) {
    return Db.count("SELECT count(*) FROM raw_submission WHERE client_id = ?", clinic.clientId());
  }

  private static void assertNothingHalfStored(
      Personas.Clinic clinic, List<Personas.Mother> mothers) {
    assertThat(
            Db.count(
                "SELECT count(*) FROM raw_submission s WHERE s.client_id = ? AND"
                    + " (SELECT count(*) FROM checkup_encounter e WHERE e.submission_id = s.id)"
                    + " <> 1",
                clinic.clientId()))
        .as("submissions without exactly one encounter")
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM raw_submission s JOIN checkup_encounter e"
                    + " ON e.submission_id = s.id WHERE s.client_id = ? AND"
                    + " (SELECT count(*) FROM checkup_finding f WHERE f.encounter_id = e.id) <> ?",
                clinic.clientId(),
                FINDINGS_PER_VISIT))
        .as("encounters without all their findings")
        .isZero();
    for (Personas.Mother mother : mothers) {
      assertThat(
              Db.count(
                  "SELECT count(*) FROM checkup_encounter WHERE pregnancy_id = ?"
                      + " AND submission_id IS NULL",
                  mother.pregnancyId()))
          .as("encounters without their submission")
          .isZero();
    }
  }
}
