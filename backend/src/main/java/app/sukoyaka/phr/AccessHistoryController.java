package app.sukoyaka.phr;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** やりとり履歴: who accessed the family's data, what, when and why; paged, filtered, downloadable. */
@Controller("/api/v1/me/access-history")
@ExecuteOn(TaskExecutors.BLOCKING)
class AccessHistoryController {
  private final AccessHistory history;
  private final AccessHistoryWords words = AccessHistoryWords.load();
  private final Clock clock;
  private final io.micronaut.json.JsonMapper json;

  AccessHistoryController(AccessHistory history, Clock clock, io.micronaut.json.JsonMapper json) {
    this.history = history;
    this.clock = clock;
    this.json = json;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  AccessHistoryBodies.Page page(
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String childId,
      @Nullable @QueryValue String pregnancyId,
      @Nullable @QueryValue String who,
      @Nullable @QueryValue String page,
      @Nullable @QueryValue String size,
      Principal principal) {
    int pageNumber = number("page", page, 0);
    int pageSize = number("size", size, 50);
    AccessHistory.Page found =
        history.page(principal, filter(from, to, childId, pregnancyId, who), pageNumber, pageSize);
    return new AccessHistoryBodies.Page(
        found.rows().stream().map(r -> AccessHistoryBodies.entry(r, words)).toList(),
        found.page(),
        found.size(),
        found.more() ? found.page() + 1 : null);
  }

  @Get(
      uri = "/export",
      produces = {"text/csv", MediaType.APPLICATION_JSON})
  HttpResponse<byte[]> export(
      @Nullable @QueryValue String format,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String childId,
      @Nullable @QueryValue String pregnancyId,
      @Nullable @QueryValue String who,
      Principal principal) {
    String chosen = format == null ? "csv" : format;
    if (!chosen.equals("csv") && !chosen.equals("json")) {
      throw bad("format is csv or json.");
    }
    List<AccessHistoryBodies.Entry> entries =
        history.all(principal, filter(from, to, childId, pregnancyId, who)).stream()
            .map(r -> AccessHistoryBodies.entry(r, words))
            .toList();
    byte[] body;
    String type;
    if (chosen.equals("csv")) {
      body =
          CsvTables.csv(
              AccessHistoryBodies.CSV_COLUMNS,
              entries.stream().map(AccessHistoryBodies::csvRow).toList());
      type = "text/csv; charset=utf-8";
    } else {
      try {
        body = json.writeValueAsBytes(new AccessHistoryBodies.Export(clock.instant(), entries));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      type = MediaType.APPLICATION_JSON;
    }
    return HttpResponse.ok(body)
        .contentType(type)
        .header(
            "Content-Disposition",
            "attachment; filename=\"sukoyaka-access-history." + chosen + "\"")
        .header("Cache-Control", "no-store");
  }

  private static AccessHistory.Filter filter(
      String from, String to, String childId, String pregnancyId, String who) {
    return new AccessHistory.Filter(
        date("from", from),
        date("to", to),
        id("childId", childId),
        id("pregnancyId", pregnancyId),
        who);
  }

  private static LocalDate date(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(name + " is a date (YYYY-MM-DD).");
    }
  }

  private static UUID id(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw bad(name + " is an id.");
    }
  }

  private static int number(String name, String value, int otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw bad(name + " is a number.");
    }
  }

  private static ProblemException bad(String detail) {
    return new ProblemException(
        ErrorCode.ACCESS_HISTORY_BAD_FILTER,
        detail,
        List.of(new ProblemException.FieldError("query", detail)));
  }
}
