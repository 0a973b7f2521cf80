package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.Map;

/**
 * What a date rule may refer to: the birth date, the doses of the series given so far and, for the
 * 長期療養特例, the day the child's special circumstances ended (null when not certified).
 */
record DoseContext(
    LocalDate birth,
    LocalDate previous,
    Map<String, LocalDate> givenByDose,
    LocalDate illnessEnded) {

  LocalDate given(String dose) {
    return givenByDose.get(dose);
  }
}
