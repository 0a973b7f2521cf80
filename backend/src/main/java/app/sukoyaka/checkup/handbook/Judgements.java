package app.sukoyaka.checkup.handbook;

import app.sukoyaka.profiles.AnswerCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.LocalizedText;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The judgements of a record explained: the catalog's label and plain-words meaning of the answer,
 * and from the handbook's texts how much attention it needs and what to do next. Pure once built.
 */
@Singleton
public class Judgements {
  /** The judgement that speaks for a whole checkup, when recorded. */
  public static final String OVERALL = "overall-judgement";

  private final CheckupItemCatalog catalog;
  private final HandbookTexts texts;
  private final Set<String> guidedItems;

  public Judgements(CheckupItemCatalog catalog, HandbookTexts texts) {
    this.catalog = catalog;
    this.texts = texts;
    Set<String> items = new LinkedHashSet<>();
    for (CatalogItem item : catalog.items()) {
      if (item.answerSet() != null && texts.guidance().containsKey(item.answerSet())) {
        items.add(item.code());
      }
    }
    this.guidedItems = Set.copyOf(items);
  }

  /** A coded finding: its item and answer code. */
  public record Coded(String item, String code) {}

  /** The catalog items whose answers carry guidance: judgements, screening and test results. */
  public Set<String> guidedItems() {
    return guidedItems;
  }

  /** The answer with its label, level and meaning, when the item's answers carry guidance. */
  public Optional<TimelineEntry.Judgement> judgement(String item, String code) {
    Optional<CatalogItem> found = catalog.byCode(item);
    if (found.isEmpty() || !guidedItems.contains(item)) {
      return Optional.empty();
    }
    Optional<HandbookTexts.Guidance> guidance = guidance(item, code);
    Optional<AnswerCode> answer =
        found.get().answers().stream().filter(a -> a.code().equals(code)).findFirst();
    if (guidance.isEmpty() || answer.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new TimelineEntry.Judgement(
            item,
            code,
            text(answer.get().label()),
            guidance.get().level(),
            answer.get().plainExplanation().map(Judgements::text).orElse(null)));
  }

  /** What the answer calls for. */
  public Optional<HandbookTexts.Guidance> guidance(String item, String code) {
    return catalog
        .byCode(item)
        .map(CatalogItem::answerSet)
        .flatMap(set -> texts.guidance(set, code));
  }

  /**
   * The judgement that sums up a record: its overall judgement when recorded, else its most
   * attention-needing guided answer (the first in the catalog's order among equals).
   */
  public Optional<TimelineEntry.Judgement> summary(Collection<Coded> findings) {
    Optional<TimelineEntry.Judgement> overall =
        findings.stream()
            .filter(f -> f.item().equals(OVERALL))
            .findFirst()
            .flatMap(f -> judgement(f.item(), f.code()));
    if (overall.isPresent()) {
      return overall;
    }
    return findings.stream()
        .map(f -> judgement(f.item(), f.code()))
        .flatMap(Optional::stream)
        .min(
            Comparator.comparing((TimelineEntry.Judgement j) -> j.level().ordinal())
                .reversed()
                .thenComparing(j -> order(j.item())));
  }

  private int order(String item) {
    int i = 0;
    for (CatalogItem candidate : catalog.items()) {
      if (candidate.code().equals(item)) {
        return i;
      }
      i++;
    }
    return i;
  }

  public HandbookTexts texts() {
    return texts;
  }

  static HandbookTexts.Text text(LocalizedText text) {
    return new HandbookTexts.Text(text.ja(), text.en());
  }
}
