package app.sukoyaka.profiles;

import java.util.Objects;

/** A kind of checkup, a concept of {@link SukoyakaCanonicals#CHECKUP_KIND_SYSTEM}. */
public record CheckupKind(String code, LocalizedText label) {
  public CheckupKind {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
  }
}
