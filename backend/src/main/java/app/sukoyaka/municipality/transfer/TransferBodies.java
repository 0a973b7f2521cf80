package app.sukoyaka.municipality.transfer;

import app.sukoyaka.family.Child;
import app.sukoyaka.municipality.transfer.CorrectionStore.ContactRow;
import app.sukoyaka.municipality.transfer.CorrectionStore.CorrectionRow;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.municipality.transfer.TransferStore.ConflictRow;
import app.sukoyaka.municipality.transfer.TransferStore.ImportRow;
import app.sukoyaka.municipality.transfer.TransferStore.OutRow;
import app.sukoyaka.municipality.transfer.TransferStore.ProvenanceRow;
import app.sukoyaka.municipality.transfer.TransferStore.TransferRow;
import app.sukoyaka.notice.GuardianNotices;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.JsonLimits;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of the transfer and correction APIs (api-spec: TransferRequest, TransferOutcome,
 * Transfer, TransferOut, Correction …), read from and written to Jackson trees, because these
 * bodies carry FHIR Bundles and records' contents as they are. Pure.
 */
final class TransferBodies {
  private TransferBodies() {}

  /** Reads one JSON value: what follows it (but whitespace) makes the body malformed. */
  private static final ObjectReader BODY =
      TransferContent.JSON
          .readerFor(JsonNode.class)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The body as JSON; a malformed body is refused by name, and so is a text that is not Unicode (a
   * lone surrogate, which would be stored as "?").
   */
  static JsonNode parse(String body) {
    JsonNode node;
    try {
      node = body == null ? null : BODY.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IOException("not an object");
      }
    } catch (IOException e) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "The body is not one JSON object.",
          List.of(new FieldError("", "a JSON object")));
    }
    if (!JsonLimits.isUnicode(node)) {
      throw new ProblemException(ErrorCode.REQUEST_TEXT_NOT_UNICODE, JsonLimits.NOT_UNICODE);
    }
    return node;
  }

  /** A transfer-in request: a handbook Bundle or the items, who moved from where, guardians. */
  static TransfersIn.Source source(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode bundle = body.path("bundle");
    JsonNode items = body.path("items");
    if (!bundle.isMissingNode() && !bundle.isNull() && !bundle.isObject()) {
      errors.add(new FieldError("bundle", "a FHIR Bundle (a JSON object)"));
    }
    if (!items.isMissingNode() && !items.isNull() && !items.isObject()) {
      errors.add(new FieldError("items", "the mandatory items (a JSON object)"));
    }
    Sender previous = null;
    JsonNode named = body.path("previousMunicipality");
    if (named.isObject()) {
      previous =
          new Sender(
              TransferContent.text(named.path("code")), TransferContent.text(named.path("name")));
    } else if (!named.isMissingNode() && !named.isNull()) {
      errors.add(new FieldError("previousMunicipality", "code and name"));
    }
    List<TransfersIn.Guardian> guardians = new ArrayList<>();
    int index = 0;
    for (JsonNode guardian : TransferContent.iterable(body.path("guardians"))) {
      String at = "guardians/" + index++;
      try {
        guardians.add(
            new TransfersIn.Guardian(
                UUID.fromString(guardian.path("personId").asText()),
                TransferContent.text(guardian.path("relationship"))));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(at + "/personId", "a person's id"));
      }
    }
    JsonNode consent = body.path("consent");
    if (!consent.isMissingNode() && !consent.isNull() && !consent.isBoolean()) {
      errors.add(new FieldError("consent", "true or false"));
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY, errors.get(0).field() + ": " + errors.get(0).message(), errors);
    }
    return new TransfersIn.Source(
        bundle.isObject() ? bundle.toString() : null,
        items.isObject() ? items : null,
        TransferContent.text(body.path("patient")),
        previous,
        guardians,
        consent.asBoolean(false));
  }

  // --- Writing -----------------------------------------------------------------------------

  static ObjectNode outcome(TransfersIn.Outcome outcome, Child child, LocalDate today) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.set("transfer", transfer(outcome.transfer(), child, today));
    ObjectNode imported = importNode(outcome.imported());
    imported.put("repeated", outcome.repeated());
    node.set("import", imported);
    node.put("childCreated", outcome.childCreated());
    ArrayNode conflicts = node.putArray("conflicts");
    outcome.conflicts().forEach(c -> conflicts.add(conflict(c)));
    return node;
  }

  static ObjectNode transfer(TransferRow row, Child child, LocalDate today) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.put("id", row.id().toString());
    node.put("childId", row.childId().toString());
    if (child != null) {
      ObjectNode about = node.putObject("child");
      about.put("name", child.displayName());
      about.put("birthDate", child.birthDate().toString());
      about.put("sex", child.sex());
    }
    ObjectNode previous = node.putObject("previousMunicipality");
    previous.put("code", row.fromCode());
    previous.put("name", row.fromName());
    if (row.handbookIssuerCode() == null) {
      node.putNull("handbook");
    } else {
      ObjectNode handbook = node.putObject("handbook");
      handbook.put("municipalityCode", row.handbookIssuerCode());
      handbook.put("number", row.handbookNumber());
      handbook.put("birthOrder", row.birthOrder());
    }
    node.put("createdAt", row.createdAt().toString());
    node.put("createdBy", row.createdBy());
    ObjectNode requery = node.putObject("requery");
    requery.put("due", row.requeryDue().toString());
    requery.put(
        "status",
        row.requeryDone() ? "done" : row.requeryDue().isAfter(today) ? "scheduled" : "due");
    putInstant(requery, "doneAt", row.requeryDoneAt());
    requery.put("doneBy", row.requeryDoneBy());
    requery.put(
        "importId", row.requeryImportId() == null ? null : row.requeryImportId().toString());
    requery.put("note", row.requeryNote());
    return node;
  }

  static ObjectNode importNode(ImportRow row) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.put("id", row.id().toString());
    node.put("format", row.format());
    node.put("documentKind", row.documentKind());
    node.put("documentId", row.documentId());
    node.put("broughtBy", row.broughtBy());
    putInstant(node, "consentAt", row.consentAt());
    node.put("importedBy", row.importedBy());
    node.put("importedAt", row.importedAt().toString());
    node.put("added", row.added());
    node.put("unchanged", row.unchanged());
    node.put("conflicts", row.conflicts());
    node.set("skipped", json(row.skipped()));
    return node;
  }

  static ObjectNode detail(TransfersIn.TransferView view, LocalDate today) {
    ObjectNode node = transfer(view.transfer(), view.child(), today);
    ArrayNode imports = node.putArray("imports");
    view.imports().forEach(i -> imports.add(importNode(i)));
    ArrayNode records = node.putArray("records");
    for (ProvenanceRow row : view.records()) {
      ObjectNode record = records.addObject();
      record.put("type", row.recordType());
      record.put("id", row.localId().toString());
      ObjectNode origin = record.putObject("origin");
      origin.put("municipalityCode", row.origin().municipalityCode());
      origin.put("id", row.origin().id());
      origin.put("source", row.originSource());
      record.put("importId", row.importId().toString());
      record.put("importedAt", row.importedAt().toString());
    }
    ArrayNode conflicts = node.putArray("conflicts");
    view.conflicts().forEach(c -> conflicts.add(conflict(c)));
    return node;
  }

  static ObjectNode conflict(ConflictRow row) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.put("id", row.id().toString());
    // A child's conflict names its transfer and import; a pregnancy's her take-over.
    if (row.pregnancyId() != null) {
      node.put("pregnancyId", row.pregnancyId().toString());
      node.put("pregnancyTransferId", row.pregnancyTransferId().toString());
    } else {
      node.put("transferId", row.transferId().toString());
      node.put("importId", row.importId().toString());
      node.put("childId", row.childId().toString());
    }
    node.put("recordType", row.recordType());
    node.put("recordId", row.localId().toString());
    ObjectNode origin = node.putObject("origin");
    origin.put("municipalityCode", row.origin().municipalityCode());
    origin.put("id", row.origin().id());
    node.put("reason", row.reason());
    node.set("ours", json(row.ours()));
    node.set("theirs", row.theirs() == null ? TransferContent.JSON.nullNode() : json(row.theirs()));
    node.put("status", row.status());
    node.put("createdAt", row.createdAt().toString());
    putInstant(node, "resolvedAt", row.resolvedAt());
    node.put("resolvedBy", row.resolvedBy());
    node.put("note", row.resolutionNote());
    return node;
  }

  static ObjectNode transferList(List<TransferRow> rows, LocalDate today) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    ArrayNode items = node.putArray("transfers");
    rows.forEach(r -> items.add(transfer(r, null, today)));
    return node;
  }

  static ObjectNode out(OutRow row) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.put("id", row.id().toString());
    node.put("childId", row.childId().toString());
    ObjectNode to = node.putObject("to");
    to.put("code", row.toCode());
    to.put("name", row.toName());
    node.put("documentKind", row.documentKind());
    node.put("correctionId", row.correctionId() == null ? null : row.correctionId().toString());
    node.put("bundleSha256", row.bundleSha256());
    node.put("records", row.records());
    node.put("sentBy", row.sentBy());
    node.put("sentAt", row.sentAt().toString());
    node.put("note", row.note());
    return node;
  }

  static ObjectNode sent(TransfersOut.Sent sent) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.set("transferOut", out(sent.out()));
    node.set("bundle", json(sent.bundle()));
    return node;
  }

  static ObjectNode outList(List<OutRow> rows) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    ArrayNode items = node.putArray("transfersOut");
    rows.forEach(r -> items.add(out(r)));
    return node;
  }

  static ObjectNode correction(CorrectionRow row) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.put("id", row.id().toString());
    node.put("childId", row.childId().toString());
    ObjectNode record = node.putObject("record");
    record.put("type", row.recordType());
    record.put("id", row.recordId().toString());
    record.put("checkupId", row.encounterId() == null ? null : row.encounterId().toString());
    node.put("action", row.action());
    node.put("versionBefore", row.versionBefore());
    node.put("versionAfter", row.versionAfter());
    node.set("before", json(row.before()));
    node.set("after", row.after() == null ? TransferContent.JSON.nullNode() : json(row.after()));
    node.put("reason", row.reason());
    node.put("noticeId", row.noticeId() == null ? null : row.noticeId().toString());
    node.put("correctedBy", row.correctedBy());
    node.put("correctedAt", row.correctedAt().toString());
    return node;
  }

  static ObjectNode contact(ContactRow row) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.put("id", row.id().toString());
    node.put("correctionId", row.correctionId().toString());
    ObjectNode municipality = node.putObject("municipality");
    municipality.put("code", row.toCode());
    municipality.put("name", row.toName());
    node.put("reason", row.reason());
    node.put("status", row.status());
    node.put("note", row.note());
    node.put("transferOutId", row.transferOutId() == null ? null : row.transferOutId().toString());
    node.put("updatedBy", row.updatedBy());
    putInstant(node, "updatedAt", row.updatedAt());
    node.put("createdAt", row.createdAt().toString());
    return node;
  }

  static ObjectNode done(Corrections.Done done, String bundle) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.set("correction", correction(done.correction()));
    ArrayNode contacts = node.putArray("contacts");
    done.contacts().forEach(c -> contacts.add(contact(c)));
    GuardianNotices.Sent notice = done.notice();
    if (notice == null) {
      node.putNull("notice");
    } else {
      ObjectNode sent = node.putObject("notice");
      sent.put("id", notice.noticeId().toString());
      sent.put("online", notice.online());
      sent.put("paper", notice.paper());
    }
    node.set("bundle", json(bundle));
    return node;
  }

  static ObjectNode correctionView(Corrections.CorrectionView view) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    node.set("correction", correction(view.correction()));
    ArrayNode contacts = node.putArray("contacts");
    view.contacts().forEach(c -> contacts.add(contact(c)));
    node.set("bundle", json(view.bundle()));
    return node;
  }

  static ObjectNode correctionList(List<CorrectionRow> rows) {
    ObjectNode node = TransferContent.JSON.createObjectNode();
    ArrayNode items = node.putArray("corrections");
    rows.forEach(r -> items.add(correction(r)));
    return node;
  }

  private static void putInstant(ObjectNode node, String name, Instant instant) {
    node.put(name, instant == null ? null : instant.toString());
  }

  private static JsonNode json(String text) {
    try {
      return TransferContent.JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
