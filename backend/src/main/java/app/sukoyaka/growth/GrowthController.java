package app.sukoyaka.growth;

import app.sukoyaka.platform.EntityTags;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.i18n.GuardianLanguages;
import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.platform.i18n.LocalizedJson;
import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A child's growth as JSON (every measurement placed on the references, and the curves for apps
 * that draw) and as a chart drawn on the server, so every app shows the same picture. Both carry an
 * ETag and answer If-None-Match with 304.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class GrowthController {
  static final String SVG = "image/svg+xml";

  private final GrowthService growth;
  private final GrowthChart chart;
  private final LocalizedJson localized;
  private final GuardianLanguages languages;

  GrowthController(GrowthService growth, LocalizedJson localized, GuardianLanguages languages) {
    this.growth = growth;
    this.chart = new GrowthChart(growth.references(), growth.texts());
    this.localized = localized;
    this.languages = languages;
  }

  @Get(uri = "/children/{childId}/growth", produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> growth(
      @PathVariable UUID childId,
      @Nullable @Header("If-None-Match") String ifNoneMatch,
      Principal principal,
      HttpRequest<?> request) {
    GrowthReport report = growth.report(principal, childId);
    // The texts in the reader's language before the digest: one ETag per language.
    LocalizedJson.Body written = localized.write(body(report), request);
    String tag = EntityTags.ofBytes(written.bytes());
    if (EntityTags.noneMatchNames(ifNoneMatch, tag)) {
      return written.describe(HttpResponse.notModified().header("ETag", tag));
    }
    return written.describe(
        HttpResponse.ok(written.bytes())
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .header("ETag", tag));
  }

  @Get(uri = "/children/{childId}/growth-chart.svg", produces = SVG)
  HttpResponse<?> chart(
      @PathVariable UUID childId,
      @Nullable @QueryValue String measure,
      @Nullable @QueryValue String lang,
      @Nullable @Header("Accept-Language") String acceptLanguage,
      @Nullable @Header("If-None-Match") String ifNoneMatch,
      Principal principal) {
    GrowthChartTexts.Measure chosen =
        growth
            .texts()
            .measure(measure == null ? "" : measure)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.GROWTH_MEASURE_UNKNOWN,
                        "measure: must be one of "
                            + String.join(
                                ", ",
                                growth.texts().measures().stream()
                                    .map(GrowthChartTexts.Measure::code)
                                    .toList())));
    if (lang != null && !growth.texts().languages().contains(lang)) {
      throw new ProblemException(
          ErrorCode.GROWTH_LANGUAGE_UNSUPPORTED,
          "lang: the chart is drawn in "
              + String.join(
                  ", ",
                  Language.codes().stream().filter(growth.texts().languages()::contains).toList()));
    }
    GrowthReport report = growth.report(principal, childId);
    if (report.sex() == null) {
      throw new ProblemException(
          ErrorCode.GROWTH_NO_REFERENCE,
          "The growth references are by sex; this child's sex is not recorded as male or female.");
    }
    // As every other text: `lang`, else Accept-Language, else the guardian's setting, else
    // Japanese.
    String language =
        lang != null ? lang : languages.reader(principal, acceptLanguage).language().code();
    byte[] svg = chart.render(chosen, report, language).getBytes(StandardCharsets.UTF_8);
    String tag = EntityTags.ofBytes(svg);
    if (EntityTags.noneMatchNames(ifNoneMatch, tag)) {
      return HttpResponse.notModified().header("ETag", tag);
    }
    return HttpResponse.ok(svg)
        .contentType(SVG + "; charset=UTF-8")
        .header("ETag", tag)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Language", language)
        .header("Vary", "Accept-Language")
        .header("Cache-Control", "private, no-cache");
  }

  private GrowthBodies.Growth body(GrowthReport report) {
    List<GrowthBodies.Measurement> measurements = new ArrayList<>();
    for (GrowthPoint point : report.points()) {
      GrowthBodies.PercentileBand band =
          point.placement() == null
              ? null
              : new GrowthBodies.PercentileBand(
                  point.placement().lowerPercentile(),
                  point.placement().upperPercentile(),
                  new GrowthBodies.Text(
                      chart.bandText(point.placement(), "ja"),
                      chart.bandText(point.placement(), "en")));
      measurements.add(
          new GrowthBodies.Measurement(
              point.measure().code(),
              point.source(),
              point.source(),
              point.id(),
              point.checkupKind(),
              point.date(),
              Double.parseDouble(GrowthChart.value(point.measure(), point.value())),
              point.measure().unit(),
              new GrowthBodies.Age(point.ageDays(), point.ageMonths()),
              point.comparedAt().corrected()
                  ? new GrowthBodies.Age(
                      point.comparedAt().days(), point.comparedAt().completedMonths())
                  : null,
              band,
              point.zScore()));
    }
    List<GrowthBodies.ReferenceCurves> curves = new ArrayList<>();
    if (report.sex() != null) {
      for (GrowthChartTexts.Measure measure : growth.texts().measures()) {
        List<GrowthBodies.CurvePoint> points = new ArrayList<>();
        for (JapanGrowthSurvey.CurvePoint point :
            growth.references().japan().curve(measure.reference(), report.sex())) {
          points.add(
              new GrowthBodies.CurvePoint(
                  round(point.days(), 2),
                  round(point.days() / WhoGrowthStandards.DAYS_PER_MONTH, 2),
                  Arrays.stream(point.values()).boxed().toList()));
        }
        curves.add(
            new GrowthBodies.ReferenceCurves(
                measure.code(),
                measure.unit(),
                growth.references().provenance().get(0).id(),
                growth.references().japan().percentiles(),
                points));
      }
    }
    List<GrowthBodies.Attribution> attributions =
        growth.references().provenance().stream()
            .map(
                p ->
                    new GrowthBodies.Attribution(
                        p.id(),
                        new GrowthBodies.Text(p.titleJa(), p.titleEn()),
                        new GrowthBodies.Text(p.attributionJa(), p.attributionEn()),
                        p.effectiveFrom(),
                        p.sources()))
            .toList();
    Integer gestation = report.gestationalDaysAtBirth();
    return new GrowthBodies.Growth(
        report.childId(),
        report.birthDate(),
        report.sex() == null ? null : report.sex().code(),
        gestation == null
            ? null
            : new GrowthBodies.GestationalAge(gestation / 7, gestation % 7, gestation),
        report.correctedUntil(),
        measurements,
        curves,
        attributions);
  }

  private static double round(double value, int decimals) {
    return java.math.BigDecimal.valueOf(value)
        .setScale(decimals, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }
}
