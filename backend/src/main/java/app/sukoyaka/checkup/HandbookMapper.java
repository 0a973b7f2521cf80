package app.sukoyaka.checkup;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.i18n.ServerTexts;
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
  /** Yes, no, units and quantities as parents read them (platform/i18n/server-texts.json). */
  private static final ServerTexts TEXTS = ServerTexts.get();

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
      // UCUM codes are for machines; a unit the texts do not name reads as its code.
      ServerTexts.Unit unit =
          TEXTS
              .unit(q.unit())
              .orElse(
                  new ServerTexts.Unit(
                      new ServerTexts.Text(q.unit(), q.unit()),
                      new ServerTexts.Text("{value} " + q.unit(), "{value} " + q.unit())));
      body.quantity = new HandbookBodies.Quantity(q.value(), q.unit(), text(unit.unit()));
      return body.shown(text(unit.of(number)));
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
              ? text(label)
              : text(
                  TEXTS
                      .text("finding.coded-with-text")
                      .fill("label", new ServerTexts.Text(label.ja(), label.en()))
                      .fill("text", c.text())));
    }
    if (value instanceof FindingValue.Flag f) {
      body.flag = f.value();
      return body.shown(text(TEXTS.text(f.value() ? "finding.flag.yes" : "finding.flag.no")));
    }
    if (value instanceof FindingValue.Text t) {
      body.string = t.value();
      return body.shown(new HandbookBodies.Text(t.value(), t.value()));
    }
    if (value instanceof FindingValue.WholeNumber n) {
      body.integer = n.value();
      String number = Integer.toString(n.value());
      return body.shown(new HandbookBodies.Text(number, number));
    }
    if (value instanceof FindingValue.Moment m) {
      body.datetime = m.value();
      String shown = MOMENT_JA.format(m.value().atZone(JAPAN));
      return body.shown(new HandbookBodies.Text(shown, shown + " (JST)"));
    }
    FindingValue.Day d = (FindingValue.Day) value;
    body.date = d.value();
    return body.shown(new HandbookBodies.Text(d.value().toString(), d.value().toString()));
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

    HandbookBodies.FindingBody shown(HandbookBodies.Text display) {
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
          display,
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

  private static HandbookBodies.Text text(ServerTexts.Text text) {
    return new HandbookBodies.Text(text.ja(), text.en());
  }
}
