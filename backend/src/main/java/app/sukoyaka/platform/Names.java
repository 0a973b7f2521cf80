package app.sukoyaka.platform;

import java.text.Normalizer;

/**
 * People's names as they are stored: in Unicode normal form C, so that a name typed or sent
 * decomposed (カ followed by a combining ゙) and the same name composed (ガ) are one name to search,
 * match, sort and show. Nothing else is changed: half-width katakana, characters outside the BMP
 * (𠮷) and spacing stay as given; NFKC folding is for matching only (bulk import, the pregnancy
 * notification's name check).
 */
public final class Names {
  private Names() {}

  /** The name in NFC; null stays null. */
  public static String nfc(String name) {
    return name == null || Normalizer.isNormalized(name, Normalizer.Form.NFC)
        ? name
        : Normalizer.normalize(name, Normalizer.Form.NFC);
  }
}
