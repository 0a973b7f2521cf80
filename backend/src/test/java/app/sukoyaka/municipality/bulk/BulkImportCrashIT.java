package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.ServiceProcess;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The instance running an accepted import is killed (SIGKILL, its own process) between batches:
 * what it committed stays, batch by batch, nothing of the batch it was in is left behind, and after
 * the restart the job is taken over from its last committed batch and completes with every row
 * stored once.
 */
class BulkImportCrashIT {
  private static final int ROWS = 2000;
  private static final int BATCH = 100;

  /** The instance's settings: small batches, and a lease that lapses soon after it dies. */
  private static final Map<String, Object> WORKER =
      Map.of(
          "sukoyaka.bulk-import.batch-size",
          BATCH,
          "sukoyaka.bulk-import.lease",
          "10s",
          "sukoyaka.bulk-import.poll-interval",
          "50ms",
          "sukoyaka.intake.warm-up-submissions",
          0);

  @Test
  void anImportWhoseInstanceIsKilledCompletesAfterTheRestartWithEveryRowStoredOnce()
      throws Exception {
    Personas.Municipality town = Personas.municipality();
    String token = Tokens.staff(Personas.staffOf(town));

    Personas.ChildInLegacySystem child;
    UUID job;
    String location;
    try (ServiceProcess first = ServiceProcess.start("bulk-import-1", WORKER)) {
      // The shared test service polls the same queue (every 2 s): the job counts only when this
      // instance is the one that claimed it.
      int tries = 0;
      while (true) {
        tries++;
        child = Personas.childKnownByResidentNumber(town, 72, 0);
        Http.BinaryResponse started =
            Imports.upload(token, town.code(), "standard-utf8", checkups(child, ROWS), null);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        location = started.header("Location");
        job = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        if (claimedBy(first, job)) {
          break;
        }
        assertThat(tries).as("the instance under test claims one of three jobs").isLessThan(3);
        Imports.waitFor(token, location);
      }

      long deadline = System.nanoTime() + 120_000_000_000L;
      while (rowsDone(job) < 2 * BATCH && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      first.kill();
    }

    long committed = rowsDone(job);
    assertThat(committed).as("killed in the middle of the file").isBetween(2L * BATCH, ROWS - 1L);
    assertThat(committed % BATCH).as("progress moves by whole batches").isZero();
    assertThat(Db.text("SELECT status FROM import_job WHERE id = ?", job)).isEqualTo("running");
    // No half-imported batch: exactly the committed rows are on record.
    assertThat(encounters(child)).isEqualTo(committed);
    assertThat(Db.count("SELECT count(*) FROM import_record WHERE child_id = ?", child.childId()))
        .isEqualTo(committed);

    JsonNode ended;
    try (ServiceProcess second = ServiceProcess.start("bulk-import-2", WORKER)) {
      ended = Imports.waitFor(token, location);
    }
    assertThat(ended.path("status").asText()).isEqualTo("completed");
    assertThat(ended.path("counts").path("stored").asInt()).isEqualTo(ROWS);
    assertThat(ended.path("progress").path("rowsDone").asInt()).isEqualTo(ROWS);
    assertThat(encounters(child)).isEqualTo(ROWS);
    assertThat(
            Db.count(
                "SELECT count(*) FROM (SELECT visit_date FROM checkup_encounter WHERE child_id = ?"
                    + " GROUP BY visit_date HAVING count(*) > 1) twice",
                child.childId()))
        .as("visits stored twice")
        .isZero();
    assertThat(Db.count("SELECT count(*) FROM import_record WHERE child_id = ?", child.childId()))
        .isEqualTo(ROWS);
    assertThat(Db.count("SELECT attempts FROM import_job WHERE id = ?", job)).isEqualTo(2);
    System.out.printf(
        "Bulk import killed after %d of %d rows committed; completed after the restart%n",
        committed, ROWS);
  }

  /** Whether that instance's worker took the job (its log says so within a few seconds). */
  private static boolean claimedBy(ServiceProcess instance, UUID job) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (instance.log().contains("Running import job " + job)) {
        return true;
      }
      if (!"queued".equals(Db.text("SELECT status FROM import_job WHERE id = ?", job))) {
        Thread.sleep(500);
        return instance.log().contains("Running import job " + job);
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static long rowsDone(UUID job) {
    return Db.count("SELECT rows_done FROM import_job WHERE id = ?", job);
  }

  private static long encounters(Personas.ChildInLegacySystem child) {
    return Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child.childId());
  }

  /** A child's 3～4か月児健診 recorded on {@code rows} different days: one checkup per row. */
  private static byte[] checkups(Personas.ChildInLegacySystem child, int rows) {
    LegacyFiles file = LegacyFiles.standardCheckups();
    for (int i = 0; i < rows; i++) {
      file.row(
          Map.of(
              "宛名番号",
              child.residentNumber(),
              "生年月日",
              child.birthDate().toString(),
              "健診区分",
              "02",
              "受診日",
              child.birthDate().plusDays(i + 1L).toString(),
              "体重(kg)",
              "6.5",
              "総合判定",
              "1"));
    }
    return file.bytes();
  }
}
