package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.security.Principal;
import app.sukoyaka.security.PrincipalDirectory;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Import jobs as the upload page sees them: progress committed batch by batch (500 rows each here),
 * a job whose instance stopped taken over from its last batch, and every job run once however many
 * instances poll for them.
 */
class BulkImportJobsIT {
  private Personas.Municipality town;
  private Personas.Staff staff;
  private String token;

  @BeforeEach
  void aMunicipalityWithItsStaff() {
    town = Personas.municipality();
    staff = Personas.staffOf(town);
    token = Tokens.staff(staff);
  }

  /** A 4-year-old's 3～4か月児健診 recorded on {@code rows} different days: one checkup per row. */
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

  private BulkImports.Started startHere(byte[] file) {
    Principal principal =
        TestService.bean(PrincipalDirectory.class).staff(staff.subject()).orElseThrow();
    return TestService.bean(BulkImports.class)
        .startHere(
            principal,
            town.code(),
            new BulkImports.Upload(
                "standard-utf8", "checkups.csv", false, new ByteArrayInputStream(file)));
  }

  private String location(ImportJob job) {
    return "/api/v1/municipalities/" + town.code() + "/imports/" + job.id();
  }

  @Test
  void progressIsCommittedBatchByBatchAndTheApiShowsIt() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 48, 0);
    BulkImports.Started started = startHere(checkups(child, 1201));
    List<Integer> done = new ArrayList<>();
    List<Integer> stored = new ArrayList<>();

    ImportJob ended =
        TestService.bean(ImportRunner.class)
            .run(
                started.job().id(),
                started.claim(),
                job -> {
                  done.add(job.rowsDone());
                  // What a batch counts is committed with it.
                  stored.add(
                      (int)
                          Db.count(
                              "SELECT count(*) FROM checkup_encounter WHERE child_id = ?",
                              child.childId()));
                });

    assertThat(ended.status()).isEqualTo("completed");
    assertThat(done.stream().distinct().toList()).containsExactly(500, 1000, 1201);
    assertThat(stored.stream().distinct().toList()).containsExactly(500, 1000, 1201);
    Http.Response job = Http.get(location(ended), token);
    assertThat(job.status()).as(job.body()).isEqualTo(200);
    assertThat(job.json().path("progress").toString())
        .isEqualTo("{\"rowsTotal\":1201,\"rowsDone\":1201,\"percent\":100}");
    assertThat(job.json().path("counts").path("stored").asInt()).isEqualTo(1201);
    assertThat(job.json().path("startedAt").isNull()).isFalse();
    assertThat(job.json().path("finishedAt").isNull()).isFalse();
    // The file is not kept once the job is done; its digest is.
    assertThat(Db.count("SELECT count(*) FROM import_file WHERE job_id = ?", ended.id())).isZero();
  }

  /** The instance running the job stops dead (no batch after the first one commits). */
  private static final class Stopped extends Error {
    Stopped() {
      super("the instance stopped", null, false, false);
    }
  }

  @Test
  void aJobWhoseInstanceStoppedIsTakenOverAndGoesOnFromItsLastCommittedBatch() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 48, 0);
    BulkImports.Started started = startHere(checkups(child, 1201));
    try {
      TestService.bean(ImportRunner.class)
          .run(
              started.job().id(),
              started.claim(),
              job -> {
                throw new Stopped();
              });
    } catch (Stopped expected) {
      // As when the process is killed after its first batch.
    }
    assertThat(
            Db.count(
                "SELECT count(*) FROM import_job WHERE id = ? AND status = 'running'"
                    + " AND rows_done = 500",
                started.job().id()))
        .isEqualTo(1);
    assertThat(
            Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child.childId()))
        .isEqualTo(500);

    // Its lease runs out; a worker of the running service takes the job over.
    Db.update(
        "UPDATE import_job SET lease_until = now() - interval '1 second' WHERE id = ?",
        started.job().id());
    JsonNode ended = Imports.waitFor(token, location(started.job()));

    assertThat(ended.path("status").asText()).isEqualTo("completed");
    assertThat(ended.path("counts").path("stored").asInt()).isEqualTo(1201);
    assertThat(
            Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child.childId()))
        .isEqualTo(1201);
    assertThat(Db.count("SELECT count(*) FROM import_record WHERE child_id = ?", child.childId()))
        .isEqualTo(1201);
    assertThat(Db.count("SELECT attempts FROM import_job WHERE id = ?", started.job().id()))
        .isEqualTo(2);
  }

  @Test
  void everyJobRunsOnceWhenTwoInstancesPollForThem() {
    EmbeddedServer second = TestService.another();
    try {
      List<Personas.ChildInLegacySystem> children = new ArrayList<>();
      List<String> locations = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 48, 0);
        children.add(child);
        Http.BinaryResponse started =
            Imports.upload(token, town.code(), "standard-utf8", checkups(child, 600), null);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        locations.add(started.header("Location"));
      }

      for (String location : locations) {
        JsonNode ended = Imports.waitFor(token, location);
        assertThat(ended.path("status").asText()).isEqualTo("completed");
        assertThat(ended.path("counts").path("stored").asInt()).isEqualTo(600);
      }
      for (Personas.ChildInLegacySystem child : children) {
        assertThat(
                Db.count(
                    "SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child.childId()))
            .isEqualTo(600);
      }
      assertThat(
              Db.count(
                  "SELECT count(*) FROM import_job WHERE municipality_id = ? AND attempts = 1",
                  town.id()))
          .isEqualTo(4);
    } finally {
      second.stop();
    }
  }
}
