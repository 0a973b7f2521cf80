package app.sukoyaka.application;

import app.sukoyaka.family.FamilyBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the pregnancy notification routes (see api-spec), and their pure mappers. */
final class NotificationBodies {
  private NotificationBodies() {}

  @Serdeable
  record SignedNotification(@Nullable String signedContent) {}

  @Serdeable
  record DecisionMessage(@Nullable String message) {}

  @Serdeable
  record Event(
      int version,
      Instant occurredAt,
      String actor,
      @Nullable String fromStatus,
      String toStatus,
      @Nullable String message) {}

  @Serdeable
  record VersionSummary(int version, Instant arrivedAt) {}

  @Serdeable
  record Issued(UUID pregnancyId, FamilyBodies.HandbookNumber handbookNumber) {}

  /** What the applicant sees: her receipt, status, the form as she signed it and the history. */
  @Serdeable
  record Notification(
      UUID id,
      String receiptNumber,
      String municipalityCode,
      String status,
      Instant arrivedAt,
      int currentVersion,
      Instant currentVersionArrivedAt,
      Instant updatedAt,
      JsonNode form,
      List<VersionSummary> versions,
      List<Event> history,
      @Nullable Issued handbook) {}

  @Serdeable
  record NotificationList(List<Notification> items) {}

  @Serdeable
  record Signer(
      String subject,
      String name,
      String issuer,
      String serialNumber,
      Instant notBefore,
      Instant notAfter) {}

  @Serdeable
  record Verification(
      String algorithm,
      Signer signer,
      int chainLength,
      String trustAnchor,
      String nameMatch,
      Instant checkedAt) {}

  @Serdeable
  record ReviewVersion(int version, Instant arrivedAt, JsonNode form, Verification verification) {}

  /** What staff see: the notification with every version's verification result. */
  @Serdeable
  record Review(
      UUID id,
      String receiptNumber,
      String municipalityCode,
      String status,
      Instant arrivedAt,
      int currentVersion,
      Instant updatedAt,
      String applicantSubject,
      JsonNode form,
      Verification verification,
      List<ReviewVersion> versions,
      List<Event> history,
      @Nullable Issued handbook) {}

  @Serdeable
  record ReviewSummary(
      UUID id,
      String receiptNumber,
      String status,
      Instant arrivedAt,
      int currentVersion,
      Instant updatedAt,
      String familyName,
      String givenName,
      String expectedDeliveryDate,
      String nameMatch) {}

  @Serdeable
  record ReviewPage(List<ReviewSummary> items, int page, int size, long total) {}

  private static Event event(StoredNotification.Event e, boolean staffView) {
    String actor =
        "staff".equals(e.actorRole())
            ? (staffView ? "staff:" + e.actorId() : "staff")
            : "applicant";
    return new Event(e.version(), e.occurredAt(), actor, e.fromStatus(), e.toStatus(), e.message());
  }

  private static Issued issued(StoredNotification n) {
    return n.pregnancyId() == null
        ? null
        : new Issued(
            n.pregnancyId(), FamilyBodies.handbookNumber(n.municipalityCode(), n.handbookNumber()));
  }

  static Notification notification(StoredNotification n) {
    return new Notification(
        n.id(),
        n.receiptNumber(),
        n.municipalityCode(),
        n.status(),
        n.arrivedAt(),
        n.currentVersion(),
        n.current().arrivedAt(),
        n.updatedAt(),
        JsonTrees.of(n.current().form()),
        n.versions().stream().map(v -> new VersionSummary(v.version(), v.arrivedAt())).toList(),
        n.events().stream().map(e -> event(e, false)).toList(),
        issued(n));
  }

  static Verification verification(StoredNotification.Version v) {
    return new Verification(
        v.signatureAlgorithm(),
        new Signer(
            v.signerSubject(),
            NameMatch.commonName(v.signerSubject()),
            v.signerIssuer(),
            v.signerSerial(),
            v.signerNotBefore(),
            v.signerNotAfter()),
        v.chainLength(),
        v.trustAnchor(),
        v.nameMatches() ? "match" : "mismatch",
        v.arrivedAt());
  }

  static Review review(StoredNotification n) {
    return new Review(
        n.id(),
        n.receiptNumber(),
        n.municipalityCode(),
        n.status(),
        n.arrivedAt(),
        n.currentVersion(),
        n.updatedAt(),
        n.applicantSubject(),
        JsonTrees.of(n.current().form()),
        verification(n.current()),
        n.versions().stream()
            .map(
                v ->
                    new ReviewVersion(
                        v.version(), v.arrivedAt(), JsonTrees.of(v.form()), verification(v)))
            .toList(),
        n.events().stream().map(e -> event(e, true)).toList(),
        issued(n));
  }

  static ReviewSummary summary(StoredNotification n) {
    StoredNotification.Version v = n.current();
    return new ReviewSummary(
        n.id(),
        n.receiptNumber(),
        n.status(),
        n.arrivedAt(),
        n.currentVersion(),
        n.updatedAt(),
        v.form().path("familyName").asText(),
        v.form().path("givenName").asText(),
        v.form().path("expectedDeliveryDate").asText(),
        v.nameMatches() ? "match" : "mismatch");
  }
}
