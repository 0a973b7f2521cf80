package app.sukoyaka.checkup;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.LocalizedText;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pure mapping of stored checkups to the handbook the parent reads, labelled from the catalog: each
 * finding with its item's label in Japanese and English, its value ready to show, a coded answer
 * with its label and plain-words explanation, and whether it is mandatory to digitise (for staff).
 */
final class HandbookMapper {
  /** How units read in each language; UCUM codes are for machines. */
  private static final Map<String, LocalizedText> UNIT_DISPLAY =
      Map.ofEntries(
          Map.entry("kg", new LocalizedText("kg", "kg")),
          Map.entry("g", new LocalizedText("g", "g")),
          Map.entry("cm", new LocalizedText("cm", "cm")),
          Map.entry("mm", new LocalizedText("mm", "mm")),
          Map.entry("mm[Hg]", new LocalizedText("mmHg", "mmHg")),
          Map.entry("d", new LocalizedText("日", "days")),
          Map.entry("wk", new LocalizedText("週", "weeks")),
          Map.entry("mo", new LocalizedText("か月", "months")),
          Map.entry("a", new LocalizedText("歳", "years")),
          Map.entry("min", new LocalizedText("分", "min")),
          Map.entry("h", new LocalizedText("時間", "h")),
          Map.entry("mL", new LocalizedText("mL", "mL")),
          Map.entry("L", new LocalizedText("L", "L")),
          Map.entry("g/dL", new LocalizedText("g/dL", "g/dL")),
          Map.entry("mg/dL", new LocalizedText("mg/dL", "mg/dL")),
          Map.entry("%", new LocalizedText("%", "%")),
          Map.entry("10*4/uL", new LocalizedText("万/μL", "×10⁴/μL")));

  private static final String OVERALL_JUDGEMENT = "overall-judgement";
  private static final String FOLLOW_UP_REFERRAL = "follow-up-referral";
  private static final String FOLLOW_UP_DATE = "follow-up-visit-date";
  private static final String FOLLOW_UP_FACILITY = "follow-up-facility";
  private static final String FOLLOW_UP_RESULT = "follow-up-result";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter MOMENT_JA =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** Every finding is a clinic's here; parent-recorded entries never mix with them. */
  static final String RECORDED_BY_CLINIC = "clinic";

  private final CheckupItemCatalog catalog;
  private final Map<String, Integer> order = new HashMap<>();

  HandbookMapper(CheckupItemCatalog catalog) {
    this.catalog = catalog;
    List<CatalogItem> items = catalog.items();
    for (int i = 0; i < items.size(); i++) {
      order.put(items.get(i).code(), i);
    }
  }

  HandbookBodies.PregnancyHandbook handbook(Pregnancy pregnancy, List<Checkup> checkups) {
    return new HandbookBodies.PregnancyHandbook(
        FamilyBodies.detail(pregnancy), checkups.stream().map(this::checkup).toList());
  }

  /** The child's handbook: its records oldest first, as the paper handbook's pages follow. */
  HandbookBodies.ChildHandbook handbook(Child child, List<Checkup> checkups) {
    return new HandbookBodies.ChildHandbook(
        FamilyBodies.detail(child),
        checkups.stream()
            .sorted(Comparator.comparing(Checkup::visitDate).thenComparing(Checkup::recordedAt))
            .map(this::checkup)
            .toList());
  }

  HandbookBodies.CheckupBody checkup(Checkup checkup) {
    List<HandbookBodies.FindingBody> findings =
        checkup.findings().stream()
            .sorted(Comparator.comparingInt(f -> order.getOrDefault(f.itemCode(), order.size())))
            .map(this::finding)
            .toList();
    LocalizedText kind = catalog.kindLabel(checkup.kind());
    return new HandbookBodies.CheckupBody(
        checkup.id(),
        checkup.kind(),
        text(kind),
        checkup.kindName(),
        checkup.visitDate(),
        checkup.gestationalAgeDays(),
        new HandbookBodies.Facility(checkup.facilityName(), checkup.medicalInstitutionCode()),
        checkup.recordedAt(),
        findings,
        findings.stream()
            .filter(f -> f.item().equals(OVERALL_JUDGEMENT))
            .map(HandbookBodies.FindingBody::coded)
            .findFirst()
            .orElse(null),
        followUp(findings));
  }

