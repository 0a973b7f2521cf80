package app.sukoyaka.family.records;

import app.sukoyaka.family.sync.SyncChange;
import app.sukoyaka.family.sync.SyncProbe;
import app.sukoyaka.family.sync.SyncSource;
import app.sukoyaka.family.sync.SyncSubjects;
import app.sukoyaka.family.sync.SyncWindow;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Parents' own records ({@code ownRecord} entries, as their route shows them): what one guardian
 * writes reaches the other's phone; a deleted record comes as a tombstone.
 */
@Singleton
class OwnRecordSyncSource implements SyncSource {
  private final OwnRecordStore store;
  private final OwnRecordViews views;

  OwnRecordSyncSource(OwnRecordStore store, OwnRecords records) {
    this.store = store;
    this.views = new OwnRecordViews(records.items());
  }

  @Override
  public List<String> kinds() {
    return List.of("ownRecord");
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    List<SyncChange> changes = new ArrayList<>();
    for (OwnRecord record :
        store.changed(subjects.childArray(), subjects.pregnancyArray(), window)) {
      String subjectKind = record.owner() == OwnRecordItems.Owner.CHILD ? "child" : "pregnancy";
      changes.add(
          record.deleted()
              ? SyncChange.tombstone("ownRecord", record.id(), subjectKind, record.ownerId())
              : SyncChange.of(
                  "ownRecord", record.id(), subjectKind, record.ownerId(), views.body(record)));
    }
    return changes;
  }

  @Override
  public SyncProbe probe(SyncSubjects subjects, SyncWindow window) {
    return store.probe(subjects.childArray(), subjects.pregnancyArray(), window);
  }
}
