package app.sukoyaka.municipality.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.municipality.figures.FigureRefresher;
import app.sukoyaka.municipality.synthetic.SyntheticPopulation;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * driven by Selenium), as a public health nurse uses it: log in, read the overview with its charts,
 * drill down from a number to the children behind it, sort, export the list as CSV (and read the
 * file the browser saved), record what was done about a work-list item, and send a notice.
 * Screenshots of each step are kept in {@code backend/target/dashboard-screenshots}. The page must
 * load nothing from outside the service and break no rule of its Content-Security-Policy. Without
 * Chromium the test is skipped and says why.
 */
class DashboardBrowserIT {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

  private static Personas.Municipality city;
  private static Personas.Staff staff;
  private static Path downloads;
  private static Path profile;
  private static WebDriver driver;
  private static WebDriverWait wait;
  private static String base;

  @BeforeAll
  static void chromiumAndAMunicipality() throws IOException, SQLException {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
        "Chromium is not installed ("
            + CHROMIUM
            + ", "
            + CHROMEDRIVER
            + "): the dashboard's"
            + " browser tests are skipped. Install it with: apt-get install -y chromium"
            + " chromium-driver");
    city = Personas.municipality();
    staff = Personas.staffOf(city);
    try (Connection connection = Db.connect()) {
      connection.setAutoCommit(false);
      SyntheticPopulation.load(
          connection, city.id(), city.code(), 220, LocalDate.now(ZoneId.of("Asia/Tokyo")), 0.5);
      connection.commit();
    }
    Db.update(
        "INSERT INTO notice_audience (id, municipality_id, name, query, created_by, created_at,"
            + " updated_by, updated_at) VALUES (?, ?, '1歳児の保護者', ?::jsonb, 'test', now(),"
            + " 'test', now())",
        UUID.randomUUID(),
        city.id(),
        "{\"childAge\":{\"from\":{\"months\":12,\"days\":0},\"under\":{\"months\":24,\"days\":0}}}");
    TestService.bean(FigureRefresher.class).refreshNow(city.id(), "test");

    Files.createDirectories(SCREENSHOTS);
    downloads = Files.createTempDirectory("dashboard-downloads");
    profile = Files.createTempDirectory("dashboard-chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1366,1000",
        "--lang=ja",
        "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    prefs.put("intl.accept_languages", "ja");
    options.setExperimentalOption("prefs", prefs);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    // localhost, not 127.0.0.1: browsers keep a Secure cookie for http://localhost only.
    base = "http://localhost:" + TestService.server().getPort();
  }

