package app.sukoyaka.bench;

import app.sukoyaka.notice.reminder.ReminderRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a clinic submits over one pregnancy: the 妊婦健診 of the standard schedule (the 14 visits of
 * 告示第226号 by gestational week, as the reminder rules hold them), each with the ten findings of
 * every visit — measurements that move with the weeks — and the tests the schedule asks at some of
 * them (blood tests and infections at the first visit, a dental check mid-pregnancy, anaemia,
 * HTLV-1 and chlamydia around week 30, GBS and anaemia again around week 35); and the delivery
 * record (出産の 状態) with the newborn at birth.
 */
final class PregnancyRecords {
  /** The standard visits of a pregnancy that goes to term (visits 15 and 16 are after week 40). */
  static final int VISITS = 14;

  private static final List<ReminderRules.Visit> SCHEDULE =
      ReminderRules.load().latest(ReminderRules.PRENATAL_CHECKUP).visits().stream()
          .filter(v -> v.number() <= VISITS)
          .toList();

  /** Days of pregnancy at delivery: 39 weeks 4 days, after the 14th visit. */
  static final int DELIVERY_DAY = 277;

  private PregnancyRecords() {}

  /**
   * One pregnancy of the mother.
   *
   * @param zero day 0 of the pregnancy (the expected delivery day - 280 days)
   * @param newborn the child born of it, as the delivery record names it
   */
  record Pregnancy(
      ClinicBundle.MotherPatient mother, LocalDate zero, ClinicBundle.ChildPatient newborn) {
    LocalDate delivery() {
      return zero.plusDays(DELIVERY_DAY);
    }
  }

  /** A submission on a day. */
  record Dated(LocalDate day, String what, String json) {}

  /** Days of pregnancy of the 14 visits: a weekday early in each visit's window. */
  static int[] visitDays() {
    return SCHEDULE.stream().mapToInt(v -> v.fromWeek() * 7 + 2).toArray();
  }

  /** The 14 妊婦健診 in the order of their days. */
  static List<Dated> prenatalVisits(Pregnancy pregnancy, String bundlePrefix) {
    List<Dated> visits = new ArrayList<>();
    int[] visitDays = visitDays();
    for (int i = 0; i < SCHEDULE.size(); i++) {
      ReminderRules.Visit visit = SCHEDULE.get(i);
      int days = visitDays[i];
      LocalDate day = pregnancy.zero().plusDays(days);
      visits.add(
          new Dated(
              day,
              "妊婦健診 " + visit.number(),
              prenatalVisit(
                      bundlePrefix + "-prenatal-" + visit.number(), pregnancy, visit.number(), days)
                  .json()));
    }
    return visits;
  }

  /** Visit {@code number} of the schedule on day {@code days} of the pregnancy. */
  static ClinicBundle prenatalVisit(String bundleId, Pregnancy pregnancy, int number, int days) {
    int week = days / 7;
    ClinicBundle visit =
        ClinicBundle.aboutMother(
            bundleId, "prenatal", "AMB", pregnancy.zero().plusDays(days), pregnancy.mother());
    visit
        .quantity("gestational-age", BigDecimal.valueOf(days), "d")
        .quantity("body-weight", decimal(52.0 + Math.max(0, week - 12) * 0.36, 1), "kg")
        .quantity("systolic-blood-pressure", BigDecimal.valueOf(110 + week % 7), "mm[Hg]")
        .quantity("diastolic-blood-pressure", BigDecimal.valueOf(66 + week % 5), "mm[Hg]");
    if (week >= 16) {
      visit
          .quantity("fundal-height", decimal(week - 3.5, 1), "cm")
          .quantity("abdominal-circumference", decimal(72 + (week - 16) * 0.95, 1), "cm");
    }
    visit
        .coded("urine-protein", "negative")
        .coded("urine-glucose", "negative")
        .coded("oedema", "none")
        .coded("fetal-heart-activity", "present");
    if (number == 1) {
      // The first visit's blood tests and questions (妊娠初期の検査).
      for (String item :
          List.of(
              "blood-type-abo",
              "blood-type-rh",
              "irregular-antibody",
              "hbs-antigen",
              "hcv-antibody",
              "hiv-antibody",
              "syphilis-serology",
              "rubella-antibody",
              "cervical-cytology",
              "smoking-in-pregnancy",
              "household-smoking",
              "drinking-in-pregnancy")) {
        visit.unremarkable(item);
      }
      visit.quantity("rubella-hi-titer", "64", "{titer}");
      bloodCount(visit, "12.6", "37.8", "24.1");
      visit.quantity("blood-glucose", "86", "mg/dL");
    } else if (number == 4) {
      // The dental check of the pregnant person (妊婦歯科健診).
      visit.unremarkable("dental-caries-untreated");
      visit.integer("dental-caries-untreated-count", 0);
      visit.unremarkable("dental-calculus");
      visit.unremarkable("gingival-inflammation");
    } else if (number == 7) {
      bloodCount(visit, "11.5", "34.6", "22.8");
      visit.quantity("blood-glucose", "92", "mg/dL");
      visit.unremarkable("htlv-1-antibody");
      visit.unremarkable("genital-chlamydia");
    } else if (number == 11) {
      bloodCount(visit, "11.3", "34.1", "21.9");
      visit.unremarkable("group-b-streptococcus");
    }
    return visit;
  }

  private static void bloodCount(
      ClinicBundle visit, String haemoglobin, String haematocrit, String platelets) {
    visit
        .quantity("haemoglobin", haemoglobin, "g/dL")
        .quantity("haematocrit", haematocrit, "%")
        .quantity("platelet-count", platelets, "10*4/uL");
  }

  /** The delivery record with the newborn at birth, on the day of birth. */
  static Dated delivery(Pregnancy pregnancy, String bundleId) {
    LocalDate born = pregnancy.delivery();
    String json =
        ClinicBundle.aboutMother(bundleId, "delivery", "IMP", born, pregnancy.mother())
            .withNewborn(pregnancy.newborn())
            .quantity("gestational-length-at-delivery", BigDecimal.valueOf(DELIVERY_DAY), "d")
            .datetime("delivery-datetime", born + "T05:42:00+09:00")
            .coded("delivery-presentation", "cephalic")
            .coded("delivery-method", "vaginal-spontaneous")
            .quantity("labour-duration", "9.5", "h")
            .quantity("delivery-blood-loss", "420", "mL")
            .flag("delivery-transfusion", false)
            .aboutNewborn()
            .integer("birth-plurality", 1)
            .integer("birth-order", 1)
            .quantity("birth-weight", "3120", "g")
            .quantity("birth-length", "49.5", "cm")
            .quantity("birth-chest-circumference", "32", "cm")
            .quantity("birth-head-circumference", "33.5", "cm")
            .integer("apgar-1-minute", 8)
            .integer("apgar-5-minute", 9)
            .coded("birth-special-findings", "absent")
            .aboutEncounterSubject()
            .json();
    return new Dated(born, "出産の状態", json);
  }

  private static BigDecimal decimal(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
  }
}
