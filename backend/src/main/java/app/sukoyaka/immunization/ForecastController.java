package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.ForecastInputException;
import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.GivenDose;
import app.sukoyaka.immunization.schedule.InputError;
import app.sukoyaka.immunization.schedule.LongTermIllness;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stateless forecast: clinics and apps describe a child (birth date, doses given) and get the
 * routine schedule's answer for each vaccine. No stored record is read, so any authenticated caller
 * may ask and nothing is written to the access log.
 */
@Controller("/api/v1/immunizations")
class ForecastController {
  private final ImmunizationForecasts forecasts;

  ForecastController(ImmunizationForecasts forecasts) {
    this.forecasts = forecasts;
  }

  @Post(
      uri = "/forecast",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  ForecastBodies.ForecastBody forecast(
      Principal principal, @Body ForecastBodies.ForecastRequestBody body) {
    List<ProblemException.FieldError> missing = new ArrayList<>();
    List<ProblemException.FieldError> malformed = new ArrayList<>();
    LocalDate birth = date(body.birthDate(), "birthDate", missing, malformed);
    LocalDate asOf = date(body.asOf(), "asOf", missing, malformed);
    Sex sex = null;
    if (body.sex() != null) {
      if (body.sex().equals("female")) {
        sex = Sex.FEMALE;
      } else if (body.sex().equals("male")) {
        sex = Sex.MALE;
      } else {
        missing.add(new ProblemException.FieldError("sex", "must be female or male"));
      }
    }
    List<GivenDose> history = new ArrayList<>();
    if (body.history() == null) {
      missing.add(new ProblemException.FieldError("history", "required (may be empty)"));
    } else {
      for (int i = 0; i < body.history().size(); i++) {
        ForecastBodies.GivenDoseBody dose = body.history().get(i);
        String at = "history[" + i + "]";
        if (dose == null) {
          missing.add(new ProblemException.FieldError(at, "required"));
          continue;
        }
        LocalDate date = date(dose.date(), at + ".date", missing, malformed);
        require(dose.vaccine(), at + ".vaccine", missing);
        require(dose.dose(), at + ".dose", missing);
        if (date != null && dose.vaccine() != null && dose.dose() != null) {
          history.add(new GivenDose(dose.vaccine(), dose.dose(), date, dose.product()));
        }
      }
    }
    LongTermIllness illness = null;
    if (body.longTermIllness() != null) {
      ForecastBodies.LongTermIllnessBody certified = body.longTermIllness();
      LocalDate ended = date(certified.endedOn(), "longTermIllness.endedOn", missing, malformed);
      List<String> vaccines = new ArrayList<>();
      if (certified.vaccines() != null) {
        for (int i = 0; i < certified.vaccines().size(); i++) {
          String vaccine = certified.vaccines().get(i);
          require(vaccine, "longTermIllness.vaccines[" + i + "]", missing);
          vaccines.add(vaccine == null ? "" : vaccine);
        }
      }
      if (ended != null) {
        illness = new LongTermIllness(ended, vaccines);
      }
    }
    if (!missing.isEmpty()) {
      missing.addAll(malformed);
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          missing.get(0).field() + ": " + missing.get(0).message(),
          missing);
    }
    if (!malformed.isEmpty()) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_MALFORMED_DATE,
          malformed.get(0).field() + " is not a date (YYYY-MM-DD).",
          malformed);
    }
    Set<String> flags = new HashSet<>();
    if (body.flags() != null) {
      for (Map.Entry<String, Boolean> flag : body.flags().entrySet()) {
        if (Boolean.TRUE.equals(flag.getValue())
            || !forecasts.schedule().flags().containsKey(flag.getKey())) {
          flags.add(flag.getKey());
        }
      }
    }
    try {
      return ForecastBodies.of(
          forecasts.forecast(new ForecastRequest(birth, asOf, sex, history, flags, illness)));
    } catch (ForecastInputException e) {
      throw problem(e);
    }
  }

  private static ProblemException problem(ForecastInputException e) {
    List<ProblemException.FieldError> errors =
        e.errors().stream()
            .map(error -> new ProblemException.FieldError(error.field(), error.message()))
            .toList();
    InputError first = e.errors().get(0);
    return new ProblemException(code(first.kind()), first.field() + ": " + first.message(), errors);
  }

  private static ErrorCode code(InputError.Kind kind) {
    switch (kind) {
      case DATE_IN_FUTURE:
        return ErrorCode.IMMUNIZATION_DATE_IN_FUTURE;
      case DATE_BEFORE_BIRTH:
        return ErrorCode.IMMUNIZATION_DATE_BEFORE_BIRTH;
      case UNKNOWN_VACCINE:
        return ErrorCode.IMMUNIZATION_UNKNOWN_VACCINE;
      case UNKNOWN_DOSE:
        return ErrorCode.IMMUNIZATION_UNKNOWN_DOSE;
      case DOSE_OUT_OF_ORDER:
        return ErrorCode.IMMUNIZATION_DOSE_OUT_OF_ORDER;
      case UNKNOWN_PRODUCT:
        return ErrorCode.IMMUNIZATION_UNKNOWN_PRODUCT;
      case UNKNOWN_FLAG:
        return ErrorCode.IMMUNIZATION_UNKNOWN_FLAG;
      case NOT_COVERED:
        return ErrorCode.IMMUNIZATION_NOT_COVERED_BY_MEASURE;
      default:
        throw new IllegalStateException("unmapped " + kind);
    }
  }

  private static void require(
      String value, String field, List<ProblemException.FieldError> missing) {
    if (value == null || value.isBlank()) {
      missing.add(new ProblemException.FieldError(field, "required"));
    }
  }

  private static LocalDate date(
      String value,
      String field,
      List<ProblemException.FieldError> missing,
      List<ProblemException.FieldError> malformed) {
    if (value == null) {
      missing.add(new ProblemException.FieldError(field, "required"));
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      malformed.add(new ProblemException.FieldError(field, "not a date (YYYY-MM-DD)"));
      return null;
    }
  }
}
