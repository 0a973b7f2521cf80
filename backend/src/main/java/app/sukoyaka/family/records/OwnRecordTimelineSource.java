package app.sukoyaka.family.records;

import app.sukoyaka.checkup.handbook.HandbookSubject;
import app.sukoyaka.checkup.handbook.HandbookTexts;
import app.sukoyaka.checkup.handbook.TimelineEntry;
import app.sukoyaka.checkup.handbook.TimelinePosition;
import app.sukoyaka.checkup.handbook.TimelineSource;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parents' own records in the handbook's timeline, labelled as the parents' ({@code source}
 * parent), for the family only: a clinic or the municipality's staff reading the same timeline gets
 * none of them, since what a family writes at home is not part of the clinical record they read.
 * One statement for all the handbooks asked for.
 */
@Singleton
class OwnRecordTimelineSource implements TimelineSource {
  static final String SOURCE = "parent";

  private final OwnRecordStore store;
  private final OwnRecordItems items;
  private final HandbookTexts texts;

  OwnRecordTimelineSource(OwnRecordStore store, OwnRecords records, HandbookTexts texts) {
    this.store = store;
    this.items = records.items();
    this.texts = texts;
  }

  @Override
  @Transactional(readOnly = true)
  public List<TimelineEntry> entries(
      List<HandbookSubject> subjects, Role reader, TimelinePosition after, int limit) {
    if (reader != Role.GUARDIAN || subjects.isEmpty()) {
      return List.of();
    }
    Map<UUID, HandbookSubject> byId = new HashMap<>();
    List<UUID> children = new ArrayList<>();
    List<UUID> pregnancies = new ArrayList<>();
    for (HandbookSubject subject : subjects) {
      byId.put(subject.id(), subject);
      (subject.isChild() ? children : pregnancies).add(subject.id());
    }
    List<TimelineEntry> entries = new ArrayList<>();
    for (OwnRecord record :
        store.timeline(
            children.toArray(UUID[]::new),
            pregnancies.toArray(UUID[]::new),
            after == null ? null : after.date(),
            after == null ? null : after.key(),
            limit)) {
      HandbookSubject subject = byId.get(record.ownerId());
      entries.add(
          new TimelineEntry(
              subject.type(),
              subject.id(),
              record.kind().code(),
              record.item(),
              record.date(),
              OwnRecordStore.TIMELINE_KEY + record.id(),
              title(record),
              null,
              SOURCE,
              null,
              subject.path() + "/records/" + record.id()));
    }
    entries.sort(Comparator.comparing(TimelineEntry::position, TimelinePosition.NEWEST_FIRST));
    return entries;
  }

  /**
   * What the family recorded, in words from the data files: the item (a measurement with its value,
   * a question with its answer), or what kind of record it is (the diary).
   */
  HandbookTexts.Text title(OwnRecord record) {
    OwnRecordItems.Item item =
        record.item() == null
            ? null
            : items.item(record.kind(), record.item(), record.owner()).orElse(null);
    if (item == null) {
      return texts.recordKind(record.kind().code());
    }
    HandbookTexts.Text label = text(item.label());
    if (record.quantityValue() != null) {
      String value =
          record.quantityValue().stripTrailingZeros().toPlainString() + " " + record.quantityUnit();
      return texts
          .template("own-record-value")
          .fill("label", label)
          .fill("value", new HandbookTexts.Text(value, value));
    }
    if (record.answer() != null && item.answerSet() != null) {
      return items
          .answer(item.answerSet(), record.answer())
          .map(
              answer ->
                  texts
                      .template("own-record-value")
                      .fill("label", label)
                      .fill("value", text(answer.label())))
          .orElse(label);
    }
    return label;
  }

  private static HandbookTexts.Text text(LocalizedText text) {
    return new HandbookTexts.Text(text.ja(), text.en());
  }
}
