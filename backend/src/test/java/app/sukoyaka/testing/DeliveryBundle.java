package app.sukoyaka.testing;

import java.time.LocalDate;

/** The delivery record (出産の状態): the mother's inpatient Encounter with the newborn at birth. */
public final class DeliveryBundle {
  private DeliveryBundle() {}

  /**
   * The mother's delivery and the newborn's state at birth (weight, length, circumferences, Apgar),
   * the newborn a second Patient naming her.
   */
  public static RecordBundle of(
      Personas.Mother mother, RecordBundle.ChildPatient newborn, LocalDate born) {
    return of(mother, newborn, born, 39, 3120);
  }

  /** A delivery at that gestational week, of a newborn of that weight. */
  public static RecordBundle of(
      Personas.Mother mother,
      RecordBundle.ChildPatient newborn,
      LocalDate born,
      int weeks,
      int grams) {
    return RecordBundle.aboutMother(mother, "delivery", "IMP", born)
        .withNewborn(newborn)
        .quantity("gestational-length-at-delivery", Integer.toString(weeks), "wk")
        .datetime("delivery-datetime", born + "T05:42:00+09:00")
        .coded("delivery-presentation", "cephalic")
        .coded("delivery-method", "vaginal-spontaneous")
        .quantity("labour-duration", "9.5", "h")
        .quantity("delivery-blood-loss", "420", "mL")
        .flag("delivery-transfusion", false)
        .aboutNewborn()
        .integer("birth-plurality", 1)
        .integer("birth-order", 1)
        .quantity("birth-weight", Integer.toString(grams), "g")
        .quantity("birth-length", "49.5", "cm")
        .quantity("birth-chest-circumference", "32", "cm")
        .quantity("birth-head-circumference", "33.5", "cm")
        .integer("apgar-1-minute", 8)
        .integer("apgar-5-minute", 9)
        .coded("birth-special-findings", "absent")
        .aboutEncounterSubject();
  }
}
