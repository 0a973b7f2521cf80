package app.sukoyaka.municipality.transfer;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingCheckup;
import app.sukoyaka.municipality.transfer.HandbookPackage.IncomingFinding;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules the questionnaire answers of a visit taken over are held to, the same a clinic's
 * submission of them was: the EPDS of a 産婦健診 is one response of the ten items, each answered once
 * with a score from 0 to 3, and its total (EPDS 合計点) is the sum of the ten. The answers are what
 * the dashboard's EPDS list and the 産婦健診 page of the handbook read, so a file edited on the way (a
 * score of 4, a total that no longer adds up) is refused whole rather than stored half-true. Pure.
 */
final class AnswerChecks {
  static final String EPDS_ITEM_PREFIX = "epds-item-";
  static final String EPDS_TOTAL_ITEM = "epds-total-score";
  static final int EPDS_ITEMS = 10;

  private final CheckupItemCatalog catalog;

  AnswerChecks(CheckupItemCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Refuses the visits' answers when one breaks a rule, every problem listed with where it is.
   *
   * @throws ProblemException SKY-7410 when an answer breaks a rule; nothing is stored then
   */
  void require(List<IncomingCheckup> checkups) {
    List<FieldError> errors = new ArrayList<>();
    for (IncomingCheckup checkup : checkups) {
      check(checkup, errors);
    }
    if (!errors.isEmpty()) {
      throw problem(errors);
    }
  }

  /** The refusal of answers that break their questionnaire's rules. */
  static ProblemException problem(List<FieldError> errors) {
    return new ProblemException(
        ErrorCode.TRANSFER_ANSWERS_INVALID,
        errors.size()
            + " problem(s) in the questionnaire answers; nothing was taken over. "
            + errors.get(0).field()
            + ": "
            + errors.get(0).message(),
        errors.subList(0, Math.min(100, errors.size())));
  }

  /** Checks the answers of one visit. */
  void check(IncomingCheckup checkup, List<FieldError> errors) {
    Map<String, List<IncomingFinding>> responses = new LinkedHashMap<>();
    Map<String, IncomingFinding> items = new LinkedHashMap<>();
    IncomingFinding total = null;
    boolean itemObservations = false;
    for (IncomingFinding finding : checkup.findings()) {
      if (EPDS_TOTAL_ITEM.equals(finding.itemCode())) {
        total = finding;
        continue;
      }
      if (finding.isAnswer()) {
        responses.computeIfAbsent(finding.observation(), k -> new ArrayList<>()).add(finding);
        if (!finding.itemCode().startsWith(EPDS_ITEM_PREFIX)) {
          errors.add(
              new FieldError(
                  finding.at(),
                  finding.itemCode() + " is not a question of the EPDS (linkId 1–10)"));
          continue;
        }
      } else if (finding.itemCode().startsWith(EPDS_ITEM_PREFIX)) {
        itemObservations = true;
      } else {
        continue;
      }
      score(finding, errors);
      if (items.put(finding.itemCode(), finding) != null) {
        errors.add(
            new FieldError(finding.at(), finding.itemCode() + " is answered more than once"));
      }
    }
    if (responses.isEmpty() && !itemObservations) {
      return;
    }
    if (responses.size() > 1) {
      errors.add(new FieldError(checkup.at(), "a visit holds at most one EPDS response"));
    }
    if (!responses.isEmpty() && itemObservations) {
      errors.add(
          new FieldError(
              checkup.at(),
              "the EPDS answers come once: in the QuestionnaireResponse, not also as"
                  + " Observations"));
    }
    for (List<IncomingFinding> response : responses.values()) {
      if (response.size() != EPDS_ITEMS) {
        errors.add(
            new FieldError(
                response.get(0).at(),
                "each of the ten EPDS items is answered once; this response has "
                    + response.size()));
      }
    }
    boolean whole = items.size() == EPDS_ITEMS;
    if (!responses.isEmpty() && total == null) {
      errors.add(
          new FieldError(
              checkup.at(),
              "the EPDS total (" + EPDS_TOTAL_ITEM + ") beside the answers is missing"));
    }
    if (whole && total != null) {
      int sum = 0;
      for (IncomingFinding item : items.values()) {
        if (item.value() instanceof FindingValue.WholeNumber n) {
          sum += n.value();
        }
      }
      if (!(total.value() instanceof FindingValue.WholeNumber given) || given.value() != sum) {
        errors.add(
            new FieldError(
                total.at(),
                "the EPDS total (EPDS 合計点, "
                    + EPDS_TOTAL_ITEM
                    + ") "
                    + (total.value() instanceof FindingValue.WholeNumber n ? n.value() : "given")
                    + " is not the sum of the ten answers, "
                    + sum));
      }
    }
  }

  /** An answer's score: a whole number within the item's range (0–3). */
  private void score(IncomingFinding finding, List<FieldError> errors) {
    if (!(finding.value() instanceof FindingValue.WholeNumber n)) {
      errors.add(new FieldError(finding.at(), finding.itemCode() + " is scored as a whole number"));
      return;
    }
    CatalogItem item = catalog.byCode(finding.itemCode()).orElse(null);
    if (item == null) {
      errors.add(new FieldError(finding.at(), finding.itemCode() + " is not a catalog item"));
      return;
    }
    PlausibleRange range = item.plausibleRange(Subject.MOTHER).orElse(null);
    if (range != null && !range.contains(BigDecimal.valueOf(n.value()))) {
      errors.add(
          new FieldError(
              finding.at(),
              item.label().ja()
                  + " ("
                  + item.code()
                  + ") scores "
                  + range.min().toPlainString()
                  + "–"
                  + range.max().toPlainString()
                  + ", not "
                  + n.value()));
    }
  }
}
