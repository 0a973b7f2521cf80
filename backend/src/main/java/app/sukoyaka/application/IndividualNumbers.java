package app.sukoyaka.application;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an Individual Number (個人番号, マイナンバー) written into free text, so that it is refused rather
 * than stored: 12 digits whose last is the check digit of the other 11, by the rule the 総務省令 on
 * 個人番号 defines.
 */
final class IndividualNumbers {
  private static final Pattern TWELVE_DIGITS = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");

  private IndividualNumbers() {}

  /**
   * Whether the text holds 12 consecutive digits (spaces and hyphens ignored) with a valid check
   * digit.
   */
  static boolean containsOne(String text) {
    if (text == null) {
      return false;
    }
    String digits = Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("[\\s\\-‐－ー]", "");
    Matcher matcher = TWELVE_DIGITS.matcher(digits);
    while (matcher.find()) {
      if (isValid(matcher.group())) {
        return true;
      }
    }
    return false;
  }

  /** The check digit rule: weights 2..7 then 2..6 from the right of the first 11 digits, mod 11. */
  static boolean isValid(String number) {
    if (number.length() != 12 || !number.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int sum = 0;
    for (int n = 1; n <= 11; n++) {
      int digit = number.charAt(11 - n) - '0';
      int weight = n <= 6 ? n + 1 : n - 5;
      sum += digit * weight;
    }
    int remainder = sum % 11;
    int check = remainder <= 1 ? 0 : 11 - remainder;
    return check == number.charAt(11) - '0';
  }
}
