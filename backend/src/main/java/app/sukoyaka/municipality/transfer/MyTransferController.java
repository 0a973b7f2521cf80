package app.sukoyaka.municipality.transfer;

import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.security.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.List;

/**
 * The pregnant person takes her pregnancy over from the download she brought from another Sukoyaka
 * (another municipality), and reads the notices that municipality sent her, kept as an archive.
 */
@Controller("/api/v1/me")
@ExecuteOn(TaskExecutors.BLOCKING)
class MyTransferController {
  private final PregnanciesIn pregnanciesIn;

  MyTransferController(PregnanciesIn pregnanciesIn) {
    this.pregnanciesIn = pregnanciesIn;
  }

  @Post(
      uri = "/transfers-in",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> takeOver(@Body String body, Principal principal) {
    // Who she is before what she sent: another role or login is refused as such.
    pregnanciesIn.person(principal);
    JsonNode request = TransferBodies.parse(body);
    JsonNode bundle = request.path("bundle");
    // The Bundle as a JSON object, or the downloaded file's text as the app read it.
    if (!bundle.isObject() && !bundle.isTextual()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "bundle: the download of all her data (a FHIR Bundle, as JSON or as the file's text).",
          List.of(new FieldError("bundle", "a FHIR Bundle")));
    }
    JsonNode named = request.path("previousMunicipality");
    JsonNode consent = request.path("consent");
    if (!consent.isMissingNode() && !consent.isNull() && !consent.isBoolean()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "consent: true or false",
          List.of(new FieldError("consent", "true or false")));
    }
    PregnanciesIn.Outcome outcome =
        pregnanciesIn.takeOver(
            principal,
            new PregnanciesIn.Source(
                bundle.isTextual() ? bundle.asText() : bundle.toString(),
                TransferContent.text(request.path("patient")),
                named.isObject()
                    ? new Sender(
                        TransferContent.text(named.path("code")),
                        TransferContent.text(named.path("name")))
                    : null,
                consent.asBoolean(false)));
    ObjectNode json = TransferContent.JSON.createObjectNode();
    json.put("repeated", outcome.repeated());
    json.putObject("previousMunicipality")
        .put("code", outcome.previous().code())
        .put("name", outcome.previous().name());
    ArrayNode pregnancies = json.putArray("pregnancies");
    for (PregnanciesIn.TakenPregnancy taken : outcome.pregnancies()) {
      ObjectNode one = pregnancies.addObject();
      // What the previous Sukoyaka changed since she took it over: listed for staff, not applied.
      ArrayNode conflicts = one.putArray("conflicts");
      taken.conflicts().forEach(c -> conflicts.add(TransferBodies.conflict(c)));
      one.put("pregnancyId", taken.pregnancyId().toString())
          .put("originId", taken.originId())
          .put("created", taken.created())
          .put("linked", taken.linked())
          .put("added", taken.added())
          .put("linkedRecords", taken.linkedRecords())
          .put("unchanged", taken.unchanged());
    }
    json.putObject("notices")
        .put("archived", outcome.noticesArchived())
        .put("unchanged", outcome.noticesKnown());
    ArrayNode skipped = json.putArray("skipped");
    outcome
        .skipped()
        .forEach(s -> skipped.addObject().put("resource", s.resource()).put("reason", s.reason()));
    return HttpResponse.<String>status(outcome.repeated() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(json.toString())
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  @Get(uri = "/notice-archive", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> archive(Principal principal) {
    ObjectNode json = TransferContent.JSON.createObjectNode();
    ArrayNode notices = json.putArray("notices");
    for (PregnancyTransferStore.ArchivedNotice notice : pregnanciesIn.archive(principal)) {
      ObjectNode one = notices.addObject();
      one.put("id", notice.id().toString());
      one.putObject("from").put("code", notice.fromCode()).put("name", notice.fromName());
      one.put("senderName", notice.senderName());
      one.put("kind", notice.kind());
      one.put("channel", notice.channel());
      one.put("title", notice.title());
      one.put("body", notice.body());
      one.put("sentAt", notice.sentAt() == null ? null : notice.sentAt().toString());
      one.put("readAt", notice.readAt() == null ? null : notice.readAt().toString());
      try {
        one.set("replies", TransferContent.JSON.readTree(notice.replies()));
      } catch (IOException e) {
        throw new IllegalStateException("Stored replies are not JSON", e);
      }
      one.put("archivedAt", notice.importedAt().toString());
      one.put("readOnly", true);
    }
    return HttpResponse.ok(json.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