  @AfterAll
  static void closeChromium() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    for (Path dir : new Path[] {downloads, profile}) {
      if (dir != null && Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Waits until the table (swapped by htmx, so found anew each time) is sorted by a column. */
  private static void waitForSort(String column, String direction) {
    wait.until(
        d ->
            (Boolean)
                js(
                    "return [...document.querySelectorAll('#list-table th')].some(th =>"
                        + " th.textContent.trim() === arguments[0]"
                        + " && th.getAttribute('aria-sort') === arguments[1])",
                    column,
                    direction));
  }

  /** What the browser reported: CSP violations, failed loads, script errors. */
  private static List<String> severeBrowserLog() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @Test
  void aNurseLogsInReadsTheOverviewDrillsDownExportsRecordsAFollowUpAndSendsANotice()
      throws Exception {
    // Log in: the overview sends an unknown browser to the login page and back.
    driver.get(base + "/dashboard");
    wait.until(ExpectedConditions.urlContains("/dashboard/login"));
    new Select(driver.findElement(By.id("subject"))).selectByValue(staff.subject());
    driver.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("as-of")));
    assertThat(driver.getCurrentUrl()).isEqualTo(base + "/dashboard");
    assertThat(js("return document.documentElement.lang")).isEqualTo("ja");
    assertThat(driver.findElement(By.id("staff-name")).getText()).isEqualTo("保健師 テスト");

    // The charts are drawn by Chart.js from the service's own files.
    wait.until(
        d ->
            (Boolean)
                js("return document.querySelectorAll('canvas[data-drawn=\"true\"]').length > 3"));
    assertThat(
            (List<?>)
                js(
                    "return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".filter(n => !n.startsWith(location.origin))"))
        .isEmpty();
    assertThat(driver.findElement(By.id("figure-checkup-attendance")).getText())
        .contains("乳幼児健診の受診率", "定義");
    // Every field has a label, every table its headers.
    assertThat(
            js(
                "return [...document.querySelectorAll('input:not([type=hidden]), select,"
                    + " textarea')].filter(e => e.labels.length === 0 &&"
                    + " !e.getAttribute('aria-label')).length"))
        .isEqualTo(0L);
    assertThat(js("return document.querySelectorAll('th:not([scope])').length")).isEqualTo(0L);
    screenshot("01-overview");

    // Drill down: a rate of the attendance table opens the children behind it.
    WebElement rate = driver.findElement(By.cssSelector("#pivot-checkup-attendance tbody td a"));
    String target = rate.getAttribute("href");
    rate.click();
    wait.until(ExpectedConditions.urlToBe(target));
    WebElement total = driver.findElement(By.id("list-total"));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("健診の対象の子ども");
    String totalText = total.getText();
    assertThat(totalText).matches("[0-9,]+ 件");
    int rows = driver.findElements(By.cssSelector("#list-table tbody tr")).size();
    assertThat(rows).isPositive();
    screenshot("02-drill-down");

    // Sort by birth date, newest first: htmx swaps the table and keeps the URL.
    driver.findElement(By.xpath("//th/a[text()='生年月日']")).click();
    waitForSort("生年月日", "ascending");
    driver.findElement(By.xpath("//th/a[text()='生年月日']")).click();
    waitForSort("生年月日", "descending");
    assertThat(driver.getCurrentUrl()).contains("sort=birthDate", "dir=desc");
    List<String> births =
        driver.findElements(By.cssSelector("#list-table tbody tr td:nth-child(3)")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(births).isSortedAccordingTo(java.util.Comparator.reverseOrder());

    // Export the list: the file the browser saved is the list, as Excel in Japan reads it.
    driver.findElement(By.id("list-csv")).click();
    Path csv =
        wait.until(
            d -> {
              try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
              } catch (IOException e) {
                return null;
              }
            });
    byte[] bytes = Files.readAllBytes(csv);
    assertThat(bytes[0] & 0xff).isEqualTo(0xEF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    String[] lines = text.split("\r\n");
    assertThat(lines[0]).startsWith("子どもの氏名,フリガナ,生年月日,母子健康手帳交付番号,生まれ年度,地区,受診,受診日");
    assertThat(lines.length - 1).isEqualTo(Integer.parseInt(totalText.replaceAll("[^0-9]", "")));

    // A work list: record that the mother was called.
    driver.get(base + "/dashboard/work-lists");
    driver.findElement(By.linkText("EPDS 9点以上（または項目10が1点以上）")).click();
    WebElement item =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".work-item")));
    String itemId = item.getAttribute("id");
    new Select(item.findElement(By.name("status"))).selectByValue("contacted");
    item.findElement(By.name("note")).sendKeys("電話で相談にのった");
    item.findElement(By.tagName("button")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + itemId + " .saved")));
    assertThat(
            Db.count(
                "SELECT count(*) FROM dashboard_work_item WHERE municipality_id = ?"
                    + " AND list_id = 'epds-high' AND status = 'contacted'"
                    + " AND note = '電話で相談にのった'",
                city.id()))
        .isEqualTo(1);
    screenshot("03-work-list");

    // Send a notice to a saved audience.
    driver.get(base + "/dashboard/notices");
    driver.findElement(By.id("new-notice")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice-form")));
    new Select(driver.findElement(By.id("audienceId"))).selectByVisibleText("1歳児の保護者");
    driver.findElement(By.id("titleJa")).sendKeys("1歳6か月児健診のご案内");
    driver.findElement(By.id("bodyJa")).sendKeys("保健センターで1歳6か月児健診を行います。");
    driver.findElement(By.id("compose")).click();
    WebElement recipients =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recipients")));
    assertThat(recipients.getText()).startsWith("送信先: ");
    screenshot("04-notice-draft");
    driver.findElement(By.id("send")).click();
    WebElement sent = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sent")));
    assertThat(sent.getText()).endsWith("に送信しました");
    assertThat(
            Db.count(
                "SELECT count(*) FROM notice WHERE municipality_id = ? AND status = 'sent'"
                    + " AND title ->> 'ja' = '1歳6か月児健診のご案内' AND sent_by = ?",
                city.id(),
                staff.subject()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM notice_delivery d JOIN notice n ON n.id = d.notice_id"
                    + " WHERE n.municipality_id = ? AND n.title ->> 'ja' = '1歳6か月児健診のご案内'",
                city.id()))
        .isPositive();
    screenshot("05-notice-sent");

    // Sign out: the session ends.
    driver.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlContains("/dashboard/login"));
    driver.get(base + "/dashboard");
    wait.until(ExpectedConditions.urlContains("/dashboard/login"));

    assertThat(severeBrowserLog()).isEmpty();
  }

  /** Signs in when the browser has no session (the other test signs out at its end). */
  private static void signedIn(String path) {
    driver.get(base + path);
    if (driver.getCurrentUrl().contains("/dashboard/login")) {
      new Select(driver.findElement(By.id("subject"))).selectByValue(staff.subject());
      driver.findElement(By.id("login")).click();
      wait.until(ExpectedConditions.urlToBe(base + path));
    }
  }

  /** A child who moved in from another municipality, taken over by the city's staff. */
  private static String childMovedIn() {
    Personas.Municipality previous = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(previous);
    String previousToken = Tokens.staff(Personas.staffOf(previous));
    Http.Response sent =
        Http.postJson(
            "/api/v1/municipalities/" + previous.code() + "/transfers-out",
            previousToken,
            "{\"childId\":\""
                + infant.family().childId()
                + "\",\"to\":{\"code\":\""
                + city.code()
                + "\",\"name\":\"テスト市\"}}");
    assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("bundle", sent.json().path("bundle"));
    body.putArray("guardians")
        .addObject()
        .put("personId", Personas.parentMovingIn(city).personId().toString())
        .put("relationship", "mother");
    Http.Response in =
        Http.postJson(
            "/api/v1/municipalities/" + city.code() + "/transfers-in",
            Tokens.staff(staff),
            body.toString());
    assertThat(in.status()).as(in.body()).isEqualTo(201);
    return in.json().path("transfer").path("id").asText();
  }

  @Test
  void aNurseMarksAReQueryDoneAndImportsALegacyFileWithABadRowAndItsErrorReport() throws Exception {
    String transferId = childMovedIn();
    Db.update(
        "UPDATE transfer_in SET requery_due = current_date - 1 WHERE id = ?::uuid", transferId);

    // The work lists page counts the transfer lists; the re-query list opens from it.
    signedIn("/dashboard/work-lists");
    driver.findElement(By.linkText("転入者の予防接種記録等の再照会")).click();
    wait.until(ExpectedConditions.urlContains("/dashboard/work-lists/transfer-requeries"));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("転入者の予防接種記録等の再照会");
    assertThat(driver.findElement(By.id("wl-definition")).getText()).contains("再度照会");
    WebElement row =
        driver.findElement(By.cssSelector("#wl-rows tr[data-item=\"" + transferId + "\"]"));
    assertThat(row.findElement(By.className("wl-status")).getText()).isEqualTo("期日到来");
    assertThat(
            js(
                "return [...document.querySelectorAll('input:not([type=hidden]), select,"
                    + " textarea')].filter(e => e.labels.length === 0 &&"
                    + " !e.getAttribute('aria-label')).length"))
        .isEqualTo(0L);
    assertThat(js("return document.querySelectorAll('th:not([scope])').length")).isEqualTo(0L);

    // Mark it done with a note, by keyboard as much as a mouse: htmx swaps the table.
    row.findElement(By.tagName("summary")).click();
    WebElement complete = row.findElement(By.cssSelector("form[data-action=\"complete\"]"));
    complete.findElement(By.name("note")).sendKeys("前住所地に照会済み、追加の記録なし");
    screenshot("06-transfer-work-list");
    complete.findElement(By.tagName("button")).click();
    WebElement message =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("wl-message")));
    assertThat(message.getText()).isEqualTo("再照会を完了にしました。");
    assertThat(
            driver
                .findElement(By.cssSelector("#wl-rows tr[data-item=\"" + transferId + "\"]"))
                .getAttribute("data-status"))
        .isEqualTo("done");
    assertThat(Db.text("SELECT requery_note FROM transfer_in WHERE id = ?::uuid", transferId))
        .isEqualTo("前住所地に照会済み、追加の記録なし");
    screenshot("07-transfer-work-list-done");

    // Bulk import: a vaccination export with one row whose date is no date.
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(city, 5, 0);
    String born = child.birthDate().toString().replace("-", "");
    String day = child.birthDate().plusMonths(2).toString().replace("-", "/");
    String header = "宛名番号,母子健康手帳番号,出生順位,生年月日,予防接種コード,接種回数,接種日,ロット番号,実施機関コード,実施機関名,接種区分\r\n";
    String csv =
        header
            + String.join(
                "",
                child.residentNumber() + ",,," + born + ",06,1," + day + ",D-1,,すこやか小児科,1\r\n",
                child.residentNumber() + ",,," + born + ",02,1,2025年13月40日,P-1,,すこやか小児科,1\r\n",
                child.residentNumber() + ",,," + born + ",03,1," + day + ",B-1,,すこやか小児科,1\r\n");
    Path file = Files.createTempFile("legacy-vaccinations", ".csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);

    driver.findElement(By.linkText("一括取り込み")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("upload-form")));
    driver.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
    new Select(driver.findElement(By.id("system"))).selectByValue("standard-utf8");
    new Select(driver.findElement(By.id("kind"))).selectByValue("vaccination");
    screenshot("08-import-upload");
    driver.findElement(By.id("upload")).click();

    // The job's page follows the progress (htmx polling) until done.
    wait.until(ExpectedConditions.urlMatches(".*/dashboard/imports/[0-9a-f-]{36}$"));
    wait.until(ExpectedConditions.textToBe(By.id("job-status"), "完了"));
    assertThat(driver.findElement(By.id("job-progress-text")).getText()).isEqualTo("3 / 3 行（100%）");
    assertThat(driver.findElement(By.id("count-stored")).getText()).isEqualTo("2");
    assertThat(driver.findElement(By.id("count-rows-with-errors")).getText()).isEqualTo("1");
    assertThat(driver.findElement(By.id("job-errors")).getText())
        .contains("SKY-6112", "2025年13月40日");
    screenshot("09-import-done");

    // The error report, as the browser saves it.
    driver.findElement(By.id("error-report")).click();
    Path report =
        wait.until(
            d -> {
              try (Stream<Path> files = Files.list(downloads)) {
                return files
                    .filter(f -> f.getFileName().toString().startsWith("import-errors-"))
                    .filter(f -> f.toString().endsWith(".csv"))
                    .findFirst()
                    .orElse(null);
              } catch (IOException e) {
                return null;
              }
            });
    byte[] bytes = Files.readAllBytes(report);
    Files.delete(report);
    Files.delete(file);
    String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
    assertThat(lines[0]).isEqualTo("行番号,列,値,エラーコード,メッセージ,message");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith("3,接種日,2025年13月40日,SKY-6112,");

    driver.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlContains("/dashboard/login"));
    assertThat(severeBrowserLog()).isEmpty();
  }
}
