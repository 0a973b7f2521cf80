package app.sukoyaka.testing;

import java.time.LocalDate;

/** A 産婦健康診査 (2 weeks after birth) with the mother's EPDS answers. */
public final class PostpartumBundle {
  /** EPDS answers summing to 6. */
  public static final int[] EPDS_ANSWERS = {0, 1, 1, 0, 0, 1, 1, 1, 0, 1};

  private PostpartumBundle() {}

  /** Weight, blood pressure, involution, lochia, breastfeeding and the EPDS response. */
  public static RecordBundle twoWeeks(Personas.Mother mother, LocalDate visit) {
    return RecordBundle.aboutMother(mother, "postpartum-2-weeks", "AMB", visit)
        .quantity("body-weight", "56.1", "kg")
        .quantity("systolic-blood-pressure", "116", "mm[Hg]")
        .quantity("diastolic-blood-pressure", "70", "mm[Hg]")
        .coded("uterine-involution", "good")
        .coded("lochia", "normal")
        .coded("breastfeeding-status", "mixed")
        .epds(EPDS_ANSWERS);
  }
}
