package app.sukoyaka.notice;

import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.platform.ErrorCode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads an audience query as staff wrote it into {@link AudienceQuery}, refusing what cannot select
 * anyone sensibly (a negative age, an upper bound below the lower one, an unknown vaccine or
 * checkup kind), and writes it back in the API's shape. Pure.
 */
final class AudienceQueries {
  static final int MAX_MONTHS = 240;
  static final int MAX_DAYS = 7_400;
  static final int MAX_WEEKS = 45;
  static final int MAX_AREAS = 200;
  static final Pattern AREA_CODE = Pattern.compile("[0-9A-Za-z_-]{1,20}");

  /** The statuses the vaccine criterion accepts. */
  static final Set<Status> VACCINE_STATUSES = EnumSet.of(Status.DUE, Status.OVERDUE);

  /** A fixed birth date to compare two ages in months and days by. */
  private static final LocalDate REFERENCE_BIRTH = LocalDate.of(2020, 1, 31);

  private AudienceQueries() {}

  static AudienceQuery read(
      NoticeBodies.AudienceQuery given, Set<String> knownVaccines, CheckupAges checkupAges) {
    Violations violations = new Violations();
    ErrorCode invalid = ErrorCode.NOTICE_AUDIENCE_INVALID;
    if (given == null) {
      violations.add(invalid, "query", "required (an empty object selects everyone)");
      violations.throwIfAny();
    }
    AudienceQuery.AgeRange age = null;
    if (given.childAge() != null) {
      AudienceQuery.Age from = age(given.childAge().from(), "childAge.from", violations);
      AudienceQuery.Age under = age(given.childAge().under(), "childAge.under", violations);
      if (given.childAge().from() == null && given.childAge().under() == null) {
        violations.add(invalid, "childAge", "give from, under or both");
      } else if (from != null
          && under != null
          && !from.reachedBy(REFERENCE_BIRTH).isBefore(under.reachedBy(REFERENCE_BIRTH))) {
        violations.add(invalid, "childAge.under", "must be older than from");
      }
      age = new AudienceQuery.AgeRange(from, under);
    }
    AudienceQuery.WeekRange weeks = null;
    if (given.pregnancyWeeks() != null) {
      Integer from = given.pregnancyWeeks().from();
      Integer to = given.pregnancyWeeks().to();
      int lower = from == null ? 0 : from;
      int upper = to == null ? MAX_WEEKS : to;
      if (lower < 0 || lower > MAX_WEEKS) {
        violations.add(invalid, "pregnancyWeeks.from", "0 to " + MAX_WEEKS + " weeks");
      } else if (upper < 0 || upper > MAX_WEEKS) {
        violations.add(invalid, "pregnancyWeeks.to", "0 to " + MAX_WEEKS + " weeks");
      } else if (upper < lower) {
        violations.add(invalid, "pregnancyWeeks.to", "must not be below from");
      }
      weeks = new AudienceQuery.WeekRange(lower, upper);
    }
    AudienceQuery.VaccineCriterion vaccine = null;
    if (given.vaccine() != null) {
      Set<String> vaccines = new TreeSet<>();
      List<String> named =
          given.vaccine().vaccines() == null ? List.of() : given.vaccine().vaccines();
      for (int i = 0; i < named.size(); i++) {
        String id = named.get(i);
        if (id == null || !knownVaccines.contains(id)) {
          violations.add(
              invalid, "vaccine.vaccines[" + i + "]", "not a vaccine of the routine schedule");
        } else {
          vaccines.add(id);
        }
      }
      Set<Status> statuses = EnumSet.noneOf(Status.class);
      List<String> wanted =
          given.vaccine().statuses() == null ? List.of() : given.vaccine().statuses();
      if (wanted.isEmpty()) {
        violations.add(invalid, "vaccine.statuses", "due, overdue or both");
      }
      for (int i = 0; i < wanted.size(); i++) {
        Status status = status(wanted.get(i));
        if (status == null) {
          violations.add(invalid, "vaccine.statuses[" + i + "]", "must be due or overdue");
        } else {
          statuses.add(status);
        }
      }
      vaccine = new AudienceQuery.VaccineCriterion(vaccines, statuses);
    }
    AudienceQuery.CheckupCriterion checkup = null;
    if (given.checkupNotAttended() != null) {
      String kind = given.checkupNotAttended().kind();
      if (kind == null || checkupAges.window(kind).isEmpty()) {
        violations.add(
            invalid,
            "checkupNotAttended.kind",
            "one of " + String.join(", ", checkupAges.windows().keySet()));
      }
      checkup =
          new AudienceQuery.CheckupCriterion(
              kind, Boolean.TRUE.equals(given.checkupNotAttended().includeWindowClosed()));
    }
    Set<String> areas = new LinkedHashSet<>();
    List<String> named = given.areas() == null ? List.of() : given.areas();
    if (named.size() > MAX_AREAS) {
      violations.add(invalid, "areas", "at most " + MAX_AREAS);
    } else {
      for (int i = 0; i < named.size(); i++) {
        String code = named.get(i);
        if (code == null || !AREA_CODE.matcher(code).matches()) {
          violations.add(invalid, "areas[" + i + "]", "not an area code");
        } else {
          areas.add(code);
        }
      }
    }
    violations.throwIfAny();
    return new AudienceQuery(age, weeks, vaccine, checkup, new ArrayList<>(areas));
  }

