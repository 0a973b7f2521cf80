package app.sukoyaka.phr.myportal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON of the My Portal link routes (api-spec: MyPortal*), and the pure mappers to it. */
final class MyPortalBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MyPortalBodies() {}

  /** Which handbooks to link; both empty or absent: all of the guardian's own. */
  @Serdeable
  record LinkRequest(@Nullable List<UUID> childIds, @Nullable List<UUID> pregnancyIds) {}

  @Serdeable
  record LinkStart(URI authorizationUrl, String state, Instant expiresAt) {}

  @Serdeable
  record Counts(
      int retrieved,
      int imported,
      int linked,
      int unchanged,
      int conflicts,
      int refused,
      int unmatchedPeople) {}

  @Serdeable
  record Link(
      UUID id,
      String status,
      String recipient,
      List<UUID> childIds,
      List<UUID> pregnancyIds,
      String scope,
      String textVersion,
      Instant createdAt,
      Instant expiresAt,
      @Nullable Instant endedAt,
      @Nullable String endedReason,
      @Nullable Boolean revokedAtPortal,
      @Nullable Instant lastImportAt,
      @Nullable Counts lastImport,
      @Nullable String lastImportError) {}

  @Serdeable
  record Links(List<Link> links) {}

  @Serdeable
  record Refusal(String recordId, String recordType, String reason) {}

  @Serdeable
  record ImportSummary(
      UUID linkId,
      Instant retrievedAt,
      int retrieved,
      int imported,
      int linked,
      int unchanged,
      int conflicts,
      List<Refusal> refused,
      List<String> notKept,
      int unmatchedPeople,
      String mappingVersion) {}

  @Serdeable
  record Difference(String item, String ours, String theirs) {}

  @Serdeable
  record Conflict(
      UUID id,
      UUID linkId,
      String subjectType,
      UUID subjectId,
      @Nullable String subjectName,
      String recordType,
      LocalDate recordDate,
      String description,
      String portalRecordId,
      UUID localRecordId,
      Map<String, Object> ours,
      Map<String, Object> theirs,
      List<Difference> differences,
      Instant listedAt) {}

  @Serdeable
  record Conflicts(List<Conflict> conflicts) {}

  /** The guardian's or staff's choice on a conflict: portal (take its values) or ours. */
  @Serdeable
  record SettlementRequest(@Nullable String choice) {}

  /**
   * A settled conflict.
   *
   * @param replaced our record as the conflict found it, when the portal's values replaced it
   */
  @Serdeable
  record Settlement(
      UUID conflictId,
      String recordType,
      UUID localRecordId,
      String choice,
      String settledBy,
      String settledByRole,
      Instant settledAt,
      @Nullable Map<String, Object> replaced) {}

  static Settlement settlement(MyPortalSettlements.Settled settled) {
    return new Settlement(
        settled.conflictId(),
        settled.recordType(),
        settled.localRecordId(),
        settled.choice(),
        settled.settledBy(),
        settled.settledByRole(),
        settled.settledAt(),
        settled.replaced() == null ? null : map(settled.replaced()));
  }

  static Link link(MyPortalLink link, Instant now) {
    return new Link(
        link.id(),
        link.status(now),
        MyPortalConsentSource.RECIPIENT,
        link.childIds(),
        link.pregnancyIds(),
        link.scope(),
        link.textVersion(),
        link.createdAt(),
        link.expiresAt(),
        link.endedAt(),
        link.endedReason(),
        link.revokedAtPortal(),
        link.lastImportAt(),
        link.lastImport() == null ? null : counts(parse(link.lastImport())),
        link.lastImportError());
  }

  static ImportSummary summary(UUID linkId, MyPortalImports.Summary summary, String version) {
    return new ImportSummary(
        linkId,
        summary.retrievedAt(),
        summary.retrieved(),
        summary.imported(),
        summary.linked(),
        summary.unchanged(),
        summary.conflicts(),
        summary.refused().stream()
            .map(r -> new Refusal(r.recordId(), r.type(), r.reason()))
            .toList(),
        summary.notKept(),
        summary.unmatchedPeople(),
        version);
  }

  static Conflict conflict(MyPortalStore.OpenConflict c) {
    List<Difference> differences = new ArrayList<>();
    for (JsonNode d : parse(c.differences())) {
      differences.add(
          new Difference(
              d.path("item").asText(), d.path("ours").asText(null), d.path("theirs").asText(null)));
    }
    return new Conflict(
        c.id(),
        c.linkId(),
        c.childId() != null ? "child" : "pregnancy",
        c.childId() != null ? c.childId() : c.pregnancyId(),
        c.subjectName(),
        c.type().code(),
        c.recordDate(),
        c.description(),
        c.portalRecordId(),
        c.localId(),
        map(parse(c.ours())),
        map(parse(c.theirs())),
        differences,
        c.createdAt());
  }

  private static Counts counts(JsonNode node) {
    return new Counts(
        node.path("retrieved").asInt(),
        node.path("imported").asInt(),
        node.path("linked").asInt(),
        node.path("unchanged").asInt(),
        node.path("conflicts").asInt(),
        node.path("refused").asInt(),
        node.path("unmatchedPeople").asInt());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode node) {
    return JSON.convertValue(node, LinkedHashMap.class);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
