package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transfer work lists as dashboard pages, over real HTTP as a browser uses them: each list's
 * page with its definition, table, sorting, status filter and CSV, in Japanese and English; each
 * action as a form with the session's CSRF token (re-query done, the newer handbook imported as a
 * file, a conflict decided, a correction contact followed up), refused without the token and for
 * another municipality's items.
 */
class WorkListPagesIT {
  private Personas.Municipality previous;
  private Personas.Municipality next;
  private Personas.VaccinatedInfant infant;
  private String previousToken;
  private String nextToken;
  private Personas.Staff previousStaff;
  private Personas.Staff nextStaff;
  private UUID transferId;

  @BeforeEach
  void aChildMovedIn() {
    previous = Personas.municipality();
    next = Personas.municipality();
    infant = Personas.infantWithTwoMonthVaccinations(previous);
    previousStaff = Personas.staffOf(previous);
    nextStaff = Personas.staffOf(next);
    previousToken = Tokens.staff(previousStaff);
    nextToken = Tokens.staff(nextStaff);
    JsonNode sent =
        TransferRoundTripIT.transferOut(previous, previousToken, infant.family().childId(), next);
    JsonNode outcome =
        TransferRoundTripIT.transferIn(
                next, nextToken, sent.path("bundle"), Personas.parentMovingIn(next).personId())
            .json();
    transferId = UUID.fromString(outcome.path("transfer").path("id").asText());
  }

  /**
   * The previous municipality withdraws a record it sent: a contact for it, and for us a change.
   */
  private String withdrawnAtThePreviousMunicipality() {
    UUID withdrawn = infant.recordIds().get(1);
    Http.Response retraction =
        Http.postJson(
            "/api/v1/municipalities/" + previous.code() + "/corrections",
            previousToken,
            "{\"record\":{\"type\":\"immunization\",\"id\":\""
                + withdrawn
                + "\"},\"action\":\"retract\",\"reason\":\"別の子の記録を誤って登録\","
                + "\"notifyGuardians\":false}");
    assertThat(retraction.status()).as(retraction.body()).isEqualTo(201);
    return TransferRoundTripIT.transferOut(previous, previousToken, infant.family().childId(), next)
        .path("bundle")
        .toString();
  }

