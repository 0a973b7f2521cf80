package app.sukoyaka.immunization.schedule;

/** The same text in Japanese and in English. */
public record Text(String ja, String en) {
  /** The text with each {@code {name}} replaced by the value, in both languages. */
  Text fill(String name, Object value) {
    String placeholder = "{" + name + "}";
    String shown = String.valueOf(value);
    return new Text(ja.replace(placeholder, shown), en.replace(placeholder, shown));
  }
}
