package app.sukoyaka.phr.myportal;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A person whose records the portal's token reaches: the card holder and the children whose records
 * the holder may see as their legal representative (代理).
 *
 * @param ref the portal's opaque reference of the person (never the Individual Number)
 * @param relation {@code self} or {@code child}
 * @param nameKana the name in katakana as the portal gives it, family and given name separated by a
 *     space
 * @param sex {@code male}, {@code female} or {@code unknown}
 */
public record PortalPerson(
    String ref, String relation, String nameKana, LocalDate birthDate, String sex) {
  public static final String SELF = "self";
  public static final String CHILD = "child";

  public PortalPerson {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(relation, "relation");
    Objects.requireNonNull(birthDate, "birthDate");
  }
}
