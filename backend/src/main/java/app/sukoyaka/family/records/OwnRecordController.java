package app.sukoyaka.family.records;

import app.sukoyaka.platform.EntityTags;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.i18n.LocalizedJson;
import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The family's own records of a child and of a pregnancy. Reads carry an ETag and answer 304 to
 * If-None-Match; a create names the app's {@code clientId} and repeating it returns the same record
 * with {@code Idempotent-Replayed: true}; an update or delete names the version it is based on in
 * If-Match ({@code "3"}) or as {@code baseVersion} (a body member, or a query parameter of DELETE),
 * and a stale one gets 409 with the current record.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class OwnRecordController {
  private static final String CHILD = "/children/{childId}/records";
  private static final String PREGNANCY = "/pregnancies/{pregnancyId}/records";

  private final OwnRecords records;
  private final OwnRecordViews views;
  private final LocalizedJson localized;

  OwnRecordController(OwnRecords records, LocalizedJson localized) {
    this.records = records;
    this.views = new OwnRecordViews(records.items());
    this.localized = localized;
  }

  @Get(uri = "/own-record-items", produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> items(
      @Nullable @Header("If-None-Match") String ifNoneMatch, HttpRequest<?> request) {
    return conditional(views.itemsBody(), ifNoneMatch, request);
  }

  @Get(uri = CHILD, produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> listOfChild(
      @PathVariable UUID childId,
      @Nullable @QueryValue String kind,
      @Nullable @Header("If-None-Match") String ifNoneMatch,
      Principal principal,
      HttpRequest<?> request) {
    return list(OwnRecordItems.Owner.CHILD, childId, kind, ifNoneMatch, principal, request);
  }

  @Get(uri = PREGNANCY, produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> listOfPregnancy(
      @PathVariable UUID pregnancyId,
      @Nullable @QueryValue String kind,
      @Nullable @Header("If-None-Match") String ifNoneMatch,
      Principal principal,
      HttpRequest<?> request) {
    return list(OwnRecordItems.Owner.PREGNANCY, pregnancyId, kind, ifNoneMatch, principal, request);
  }

  @Post(uri = CHILD, consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> createForChild(
      @PathVariable UUID childId,
      @Body OwnRecordBodies.OwnRecordInput body,
      Principal principal,
      HttpRequest<?> request) {
    return create(OwnRecordItems.Owner.CHILD, childId, body, principal, request);
  }

  @Post(
      uri = PREGNANCY,
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> createForPregnancy(
      @PathVariable UUID pregnancyId,
      @Body OwnRecordBodies.OwnRecordInput body,
      Principal principal,
      HttpRequest<?> request) {
    return create(OwnRecordItems.Owner.PREGNANCY, pregnancyId, body, principal, request);
  }

  @Get(uri = CHILD + "/{recordId}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> getOfChild(
      @PathVariable UUID childId,
      @PathVariable UUID recordId,
      @Nullable @Header("If-None-Match") String ifNoneMatch,
      Principal principal,
      HttpRequest<?> request) {
    return one(OwnRecordItems.Owner.CHILD, childId, recordId, ifNoneMatch, principal, request);
  }

  @Get(uri = PREGNANCY + "/{recordId}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> getOfPregnancy(
      @PathVariable UUID pregnancyId,
      @PathVariable UUID recordId,
      @Nullable @Header("If-None-Match") String ifNoneMatch,
      Principal principal,
      HttpRequest<?> request) {
    return one(
        OwnRecordItems.Owner.PREGNANCY, pregnancyId, recordId, ifNoneMatch, principal, request);
  }

  @Put(
      uri = CHILD + "/{recordId}",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> updateOfChild(
      @PathVariable UUID childId,
      @PathVariable UUID recordId,
      @Nullable @Header("If-Match") String ifMatch,
      @Body OwnRecordBodies.OwnRecordInput body,
      Principal principal,
      HttpRequest<?> request) {
    return update(OwnRecordItems.Owner.CHILD, childId, recordId, ifMatch, body, principal, request);
  }

  @Put(
      uri = PREGNANCY + "/{recordId}",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> updateOfPregnancy(
      @PathVariable UUID pregnancyId,
      @PathVariable UUID recordId,
      @Nullable @Header("If-Match") String ifMatch,
      @Body OwnRecordBodies.OwnRecordInput body,
      Principal principal,
      HttpRequest<?> request) {
    return update(
        OwnRecordItems.Owner.PREGNANCY, pregnancyId, recordId, ifMatch, body, principal, request);
  }

  @Delete(uri = CHILD + "/{recordId}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> deleteOfChild(
      @PathVariable UUID childId,
      @PathVariable UUID recordId,
      @Nullable @Header("If-Match") String ifMatch,
      @Nullable @QueryValue Integer baseVersion,
      Principal principal,
      HttpRequest<?> request) {
    return delete(
        OwnRecordItems.Owner.CHILD, childId, recordId, ifMatch, baseVersion, principal, request);
  }

  @Delete(uri = PREGNANCY + "/{recordId}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> deleteOfPregnancy(
      @PathVariable UUID pregnancyId,
      @PathVariable UUID recordId,
      @Nullable @Header("If-Match") String ifMatch,
      @Nullable @QueryValue Integer baseVersion,
      Principal principal,
      HttpRequest<?> request) {
    return delete(
        OwnRecordItems.Owner.PREGNANCY,
        pregnancyId,
        recordId,
        ifMatch,
        baseVersion,
        principal,
        request);
  }

  private HttpResponse<?> list(
      OwnRecordItems.Owner owner,
      UUID ownerId,
      String kind,
      String ifNoneMatch,
      Principal principal,
      HttpRequest<?> request) {
    OwnRecordKind only = null;
    if (kind != null) {
      only =
          OwnRecordKind.of(kind)
              .orElseThrow(
                  () ->
                      new ProblemException(
                          ErrorCode.OWN_RECORD_INVALID,
                          "kind: " + kind + " is not a kind of own record",
                          List.of(new ProblemException.FieldError("kind", "unknown kind"))));
    }
    List<OwnRecordBodies.OwnRecordBody> bodies =
        records.list(principal, owner, ownerId, only).stream().map(views::body).toList();
    return conditional(
        new OwnRecordBodies.OwnRecordList(new OwnRecordBodies.Owner(owner.code(), ownerId), bodies),
        ifNoneMatch,
        request);
  }

  private HttpResponse<?> one(
      OwnRecordItems.Owner owner,
      UUID ownerId,
      UUID recordId,
      String ifNoneMatch,
      Principal principal,
      HttpRequest<?> request) {
    OwnRecord record = records.get(principal, owner, ownerId, recordId);
    LocalizedJson.Body written = localized.write(views.body(record), request);
    String tag = tag(record, written);
    if (EntityTags.noneMatchNames(ifNoneMatch, tag)) {
      return written.describe(HttpResponse.notModified().header("ETag", tag));
    }
    return written.describe(
        HttpResponse.ok(written.bytes())
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .header("ETag", tag));
  }

  /** The record's version, in the language its body was written in for the reader. */
  static String tag(OwnRecord record, LocalizedJson.Body written) {
    return EntityTags.ofVersion(
        record.version(), written.language() == null ? null : written.language().code());
  }

  /** A record as the answer to a write: its body for the reader, with its tag. */
  private HttpResponse<?> written(
      MutableHttpResponse<Object> response, OwnRecord record, HttpRequest<?> request) {
    LocalizedJson.Body written = localized.write(views.body(record), request);
    return written.describe(
        response
            .body((Object) written.bytes())
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .header("ETag", tag(record, written)));
  }

  private HttpResponse<?> create(
      OwnRecordItems.Owner owner,
      UUID ownerId,
      OwnRecordBodies.OwnRecordInput body,
      Principal principal,
      HttpRequest<?> request) {
    if (body.baseVersion() != null) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_INVALID,
          "baseVersion: a create has none",
          List.of(new ProblemException.FieldError("baseVersion", "only for updates")));
    }
    OwnRecords.Created created =
        records.create(principal, owner, ownerId, body.clientId(), draft(body));
    OwnRecord record = created.record();
    MutableHttpResponse<Object> response =
        HttpResponse.status(HttpStatus.CREATED)
            .header("Location", location(owner, ownerId, record.id()));
    if (!created.stored()) {
      response.header("Idempotent-Replayed", "true");
    }
    return written(response, record, request);
  }

  private HttpResponse<?> update(
      OwnRecordItems.Owner owner,
      UUID ownerId,
      UUID recordId,
      String ifMatch,
      OwnRecordBodies.OwnRecordInput body,
      Principal principal,
      HttpRequest<?> request) {
    if (body.clientId() != null) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_INVALID,
          "clientId: only a create names one",
          List.of(new ProblemException.FieldError("clientId", "only for creates")));
    }
    int base = baseVersion(ifMatch, body.baseVersion());
    OwnRecord record = records.update(principal, owner, ownerId, recordId, base, draft(body));
    return written(HttpResponse.ok(), record, request);
  }

  private HttpResponse<?> delete(
      OwnRecordItems.Owner owner,
      UUID ownerId,
      UUID recordId,
      String ifMatch,
      Integer baseVersion,
      Principal principal,
      HttpRequest<?> request) {
    int base = baseVersion(ifMatch, baseVersion);
    OwnRecord tombstone = records.delete(principal, owner, ownerId, recordId, base);
    return written(HttpResponse.ok(), tombstone, request);
  }

  /** The version a change is based on: If-Match, or baseVersion; both must agree. */
  private static int baseVersion(String ifMatch, Integer member) {
    OptionalInt fromHeader = EntityTags.versionOf(ifMatch);
    if (ifMatch != null && fromHeader.isEmpty()) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_INVALID,
          "If-Match: must name one version, as the ETag gave it (\"3\")",
          List.of(new ProblemException.FieldError("If-Match", "one strong ETag")));
    }
    if (fromHeader.isPresent() && member != null && fromHeader.getAsInt() != member) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_INVALID,
          "If-Match and baseVersion name different versions",
          List.of(new ProblemException.FieldError("baseVersion", "differs from If-Match")));
    }
    if (fromHeader.isPresent()) {
      return fromHeader.getAsInt();
    }
    if (member == null) {
      throw new ProblemException(
          ErrorCode.OWN_RECORD_BASE_VERSION_REQUIRED,
          "Name the version the change is based on: If-Match: \"<version>\" or baseVersion.");
    }
    return member;
  }

  private static OwnRecordDraft draft(OwnRecordBodies.OwnRecordInput body) {
    return new OwnRecordDraft(
        body.kind(),
        body.item(),
        body.date(),
        body.quantity() == null ? null : body.quantity().value(),
        body.quantity() == null ? null : body.quantity().unit(),
        body.answer(),
        body.text(),
        body.author());
  }

  static String location(OwnRecordItems.Owner owner, UUID ownerId, UUID recordId) {
    return "/api/v1/"
        + (owner == OwnRecordItems.Owner.CHILD ? "children/" : "pregnancies/")
        + ownerId
        + "/records/"
        + recordId;
  }

  /**
   * The body as bytes, its texts in the reader's language, with a digest ETag (so one per
   * language), or 304 when the app has these bytes already.
   */
  private HttpResponse<?> conditional(Object body, String ifNoneMatch, HttpRequest<?> request) {
    LocalizedJson.Body written = localized.write(body, request);
    String tag = EntityTags.ofBytes(written.bytes());
    if (EntityTags.noneMatchNames(ifNoneMatch, tag)) {
      return written.describe(HttpResponse.notModified().header("ETag", tag));
    }
    return written.describe(
        HttpResponse.ok(written.bytes())
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .header("ETag", tag));
  }
}
