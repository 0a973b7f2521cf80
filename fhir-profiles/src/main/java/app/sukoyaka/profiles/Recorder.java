package app.sukoyaka.profiles;

import java.util.Arrays;
import java.util.Locale;

/**
 * Who may record an item. Parent-recorded values (growth measured at home, milestones noticed by
 * the family) are kept apart from clinic findings and always shown as such.
 */
public enum Recorder {
  CLINIC,
  PARENT;

  /** The spelling used in the catalog. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Recorder fromJsonName(String name) {
    return Arrays.stream(values())
        .filter(recorder -> recorder.jsonName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown recorder: " + name));
  }
}
