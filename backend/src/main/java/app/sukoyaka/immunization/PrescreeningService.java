package app.sukoyaka.immunization;

import app.sukoyaka.clinic.VisitTokens;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.immunization.prescreening.AnswerCheck;
import app.sukoyaka.immunization.prescreening.AnswerError;
import app.sukoyaka.immunization.prescreening.Answers;
import app.sukoyaka.immunization.prescreening.Eligibility;
import app.sukoyaka.immunization.prescreening.EligibilityCheck;
import app.sukoyaka.immunization.prescreening.PrescreeningInputException;
import app.sukoyaka.immunization.prescreening.QuestionnaireResponses;
import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.Forecaster;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The digital 予診票: a guardian answers the pre-vaccination questionnaire for a planned vaccination
 * of their child, may replace the answers until a clinic has redeemed the visit QR code, and gets
 * the advisory eligibility for the planned day with every answer that needs the doctor's attention.
 * Answers are checked against the questionnaire before anything is stored.
 */
@Singleton
public class PrescreeningService {
  /** Purpose written to the access log. */
  static final String PURPOSE = "vaccination-prescreening";

  /** How far ahead a guardian may answer for: the 予診票 is for a visit already arranged. */
  static final int MAX_DAYS_AHEAD = 60;

  private final FamilyService families;
  private final ChildForecasts childForecasts;
  private final Forecaster forecaster;
  private final PrescreeningStore store;
  private final AnswerCheck answerCheck;
  private final EligibilityCheck eligibilityCheck;
  private final QuestionnaireResponses responses;
  private final PrescreeningQuestionnaire questionnaire;
  private final VisitTokens tokens;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final Clock clock;

  PrescreeningService(
      FamilyService families,
      ChildForecasts childForecasts,
      ImmunizationForecasts forecasts,
      PrescreeningStore store,
      AnswerCheck answerCheck,
      EligibilityCheck eligibilityCheck,
      QuestionnaireResponses responses,
      PrescreeningQuestionnaire questionnaire,
      VisitTokens tokens,
      AccessGuard guard,
      AccessLog accessLog,
      Clock clock) {
    this.families = families;
    this.childForecasts = childForecasts;
    this.forecaster = new Forecaster(forecasts.schedule());
    this.store = store;
    this.answerCheck = answerCheck;
    this.eligibilityCheck = eligibilityCheck;
    this.responses = responses;
    this.questionnaire = questionnaire;
    this.tokens = tokens;
    this.guard = guard;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /**
   * Every 予診票 answered for the child, for the family's download of their data: the caller has
   * decided that the family reads the child (the download's scope), so nothing is checked here.
   */
  public java.util.List<Prescreening> forDownload(UUID childId) {
    return store.ofChild(childId);
  }

  /** What a guardian sends: the planned vaccination and the answers by linkId. */
  public record Input(
      String vaccine, String dose, LocalDate plannedDate, Map<String, Object> answers) {}

  /** A stored 予診票 with its advisory eligibility for the planned day. */
  public record Checked(Prescreening prescreening, Eligibility eligibility) {}

  /** A visit token for the QR code. */
  /**
   * A visit token as the guardian receives it, with the consent its issue records (the register's
   * kind visit-grant, the token's id and the text's version).
   */
  public record Token(
      String token, String qr, Instant expiresAt, UUID consentId, String consentTextVersion) {}

  @Transactional
  public Checked submit(Principal principal, UUID childId, Input input) {
    Child child = child(childId);
    ProtectedSubject subject = requireGuardian(principal, child, "submit-prescreening");
    Answers answers = check(child, input);
    Instant now = clock.instant();
    UUID id = Ids.newId();
    Prescreening prescreening =
        new Prescreening(
            id,
            child.municipalityId(),
            child.id(),
            answers,
            false,
            1,
            questionnaire.version(),
            principal.subject(),
            now,
            now,
            null,
            response(id, child, answers, now));
    store.insert(prescreening, SukoyakaCanonicals.PRESCREENING_QUESTIONNAIRE);
    accessLog.write(principal, subject, "submit-prescreening", PURPOSE);
    return new Checked(prescreening, eligibility(child, prescreening, answers.plannedDate()));
  }

  /** Replaces the answers; refused once a clinic has redeemed the questionnaire's QR code. */
  @Transactional
  public Checked replace(Principal principal, UUID childId, UUID id, Input input) {
    Child child = child(childId);
    ProtectedSubject subject = requireGuardian(principal, child, "replace-prescreening");
    Prescreening stored = find(childId, id, true);
    if (stored.redeemed()) {
      throw new ProblemException(
          ErrorCode.PRESCREENING_REDEEMED,
          "A clinic has read this questionnaire at the visit; it can no longer be changed."
              + " Fill in a new one for another visit.");
    }
    Answers answers = check(child, input);
    Instant now = clock.instant();
    Prescreening replaced =
        new Prescreening(
            id,
            stored.municipalityId(),
            child.id(),
            answers,
            false,
            stored.version() + 1,
            questionnaire.version(),
            principal.subject(),
            now,
            stored.createdAt(),
            null,
            response(id, child, answers, now));
    store.replace(replaced);
    accessLog.write(principal, subject, "replace-prescreening", PURPOSE);
    return new Checked(replaced, eligibility(child, replaced, answers.plannedDate()));
  }

  /** A 予診票 as its family (or the staff of its municipality) reads it. */
  @Transactional(readOnly = true)
  public Checked read(Principal principal, UUID childId, UUID id) {
    Child child = child(childId);
    if (principal.role() == Role.CLINIC) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Clinics read a 予診票 by redeeming the family's visit QR code.");
    }
    ProtectedSubject subject = FamilySubjects.of(child);
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-prescreening", PURPOSE);
    Prescreening prescreening = find(childId, id, false);
    accessLog.access(principal, subject, "read-prescreening", PURPOSE, true);
    return new Checked(
        prescreening, eligibility(child, prescreening, prescreening.answers().plannedDate()));
  }

