package app.sukoyaka.checkup;

import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.LocalizedText;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Pure mapping of stored checkups to the handbook the parent reads, labelled from the catalog. */
final class HandbookMapper {
  /** How units read in each language; UCUM codes are for machines. */
  private static final Map<String, LocalizedText> UNIT_DISPLAY =
      Map.of(
          "kg", new LocalizedText("kg", "kg"),
          "g", new LocalizedText("g", "g"),
          "cm", new LocalizedText("cm", "cm"),
          "mm[Hg]", new LocalizedText("mmHg", "mmHg"),
          "d", new LocalizedText("日", "days"),
          "wk", new LocalizedText("週", "weeks"));

  private final CheckupItemCatalog catalog;

  HandbookMapper(CheckupItemCatalog catalog) {
    this.catalog = catalog;
  }

  HandbookBodies.PregnancyHandbook handbook(Pregnancy pregnancy, List<Checkup> checkups) {
    return new HandbookBodies.PregnancyHandbook(
        FamilyBodies.detail(pregnancy), checkups.stream().map(this::checkup).toList());
  }

  HandbookBodies.CheckupBody checkup(Checkup checkup) {
    List<String> order = catalog.items().stream().map(CatalogItem::code).toList();
    List<HandbookBodies.FindingBody> findings =
        checkup.findings().stream()
            .sorted(Comparator.comparingInt(f -> order.indexOf(f.itemCode())))
            .map(this::finding)
            .toList();
    LocalizedText kind = catalog.kindLabel(checkup.kind());
    return new HandbookBodies.CheckupBody(
        checkup.id(),
        checkup.kind(),
        text(kind),
        checkup.visitDate(),
        checkup.gestationalAgeDays(),
        new HandbookBodies.Facility(checkup.facilityName(), checkup.medicalInstitutionCode()),
        checkup.recordedAt(),
        findings);
  }

  HandbookBodies.FindingBody finding(Checkup.Finding finding) {
    CatalogItem item =
        catalog
            .byCode(finding.itemCode())
            .orElseThrow(
                () -> new IllegalStateException("Item not in catalog: " + finding.itemCode()));
    HandbookBodies.Text label = text(item.label());
    FindingValue value = finding.value();
    if (value instanceof FindingValue.Quantity q) {
      String number = plain(q.value());
      LocalizedText unit =
          UNIT_DISPLAY.getOrDefault(q.unit(), new LocalizedText(q.unit(), q.unit()));
      return body(
          item,
          label,
          new HandbookBodies.Quantity(q.value(), q.unit()),
          null,
          null,
          null,
          null,
          new HandbookBodies.Text(number + " " + unit.ja(), number + " " + unit.en()));
    }
    if (value instanceof FindingValue.Coded c) {
      LocalizedText answer =
          item.answer(c.system(), c.code())
              .map(AnswerCode::label)
              .orElse(new LocalizedText(c.code(), c.code()));
      return body(
          item,
          label,
          null,
          new HandbookBodies.Coded(c.system(), c.code(), text(answer)),
          null,
          null,
          null,
          text(answer));
    }
    if (value instanceof FindingValue.Flag f) {
      return body(
          item,
          label,
          null,
          null,
          f.value(),
          null,
          null,
          f.value() ? new HandbookBodies.Text("あり", "Yes") : new HandbookBodies.Text("なし", "No"));
    }
    if (value instanceof FindingValue.Text t) {
      return body(
          item,
          label,
          null,
          null,
          null,
          t.value(),
          null,
          new HandbookBodies.Text(t.value(), t.value()));
    }
    FindingValue.Day d = (FindingValue.Day) value;
    return body(
        item,
        label,
        null,
        null,
        null,
        null,
        d.value(),
        new HandbookBodies.Text(d.value().toString(), d.value().toString()));
  }

  private static HandbookBodies.FindingBody body(
      CatalogItem item,
      HandbookBodies.Text label,
      HandbookBodies.Quantity quantity,
      HandbookBodies.Coded coded,
      Boolean flag,
      String string,
      java.time.LocalDate date,
      HandbookBodies.Text display) {
    return new HandbookBodies.FindingBody(
        item.code(),
        label,
        item.valueType().name().toLowerCase(java.util.Locale.ROOT),
        quantity,
        coded,
        flag,
        string,
        date,
        display);
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static HandbookBodies.Text text(LocalizedText text) {
    return new HandbookBodies.Text(text.ja(), text.en());
  }
}
