package app.sukoyaka.clinic;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the transaction-response Bundle of a stored submission. Pure.
 *
 * <p>Written directly rather than built as a HAPI {@code Bundle} and encoded: encoding cost as much
 * as encoding the submitted Bundle itself (~0.2 ms), once per submission. The text is exactly what
 * HAPI's JSON parser writes for that Bundle (the same members in the same order, {@code
 * lastUpdated} and {@code lastModified} in milliseconds with the offset of the service's time zone,
 * as HAPI's {@code InstantType} renders a {@code Date}); {@code TransactionResponsesTest} holds it
 * to HAPI's output. The stored copy is returned to retries byte for byte.
 */
final class TransactionResponses {
  private static final DateTimeFormatter HAPI_INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT);

  private TransactionResponses() {}

  /**
   * @param patientIds each Patient entry's fullUrl → the Patient it was matched to or recorded as
   * @param created fullUrls of the Patients recorded by this submission (new children)
   */
  static String json(
      UUID submissionId,
      MappedSubmission mapped,
      Map<String, UUID> patientIds,
      Set<String> created,
      Instant storedAt) {
    // HAPI renders a Date in the JVM's default time zone, read when the instant is set.
    String at = HAPI_INSTANT.format(OffsetDateTime.ofInstant(storedAt, ZoneId.systemDefault()));
    StringBuilder json = new StringBuilder(200 + 180 * mapped.entries().size());
    json.append("{\"resourceType\":\"Bundle\",\"id\":");
    string(json, submissionId.toString());
    json.append(",\"meta\":{\"lastUpdated\":");
    string(json, at);
    json.append("},\"type\":\"transaction-response\"");
    if (!mapped.entries().isEmpty()) {
      json.append(",\"entry\":[");
      boolean first = true;
      for (MappedSubmission.EntryResult entry : mapped.entries()) {
        json.append(first ? "" : ",").append("{\"response\":{\"status\":");
        first = false;
        if (entry.id() == null && !created.contains(entry.fullUrl())) {
          // The Patient was matched to the person or child on record; nothing was created.
          string(json, "200 OK");
          json.append(",\"location\":");
          string(json, "Patient/" + patientIds.get(entry.fullUrl()));
        } else {
          UUID id = entry.id() == null ? patientIds.get(entry.fullUrl()) : entry.id();
          string(json, "201 Created");
          json.append(",\"location\":");
          string(json, entry.resourceType() + "/" + id + "/_history/1");
          json.append(",\"etag\":");
          string(json, "W/\"1\"");
          json.append(",\"lastModified\":");
          string(json, at);
        }
        json.append("}}");
      }
      json.append(']');
    }
    return json.append('}').toString();
  }

  /** A JSON string, escaped as HAPI's Jackson writer escapes it. */
  private static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (c < 0x20) {
            json.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