  /**
   * A new visit token for the questionnaire's QR code; earlier unredeemed tokens of it stop
   * working.
   */
  @Transactional
  public Token issueToken(Principal principal, UUID childId, UUID id) {
    Child child = child(childId);
    ProtectedSubject subject = requireGuardian(principal, child, "issue-visit-token");
    Prescreening prescreening = find(childId, id, true);
    if (prescreening.redeemed()) {
      throw new ProblemException(
          ErrorCode.PRESCREENING_REDEEMED,
          "A clinic has already read this questionnaire at a visit; fill in a new one for another"
              + " visit.");
    }
    VisitTokens.Issued issued =
        tokens.issue(child.municipalityId(), child.id(), id, principal.subject());
    accessLog.write(principal, subject, "issue-visit-token", PURPOSE);
    return new Token(
        issued.token(), issued.qr(), issued.expiresAt(), issued.id(), issued.consentTextVersion());
  }

  /**
   * The advisory eligibility of a 予診票 on a day, from the child's records and the answers' flags. A
   * day after today is forecast from today's history (the records cannot hold doses of days not yet
   * come).
   */
  Eligibility eligibility(Child child, Prescreening prescreening, LocalDate date) {
    return eligibility(
        child, prescreening, date, forecastOn(child, prescreening.answers(), date, null));
  }

  Eligibility eligibility(
      Child child, Prescreening prescreening, LocalDate date, Forecast forecast) {
    return eligibilityCheck.check(
        prescreening.answers(),
        forecast,
        date,
        LocalDate.ofInstant(prescreening.answeredAt(), clock.getZone()));
  }

