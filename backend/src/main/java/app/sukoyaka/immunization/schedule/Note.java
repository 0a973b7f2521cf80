package app.sukoyaka.immunization.schedule;

/** A remark on a recommendation; warnings are for the doctor's and the parent's attention. */
public record Note(Severity severity, Text text) {

  public enum Severity {
    INFO,
    WARNING
  }

  static Note info(Text text) {
    return new Note(Severity.INFO, text);
  }

  static Note warning(Text text) {
    return new Note(Severity.WARNING, text);
  }
}
