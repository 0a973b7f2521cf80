package app.sukoyaka.family.prenatal;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A handbook number pattern: {@code {year}}, {@code {fiscalYear}} and one {@code {serial:N}} among
 * literal text. Pure.
 */
final class HandbookNumberFormat {
  private static final Pattern TOKEN = Pattern.compile("\\{([a-zA-Z]+)(?::([0-9]+))?}");

  private final String pattern;
  private final int serialDigits;

  private HandbookNumberFormat(String pattern, int serialDigits) {
    this.pattern = pattern;
    this.serialDigits = serialDigits;
  }

  static HandbookNumberFormat parse(String pattern) {
    Matcher matcher = TOKEN.matcher(pattern);
    int serials = 0;
    int digits = 0;
    while (matcher.find()) {
      switch (matcher.group(1)) {
        case "year", "fiscalYear" -> {
          if (matcher.group(2) != null) {
            throw invalid(pattern, matcher.group() + " takes no width");
          }
        }
        case "serial" -> {
          serials++;
          digits = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
          if (digits < 1 || digits > 12) {
            throw invalid(pattern, "{serial:N} needs N from 1 to 12");
          }
        }
        default -> throw invalid(pattern, "unknown " + matcher.group());
      }
    }
    if (serials != 1) {
      throw invalid(pattern, "exactly one {serial:N} is needed");
    }
    if (pattern.replaceAll(TOKEN.pattern(), "").matches(".*[{}].*")) {
      throw invalid(pattern, "unbalanced braces");
    }
    return new HandbookNumberFormat(pattern, digits);
  }

  private static IllegalArgumentException invalid(String pattern, String why) {
    return new IllegalArgumentException(
        "sukoyaka.handbooks.number-format \"" + pattern + "\": " + why);
  }

  /** The number without its serial: the series its serial counts in. */
  String series(LocalDate issuedOn) {
    return render(issuedOn, "#");
  }

  String number(LocalDate issuedOn, long serial) {
    return render(issuedOn, String.format("%0" + serialDigits + "d", serial));
  }

  private String render(LocalDate issuedOn, String serial) {
    int fiscalYear = issuedOn.getMonthValue() >= 4 ? issuedOn.getYear() : issuedOn.getYear() - 1;
    return pattern
        .replace("{year}", String.valueOf(issuedOn.getYear()))
        .replace("{fiscalYear}", String.valueOf(fiscalYear))
        .replaceAll("\\{serial:[0-9]+}", Matcher.quoteReplacement(serial));
  }
}
