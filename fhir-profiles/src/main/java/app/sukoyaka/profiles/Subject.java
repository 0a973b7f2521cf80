package app.sukoyaka.profiles;

import java.util.Arrays;
import java.util.Locale;

/** Whom a checkup or an item is about: the pregnant or postpartum mother, or the child. */
public enum Subject {
  MOTHER,
  CHILD;

  /** The spelling used in the catalog. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Subject fromJsonName(String name) {
    return Arrays.stream(values())
        .filter(subject -> subject.jsonName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown subject: " + name));
  }
}
