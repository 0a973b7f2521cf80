package app.sukoyaka.family.records;

import java.math.BigDecimal;

/**
 * A record as the app sent it, before the rules: members may be missing or wrong.
 *
 * @param date an ISO date (yyyy-MM-dd)
 * @param quantityUnit a UCUM unit the item accepts (kg or g; cm or mm)
 */
public record OwnRecordDraft(
    String kind,
    String item,
    String date,
    BigDecimal quantityValue,
    String quantityUnit,
    String answer,
    String text,
    String author) {}
