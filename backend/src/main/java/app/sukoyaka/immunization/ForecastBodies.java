package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.Citation;
import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.immunization.schedule.Note;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.Text;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON of {@code POST /api/v1/immunizations/forecast} (api-spec: ImmunizationForecast*). */
final class ForecastBodies {
  private ForecastBodies() {}

  /** Dates arrive as text so that a malformed one is reported by its field. */
  @Serdeable
  record ForecastRequestBody(
      @Nullable String birthDate,
      @Nullable String asOf,
      @Nullable String sex,
      @Nullable List<GivenDoseBody> history,
      @Nullable Map<String, Boolean> flags,
      @Nullable LongTermIllnessBody longTermIllness) {}

  /** A 長期療養特例 certification: the day the circumstances ended, the vaccines it names. */
  @Serdeable
  record LongTermIllnessBody(@Nullable String endedOn, @Nullable List<String> vaccines) {}

  @Serdeable
  record GivenDoseBody(
      @Nullable String vaccine,
      @Nullable String dose,
      @Nullable String date,
      @Nullable String product) {}

  @Serdeable
  record ForecastBody(
      LocalDate asOf, String scheduleVersion, List<RecommendationBody> recommendations) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RecommendationBody(
      String vaccine,
      String dose,
      String status,
      LocalDate date,
      String product,
      LocalDate earliestDate,
      LocalDate recommendedFrom,
      LocalDate dueDate,
      LocalDate windowEnd,
      Integer seriesDoses,
      List<NoteBody> notes,
      SourceBody source) {}

  @Serdeable
  record NoteBody(String severity, TextBody text) {}

  @Serdeable
  record TextBody(String ja, String en) {}

  @Serdeable
  record SourceBody(String rule, List<CitationBody> citations) {}

  @Serdeable
  record CitationBody(String id, String title, String location) {}

  static ForecastBody of(Forecast forecast) {
    return new ForecastBody(
        forecast.asOf(),
        forecast.scheduleVersion(),
        forecast.recommendations().stream().map(ForecastBodies::of).toList());
  }

  private static RecommendationBody of(Recommendation r) {
    return new RecommendationBody(
        r.vaccine(),
        r.dose(),
        r.status().code(),
        r.date(),
        r.product(),
        r.earliestDate(),
        r.recommendedFrom(),
        r.dueDate(),
        r.windowEnd(),
        r.seriesDoses(),
        r.notes().stream().map(ForecastBodies::of).toList(),
        new SourceBody(
            r.source().rule(), r.source().citations().stream().map(ForecastBodies::of).toList()));
  }

  private static NoteBody of(Note note) {
    return new NoteBody(note.severity().name().toLowerCase(Locale.ROOT), of(note.text()));
  }

  private static TextBody of(Text text) {
    return new TextBody(text.ja(), text.en());
  }

  private static CitationBody of(Citation citation) {
    return new CitationBody(citation.id(), citation.title(), citation.location());
  }
}
