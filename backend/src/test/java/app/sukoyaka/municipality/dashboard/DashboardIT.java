package app.sukoyaka.municipality.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.municipality.figures.FigureRefresher;
import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard over real HTTP, as a browser uses it: the login and its cookie, what the session
 * opens and what it does not, CSRF and cross-site forms, one municipality's staff seeing only its
 * own families, the access log of every row shown, work-item statuses, CSV, languages.
 */
class DashboardIT {
  private static final String SESSION_COOKIE = "__Secure-sukoyaka-dashboard";

  /** A postpartum checkup of the mother's pregnancy with an EPDS total. */
  static UUID epdsCheckup(Personas.Mother mother, UUID facility, int total) {
    UUID encounter = UUID.randomUUID();
    LocalDate day = LocalDate.now().minusDays(10);
    Db.update(
        "INSERT INTO checkup_encounter (id, municipality_id, kind, pregnancy_id, facility_id,"
            + " visit_date, recorded_at) VALUES (?, ?, 'postpartum-2-weeks', ?, ?, ?, now())",
        encounter,
        mother.municipality().id(),
        mother.pregnancyId(),
        facility,
        Date.valueOf(day));
    Db.update(
        "INSERT INTO checkup_finding (id, encounter_id, municipality_id, observation_id,"
            + " item_code, value_type, integer_value) VALUES (?, ?, ?, ?, 'epds-total-score',"
            + " 'integer', ?)",
        UUID.randomUUID(),
        encounter,
        mother.municipality().id(),
        UUID.randomUUID(),
        total);
    return encounter;
  }

