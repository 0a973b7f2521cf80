package app.sukoyaka.notice.reminder;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A reminder the rules call for on a day, before it is addressed to anyone: about a child or a
 * pregnancy, one event of one kind, and which of the event's reminders it is.
 *
 * @param eventKey the event within the kind ({@code DPT_IPV_HIB/2}, {@code visit-5}, {@code
 *     infant-3-4-months}, the referring checkup's id)
 * @param occurrence 1 for the event's first reminder, 2 … for its repeats
 * @param dueDate when the event is due (the dose becomes due, the window opens, the result was
 *     expected)
 * @param windowEnd the last day the reminder applies; null while the event stays open
 */
public record PlannedReminder(
    UUID childId,
    UUID pregnancyId,
    String kind,
    String eventKey,
    int occurrence,
    String vaccine,
    String dose,
    String checkupKind,
    Integer visitNumber,
    UUID encounterId,
    LocalDate dueDate,
    LocalDate windowEnd) {

  public PlannedReminder {
    if ((childId == null) == (pregnancyId == null)) {
      throw new IllegalArgumentException("A reminder is about a child or a pregnancy");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventKey, "eventKey");
    Objects.requireNonNull(dueDate, "dueDate");
  }

  /** The child or the pregnancy. */
  public UUID subjectId() {
    return childId != null ? childId : pregnancyId;
  }

  /** The event the reminder is about, whichever of its reminders it is. */
  public Event event() {
    return new Event(subjectId(), kind, eventKey);
  }

  /** The same reminder as another of its event's reminders. */
  public PlannedReminder withOccurrence(int number) {
    return new PlannedReminder(
        childId,
        pregnancyId,
        kind,
        eventKey,
        number,
        vaccine,
        dose,
        checkupKind,
        visitNumber,
        encounterId,
        dueDate,
        windowEnd);
  }

  /** One event of one kind about a child or a pregnancy. */
  public record Event(UUID subjectId, String kind, String eventKey) {}
}
