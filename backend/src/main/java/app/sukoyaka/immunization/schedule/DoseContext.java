package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.Map;

/** What a date rule may refer to: the birth date and the doses of the series given so far. */
record DoseContext(LocalDate birth, LocalDate previous, Map<String, LocalDate> givenByDose) {

  LocalDate given(String dose) {
    return givenByDose.get(dose);
  }
}
