package app.sukoyaka.immunization;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.SystemScope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The digital 予診票 in the parent app, and the clinic's redemption of the visit QR code: the
 * questionnaire's questions, a guardian's answers with the advisory eligibility, the visit token,
 * and the visit the clinic reads with it.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class PrescreeningController {
  private final PrescreeningQuestionnaire questionnaire;
  private final PrescreeningService prescreenings;
  private final VaccinationVisits visits;
  private final Clock clock;
  private final SystemScope systemScope;

  PrescreeningController(
      PrescreeningQuestionnaire questionnaire,
      PrescreeningService prescreenings,
      VaccinationVisits visits,
      Clock clock,
      SystemScope systemScope) {
    this.systemScope = systemScope;
    this.questionnaire = questionnaire;
    this.prescreenings = prescreenings;
    this.visits = visits;
    this.clock = clock;
  }

  /** The questions for the app: all of them, or those asked for one vaccine on one day. */
  @Get(uri = "/vaccination-questionnaire", produces = MediaType.APPLICATION_JSON)
  PrescreeningBodies.QuestionnaireBody questionnaire(
      @QueryValue @Nullable String vaccine,
      @QueryValue @Nullable String date,
      Principal principal) {
    LocalDate day = LocalDate.now(clock);
    if (date != null) {
      try {
        day = LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        throw new ProblemException(
            ErrorCode.IMMUNIZATION_MALFORMED_DATE,
            "date is not a date (YYYY-MM-DD).",
            List.of(new ProblemException.FieldError("date", "not a date (YYYY-MM-DD)")));
      }
    }
    if (vaccine != null && questionnaire.vaccine(vaccine).isEmpty()) {
      throw new ProblemException(
          ErrorCode.PRESCREENING_UNKNOWN_VACCINE,
          "Not a vaccine of the pre-vaccination questionnaire: " + vaccine + ".",
          List.of(
              new ProblemException.FieldError("vaccine", "not a vaccine of the questionnaire")));
    }
    return PrescreeningBodies.questionnaire(questionnaire, vaccine, day);
  }

  @Post(
      uri = "/children/{childId}/prescreenings",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<PrescreeningBodies.PrescreeningBody> submit(
      @PathVariable UUID childId,
      @Body PrescreeningBodies.PrescreeningRequestBody body,
      Principal principal) {
    PrescreeningService.Checked checked = prescreenings.submit(principal, childId, input(body));
    return HttpResponse.created(
            PrescreeningBodies.prescreening(checked.prescreening(), checked.eligibility()))
        .header(
            "Location",
            "/api/v1/children/" + childId + "/prescreenings/" + checked.prescreening().id());
  }

  @Get(
      uri = "/children/{childId}/prescreenings/{prescreeningId}",
      produces = MediaType.APPLICATION_JSON)
  PrescreeningBodies.PrescreeningBody read(
      @PathVariable UUID childId, @PathVariable UUID prescreeningId, Principal principal) {
    PrescreeningService.Checked checked = prescreenings.read(principal, childId, prescreeningId);
    return PrescreeningBodies.prescreening(checked.prescreening(), checked.eligibility());
  }

  @Put(
      uri = "/children/{childId}/prescreenings/{prescreeningId}",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  PrescreeningBodies.PrescreeningBody replace(
      @PathVariable UUID childId,
      @PathVariable UUID prescreeningId,
      @Body PrescreeningBodies.PrescreeningRequestBody body,
      Principal principal) {
    PrescreeningService.Checked checked =
        prescreenings.replace(principal, childId, prescreeningId, input(body));
    return PrescreeningBodies.prescreening(checked.prescreening(), checked.eligibility());
  }

  @Post(
      uri = "/children/{childId}/prescreenings/{prescreeningId}/visit-token",
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<PrescreeningBodies.VisitTokenBody> visitToken(
      @PathVariable UUID childId, @PathVariable UUID prescreeningId, Principal principal) {
    PrescreeningService.Token token = prescreenings.issueToken(principal, childId, prescreeningId);
    return HttpResponse.created(
        new PrescreeningBodies.VisitTokenBody(
            token.token(),
            token.qr(),
            token.expiresAt(),
            new PrescreeningBodies.VisitConsentBody(
                app.sukoyaka.clinic.VisitTokens.CONSENT_KIND,
                token.consentId().toString(),
                token.consentTextVersion())));
  }

  @Post(
      uri = "/clinic/visits",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  PrescreeningBodies.VisitBody redeem(
      @Body PrescreeningBodies.VisitRequestBody body, Principal principal) {
    if (body.token() == null || body.token().isBlank()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "token: required",
          List.of(new ProblemException.FieldError("token", "required")));
    }
    // The family's QR code is the credential: it brings a clinic of any municipality to the child,
    // whose municipality the clinic's scope gains only once the code is redeemed.
    return PrescreeningBodies.visit(systemScope.get(() -> visits.redeem(principal, body.token())));
  }

  private static PrescreeningService.Input input(PrescreeningBodies.PrescreeningRequestBody body) {
    List<ProblemException.FieldError> missing = new ArrayList<>();
    if (body.vaccine() == null || body.vaccine().isBlank()) {
      missing.add(new ProblemException.FieldError("vaccine", "required"));
    }
    if (body.plannedDate() == null) {
      missing.add(new ProblemException.FieldError("plannedDate", "required"));
    }
    if (body.answers() == null) {
      missing.add(new ProblemException.FieldError("answers", "required (an object of answers)"));
    }
    if (body.dose() != null && body.dose().isBlank()) {
      missing.add(new ProblemException.FieldError("dose", "omit it, or name the dose"));
    }
    if (!missing.isEmpty()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          missing.get(0).field() + ": " + missing.get(0).message(),
          missing);
    }
    LocalDate plannedDate;
    try {
      plannedDate = LocalDate.parse(body.plannedDate());
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_MALFORMED_DATE,
          "plannedDate is not a date (YYYY-MM-DD).",
          List.of(new ProblemException.FieldError("plannedDate", "not a date (YYYY-MM-DD)")));
    }
    return new PrescreeningService.Input(body.vaccine(), body.dose(), plannedDate, body.answers());
  }
}
