package app.sukoyaka.notice.reminder;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.Subject;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The reminder rules, checked against the checkup catalog they name kinds and items of. */
@Factory
class ReminderRulesFactory {
  /** The checkup kind of 妊婦健診 encounters, whose visits attend the standard schedule. */
  static final String PRENATAL_KIND = "prenatal";

  @Singleton
  ReminderRules rules(CheckupItemCatalog catalog) {
    ReminderRules rules = ReminderRules.load();
    List<String> problems = problems(rules, catalog);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The reminder rules do not fit the checkup catalog: " + String.join("; ", problems));
    }
    return rules;
  }

  @Singleton
  ReminderPlanner planner(ReminderRules rules) {
    return new ReminderPlanner(rules);
  }

  /**
   * What the rules name that the catalog does not have: a checkup kind that is not a child's, a
   * trigger or result item that the catalog lacks or that is not recorded at a child's checkup.
   */
  static List<String> problems(ReminderRules rules, CheckupItemCatalog catalog) {
    List<String> problems = new ArrayList<>();
    if (catalog.kind(PRENATAL_KIND).isEmpty()) {
      problems.add("the catalog has no checkup kind " + PRENATAL_KIND);
    }
    for (ReminderRules.Kind kind : rules.entries()) {
      for (ReminderRules.InfantCheckup checkup : kind.checkups()) {
        Optional<CheckupKind> found = catalog.kind(checkup.checkupKind());
        if (found.isEmpty() || found.get().subject() != Subject.CHILD) {
          problems.add(checkup.checkupKind() + " is not a child's checkup kind of the catalog");
        }
      }
      List<String> items = new ArrayList<>();
      kind.triggers().forEach(t -> items.add(t.item()));
      kind.resolvedBy().forEach(r -> items.add(r.item()));
      for (String code : items) {
        Optional<CatalogItem> item = catalog.byCode(code);
        if (item.isEmpty() || !item.get().subjects().contains(Subject.CHILD)) {
          problems.add(code + " is not a catalog item about a child");
        }
      }
    }
    return problems;
  }
}
