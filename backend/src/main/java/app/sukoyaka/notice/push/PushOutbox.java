package app.sukoyaka.notice.push;

import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.i18n.CalendarSystem;
import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.platform.i18n.Reader;
import app.sukoyaka.platform.i18n.Translations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The transactional outbox of pushes. Producers (notices, reminders) call {@link #enqueue} inside
 * the transaction that stores what the push is about, so the push is asked for if and only if that
 * commits. The payload is written here, in the recipient's language, and is not sent before the
 * recipient's quiet hours end. A second request for the same subject and recipient is ignored.
 */
@Singleton
public class PushOutbox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSERT =
      "INSERT INTO push_message (id, municipality_id, person_id, kind, subject_id, payload,"
          + " created_at, not_before, next_attempt_at)"
          + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (subject_id, person_id) DO NOTHING";

  private static final Translations TRANSLATIONS = Translations.load();
  private final JdbcOperations jdbc;
  private final Clock clock;

  PushOutbox(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** What the outbox needs to know of a recipient's settings. */
  public record Recipient(String language, QuietHours quietHours, @Nullable String calendar) {
    static final Recipient DEFAULT = new Recipient("ja", QuietHours.DEFAULT);

    public Recipient(String language, QuietHours quietHours) {
      this(language, quietHours, null);
    }

    /** How the recipient reads: their language, and their calendar or its default. */
    Reader reader() {
      Language chosen = Language.ofCode(language).orElse(Language.JA);
      return CalendarSystem.ofCode(calendar)
          .map(c -> new Reader(chosen, c, true))
          .orElse(Reader.of(chosen));
    }
  }

  /** Queues one push; answers 1, or 0 when an earlier request already queued it. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public int enqueue(PushRequest request) {
    return enqueueAll(List.of(request));
  }

  /**
   * Queues many pushes in one batch (a notice to thousands of guardians); answers how many were
   * new.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public int enqueueAll(List<PushRequest> requests) {
    if (requests.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    Map<UUID, Recipient> recipients = recipients(requests);
    return jdbc.prepareStatement(
        INSERT,
        statement -> {
          for (PushRequest request : requests) {
            Recipient recipient = recipients.getOrDefault(request.personId(), Recipient.DEFAULT);
            UUID id = Ids.newId();
            Instant notBefore = recipient.quietHours().release(now);
            statement.setObject(1, id);
            statement.setObject(2, request.municipalityId());
            statement.setObject(3, request.personId());
            statement.setString(4, request.kind().code());
            statement.setObject(5, request.subjectId());
            statement.setString(6, payload(id, request, recipient));
            statement.setTimestamp(7, Timestamp.from(now));
            statement.setTimestamp(8, Timestamp.from(notBefore));
            statement.setTimestamp(9, Timestamp.from(notBefore));
            statement.addBatch();
          }
          int added = 0;
          for (int count : statement.executeBatch()) {
            added += Math.max(count, 0);
          }
          if (added > 0) {
            // Wakes the dispatchers of every instance, once this transaction commits.
            try (var notify = statement.getConnection().createStatement()) {
              notify.execute("SELECT pg_notify('" + PushDispatchJob.CHANNEL + "', '')");
            }
          }
          return added;
        });
  }

  /**
   * Withdraws the pushes about a subject that have not been sent yet (a reminder whose event
   * happened before quiet hours ended); answers how many were withdrawn.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public int cancel(UUID subjectId) {
    return jdbc.prepareStatement(
        "UPDATE push_message SET status = 'cancelled', finished_at = ?"
            + " WHERE subject_id = ? AND status = 'queued'",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(clock.instant()));
          statement.setObject(2, subjectId);
          return statement.executeUpdate();
        });
  }

  /** The recipients' language and quiet hours; those who never changed them get the defaults. */
  @Transactional(readOnly = true)
  public Map<UUID, Recipient> recipients(List<PushRequest> requests) {
    Set<UUID> ids = new LinkedHashSet<>();
    requests.forEach(request -> ids.add(request.personId()));
    return jdbc.prepareStatement(
        "SELECT person_id, language, quiet_start, quiet_end, calendar FROM notification_preference"
            + " WHERE person_id = ANY (?)",
        statement -> {
          Array array = statement.getConnection().createArrayOf("uuid", ids.toArray());
          statement.setArray(1, array);
          Map<UUID, Recipient> found = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.put(
                  rs.getObject(1, UUID.class),
                  new Recipient(
                      rs.getString(2),
                      new QuietHours(
                          rs.getObject(3, LocalTime.class), rs.getObject(4, LocalTime.class)),
                      rs.getString(5)));
            }
          }
          return found;
        });
  }

  /** The title and body a push shows, and their language. */
  record Shown(String language, String title, String body) {}

  /**
   * The push in the recipient's language: as the producer wrote it in that language, else as the
   * translations give its Japanese (a reminder's texts, the notice push's fixed body), else in
   * English when the producer wrote English, else in Japanese, the original. Title and body are
   * always of one language.
   */
  static Shown shown(PushRequest request, Reader reader) {
    String lang = reader.language().code();
    String titleJa = request.title().get("ja");
    String bodyJa = request.body().get("ja");
    if (reader.language() != Language.JA) {
      if (request.title().containsKey(lang) && request.body().containsKey(lang)) {
        return new Shown(lang, request.title().get(lang), request.body().get(lang));
      }
      Optional<String> title =
          Optional.ofNullable(request.title().get(lang))
              .or(() -> TRANSLATIONS.translate(titleJa, reader));
      Optional<String> body =
          Optional.ofNullable(request.body().get(lang))
              .or(() -> TRANSLATIONS.translate(bodyJa, reader));
      if (title.isPresent() && body.isPresent()) {
        return new Shown(lang, title.get(), body.get());
      }
      if (request.title().containsKey("en") && request.body().containsKey("en")) {
        return new Shown("en", request.title().get("en"), request.body().get("en"));
      }
    }
    Reader japanese = reader.japaneseText();
    return new Shown(
        "ja",
        TRANSLATIONS.translate(titleJa, japanese).orElse(titleJa),
        TRANSLATIONS.translate(bodyJa, japanese).orElse(bodyJa));
  }

  /** The payload as {@code mobile-contract}'s push schemas describe it. */
  static String payload(UUID messageId, PushRequest request, Recipient recipient) {
    Shown shown = shown(request, recipient.reader());
    ObjectNode node = JSON.createObjectNode();
    node.put("messageId", messageId.toString());
    node.put("kind", request.kind().code());
    node.put("language", shown.language());
    node.put("title", shown.title());
    node.put("body", shown.body());
    node.put("deepLink", request.deepLink());
    ObjectNode data = node.putObject("data");
    new TreeMap<>(request.data()).forEach(data::put);
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
