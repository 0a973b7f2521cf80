package app.sukoyaka.testing;

import java.time.LocalDate;

/** A 乳幼児健診 submission as a pediatric clinic sends it. */
public final class InfantCheckupBundle {
  private InfantCheckupBundle() {}

  /**
   * A 3–4か月児健康診査 of the family's infant with 27 items: age, measurements, nutrition, body-system
   * findings (one with what was found), milestones, the overall judgement and the follow-up it led
   * to.
   */
  public static RecordBundle threeToFourMonths(Personas.FamilyWithInfant family, LocalDate visit) {
    return RecordBundle.aboutChild(
            RecordBundle.ChildPatient.of(family), "infant-3-4-months", "AMB", visit)
        .quantity("age-at-checkup", "4", "mo")
        .quantity("body-weight", "6480", "g")
        .quantity("body-length", "63.1", "cm")
        .quantity("head-circumference", "41.2", "cm")
        .coded("nutritional-status", "good")
        .coded("feeding-method", "mixed")
        .coded("physical-growth-finding", "absent")
        .coded("mental-development-finding", "absent")
        .coded("convulsion-finding", "absent")
        .coded("motor-function-finding", "absent")
        .coded("nervous-sensory-finding", "absent")
        .coded("blood-finding", "absent")
        .coded("skin-finding", "present", "乳児湿疹")
        .coded("hip-abduction-limitation", "absent")
        .coded("torticollis", "absent")
        .coded("circulatory-finding", "absent")
        .coded("respiratory-finding", "absent")
        .coded("digestive-finding", "absent")
        .coded("genitourinary-finding", "absent")
        .coded("congenital-features-finding", "absent")
        .flag("head-control", true)
        .flag("social-smile", true)
        .flag("visual-pursuit", true)
        .flag("turns-to-voice", true)
        .coded("overall-judgement", "observation")
        .flag("follow-up-referral", false)
        .text("follow-up-facility", "すこやか小児科");
  }
}
