package app.sukoyaka.immunization.prescreening;

import app.sukoyaka.profiles.LocalizedText;
import java.util.List;

/**
 * One rule that matched: what it means for today, why, the answers it matched and its sources.
 *
 * @param level not_today, doctor_must_judge, or note (shown, changes nothing)
 * @param answers the answers that need attention, with their questions; empty for a rule of the
 *     forecast
 */
public record Finding(
    String rule,
    Level level,
    LocalizedText reason,
    List<AnswerShown> answers,
    List<Source> sources) {

  public Finding {
    answers = List.copyOf(answers);
    sources = List.copyOf(sources);
  }

  /** How much a finding weighs. */
  public enum Level {
    NOTE("note"),
    DOCTOR_MUST_JUDGE("doctor_must_judge"),
    NOT_TODAY("not_today");

    private final String code;

    Level(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    static Level ofCode(String code) {
      for (Level level : values()) {
        if (level.code.equals(code)) {
          return level;
        }
      }
      throw new IllegalArgumentException("unknown level " + code);
    }
  }

  /** A question and its answer as the doctor reads them. */
  public record AnswerShown(String linkId, LocalizedText question, LocalizedText answer) {}

  public record Source(String id, String title, String location) {}
}
