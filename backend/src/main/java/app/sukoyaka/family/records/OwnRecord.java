package app.sukoyaka.family.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A record a parent or pregnant person wrote themselves; always parent-recorded, never a clinic's.
 *
 * @param owner whose record: a child's or a pregnancy's
 * @param ownerId the child's or pregnancy's id
 * @param item the item's code (null for a diary entry)
 * @param date the day it is about (measured on, reached on, written for)
 * @param quantityValue the measurement in the item's canonical unit, else null
 * @param quantityUnit the canonical UCUM unit, else null
 * @param answer the answer code of a handbook question, else null
 * @param author whose column it is (mother, father, partner, grandparent …)
 * @param clientId the id the app gave it when created offline
 * @param version 1 when created, one more with every change and with the delete
 * @param deletedAt when deleted (a tombstone), else null
 */
public record OwnRecord(
    UUID id,
    UUID municipalityId,
    OwnRecordItems.Owner owner,
    UUID ownerId,
    OwnRecordKind kind,
    String item,
    LocalDate date,
    BigDecimal quantityValue,
    String quantityUnit,
    String answer,
    String text,
    String author,
    UUID clientId,
    int version,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt,
    Instant deletedAt) {

  public boolean deleted() {
    return deletedAt != null;
  }

  /** What the family wrote, validated and in canonical units. */
  public record Content(
      OwnRecordKind kind,
      String item,
      LocalDate date,
      BigDecimal quantityValue,
      String quantityUnit,
      String answer,
      String text,
      String author) {}

  public Content content() {
    return new Content(kind, item, date, quantityValue, quantityUnit, answer, text, author);
  }
}
