package app.sukoyaka.notice;

import app.sukoyaka.family.sync.SyncChange;
import app.sukoyaka.family.sync.SyncProbe;
import app.sukoyaka.family.sync.SyncSource;
import app.sukoyaka.family.sync.SyncSubjects;
import app.sukoyaka.family.sync.SyncWindow;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The guardian's inbox lines ({@code notice} entries, as the inbox list shows them): a new notice,
 * a read receipt or a reply changes its line. The notice itself is opened online, since opening it
 * is what records the read receipt.
 */
@Singleton
class NoticeSyncSource implements SyncSource {
  private final Inbox inbox;

  NoticeSyncSource(Inbox inbox) {
    this.inbox = inbox;
  }

  @Override
  public List<String> kinds() {
    return List.of("notice");
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    if (subjects.personId() == null) {
      return List.of();
    }
    List<SyncChange> changes = new ArrayList<>();
    for (Inbox.Item item : inbox.items(subjects.personId(), window)) {
      changes.add(
          SyncChange.of(
              "notice",
              item.noticeId(),
              "guardian",
              subjects.personId(),
              NoticeMapper.inboxItem(item)));
    }
    return changes;
  }

  @Override
  public SyncProbe probe(SyncSubjects subjects, SyncWindow window) {
    return subjects.personId() == null
        ? SyncProbe.never()
        : inbox.probe(subjects.personId(), window);
  }
}
