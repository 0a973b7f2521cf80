package app.sukoyaka.checkup.handbook;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.Pregnancy;
import java.util.Objects;
import java.util.UUID;

/**
 * A handbook the home and the timeline read: a pregnancy's or a child's. Exactly one of {@code
 * child} and {@code pregnancy} is set.
 */
public record HandbookSubject(Child child, Pregnancy pregnancy) {
  public static final String CHILD = "child";
  public static final String PREGNANCY = "pregnancy";

  public HandbookSubject {
    if ((child == null) == (pregnancy == null)) {
      throw new IllegalArgumentException("A handbook is a child's or a pregnancy's");
    }
  }

  public static HandbookSubject of(Child child) {
    return new HandbookSubject(Objects.requireNonNull(child), null);
  }

  public static HandbookSubject of(Pregnancy pregnancy) {
    return new HandbookSubject(null, Objects.requireNonNull(pregnancy));
  }

  public boolean isChild() {
    return child != null;
  }

  /** {@link #CHILD} or {@link #PREGNANCY}. */
  public String type() {
    return isChild() ? CHILD : PREGNANCY;
  }

  public UUID id() {
    return isChild() ? child.id() : pregnancy.id();
  }

  public UUID municipalityId() {
    return isChild() ? child.municipalityId() : pregnancy.municipalityId();
  }

  /** The API path of this handbook: {@code /api/v1/children/{id}} or the pregnancy's. */
  public String path() {
    return (isChild() ? "/api/v1/children/" : "/api/v1/pregnancies/") + id();
  }
}
