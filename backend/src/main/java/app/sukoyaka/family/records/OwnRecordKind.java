package app.sukoyaka.family.records;

import java.util.Arrays;
import java.util.Optional;

/** What a parent's own record is. */
public enum OwnRecordKind {
  /** Weight, length or height, head circumference measured at home; her own weight in pregnancy. */
  MEASUREMENT("measurement"),
  /** The day a milestone was reached (首すわり, ひとり歩き … 胎動を感じた日). */
  MILESTONE("milestone"),
  /** An answer to one of the handbook's 保護者の記録 questions of an age. */
  HANDBOOK_ANSWER("handbook-answer"),
  /** Free notes: the diary. */
  DIARY("diary"),
  /** One of the columns the father, partner and family write in. */
  FAMILY_NOTE("family-note");

  private final String code;

  OwnRecordKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<OwnRecordKind> of(String code) {
    return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
  }
}