  private static AudienceQuery.Age age(
      NoticeBodies.Age given, String field, Violations violations) {
    if (given == null) {
      return null;
    }
    int months = given.months() == null ? 0 : given.months();
    int days = given.days() == null ? 0 : given.days();
    if (months < 0 || months > MAX_MONTHS) {
      violations.add(ErrorCode.NOTICE_AUDIENCE_INVALID, field + ".months", "0 to " + MAX_MONTHS);
    }
    if (days < 0 || days > MAX_DAYS) {
      violations.add(ErrorCode.NOTICE_AUDIENCE_INVALID, field + ".days", "0 to " + MAX_DAYS);
    }
    return new AudienceQuery.Age(months, days);
  }

  private static Status status(String code) {
    for (Status status : VACCINE_STATUSES) {
      if (status.code().equals(code)) {
        return status;
      }
    }
    return null;
  }

  /** The query in the API's shape (also how it is stored). */
  static NoticeBodies.AudienceQuery body(AudienceQuery query) {
    NoticeBodies.AgeRange age = null;
    if (query.childAge() != null) {
      age = new NoticeBodies.AgeRange(age(query.childAge().from()), age(query.childAge().under()));
    }
    NoticeBodies.WeekRange weeks =
        query.pregnancyWeeks() == null
            ? null
            : new NoticeBodies.WeekRange(
                query.pregnancyWeeks().from(), query.pregnancyWeeks().to());
    NoticeBodies.VaccineCriterion vaccine = null;
    if (query.vaccine() != null) {
      List<String> statuses = new ArrayList<>();
      for (Status status : VACCINE_STATUSES) {
        if (query.vaccine().statuses().contains(status)) {
          statuses.add(status.code());
        }
      }
      vaccine =
          new NoticeBodies.VaccineCriterion(
              new ArrayList<>(new TreeSet<>(query.vaccine().vaccines())), statuses);
    }
    NoticeBodies.CheckupCriterion checkup =
        query.checkupNotAttended() == null
            ? null
            : new NoticeBodies.CheckupCriterion(
                query.checkupNotAttended().kind(),
                query.checkupNotAttended().includeWindowClosed());
    return new NoticeBodies.AudienceQuery(age, weeks, vaccine, checkup, query.areas());
  }

  private static NoticeBodies.Age age(AudienceQuery.Age age) {
    return age == null ? null : new NoticeBodies.Age(age.months(), age.days());
  }
}
