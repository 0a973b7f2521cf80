package app.sukoyaka.family.sync;

import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /api/v1/me/sync}: the family's handbook for the app to keep offline. The cursor comes
 * back as the query parameter or as {@code If-None-Match} (it is the response's ETag); with the
 * latter, a sync that finds nothing new answers 304 and the app keeps its cursor.
 */
@Controller("/api/v1/me/sync")
@ExecuteOn(TaskExecutors.BLOCKING)
class SyncController {
  private final HandbookSync sync;

  SyncController(HandbookSync sync) {
    this.sync = sync;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  HttpResponse<SyncBodies.Sync> sync(
      @Nullable @QueryValue String cursor,
      @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      Principal principal) {
    String conditional = cursor == null ? etagValue(ifNoneMatch) : null;
    if (conditional != null && SyncCursor.decode(conditional).isEmpty()) {
      // Some other tag (a cache's): an ordinary first sync.
      conditional = null;
    }
    HandbookSync.Outcome outcome = sync.sync(principal, cursor != null ? cursor : conditional);
    if (conditional != null && outcome.unchanged()) {
      return HttpResponse.<SyncBodies.Sync>status(HttpStatus.NOT_MODIFIED)
          .header(HttpHeaders.ETAG, quoted(conditional))
          .header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
    }
    return HttpResponse.ok(outcome.body())
        .header(HttpHeaders.ETAG, quoted(outcome.body().cursor()))
        .header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
  }

  /** The single entity tag of an If-None-Match, without quotes or weakness; null when none. */
  private static String etagValue(String header) {
    if (header == null || header.isBlank() || header.contains(",") || header.trim().equals("*")) {
      return null;
    }
    String tag = header.trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    return tag.isEmpty() ? null : tag;
  }

  private static String quoted(String cursor) {
    return "\"" + cursor + "\"";
  }
}