  private String importedConflict(String bundle) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putRawValue("bundle", new com.fasterxml.jackson.databind.util.RawValue(bundle));
    Http.Response imported =
        Http.postJson(
            "/api/v1/municipalities/" + next.code() + "/transfers-in/" + transferId + "/imports",
            nextToken,
            body.toString());
    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    return imported.json().path("conflicts").get(0).path("id").asText();
  }

  @Test
  void theWorkListsPageCountsEveryTransferListByStatusAndLinksToItsPage() {
    DashboardBrowser browser = new DashboardBrowser().loginAs(nextStaff.subject());

    DashboardBrowser.Page page = browser.get("/dashboard/work-lists");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "転入・記録の訂正・登録の遅れ",
            "href=\"/dashboard/work-lists/transfer-requeries\"",
            "href=\"/dashboard/work-lists/transfer-conflicts\"",
            "href=\"/dashboard/work-lists/correction-contacts\"",
            "href=\"/dashboard/work-lists/late-registrations\"",
            "href=\"/dashboard/work-lists/transfer-requeries?status=scheduled\">1</a>");
  }

  @Test
  void aRequeryListShowsItsDefinitionAndRowsAndIsMarkedDoneByItsFormWithANote() {
    DashboardBrowser browser = new DashboardBrowser().loginAs(nextStaff.subject());

    DashboardBrowser.Page page = browser.get("/dashboard/work-lists/transfer-requeries");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "<html lang=\"ja\"",
            "<h1>転入者の予防接種記録等の再照会</h1>",
            "転入前の市区町村へ記録を再度照会する予定です",
            "data-item=\"" + transferId + "\"",
            "action=\"/dashboard/work-lists/transfer-requeries/items/"
                + transferId
                + "/actions/complete\"",
            "enctype=\"multipart/form-data\"",
            "追加の記録なしで完了");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND subject_id = ?"
                    + " AND action = 'read-work-list' AND outcome = 'allowed'",
                nextStaff.subject(),
                infantChildHere()))
        .isPositive();

    DashboardBrowser.Page done =
        browser.post(
            "/dashboard/work-lists/transfer-requeries/items/" + transferId + "/actions/complete",
            Map.of("note", "前住所地に照会済み、追加の記録なし"));

    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.body()).contains("再照会を完了にしました。", "data-status=\"done\"");
    assertThat(Db.text("SELECT requery_note FROM transfer_in WHERE id = ?", transferId))
        .isEqualTo("前住所地に照会済み、追加の記録なし");
    // Done: the row offers nothing more.
    DashboardBrowser.Page again =
        browser.post(
            "/dashboard/work-lists/transfer-requeries/items/" + transferId + "/actions/complete",
            Map.of());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).contains("SKY-6202");
  }

  private UUID infantChildHere() {
    return UUID.fromString(
        Db.text("SELECT child_id::text FROM transfer_in WHERE id = ?", transferId));
  }

  @Test
  void theNewerHandbookIsImportedAsAFileAndAChangedRecordIsDecidedOnTheConflictsPage() {
    String bundle = withdrawnAtThePreviousMunicipality();
    Db.update("UPDATE transfer_in SET requery_due = current_date - 1 WHERE id = ?", transferId);
    DashboardBrowser browser = new DashboardBrowser().loginAs(nextStaff.subject());
    browser.get("/dashboard/work-lists/transfer-requeries?status=due");

    DashboardBrowser.Page imported =
        browser.postMultipart(
            "/dashboard/work-lists/transfer-requeries/items/"
                + transferId
                + "/actions/import-handbook",
            Map.of(),
            "bundle",
            "handbook.json",
            bundle.getBytes(StandardCharsets.UTF_8),
            true);

    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(imported.body()).contains("取り込みました：追加 0 件", "確認待ち 1 件");
    assertThat(
            Db.count(
                "SELECT count(*) FROM transfer_in WHERE id = ? AND requery_done_at IS NOT NULL",
                transferId))
        .isEqualTo(1);

    DashboardBrowser.Page conflicts = browser.get("/dashboard/work-lists/transfer-conflicts");
    assertThat(conflicts.body()).contains("新しい手帳にない (missing)", "当方の記録を維持");
    String conflictId =
        Db.text("SELECT id::text FROM transfer_conflict WHERE transfer_id = ?", transferId);

    // Without the session's token nothing is decided.
    DashboardBrowser.Page forged =
        browser.postAsIs(
            "/dashboard/work-lists/transfer-conflicts/items/" + conflictId + "/actions/keep",
            Map.of("_csrf", "forged"),
            Map.of());
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body()).contains("SKY-5901");
    assertThat(Db.text("SELECT status FROM transfer_conflict WHERE id = ?::uuid", conflictId))
        .isEqualTo("open");

    // With htmx, only the table comes back.
    DashboardBrowser.Page kept =
        browser.send(
            "POST",
            "/dashboard/work-lists/transfer-conflicts/items/" + conflictId + "/actions/keep",
            Map.of("_csrf", browser.csrf(), "note", "当方の接種記録で正しい"),
            Map.of("HX-Request", "true", "HX-Target", "wl-table"));
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(kept.body()).contains("当方の記録を維持しました。").doesNotContain("<html");
    assertThat(Db.text("SELECT status FROM transfer_conflict WHERE id = ?::uuid", conflictId))
        .isEqualTo("kept");
  }

  @Test
  void aFileThatIsNoHandbookIsRefusedAndChangesNothing() {
    Db.update("UPDATE transfer_in SET requery_due = current_date - 1 WHERE id = ?", transferId);
    DashboardBrowser browser = new DashboardBrowser().loginAs(nextStaff.subject());
    browser.get("/dashboard/work-lists/transfer-requeries");

    DashboardBrowser.Page refused =
        browser.postMultipart(
            "/dashboard/work-lists/transfer-requeries/items/"
                + transferId
                + "/actions/import-handbook",
            Map.of(),
            "bundle",
            "notes.txt",
            "これは手帳ではありません".getBytes(StandardCharsets.UTF_8),
            true);
    DashboardBrowser.Page empty =
        browser.postMultipart(
            "/dashboard/work-lists/transfer-requeries/items/"
                + transferId
                + "/actions/import-handbook",
            Map.of(),
            null,
            null,
            null,
            true);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("SKY-6001");
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.body()).contains("SKY-6203");
    assertThat(
            Db.count(
                "SELECT count(*) FROM transfer_in WHERE id = ? AND requery_done_at IS NULL",
                transferId))
        .isEqualTo(1);
  }

  @Test
  void aCorrectionContactIsFollowedUpOnceAndAnotherMunicipalitysStaffCannotTouchIt() {
    withdrawnAtThePreviousMunicipality();
    String contactId =
        Db.text(
            "SELECT k.id::text FROM correction_contact k WHERE k.municipality_id = ?",
            previous.id());
    DashboardBrowser ours = new DashboardBrowser().loginAs(previousStaff.subject());
    DashboardBrowser theirs = new DashboardBrowser().loginAs(nextStaff.subject());
    DashboardBrowser.Page theirList = theirs.get("/dashboard/work-lists/correction-contacts");
    assertThat(theirList.body()).doesNotContain(contactId);

    DashboardBrowser.Page foreign =
        theirs.post(
            "/dashboard/work-lists/correction-contacts/items/" + contactId + "/actions/done",
            Map.of());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.body()).contains("SKY-5905");

    DashboardBrowser.Page list = ours.get("/dashboard/work-lists/correction-contacts");
    assertThat(list.body()).contains(contactId, "送付先に訂正を連絡 (sent the record)", "連絡済み");
    DashboardBrowser.Page contacted =
        ours.post(
            "/dashboard/work-lists/correction-contacts/items/" + contactId + "/actions/contacted",
            Map.of("note", "電話で連絡、Bundleを送付"));
    assertThat(contacted.status()).as(contacted.body()).isEqualTo(200);
    assertThat(Db.text("SELECT status FROM correction_contact WHERE id = ?::uuid", contactId))
        .isEqualTo("contacted");
    assertThat(
            Db.count(
                "SELECT count(*) FROM transfer_out WHERE municipality_id = ?"
                    + " AND document_kind = 'correction'",
                previous.id()))
        .isEqualTo(1);
    // Contacted: only "done" is left.
    DashboardBrowser.Page backwards =
        ours.post(
            "/dashboard/work-lists/correction-contacts/items/" + contactId + "/actions/contacted",
            Map.of());
    assertThat(backwards.status()).isEqualTo(404);
    DashboardBrowser.Page done =
        ours.post(
            "/dashboard/work-lists/correction-contacts/items/" + contactId + "/actions/done",
            Map.of());
    assertThat(done.status()).isEqualTo(200);
    assertThat(Db.text("SELECT status FROM correction_contact WHERE id = ?::uuid", contactId))
        .isEqualTo("done");
  }

  @Test
  void theEnglishPageAndCsvSayTheSameInEnglishSortedAsAsked() {
    DashboardBrowser browser = new DashboardBrowser().language("en").loginAs(nextStaff.subject());

    DashboardBrowser.Page page =
        browser.get("/dashboard/work-lists/transfer-requeries?sort=child&dir=desc");
    DashboardBrowser.Page csv =
        browser.get("/dashboard/work-lists/transfer-requeries/csv?status=scheduled");
    DashboardBrowser.Page unknownSort =
        browser.get("/dashboard/work-lists/transfer-requeries?sort=nothing");
    DashboardBrowser.Page unknownList = browser.get("/dashboard/work-lists/no-such-list");
    // A list without actions, and an empty one, are drawn by the same page.
    DashboardBrowser.Page late = browser.get("/dashboard/work-lists/late-registrations");
    DashboardBrowser.Page conflicts = browser.get("/dashboard/work-lists/transfer-conflicts");
    DashboardBrowser.Page fragment =
        browser.get(
            "/dashboard/work-lists/transfer-requeries?sort=requeryDue",
            Map.of("HX-Request", "true", "HX-Target", "wl-table"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "<html lang=\"en\"",
            "<h1>Re-queries of the previous municipality</h1>",
            "aria-sort=\"descending\"",
            "Done, nothing more",
            "Import the newer handbook");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.body())
        .startsWith("\uFEFFStatus,Transfer,Child,Date of birth,Previous municipality")
        .contains("Scheduled," + transferId);
    assertThat(csv.header("content-disposition")).contains("transfer-requeries-");
    assertThat(unknownSort.status()).isEqualTo(400);
    assertThat(unknownSort.body()).contains("SKY-5904");
    assertThat(unknownList.status()).isEqualTo(404);
    assertThat(unknownList.body()).contains("SKY-6016");
    assertThat(late.status()).isEqualTo(200);
    assertThat(late.body())
        .contains("<h1>Vaccinations late to be registered</h1>")
        .doesNotContain("wl-action");
    assertThat(conflicts.status()).isEqualTo(200);
    assertThat(conflicts.body()).contains("Nobody matches.");
    assertThat(fragment.status()).isEqualTo(200);
    assertThat(fragment.body()).startsWith("<div id=\"wl-table\"").doesNotContain("<html");
  }
}
