package app.sukoyaka.family.records;

import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.PlausibleRange;
import java.util.ArrayList;
import java.util.List;

/** Builds the API bodies from records and the items file: labels in ja and en, parent-recorded. */
final class OwnRecordViews {
  static final String RECORDED_BY_PARENT = "parent";

  private final OwnRecordItems items;

  OwnRecordViews(OwnRecordItems items) {
    this.items = items;
  }

  OwnRecordBodies.OwnRecordBody body(OwnRecord record) {
    OwnRecordItems.Item item =
        record.item() == null
            ? null
            : items.item(record.kind(), record.item(), record.owner()).orElse(null);
    OwnRecordBodies.Text answerLabel =
        item == null || record.answer() == null
            ? null
            : items
                .answer(item.answerSet(), record.answer())
                .map(a -> text(a.label()))
                .orElse(null);
    LocalizedText author = items.authors().get(record.author());
    return new OwnRecordBodies.OwnRecordBody(
        record.id(),
        record.clientId(),
        new OwnRecordBodies.Owner(record.owner().code(), record.ownerId()),
        record.kind().code(),
        record.item(),
        item == null ? null : text(item.label()),
        record.date(),
        record.quantityValue() == null
            ? null
            : new OwnRecordBodies.Quantity(record.quantityValue(), record.quantityUnit()),
        record.answer(),
        answerLabel,
        record.text(),
        record.author(),
        author == null ? new OwnRecordBodies.Text(record.author(), record.author()) : text(author),
        RECORDED_BY_PARENT,
        record.version(),
        record.createdAt(),
        record.updatedAt(),
        record.deletedAt());
  }

  OwnRecordBodies.ItemsBody itemsBody() {
    List<OwnRecordBodies.ItemBody> all = new ArrayList<>();
    for (OwnRecordKind kind : OwnRecordKind.values()) {
      for (OwnRecordItems.Item item : items.items(kind)) {
        all.add(
            new OwnRecordBodies.ItemBody(
                kind.code(),
                item.code(),
                text(item.label()),
                item.owners().stream().map(OwnRecordItems.Owner::code).sorted().toList(),
                item.catalogItem(),
                item.units().isEmpty()
                    ? null
                    : item.units().stream()
                        .map(u -> new OwnRecordBodies.Unit(u.ucum(), u.factor()))
                        .toList(),
                range(item.ranges().get(OwnRecordItems.Owner.CHILD)),
                range(item.ranges().get(OwnRecordItems.Owner.PREGNANCY)),
                item.answerSet(),
                item.typical() == null
                    ? null
                    : new OwnRecordBodies.Window(
                        item.typical().from(), item.typical().by(), item.typical().unit()),
                item.page()));
      }
    }
    return new OwnRecordBodies.ItemsBody(
        items.version(),
        items.effectiveFrom(),
        items.sources(),
        text(items.note()),
        all,
        items.pages().stream()
            .map(
                p ->
                    new OwnRecordBodies.PageBody(
                        p.code(), text(p.label()), p.fromMonths(), p.untilMonths(), p.questions()))
            .toList(),
        items.answerSets().entrySet().stream()
            .map(
                e ->
                    new OwnRecordBodies.AnswerSetBody(
                        e.getKey(),
                        e.getValue().stream()
                            .map(a -> new OwnRecordBodies.Answer(a.code(), text(a.label())))
                            .toList()))
            .toList(),
        items.authors().entrySet().stream()
            .map(e -> new OwnRecordBodies.AuthorBody(e.getKey(), text(e.getValue())))
            .toList());
  }

  private static OwnRecordBodies.Range range(PlausibleRange range) {
    return range == null ? null : new OwnRecordBodies.Range(range.min(), range.max());
  }

  private static OwnRecordBodies.Text text(LocalizedText text) {
    return new OwnRecordBodies.Text(text.ja(), text.en());
  }
}
