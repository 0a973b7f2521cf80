package app.sukoyaka.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A pregnancy notification as stored: its status, every signed version and every change of status.
 *
 * @param arrivedAt 到達時刻 of the first version
 * @param pregnancyId the pregnancy issued on acceptance, else null
 * @param handbookNumber its handbook number, else null
 */
public record StoredNotification(
    UUID id,
    UUID municipalityId,
    String municipalityCode,
    String receiptNumber,
    String applicantSubject,
    String status,
    int currentVersion,
    Instant arrivedAt,
    UUID pregnancyId,
    String handbookNumber,
    Instant updatedAt,
    List<Version> versions,
    List<Event> events) {

  public static final String SUBMITTED = "submitted";
  public static final String CORRECTION_REQUESTED = "correction_requested";
  public static final String ACCEPTED = "accepted";
  public static final String REJECTED = "rejected";

  public StoredNotification {
    versions = List.copyOf(versions);
    events = List.copyOf(events);
  }

  /** One signed version with the result of its signature verification. */
  public record Version(
      int version,
      Instant arrivedAt,
      JsonNode form,
      String signatureAlgorithm,
      String signerSubject,
      String signerIssuer,
      String signerSerial,
      Instant signerNotBefore,
      Instant signerNotAfter,
      int chainLength,
      String trustAnchor,
      boolean nameMatches) {}

  /** A change of status: who, when, and the message or reason. */
  public record Event(
      int version,
      Instant occurredAt,
      String actorRole,
      String actorId,
      String fromStatus,
      String toStatus,
      String message) {}

  public Version current() {
    return versions.stream().filter(v -> v.version() == currentVersion).findFirst().orElseThrow();
  }
}