  /**
   * The child's forecast on a day with the answers' flags.
   *
   * @param records the child's records when the caller has read them, else null
   */
  Forecast forecastOn(
      Child child, Answers answers, LocalDate date, List<ImmunizationRecord> records) {
    Set<String> flags = eligibilityCheck.forecastFlags(answers);
    LocalDate today = LocalDate.now(clock);
    LocalDate asOf = date.isAfter(today) ? today : date;
    StoredForecast stored =
        records == null
            ? childForecasts.forChild(child.id(), child.birthDate(), child.sex(), flags, asOf)
            : childForecasts.forRecords(records, child.birthDate(), child.sex(), flags, asOf);
    if (!date.isAfter(today)) {
      return stored.forecast();
    }
    return forecaster.forecast(
        new ForecastRequest(
            child.birthDate(),
            date,
            sex(child.sex()),
            stored.counted().stream().map(StoredForecast.CountedDose::dose).toList(),
            flags));
  }

  private Answers check(Child child, Input input) {
    LocalDate today = LocalDate.now(clock);
    if (input.plannedDate().isBefore(today)
        || input.plannedDate().isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
      throw new ProblemException(
          ErrorCode.PRESCREENING_PLANNED_DATE,
          "plannedDate must be between today ("
              + today
              + ") and "
              + MAX_DAYS_AHEAD
              + " days ahead ("
              + today.plusDays(MAX_DAYS_AHEAD)
              + ").",
          List.of(
              new ProblemException.FieldError(
                  "plannedDate", "not between today and 60 days ahead")));
    }
    try {
      return answerCheck.check(input.vaccine(), input.dose(), input.plannedDate(), input.answers());
    } catch (PrescreeningInputException e) {
      throw problem(e);
    }
  }

  private String response(UUID id, Child child, Answers answers, Instant authored) {
    return responses
        .of(id, child.id(), answers, OffsetDateTime.ofInstant(authored, clock.getZone()))
        .toString();
  }

  private Child child(UUID childId) {
    return families
        .child(childId)
        .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
  }

  private Prescreening find(UUID childId, UUID id, boolean lock) {
    return store
        .find(childId, id, lock)
        .orElseThrow(
            () ->
                new ProblemException(ErrorCode.NOT_FOUND, "No such questionnaire of this child."));
  }

  /** Only a guardian of the child fills in and shows its 予診票. */
  private ProtectedSubject requireGuardian(Principal principal, Child child, String action) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only a guardian of the child fills in its 予診票.");
    }
    ProtectedSubject subject = FamilySubjects.of(child);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, action, PURPOSE);
    return subject;
  }

  static ProblemException problem(PrescreeningInputException e) {
    List<ProblemException.FieldError> errors =
        e.errors().stream()
            .map(error -> new ProblemException.FieldError(error.field(), error.message()))
            .toList();
    AnswerError first = e.errors().get(0);
    return new ProblemException(code(first.kind()), first.field() + ": " + first.message(), errors);
  }

  private static ErrorCode code(AnswerError.Kind kind) {
    switch (kind) {
      case UNKNOWN_QUESTION:
        return ErrorCode.PRESCREENING_UNKNOWN_QUESTION;
      case WRONG_TYPE:
        return ErrorCode.PRESCREENING_WRONG_ANSWER_TYPE;
      case MISSING:
        return ErrorCode.PRESCREENING_MISSING_ANSWER;
      case OUT_OF_RANGE:
        return ErrorCode.PRESCREENING_ANSWER_OUT_OF_RANGE;
      case NOT_ASKED:
        return ErrorCode.PRESCREENING_QUESTION_NOT_ASKED;
      case UNKNOWN_VACCINE:
        return ErrorCode.PRESCREENING_UNKNOWN_VACCINE;
      default:
        throw new IllegalStateException("unmapped " + kind);
    }
  }

  private static Sex sex(String sex) {
    if ("female".equals(sex)) {
      return Sex.FEMALE;
    }
    if ("male".equals(sex)) {
      return Sex.MALE;
    }
    return null;
  }
}
