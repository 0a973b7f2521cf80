package app.sukoyaka.checkup.handbook;

import java.time.LocalDate;
import java.util.List;

/**
 * A contribution to "what is next" on the handbook's home. Each source is a bean; the home collects
 * every bean of this type, so a new source (the 妊婦健診 schedule with its 受診券, …) joins with one class
 * and no change here.
 *
 * <p>The home calls each source once per request with all the guardian's handbooks: a source reads
 * what it needs for all of them in a bounded number of statements, never one per handbook or per
 * record, and answers only about the handbooks it was given.
 */
public interface NextStepSource {
  /**
   * What is next for these handbooks on {@code today}: overdue and due steps, and the upcoming ones
   * the source thinks worth showing (typically its next one per handbook).
   */
  List<NextStep> nextSteps(List<HandbookSubject> subjects, LocalDate today);
}
