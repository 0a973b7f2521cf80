package app.sukoyaka.immunization;

import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.immunization.prescreening.Answer;
import app.sukoyaka.immunization.prescreening.Eligibility;
import app.sukoyaka.immunization.prescreening.Finding;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.PrescreeningQuestionnaire;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON of the 予診票 and visit routes (api-spec: VaccinationQuestionnaire*, Prescreening*,
 * VisitToken, ClinicVisit*), with the pure mappers from the domain.
 */
final class PrescreeningBodies {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private PrescreeningBodies() {}

  @Serdeable
  record Text(String ja, String en) {}

  // --- The questionnaire for the app ------------------------------------------------------

  @Serdeable
  record QuestionnaireBody(
      String questionnaire,
      String version,
      Text title,
      @Nullable String vaccine,
      LocalDate date,
      List<VaccineBody> vaccines,
      List<ItemBody> items) {}

  @Serdeable
  record VaccineBody(String id, Text name) {}

  @Serdeable
  record ItemBody(
      String linkId,
      Text text,
      String type,
      boolean required,
      boolean repeats,
      List<String> vaccines,
      @Nullable EnableWhenBody enableWhen,
      List<OptionBody> options,
      @Nullable UnitBody unit,
      @Nullable BigDecimal min,
      @Nullable BigDecimal max,
      @Nullable String fromRequest) {}

  @Serdeable
  record EnableWhenBody(String linkId, boolean answer) {}

  @Serdeable
  record OptionBody(String code, Text label) {}

  @Serdeable
  record UnitBody(String code, Text label) {}

  // --- A guardian's 予診票 ----------------------------------------------------------------

  /** Members arrive as sent so that each problem is reported by its field. */
  @Serdeable
  record PrescreeningRequestBody(
      @Nullable String vaccine,
      @Nullable String dose,
      @Nullable String plannedDate,
      @Nullable Map<String, Object> answers) {}

  @Serdeable
  record PrescreeningBody(
      UUID id,
      UUID childId,
      String vaccine,
      @Nullable String dose,
      LocalDate plannedDate,
      String status,
      int version,
      Instant answeredAt,
      String questionnaire,
      Map<String, Object> answers,
      EligibilityBody eligibility) {}

  @Serdeable
  record EligibilityBody(
      String vaccine,
      @Nullable String dose,
      LocalDate date,
      String outcome,
      Text advisory,
      List<FindingBody> findings,
      @Nullable ForecastStatusBody forecast,
      String rulesVersion,
      String scheduleVersion) {}

  @Serdeable
  record FindingBody(
      String rule, String level, Text reason, List<AnswerBody> answers, List<SourceBody> sources) {}

  @Serdeable
  record AnswerBody(String linkId, Text question, Text answer) {}

  @Serdeable
  record SourceBody(String id, String title, String location) {}

  @Serdeable
  record ForecastStatusBody(
      String dose,
      String status,
      @Nullable LocalDate date,
      @Nullable LocalDate earliestDate,
      @Nullable LocalDate recommendedFrom,
      @Nullable LocalDate dueDate,
      @Nullable LocalDate windowEnd) {}

  @Serdeable
  record VisitTokenBody(String token, String qr, Instant expiresAt, VisitConsentBody consent) {}

  /** The consent the code's issue records: withdrawn at /me/consents/{kind}/{id}/withdrawal. */
  @Serdeable
  record VisitConsentBody(String kind, String id, String textVersion) {}

  // --- The clinic's visit -----------------------------------------------------------------

  @Serdeable
  record VisitRequestBody(@Nullable String token) {}

  @Serdeable
  record VisitBody(
      boolean firstRedemption,
      Instant redeemedAt,
      Instant tokenExpiresAt,
      Instant grantExpiresAt,
      FamilyBodies.ChildDetail child,
      PrescreeningBody prescreening,
      Map<String, Object> questionnaireResponse,
      List<RecordBody> immunizations,
      ForecastBodies.ForecastBody forecast) {}

  @Serdeable
  record RecordBody(
      UUID id,
      LocalDate date,
      CodingBody vaccine,
      @Nullable String vaccineKind,
      @Nullable String product,
      @Nullable String lotNumber,
      @Nullable String doseLabel,
      boolean routine,
      String source,
      String verification,
      @Nullable String country,
      @Nullable String performerName,
      List<CreditBody> counts) {}

  @Serdeable
  record CodingBody(String system, String code, @Nullable String display) {}

  @Serdeable
  record CreditBody(String vaccine, @Nullable String dose) {}

  // --- Mappers ----------------------------------------------------------------------------