  /** The 精密健康診査 a checkup led to, when any follow-up finding was recorded. */
  private static HandbookBodies.FollowUp followUp(List<HandbookBodies.FindingBody> findings) {
    Map<String, HandbookBodies.FindingBody> byItem = new HashMap<>();
    findings.forEach(f -> byItem.putIfAbsent(f.item(), f));
    HandbookBodies.FindingBody referral = byItem.get(FOLLOW_UP_REFERRAL);
    HandbookBodies.FindingBody date = byItem.get(FOLLOW_UP_DATE);
    HandbookBodies.FindingBody facility = byItem.get(FOLLOW_UP_FACILITY);
    HandbookBodies.FindingBody result = byItem.get(FOLLOW_UP_RESULT);
    if (referral == null && date == null && facility == null && result == null) {
      return null;
    }
    return new HandbookBodies.FollowUp(
        referral == null ? null : referral.flag(),
        date == null ? null : date.date(),
        facility == null ? null : facility.string(),
        result == null ? null : result.coded());
  }

  HandbookBodies.FindingBody finding(Checkup.Finding finding) {
    CatalogItem item =
        catalog
            .byCode(finding.itemCode())
            .orElseThrow(
                () -> new IllegalStateException("Item not in catalog: " + finding.itemCode()));
    Body body = new Body(item, finding);
    FindingValue value = finding.value();
    if (value instanceof FindingValue.Quantity q) {
      String number = plain(q.value());
      LocalizedText unit =
          UNIT_DISPLAY.getOrDefault(q.unit(), new LocalizedText(q.unit(), q.unit()));
      body.quantity = new HandbookBodies.Quantity(q.value(), q.unit(), text(unit));
      return body.shown(new LocalizedText(number + " " + unit.ja(), number + " " + unit.en()));
    }
    if (value instanceof FindingValue.Coded c) {
      Optional<AnswerCode> answer = item.answer(c.system(), c.code());
      LocalizedText label =
          answer.map(AnswerCode::label).orElse(new LocalizedText(c.code(), c.code()));
      body.coded =
          new HandbookBodies.Coded(
              c.system(),
              c.code(),
              text(label),
              answer.flatMap(AnswerCode::plainExplanation).map(HandbookMapper::text).orElse(null));
      body.text = c.text();
      return body.shown(
          c.text() == null
              ? label
              : new LocalizedText(
                  label.ja() + "（" + c.text() + "）", label.en() + " (" + c.text() + ")"));
    }
    if (value instanceof FindingValue.Flag f) {
      body.flag = f.value();
      return body.shown(f.value() ? new LocalizedText("あり", "Yes") : new LocalizedText("なし", "No"));
    }
    if (value instanceof FindingValue.Text t) {
      body.string = t.value();
      return body.shown(new LocalizedText(t.value(), t.value()));
    }
    if (value instanceof FindingValue.WholeNumber n) {
      body.integer = n.value();
      String number = Integer.toString(n.value());
      return body.shown(new LocalizedText(number, number));
    }
    if (value instanceof FindingValue.Moment m) {
      body.datetime = m.value();
      String shown = MOMENT_JA.format(m.value().atZone(JAPAN));
      return body.shown(new LocalizedText(shown, shown + " (JST)"));
    }
    FindingValue.Day d = (FindingValue.Day) value;
    body.date = d.value();
    return body.shown(new LocalizedText(d.value().toString(), d.value().toString()));
  }

  /** The members of one finding's body, filled by value type. */
  private static final class Body {
    private final CatalogItem item;
    private final Checkup.Finding finding;
    private HandbookBodies.Quantity quantity;
    private HandbookBodies.Coded coded;
    private Boolean flag;
    private String string;
    private LocalDate date;
    private Integer integer;
    private Instant datetime;
    private String text;

    Body(CatalogItem item, Checkup.Finding finding) {
      this.item = item;
      this.finding = finding;
    }

    HandbookBodies.FindingBody shown(LocalizedText display) {
      return new HandbookBodies.FindingBody(
          item.code(),
          HandbookMapper.text(item.label()),
          item.valueType().name().toLowerCase(Locale.ROOT),
          quantity,
          coded,
          flag,
          string,
          date,
          integer,
          datetime,
          text,
          HandbookMapper.text(display),
          item.mandatoryDigitisation(),
          RECORDED_BY_CLINIC,
          finding.childId());
    }
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static HandbookBodies.Text text(LocalizedText text) {
    return new HandbookBodies.Text(text.ja(), text.en());
  }
}