  private static String sha256(String value) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aBrowserWithoutASessionIsSentToTheLoginPageAndBackAfterwards() {
    DashboardBrowser browser = new DashboardBrowser();
    DashboardBrowser.Page page = browser.get("/dashboard/lists/epds-high?workStatus=open");
    assertThat(page.status()).isEqualTo(303);
    assertThat(page.header("location"))
        .isEqualTo("/dashboard/login?next=%2Fdashboard%2Flists%2Fepds-high%3FworkStatus%3Dopen");
    DashboardBrowser.Page login = browser.get(page.header("location"));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).contains("value=\"/dashboard/lists/epds-high?workStatus=open\"");
    assertThat(browser.setCookie("sukoyaka-dashboard-login"))
        .contains("HTTPOnly", "SameSite=Strict", "Path=/dashboard/login");
  }

  @Test
  void theSessionCookieIsHttpOnlySameSiteStrictSecureLimitedToTheDashboardAndStoredOnlyHashed()
      throws Exception {
    Personas.Municipality city = Personas.municipality();
    Personas.Staff staff = Personas.staffOf(city);
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());
    String header = browser.setCookie(SESSION_COOKIE);
    assertThat(header).contains("HTTPOnly", "SameSite=Strict", "Secure", "Path=/dashboard");
    String token = browser.cookies().get(SESSION_COOKIE);
    assertThat(token).hasSize(43);
    assertThat(
            Db.count(
                "SELECT count(*) FROM staff_session WHERE staff_subject = ? AND token_sha256 = ?",
                staff.subject(),
                sha256(token)))
        .isEqualTo(1);
    assertThat(Db.count("SELECT count(*) FROM staff_session WHERE token_sha256 = ?", token))
        .isZero();
  }

  @Test
  void theSessionCookieOpensNoApiRoute() {
    Personas.Municipality city = Personas.municipality();
    DashboardBrowser browser = new DashboardBrowser().loginAs(Personas.staffOf(city).subject());
    assertThat(browser.get("/dashboard/work-lists").status()).isEqualTo(200);
    DashboardBrowser.Page api =
        browser.get("/api/v1/notices", Map.of("Accept", "application/json"));
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.body()).contains("SKY-1001");
  }

  @Test
  void aFormWithoutTheSessionsCsrfTokenIsRefusedAndNothingHappens() {
    Personas.Municipality city = Personas.municipality();
    DashboardBrowser browser = new DashboardBrowser().loginAs(Personas.staffOf(city).subject());
    DashboardBrowser.Page forged =
        browser.postAsIs(
            "/dashboard/language", Map.of("_csrf", "forged", "language", "en"), Map.of());
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.contentType()).startsWith("text/html");
    assertThat(forged.body()).contains("SKY-5901");
    DashboardBrowser.Page none =
        browser.postAsIs("/dashboard/language", Map.of("language", "en"), Map.of());
    assertThat(none.status()).isEqualTo(403);
    assertThat(browser.get("/dashboard/work-lists").body()).contains("<html lang=\"ja\"");
  }

  @Test
  void aFormFromAnotherSiteIsRefusedEvenWithTheToken() {
    Personas.Municipality city = Personas.municipality();
    DashboardBrowser browser = new DashboardBrowser().loginAs(Personas.staffOf(city).subject());
    Map<String, String> form = Map.of("_csrf", browser.csrf(), "language", "en");
    // Another origin on the same machine (a page on another port); Micronaut itself already
    // refuses origins that are not local when the service listens on localhost.
    DashboardBrowser.Page origin =
        browser.postAsIs("/dashboard/language", form, Map.of("Origin", "http://localhost:1"));
    assertThat(origin.status()).isEqualTo(403);
    assertThat(origin.body()).contains("SKY-5909");
    DashboardBrowser.Page fetch =
        browser.postAsIs("/dashboard/language", form, Map.of("Sec-Fetch-Site", "cross-site"));
    assertThat(fetch.status()).isEqualTo(403);
    DashboardBrowser.Page same =
        browser.postAsIs(
            "/dashboard/language",
            Map.of("_csrf", browser.csrf(), "language", "en", "next", "/dashboard/work-lists"),
            Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(same.status()).isEqualTo(303);
    assertThat(browser.get("/dashboard/work-lists").body()).contains("<html lang=\"en\"");
  }

  @Test
  void staffSeeOnlyTheirOwnMunicipalitysFamiliesAndEveryRowShownIsLogged() {
    Personas.Municipality ours = Personas.municipality();
    Personas.Municipality theirs = Personas.municipality();
    Personas.Staff staff = Personas.staffOf(ours);
    Personas.FamilyWithInfant ourFamily = Personas.familyWithInfant(ours);
    Personas.FamilyWithInfant theirFamily = Personas.familyWithInfant(theirs);
    UUID ourCheckup =
        epdsCheckup(ourFamily.mother(), Personas.clinicServing(ours).facilityId(), 14);
    UUID theirCheckup =
        epdsCheckup(theirFamily.mother(), Personas.clinicServing(theirs).facilityId(), 15);
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());

    DashboardBrowser.Page list = browser.get("/dashboard/lists/epds-high");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body())
        .contains(ourFamily.mother().handbookNumber(), ourCheckup.toString())
        .doesNotContain(theirFamily.mother().handbookNumber(), theirCheckup.toString());
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND subject_id = ?"
                    + " AND action = 'list-epds-high' AND purpose = 'dashboard'"
                    + " AND outcome = 'allowed'",
                staff.subject(),
                ourFamily.mother().pregnancyId()))
        .isEqualTo(1);

    // Another municipality's item cannot be given a status, whatever the URL says.
    DashboardBrowser.Page foreign =
        browser.post(
            "/dashboard/lists/epds-high/items/" + theirCheckup + "/status",
            Map.of("status", "closed"));
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.body()).contains("SKY-5905");
    assertThat(
            Db.count(
                "SELECT count(*) FROM dashboard_work_item WHERE item_key = ?",
                theirCheckup.toString()))
        .isZero();
  }

  @Test
  void aWorkItemsStatusIsKeptWithWhoAndWhenAndLoggedAsAWrite() {
    Personas.Municipality city = Personas.municipality();
    Personas.Staff staff = Personas.staffOf(city);
    Personas.FamilyWithInfant family = Personas.familyWithInfant(city);
    UUID checkup = epdsCheckup(family.mother(), Personas.clinicServing(city).facilityId(), 11);
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());
    browser.get("/dashboard/lists/epds-high");

    Map<String, String> form = new LinkedHashMap<>();
    form.put("status", "contacted");
    form.put("note", "電話で様子を聞いた。来週訪問。");
    form.put("back", "/dashboard/lists/epds-high?workStatus=contacted");
    DashboardBrowser.Page saved =
        browser.post("/dashboard/lists/epds-high/items/" + checkup + "/status", form);
    assertThat(saved.status()).isEqualTo(303);
    assertThat(saved.header("location"))
        .isEqualTo("/dashboard/lists/epds-high?workStatus=contacted");

    DashboardBrowser.Page contacted = browser.get(saved.header("location"));
    assertThat(contacted.body()).contains(checkup.toString(), "電話で様子を聞いた。来週訪問。");
    assertThat(browser.get("/dashboard/lists/epds-high?workStatus=open").body())
        .doesNotContain(checkup.toString());
    assertThat(
            Db.count(
                "SELECT count(*) FROM dashboard_work_item_event WHERE item_key = ?"
                    + " AND from_status = 'open' AND to_status = 'contacted' AND actor = ?",
                checkup.toString(),
                "staff:" + staff.subject()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND subject_id = ?"
                    + " AND action = 'set-work-item-status-epds-high'",
                staff.subject(),
                family.mother().pregnancyId()))
        .isEqualTo(1);

    DashboardBrowser.Page unknownStatus =
        browser.post(
            "/dashboard/lists/epds-high/items/" + checkup + "/status", Map.of("status", "lost"));
    assertThat(unknownStatus.status()).isEqualTo(422);
    assertThat(unknownStatus.body()).contains("SKY-5906");
  }

  @Test
  void aGuardianCannotOpenTheDashboard() {
    Personas.Municipality city = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(city);
    DashboardBrowser browser = new DashboardBrowser();
    DashboardBrowser.Page page =
        browser.get(
            "/dashboard",
            Map.of(
                "Authorization",
                "Bearer " + Tokens.guardian(family.mother()),
                "Accept",
                "application/json"));
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.body()).contains("SKY-1005");
  }

  @Test
  void listsExportEveryRowAsCsvExcelOpensAndTheExportIsLogged() {
    Personas.Municipality city = Personas.municipality();
    Personas.Staff staff = Personas.staffOf(city);
    Personas.FamilyWithInfant family = Personas.familyWithInfant(city);
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());
    DashboardBrowser.Page csv =
        browser.get("/dashboard/lists/app-registration/csv?subject=child&registered=yes");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.header("content-disposition"))
        .startsWith("attachment; filename=\"app-registration-");
    assertThat(csv.body()).startsWith("\uFEFF氏名,フリガナ,生年月日・出産予定日,母子健康手帳交付番号");
    assertThat(csv.body()).contains("鈴木 蓮,スズキ レン," + family.childBirthDate() + ",");
    assertThat(csv.body().split("\r\n")).hasSize(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND subject_id = ?"
                    + " AND action = 'export-app-registration'",
                staff.subject(),
                family.childId()))
        .isEqualTo(1);
  }

  @Test
  void theFigurePageShowsItsDefinitionAndLinksItsNumbersToTheListsBehindThem() {
    Personas.Municipality city = Personas.municipality();
    Personas.Staff staff = Personas.staffOf(city);
    Personas.familyWithInfant(city);
    TestService.bean(FigureRefresher.class).refreshNow(city.id(), "test");
    DashboardBrowser browser = new DashboardBrowser().loginAs(staff.subject());
    DashboardBrowser.Page page = browser.get("/dashboard/figures/app-registration");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("母子健康手帳アプリの登録率", "分子", "分母", "子ども", "100.0%")
        .contains("href=\"/dashboard/lists/app-registration?subject=child&amp;cohort=");
    DashboardBrowser.Page csv = browser.get("/dashboard/figures/app-registration/csv");
    assertThat(csv.body()).startsWith("\uFEFF手帳,手帳（コード）,生まれ年度,生まれ年度（コード）,登録済み,手帳,率");
    assertThat(csv.body()).contains("子ども,child,");
    DashboardBrowser.Page overview = browser.get("/dashboard");
    assertThat(overview.body()).contains("アプリ登録率", "100.0%", "1 / 1");
  }

  @Test
  void unknownListsFiguresAndFiltersAnswerTheirCodes() {
    Personas.Municipality city = Personas.municipality();
    DashboardBrowser browser = new DashboardBrowser().loginAs(Personas.staffOf(city).subject());
    assertThat(browser.get("/dashboard/lists/nope").body()).contains("SKY-5902");
    assertThat(browser.get("/dashboard/figures/nope").body()).contains("SKY-5903");
    DashboardBrowser.Page missingKind = browser.get("/dashboard/lists/checkup-attendance");
    assertThat(missingKind.status()).isEqualTo(400);
    assertThat(missingKind.body()).contains("SKY-5904");
    assertThat(browser.get("/dashboard/lists/vaccine-status?sort=shoeSize").status())
        .isEqualTo(400);
    assertThat(browser.get("/dashboard/lists/vaccine-status?status=sleepy").status())
        .isEqualTo(400);
  }

  @Test
  void signingOutEndsTheSessionAtOnce() {
    Personas.Municipality city = Personas.municipality();
    DashboardBrowser browser = new DashboardBrowser().loginAs(Personas.staffOf(city).subject());
    String token = browser.cookies().get(SESSION_COOKIE);
    DashboardBrowser.Page out = browser.post("/dashboard/logout", Map.of());
    assertThat(out.status()).isEqualTo(303);
    assertThat(browser.cookies()).doesNotContainKey(SESSION_COOKIE);
    DashboardBrowser replay = new DashboardBrowser();
    replay.cookies().put(SESSION_COOKIE, token);
    assertThat(replay.get("/dashboard").status()).isEqualTo(303);
  }

  @Test
  void thePageLanguageFollowsTheBrowserUntilStaffChooseOne() {
    Personas.Municipality city = Personas.municipality();
    DashboardBrowser browser =
        new DashboardBrowser().language("en-US,en;q=0.9").loginAs(Personas.staffOf(city).subject());
    DashboardBrowser.Page english = browser.get("/dashboard/work-lists");
    assertThat(english.body()).contains("<html lang=\"en\"", "Work lists", "Sign out");
    browser.post("/dashboard/language", Map.of("language", "ja", "next", "/dashboard/work-lists"));
    assertThat(browser.get("/dashboard/work-lists").body()).contains("<html lang=\"ja\"", "作業リスト");
    assertThat(
            browser
                .post("/dashboard/language", Map.of("language", "vi", "next", "/dashboard"))
                .status())
        .isEqualTo(422);
  }
}