  static QuestionnaireBody questionnaire(
      PrescreeningQuestionnaire questionnaire, String vaccine, LocalDate date) {
    List<PrescreeningQuestionnaire.Item> items =
        vaccine == null ? questionnaire.items() : questionnaire.itemsFor(vaccine, date);
    return new QuestionnaireBody(
        SukoyakaCanonicals.PRESCREENING_QUESTIONNAIRE,
        questionnaire.version(),
        text(questionnaire.title()),
        vaccine,
        date,
        questionnaire.vaccines().stream()
            .map(v -> new VaccineBody(v.id(), text(v.name())))
            .toList(),
        items.stream().map(item -> item(questionnaire, item)).toList());
  }

  private static ItemBody item(
      PrescreeningQuestionnaire questionnaire, PrescreeningQuestionnaire.Item item) {
    return new ItemBody(
        item.linkId(),
        text(item.text()),
        item.type().fhirCode(),
        item.required(),
        item.repeats(),
        questionnaire.vaccines().stream()
            .map(PrescreeningQuestionnaire.Vaccine::id)
            .filter(questionnaire.vaccinesOf(item)::contains)
            .toList(),
        item.enableWhen() == null
            ? null
            : new EnableWhenBody(item.enableWhen().linkId(), item.enableWhen().answer()),
        item.options().stream().map(o -> new OptionBody(o.code(), text(o.label()))).toList(),
        item.unit() == null ? null : new UnitBody(item.unit().ucum(), text(item.unit().label())),
        item.range() == null ? null : item.range().min(),
        item.range() == null ? null : item.range().max(),
        item.fromRequest());
  }

  static PrescreeningBody prescreening(Prescreening prescreening, Eligibility eligibility) {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (Answer answer : prescreening.answers().all()) {
      if (!answer.linkId().equals("vaccine") && !answer.linkId().equals("dose")) {
        answers.put(answer.linkId(), answer.plain());
      }
    }
    return new PrescreeningBody(
        prescreening.id(),
        prescreening.childId(),
        prescreening.answers().vaccine(),
        prescreening.answers().dose(),
        prescreening.answers().plannedDate(),
        prescreening.redeemed() ? "redeemed" : "submitted",
        prescreening.version(),
        prescreening.answeredAt(),
        SukoyakaCanonicals.PRESCREENING_QUESTIONNAIRE,
        answers,
        eligibility(eligibility));
  }

  static EligibilityBody eligibility(Eligibility eligibility) {
    Recommendation r = eligibility.recommendation();
    return new EligibilityBody(
        eligibility.vaccine(),
        eligibility.dose(),
        eligibility.date(),
        eligibility.outcome().code(),
        text(eligibility.advisory()),
        eligibility.findings().stream().map(PrescreeningBodies::finding).toList(),
        r == null
            ? null
            : new ForecastStatusBody(
                r.dose(),
                r.status().code(),
                r.date(),
                r.earliestDate(),
                r.recommendedFrom(),
                r.dueDate(),
                r.windowEnd()),
        eligibility.rulesVersion(),
        eligibility.scheduleVersion());
  }

  private static FindingBody finding(Finding finding) {
    return new FindingBody(
        finding.rule(),
        finding.level().code(),
        text(finding.reason()),
        finding.answers().stream()
            .map(a -> new AnswerBody(a.linkId(), text(a.question()), text(a.answer())))
            .toList(),
        finding.sources().stream()
            .map(s -> new SourceBody(s.id(), s.title(), s.location()))
            .toList());
  }

  static VisitBody visit(VaccinationVisits.Visit visit) {
    return new VisitBody(
        visit.firstRedemption(),
        visit.token().redeemedAt(),
        visit.token().expiresAt(),
        visit.token().grantExpiresAt(),
        FamilyBodies.detail(visit.child()),
        prescreening(visit.prescreening(), visit.eligibility()),
        fhirJson(visit.prescreening().questionnaireResponse()),
        visit.records().stream().map(PrescreeningBodies::record).toList(),
        ForecastBodies.of(visit.forecast()));
  }

  private static RecordBody record(ImmunizationRecord record) {
    return new RecordBody(
        record.id(),
        record.occurrenceDate(),
        new CodingBody(
            record.vaccine().system(), record.vaccine().code(), record.vaccine().display()),
        record.vaccineKind(),
        record.product(),
        record.lotNumber(),
        record.doseLabel(),
        record.routine(),
        record.source().code(),
        record.verification().code(),
        record.country(),
        record.performerName(),
        record.credits().stream().map(c -> new CreditBody(c.vaccine(), c.doseLabel())).toList());
  }

  /** A stored FHIR resource as a JSON object; decimals stay exact. */
  private static Map<String, Object> fhirJson(String json) {
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable stored QuestionnaireResponse", e);
    }
  }

  private static Text text(LocalizedText text) {
    return new Text(text.ja(), text.en());
  }
}
