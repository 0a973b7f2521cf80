package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk import in the dashboard over real HTTP, as a browser uses it: the upload form (multipart
 * with the session's CSRF token), the job's page with its progress until done, its counts, first
 * errors and error report; a file the import cannot take explained on the upload page; another
 * municipality's staff seeing none of it; the pages in English.
 */
class ImportPagesIT {
  private static final Pattern JOB = Pattern.compile("^/dashboard/imports/([0-9a-f-]{36})$");

  private Personas.Municipality town;
  private Personas.Staff staff;

  @BeforeEach
  void aMunicipalityWithItsStaff() {
    town = Personas.municipality();
    staff = Personas.staffOf(town);
  }

  private static Map<String, String> dose(
      Personas.ChildInLegacySystem child, String vaccine, LocalDate day, String date) {
    Map<String, String> cells = new HashMap<>();
    cells.put("宛名番号", child.residentNumber());
    cells.put("生年月日", child.birthDate().toString().replace("-", ""));
    cells.put("予防接種コード", vaccine);
    cells.put("接種回数", "1");
    cells.put("接種日", date != null ? date : day.toString().replace("-", "/"));
    cells.put("ロット番号", "L-" + vaccine);
    cells.put("実施機関名", "すこやか小児科");
    cells.put("接種区分", "1");
    return cells;
  }

  /** Two good doses and one whose date is no date. */
  private byte[] vaccinationsWithOneBadRow() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 5, 0);
    LocalDate day = child.birthDate().plusMonths(2);
    return LegacyFiles.standardVaccinations()
        .row(dose(child, "06", day, null))
        .row(dose(child, "02", day, "2025年13月40日"))
        .row(dose(child, "03", day, null))
        .bytes();
  }

  private static String jobPath(DashboardBrowser.Page started) {
    assertThat(started.status()).as(started.body()).isEqualTo(303);
    Matcher path = JOB.matcher(started.header("location"));
    assertThat(path.matches()).as(started.header("location")).isTrue();
    return path.group(0);
  }

  private static DashboardBrowser.Page untilDone(DashboardBrowser browser, String path)
      throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      DashboardBrowser.Page page = browser.get(path);
      assertThat(page.status()).isEqualTo(200);
      if (page.body().contains("data-status=\"completed\"")
          || page.body().contains("data-status=\"failed\"")) {
        return page;
      }
      assertThat(page.body()).contains("hx-trigger=\"every 2s\"", "http-equiv=\"refresh\"");
      Thread.sleep(250);
    }
    throw new AssertionError("The import did not finish: " + path);
  }

  @Test
  void anUploadWithABadRowRunsToTheEndAndItsPageShowsTheCountsTheFirstErrorsAndTheReport()
      throws Exception {
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());
    DashboardBrowser.Page form = browser.get("/dashboard/imports");
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.body())
        .contains(
            "href=\"/dashboard/imports\"",
            "enctype=\"multipart/form-data\"",
            "<label for=\"file\">CSVファイル</label>",
            "value=\"standard-utf8\"",
            "まだ取り込みはありません。");

    DashboardBrowser.Page started =
        browser.postMultipart(
            "/dashboard/imports",
            Map.of("system", "standard-utf8", "kind", "vaccination"),
            "file",
            "接種記録202611.csv",
            vaccinationsWithOneBadRow(),
            true);
    String path = jobPath(started);
    DashboardBrowser.Page progress =
        browser.get(path, Map.of("HX-Request", "true", "HX-Target", "job-progress"));
    assertThat(progress.body()).startsWith("<div id=\"job-progress\"").doesNotContain("<html");
    DashboardBrowser.Page done = untilDone(browser, path);

    assertThat(done.body())
        .contains(
            "<h1>接種記録202611.csv</h1>",
            "data-status=\"completed\"",
            "<strong id=\"job-status\" aria-live=\"polite\">完了</strong>",
            "3 / 3 行（100%）",
            "id=\"count-stored\">2<",
            "id=\"count-rows-with-errors\">1<",
            "SKY-6112",
            "2025年13月40日",
            "href=\"" + path + "/errors.csv\"")
        .doesNotContain("hx-trigger", "http-equiv=\"refresh\"");
    DashboardBrowser.Page report = browser.get(path + "/errors.csv");
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.contentType()).startsWith("text/csv");
    String[] lines = report.body().split("\r\n");
    assertThat(lines[0]).isEqualTo("\uFEFF行番号,列,値,エラーコード,メッセージ,message");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith("3,接種日,2025年13月40日,SKY-6112,");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND action LIKE"
                    + " 'read-import-errors%'",
                staff.subject()))
        .isEqualTo(1);
    DashboardBrowser.Page jobs = browser.get("/dashboard/imports");
    assertThat(jobs.body()).contains("href=\"" + path + "\"", "接種記録202611.csv", "3 / 3");
  }

  @Test
  void aFileTheImportCannotTakeIsExplainedOnTheUploadPageAndNothingStarts() {
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());
    browser.get("/dashboard/imports");
    byte[] vaccinations = vaccinationsWithOneBadRow();

    DashboardBrowser.Page wrongKind =
        browser.postMultipart(
            "/dashboard/imports",
            Map.of("system", "standard-utf8", "kind", "checkup"),
            "file",
            "v.csv",
            vaccinations,
            true);
    DashboardBrowser.Page notTheExport =
        browser.postMultipart(
            "/dashboard/imports",
            Map.of("system", "standard-utf8"),
            "file",
            "photo.png",
            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3},
            true);
    DashboardBrowser.Page noSystem =
        browser.postMultipart(
            "/dashboard/imports", Map.of("system", ""), "file", "v.csv", vaccinations, true);
    DashboardBrowser.Page noFile =
        browser.postMultipart(
            "/dashboard/imports", Map.of("system", "standard-utf8"), null, null, null, true);
    DashboardBrowser.Page headerOnly =
        browser.postMultipart(
            "/dashboard/imports",
            Map.of("system", "standard-utf8"),
            "file",
            "empty.csv",
            LegacyFiles.standardVaccinations().bytes(),
            true);

    assertThat(wrongKind.status()).isEqualTo(422);
    assertThat(wrongKind.body())
        .contains("id=\"upload-error\"", "ファイルの記録の種類が、選んだ種類と異なります。", "SKY-6201")
        .contains("<option value=\"standard-utf8\" selected=\"selected\"");
    assertThat(notTheExport.status()).isEqualTo(422);
    assertThat(notTheExport.body()).contains("見出し行が、選んだシステムの書き出し形式と一致しません", "SKY-6102");
    assertThat(noSystem.status()).isEqualTo(422);
    assertThat(noSystem.body()).contains("SKY-6204");
    assertThat(noFile.status()).isEqualTo(422);
    assertThat(noFile.body()).contains("SKY-6204");
    assertThat(headerOnly.status()).isEqualTo(422);
    assertThat(headerOnly.body()).contains("SKY-6104");
    assertThat(Db.count("SELECT count(*) FROM import_job WHERE municipality_id = ?", town.id()))
        .isZero();
  }

  @Test
  void aFileLargerThanTheServersBufferGetsThroughToBeChecked() {
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());
    browser.get("/dashboard/imports");
    StringBuilder text = new StringBuilder("列A,列B\r\n");
    while (text.length() < 1_600_000) {
      text.append("あいうえお,かきくけこ\r\n");
    }

    DashboardBrowser.Page refused =
        browser.postMultipart(
            "/dashboard/imports",
            Map.of("system", "standard-utf8"),
            "file",
            "big.csv",
            text.toString().getBytes(StandardCharsets.UTF_8),
            true);

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("SKY-6102");
  }

  @Test
  void anUploadWithoutTheSessionsTokenIsRefused() {
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());
    browser.get("/dashboard/imports");

    DashboardBrowser.Page forged =
        browser.postMultipart(
            "/dashboard/imports",
            Map.of("system", "standard-utf8", "_csrf", "forged"),
            "file",
            "v.csv",
            vaccinationsWithOneBadRow(),
            false);

    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body()).contains("SKY-5901");
    assertThat(Db.count("SELECT count(*) FROM import_job WHERE municipality_id = ?", town.id()))
        .isZero();
  }

  @Test
  void anotherMunicipalitysStaffSeeNeitherTheJobNorItsReportAndTheEnglishPageIsEnglish()
      throws Exception {
    DashboardBrowser browser = new DashboardBrowser().language("en").loginAs(staff.subject());
    DashboardBrowser.Page form = browser.get("/dashboard/imports");
    assertThat(form.body())
        .contains(
            "<html lang=\"en\"", "Bulk import from a health-management system", "No imports yet.");
    String path =
        jobPath(
            browser.postMultipart(
                "/dashboard/imports",
                Map.of("system", "standard-utf8", "dryRun", "true"),
                "file",
                "doses.csv",
                vaccinationsWithOneBadRow(),
                true));
    DashboardBrowser.Page done = untilDone(browser, path);
    assertThat(done.body()).contains(">Done</strong>", "Check only", "3 of 3 rows (100%)");

    Personas.Municipality other = Personas.municipality();
    DashboardBrowser theirs = new DashboardBrowser().loginAs(Personas.staffOf(other).subject());
    DashboardBrowser.Page job = theirs.get(path);
    DashboardBrowser.Page report = theirs.get(path + "/errors.csv");
    DashboardBrowser.Page list = theirs.get("/dashboard/imports");

    assertThat(job.status()).isEqualTo(404);
    assertThat(report.status()).isEqualTo(404);
    assertThat(list.body()).doesNotContain(path);
  }
}
