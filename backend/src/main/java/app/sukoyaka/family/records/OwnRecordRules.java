package app.sukoyaka.family.records;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.UnitConversion;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns what the app sent into a record's content, or refuses it with every member that is wrong:
 * the item must be one the data file offers for a child or a pregnancy, a measurement in an
 * accepted unit and within the catalog's plausible range, the day neither in the future nor before
 * the child was born.
 */
final class OwnRecordRules {
  static final int MAX_TEXT = 4000;

  private final OwnRecordItems items;

  OwnRecordRules(OwnRecordItems items) {
    this.items = items;
  }

  /**
   * @param earliest the first day a record may be about (the child's birth), or null
   * @param today today in Japan
   * @param defaultAuthor the author when the app names none
   */
  OwnRecord.Content content(
      OwnRecordDraft draft,
      OwnRecordItems.Owner owner,
      LocalDate earliest,
      LocalDate today,
      String defaultAuthor) {
    List<ProblemException.FieldError> errors = new ArrayList<>();
    Optional<OwnRecordKind> kind = OwnRecordKind.of(draft.kind() == null ? "" : draft.kind());
    if (kind.isEmpty()) {
      errors.add(
          new ProblemException.FieldError(
              "kind", "must be measurement, milestone, handbook-answer, diary or family-note"));
      throw invalid(errors);
    }
    LocalDate date = null;
    if (draft.date() == null) {
      errors.add(new ProblemException.FieldError("date", "required"));
    } else {
      try {
        date = LocalDate.parse(draft.date());
        if (date.isAfter(today)) {
          errors.add(new ProblemException.FieldError("date", "is in the future"));
        } else if (earliest != null && date.isBefore(earliest)) {
          errors.add(new ProblemException.FieldError("date", "is before the child was born"));
        }
      } catch (DateTimeParseException e) {
        errors.add(new ProblemException.FieldError("date", "must be a date (yyyy-MM-dd)"));
      }
    }
    String author = draft.author() == null ? defaultAuthor : draft.author();
    if (!items.authors().containsKey(author)) {
      errors.add(
          new ProblemException.FieldError(
              "author", "must be one of " + String.join(", ", items.authors().keySet())));
    }
    String text = draft.text() == null || draft.text().isBlank() ? null : draft.text().strip();
    if (text != null && text.length() > MAX_TEXT) {
      errors.add(new ProblemException.FieldError("text", "is longer than " + MAX_TEXT));
    }
    BigDecimal value = null;
    String unit = null;
    String answer = null;
    OwnRecordItems.Item item = null;
    if (kind.get() == OwnRecordKind.DIARY) {
      if (draft.item() != null) {
        errors.add(new ProblemException.FieldError("item", "a diary entry has no item"));
      }
      if (text == null) {
        errors.add(new ProblemException.FieldError("text", "required for a diary entry"));
      }
    } else if (draft.item() == null) {
      errors.add(new ProblemException.FieldError("item", "required"));
    } else {
      item = items.item(kind.get(), draft.item(), owner).orElse(null);
      if (item == null) {
        errors.add(
            new ProblemException.FieldError(
                "item",
                draft.item()
                    + " is not a "
                    + kind.get().code()
                    + " item of a "
                    + owner.code()
                    + " (GET /api/v1/own-record-items lists them)"));
      }
    }
    if (kind.get() == OwnRecordKind.MEASUREMENT) {
      if (draft.quantityValue() == null || draft.quantityUnit() == null) {
        errors.add(new ProblemException.FieldError("quantity", "value and unit required"));
      } else if (item != null) {
        Optional<UnitConversion> conversion =
            item.units().stream().filter(u -> u.ucum().equals(draft.quantityUnit())).findFirst();
        if (conversion.isEmpty()) {
          errors.add(
              new ProblemException.FieldError(
                  "quantity.unit",
                  "must be one of "
                      + String.join(
                          ", ", item.units().stream().map(UnitConversion::ucum).toList())));
        } else {
          value = draft.quantityValue().multiply(conversion.get().factor()).stripTrailingZeros();
          unit = item.units().get(0).ucum();
          PlausibleRange range = item.ranges().get(owner);
          if (!range.contains(value)) {
            errors.add(
                new ProblemException.FieldError(
                    "quantity.value",
                    "is not a plausible "
                        + item.label().en().toLowerCase(java.util.Locale.ROOT)
                        + " ("
                        + range.min().toPlainString()
                        + "–"
                        + range.max().toPlainString()
                        + " "
                        + unit
                        + ")"));
          }
        }
      }
    } else if (draft.quantityValue() != null || draft.quantityUnit() != null) {
      errors.add(new ProblemException.FieldError("quantity", "only measurements have one"));
    }
    if (kind.get() == OwnRecordKind.HANDBOOK_ANSWER) {
      if (item != null) {
        if (draft.answer() == null || items.answer(item.answerSet(), draft.answer()).isEmpty()) {
          errors.add(
              new ProblemException.FieldError(
                  "answer",
                  "must be one of "
                      + String.join(
                          ", ",
                          items.answerSets().get(item.answerSet()).stream()
                              .map(OwnRecordItems.Answer::code)
                              .toList())));
        } else {
          answer = draft.answer();
        }
      }
    } else if (draft.answer() != null) {
      errors.add(new ProblemException.FieldError("answer", "only handbook answers have one"));
    }
    if (kind.get() == OwnRecordKind.FAMILY_NOTE && text == null) {
      errors.add(new ProblemException.FieldError("text", "required for a family note"));
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return new OwnRecord.Content(kind.get(), draft.item(), date, value, unit, answer, text, author);
  }

  /**
   * The fingerprint of a create: the owner and the validated content, so that the same record sent
   * in another unit (6.5 kg, 6500 g) is the same create.
   */
  static String digest(OwnRecordItems.Owner owner, UUID ownerId, OwnRecord.Content content) {
    String canonical =
        String.join(
            "\u001f",
            owner.code(),
            ownerId.toString(),
            content.kind().code(),
            String.valueOf(content.item()),
            content.date().toString(),
            content.quantityValue() == null ? "" : content.quantityValue().toPlainString(),
            String.valueOf(content.quantityUnit()),
            String.valueOf(content.answer()),
            String.valueOf(content.text()),
            content.author());
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProblemException invalid(List<ProblemException.FieldError> errors) {
    return new ProblemException(
        ErrorCode.OWN_RECORD_INVALID,
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " members are not usable.",
        errors);
  }
}
