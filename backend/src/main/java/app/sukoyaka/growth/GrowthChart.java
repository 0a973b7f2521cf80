package app.sukoyaka.growth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a child's growth chart as SVG, the same picture for every app: the 2023 Japanese survey's
 * percentile curves of the child's sex with the 3rd–97th band shaded as in the paper handbook, axes
 * with ticks and labels, the child's measurements (a filled circle for a clinic's, a hollow diamond
 * for the parents' own, so they differ without colour), the age corrected for prematurity where it
 * applies, a title and description for screen readers and the reference's attribution. The output
 * depends only on its input: no clock, no randomness, fixed number formatting.
 */
public final class GrowthChart {
  static final int WIDTH = 800;
  static final int HEIGHT = 600;
  static final double LEFT = 80;
  static final double RIGHT = 776;
  static final double TOP = 64;
  static final double BOTTOM = 440;
  private static final int[] X_RANGES_MONTHS = {12, 24, 36, 48, 72};
  private static final String CLINIC_COLOUR = "#1f4e79";
  private static final String PARENT_COLOUR = "#b03a2e";

  private final GrowthReferences references;
  private final GrowthChartTexts texts;

  public GrowthChart(GrowthReferences references, GrowthChartTexts texts) {
    this.references = references;
    this.texts = texts;
  }

  /** The chart's axes: months shown and the values' range and step. */
  record Frame(int months, double yMin, double yMax, double yStep) {
    double x(double days) {
      return LEFT + (RIGHT - LEFT) * days / (months * WhoGrowthStandards.DAYS_PER_MONTH);
    }

    double y(double value) {
      return BOTTOM - (BOTTOM - TOP) * (value - yMin) / (yMax - yMin);
    }
  }

  /** The SVG of one measure; the report's sex must be known. */
  public String render(GrowthChartTexts.Measure measure, GrowthReport report, String language) {
    GrowthSex sex = report.sex();
    if (sex == null) {
      throw new IllegalArgumentException("no reference for a child of unknown sex");
    }
    List<GrowthPoint> all = report.of(measure);
    int lastMonth = measure.lastMonth() == null ? Integer.MAX_VALUE : measure.lastMonth();
    double lastDays = lastMonth * WhoGrowthStandards.DAYS_PER_MONTH;
    List<GrowthPoint> shown = new ArrayList<>();
    int beforeTerm = 0;
    for (GrowthPoint point : all) {
      if (point.comparedAt().days() < 0) {
        beforeTerm++;
      } else if (point.comparedAt().days() <= lastDays
          && point.comparedAt().days() <= 72 * WhoGrowthStandards.DAYS_PER_MONTH) {
        shown.add(point);
      }
    }
    List<JapanGrowthSurvey.CurvePoint> curve = references.japan().curve(measure.reference(), sex);
    // The months run as far as the child's measurements go, even those past the reference's end.
    List<GrowthPoint> afterTerm = all.stream().filter(p -> p.comparedAt().days() >= 0).toList();
    Frame frame = frame(measure, shown, afterTerm, curve, lastMonth);
    List<JapanGrowthSurvey.CurvePoint> drawn = clip(curve, frame.months());
    boolean corrected = shown.stream().anyMatch(p -> p.comparedAt().corrected());

    StringBuilder svg = new StringBuilder(16_384);
    String title =
        texts.text(
            language,
            "title",
            Map.of(
                "measure",
                measure.label().get(language),
                "sex",
                texts.text(language, "sex." + sex.code())));
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" lang=\"")
        .append(language)
        .append("\" data-measure=\"")
        .append(measure.code())
        .append("\" data-sex=\"")
        .append(sex.code())
        .append("\" data-months=\"")
        .append(frame.months())
        .append("\" data-y-min=\"")
        .append(number(frame.yMin()))
        .append("\" data-y-max=\"")
        .append(number(frame.yMax()))
        .append("\" font-family=\"sans-serif\">\n");
    svg.append("<title id=\"chart-title\">").append(escape(title)).append("</title>\n");
    svg.append("<desc id=\"chart-desc\">")
        .append(escape(description(measure, report, all, beforeTerm, corrected, language)))
        .append("</desc>\n");
    svg.append("<rect x=\"0\" y=\"0\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" fill=\"#ffffff\"/>\n");
    svg.append("<text id=\"heading\" x=\"")
        .append(number(LEFT))
        .append("\" y=\"36\" font-size=\"20\" fill=\"#222222\">")
        .append(escape(title))
        .append("</text>\n");
    grid(svg, measure, frame, corrected, language);
    band(svg, frame, drawn);
    curves(svg, frame, drawn);
    points(svg, measure, frame, shown, language);
    legend(svg, measure, corrected, beforeTerm, report, language);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static Frame frame(
      GrowthChartTexts.Measure measure,
      List<GrowthPoint> shown,
      List<GrowthPoint> afterTerm,
      List<JapanGrowthSurvey.CurvePoint> curve,
      int lastMonth) {
    double oldest = 0;
    for (GrowthPoint point : afterTerm) {
      oldest = Math.max(oldest, point.comparedAt().days() / WhoGrowthStandards.DAYS_PER_MONTH);
    }
    int months = X_RANGES_MONTHS[X_RANGES_MONTHS.length - 1];
    for (int range : X_RANGES_MONTHS) {
      if (oldest <= range) {
        months = range;
        break;
      }
    }
    months = Math.min(months, lastMonth);
    double low = Double.MAX_VALUE;
    double high = -Double.MAX_VALUE;
    for (JapanGrowthSurvey.CurvePoint point : clip(curve, months)) {
      low = Math.min(low, point.values()[0]);
      high = Math.max(high, point.values()[point.values().length - 1]);
    }
    for (GrowthPoint point : shown) {
      low = Math.min(low, point.value());
      high = Math.max(high, point.value());
    }
    double step = measure.yStep();
    if ((high - low) / step > 16) {
      step = measure.yStepWide();
    }
    double yMin = Math.max(0, Math.floor(low / step) * step);
    double yMax = Math.ceil(high / step) * step;
    if (yMax - high < step / 4) {
      yMax += step;
    }
    return new Frame(months, yMin, yMax, step);
  }

  /** The curve within the months shown, ending exactly at the last month where it goes beyond. */
  static List<JapanGrowthSurvey.CurvePoint> clip(
      List<JapanGrowthSurvey.CurvePoint> curve, int months) {
    double end = months * WhoGrowthStandards.DAYS_PER_MONTH;
    List<JapanGrowthSurvey.CurvePoint> clipped = new ArrayList<>();
    for (int i = 0; i < curve.size(); i++) {
      JapanGrowthSurvey.CurvePoint point = curve.get(i);
      if (point.days() <= end) {
        clipped.add(point);
        continue;
      }
      if (i > 0) {
        JapanGrowthSurvey.CurvePoint before = curve.get(i - 1);
        double share = (end - before.days()) / (point.days() - before.days());
        double[] values = new double[point.values().length];
        for (int p = 0; p < values.length; p++) {
          values[p] = before.values()[p] + (point.values()[p] - before.values()[p]) * share;
        }
        clipped.add(new JapanGrowthSurvey.CurvePoint(end, values));
      }
      break;
    }
    return clipped;
  }

  private void grid(
      StringBuilder svg,
      GrowthChartTexts.Measure measure,
      Frame frame,
      boolean corrected,
      String language) {
    svg.append("<g id=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">\n");
    int minor = frame.months() <= 12 ? 1 : frame.months() <= 24 ? 1 : 3;
    for (int month = 0; month <= frame.months(); month += minor) {
      double x = frame.x(month * WhoGrowthStandards.DAYS_PER_MONTH);
      svg.append(line(x, TOP, x, BOTTOM, null));
    }
    for (double value = frame.yMin(); value <= frame.yMax() + 1e-9; value += frame.yStep()) {
      double y = frame.y(value);
      svg.append(line(LEFT, y, RIGHT, y, null));
    }
    svg.append("</g>\n");
    svg.append("<g id=\"x-axis\" font-size=\"12\" fill=\"#333333\" text-anchor=\"middle\">\n");
    svg.append(line(LEFT, BOTTOM, RIGHT, BOTTOM, "#333333"));
    boolean years = frame.months() > 24;
    int labelled = frame.months() <= 12 ? 1 : frame.months() <= 24 ? 2 : 12;
    for (int month = 0; month <= frame.months(); month += labelled) {
      double x = frame.x(month * WhoGrowthStandards.DAYS_PER_MONTH);
      svg.append(line(x, BOTTOM, x, BOTTOM + 6, "#333333"));
      String label =
          years
              ? texts.text(language, "tick.years", Map.of("n", Integer.toString(month / 12)))
              : texts.text(language, "tick.months", Map.of("n", Integer.toString(month)));
      svg.append("<text class=\"tick\" data-months=\"")
          .append(month)
          .append("\" x=\"")
          .append(number(x))
          .append("\" y=\"")
          .append(number(BOTTOM + 20))
          .append("\">")
          .append(escape(label))
          .append("</text>\n");
    }
    String axis = corrected ? "axis.x.corrected" : years ? "axis.x.years" : "axis.x";
    svg.append("<text class=\"axis-title\" x=\"")
        .append(number((LEFT + RIGHT) / 2))
        .append("\" y=\"")
        .append(number(BOTTOM + 40))
        .append("\" font-size=\"14\">")
        .append(escape(texts.text(language, axis)))
        .append("</text>\n</g>\n");
    svg.append("<g id=\"y-axis\" font-size=\"12\" fill=\"#333333\" text-anchor=\"end\">\n");
    svg.append(line(LEFT, TOP, LEFT, BOTTOM, "#333333"));
    for (double value = frame.yMin(); value <= frame.yMax() + 1e-9; value += frame.yStep()) {
      double y = frame.y(value);
      svg.append(line(LEFT - 6, y, LEFT, y, "#333333"));
      svg.append("<text class=\"tick\" data-value=\"")
          .append(number(value))
          .append("\" x=\"")
          .append(number(LEFT - 10))
          .append("\" y=\"")
          .append(number(y + 4))
          .append("\">")
          .append(number(value))
          .append("</text>\n");
    }
    svg.append("<text class=\"axis-title\" transform=\"translate(24 ")
        .append(number((TOP + BOTTOM) / 2))
        .append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"14\">")
        .append(
            escape(
                texts.text(
                    language,
                    "axis.y",
                    Map.of("measure", measure.label().get(language), "unit", measure.unit()))))
        .append("</text>\n</g>\n");
  }

  private static void band(
      StringBuilder svg, Frame frame, List<JapanGrowthSurvey.CurvePoint> drawn) {
    StringBuilder points = new StringBuilder();
    for (JapanGrowthSurvey.CurvePoint point : drawn) {
      append(points, frame.x(point.days()), frame.y(point.values()[0]));
    }
    for (int i = drawn.size() - 1; i >= 0; i--) {
      JapanGrowthSurvey.CurvePoint point = drawn.get(i);
      append(points, frame.x(point.days()), frame.y(point.values()[point.values().length - 1]));
    }
    svg.append("<polygon id=\"band-3-97\" fill=\"#d6e9f8\" fill-opacity=\"0.8\" stroke=\"none\"")
        .append(" points=\"")
        .append(points)
        .append("\"/>\n");
  }

  private void curves(StringBuilder svg, Frame frame, List<JapanGrowthSurvey.CurvePoint> drawn) {
    List<Integer> percentiles = references.japan().percentiles();
    svg.append("<g id=\"curves\" fill=\"none\">\n");
    for (int p = 0; p < percentiles.size(); p++) {
      StringBuilder points = new StringBuilder();
      for (JapanGrowthSurvey.CurvePoint point : drawn) {
        append(points, frame.x(point.days()), frame.y(point.values()[p]));
      }
      int percentile = percentiles.get(p);
      boolean edge = p == 0 || p == percentiles.size() - 1;
      svg.append("<polyline class=\"percentile\" data-percentile=\"")
          .append(percentile)
          .append("\" stroke=\"")
          .append(percentile == 50 ? "#2f6f9f" : "#7fa7c9")
          .append("\" stroke-width=\"")
          .append(percentile == 50 ? "2" : edge ? "1.5" : "1")
          .append(edge || percentile == 50 ? "" : "\" stroke-dasharray=\"4 3")
          .append("\" points=\"")
          .append(points)
          .append("\"/>\n");
    }
    for (int p = 0; p < percentiles.size(); p++) {
      if (drawn.isEmpty()) {
        break;
      }
      JapanGrowthSurvey.CurvePoint last = drawn.get(drawn.size() - 1);
      svg.append("<text class=\"percentile-label\" x=\"")
          .append(number(frame.x(last.days()) - 2))
          .append("\" y=\"")
          .append(number(frame.y(last.values()[p]) - 3))
          .append("\" font-size=\"10\" fill=\"#4a6f8f\" text-anchor=\"end\">")
          .append(percentiles.get(p))
          .append("</text>\n");
    }
    svg.append("</g>\n");
  }

  private void points(
      StringBuilder svg,
      GrowthChartTexts.Measure measure,
      Frame frame,
      List<GrowthPoint> shown,
      String language) {
    svg.append("<g id=\"measurements\">\n");
    if (shown.size() > 1) {
      StringBuilder line = new StringBuilder();
      shown.stream()
          .sorted(
              java.util.Comparator.comparingLong((GrowthPoint p) -> p.comparedAt().days())
                  .thenComparing(GrowthPoint::source))
          .forEach(p -> append(line, frame.x(p.comparedAt().days()), frame.y(p.value())));
      svg.append(
              "<polyline id=\"child-line\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\""
                  + " points=\"")
          .append(line)
          .append("\"/>\n");
    }
    for (GrowthPoint point : shown) {
      double x = frame.x(point.comparedAt().days());
      double y = frame.y(point.value());
      String value = value(measure, point.value());
      String label =
          texts.text(
              language,
              "point",
              Map.of(
                  "date",
                  point.date().toString(),
                  "value",
                  value,
                  "unit",
                  measure.unit(),
                  "source",
                  texts.text(language, "source." + point.source())));
      String data =
          " data-source=\""
              + point.source()
              + "\" data-date=\""
              + point.date()
              + "\" data-value=\""
              + value
              + "\" data-age-days=\""
              + point.comparedAt().days()
              + "\" data-corrected=\""
              + point.comparedAt().corrected()
              + "\"";
      if (GrowthPoint.CLINIC.equals(point.source())) {
        svg.append("<circle class=\"point clinic\"")
            .append(data)
            .append(" cx=\"")
            .append(number(x))
            .append("\" cy=\"")
            .append(number(y))
            .append("\" r=\"4.5\" fill=\"")
            .append(CLINIC_COLOUR)
            .append("\" stroke=\"#ffffff\" stroke-width=\"1\">");
        svg.append("<title>").append(escape(label)).append("</title></circle>\n");
      } else {
        svg.append("<path class=\"point parent\"")
            .append(data)
            .append(" d=\"")
            .append(diamond(x, y))
            .append("\" fill=\"#ffffff\" stroke=\"")
            .append(PARENT_COLOUR)
            .append("\" stroke-width=\"2\">");
        svg.append("<title>").append(escape(label)).append("</title></path>\n");
      }
    }
    svg.append("</g>\n");
  }

  private void legend(
      StringBuilder svg,
      GrowthChartTexts.Measure measure,
      boolean corrected,
      int beforeTerm,
      GrowthReport report,
      String language) {
    double y = BOTTOM + 70;
    svg.append("<g id=\"legend\" font-size=\"12\" fill=\"#333333\">\n");
    svg.append("<rect x=\"")
        .append(number(LEFT))
        .append("\" y=\"")
        .append(number(y - 9))
        .append("\" width=\"24\" height=\"12\" fill=\"#d6e9f8\" stroke=\"#7fa7c9\"/>\n");
    svg.append(text(LEFT + 30, y + 1, texts.text(language, "legend.band")));
    double x = LEFT + 190;
    svg.append(line(x, y - 3, x + 24, y - 3, "#2f6f9f"));
    svg.append(text(x + 30, y + 1, texts.text(language, "legend.median")));
    x = LEFT + 350;
    svg.append("<circle cx=\"")
        .append(number(x + 12))
        .append("\" cy=\"")
        .append(number(y - 3))
        .append("\" r=\"4.5\" fill=\"")
        .append(CLINIC_COLOUR)
        .append("\"/>\n");
    svg.append(text(x + 24, y + 1, texts.text(language, "legend.clinic")));
    y += 22;
    svg.append("<path d=\"")
        .append(diamond(LEFT + 12, y - 3))
        .append("\" fill=\"#ffffff\" stroke=\"")
        .append(PARENT_COLOUR)
        .append("\" stroke-width=\"2\"/>\n");
    svg.append(text(LEFT + 30, y + 1, texts.text(language, "legend.parent")));
    svg.append("</g>\n");
    svg.append("<g id=\"notes\" font-size=\"11\" fill=\"#333333\">\n");
    y += 22;
    if (corrected && report.gestationalDaysAtBirth() != null) {
      int days = report.gestationalDaysAtBirth();
      svg.append(
          text(
              LEFT,
              y,
              texts.text(
                  language,
                  "corrected",
                  Map.of(
                      "weeks", Integer.toString(days / 7), "days", Integer.toString(days % 7)))));
      y += 16;
    }
    if (beforeTerm > 0) {
      svg.append(
          text(
              LEFT,
              y,
              texts.text(language, "beforeTerm", Map.of("n", Integer.toString(beforeTerm)))));
    }
    svg.append("</g>\n");
    GrowthReferences.Provenance japan = references.provenance().get(0);
    svg.append("<text id=\"attribution\" x=\"")
        .append(number(LEFT))
        .append("\" y=\"")
        .append(number(HEIGHT - 12))
        .append("\" font-size=\"10\" fill=\"#555555\">")
        .append(escape(texts.translated(language, japan.attributionJa(), japan.attributionEn())))
        .append("</text>\n");
  }

  private String description(
      GrowthChartTexts.Measure measure,
      GrowthReport report,
      List<GrowthPoint> all,
      int beforeTerm,
      boolean corrected,
      String language) {
    String label = measure.label().get(language);
    // Japanese and Chinese sentences follow one another without a space.
    String separator = "ja".equals(language) || "zh".equals(language) ? "" : " ";
    long clinic = all.stream().filter(p -> GrowthPoint.CLINIC.equals(p.source())).count();
    StringBuilder desc =
        new StringBuilder(
            texts.text(
                language,
                "desc.summary",
                Map.of(
                    "measure",
                    label,
                    "n",
                    Integer.toString(all.size()),
                    "clinic",
                    Long.toString(clinic),
                    "parent",
                    Long.toString(all.size() - clinic))));
    if (all.isEmpty()) {
      desc.append(separator).append(texts.text(language, "desc.none"));
    } else {
      GrowthPoint latest = all.get(all.size() - 1);
      desc.append(separator)
          .append(
              texts.text(
                  language,
                  "desc.latest",
                  Map.of(
                      "date",
                      latest.date().toString(),
                      "value",
                      value(measure, latest.value()),
                      "unit",
                      measure.unit(),
                      "source",
                      texts.text(language, "source." + latest.source()),
                      "band",
                      bandText(latest.placement(), language))));
    }
    if (corrected && report.gestationalDaysAtBirth() != null) {
      int days = report.gestationalDaysAtBirth();
      desc.append(separator)
          .append(
              texts.text(
                  language,
                  "corrected",
                  Map.of("weeks", Integer.toString(days / 7), "days", Integer.toString(days % 7))));
    }
    if (beforeTerm > 0) {
      desc.append(separator)
          .append(texts.text(language, "beforeTerm", Map.of("n", Integer.toString(beforeTerm))));
    }
    return desc.toString();
  }

  /** Where a placement sits, in words ("25〜50パーセンタイル"). */
  public String bandText(JapanGrowthSurvey.Placement placement, String language) {
    if (placement == null) {
      return texts.text(language, "band.none");
    }
    if (placement.lowerPercentile() == null) {
      return texts.text(language, "band.below");
    }
    if (placement.upperPercentile() == null) {
      return texts.text(language, "band.above");
    }
    return texts.text(
        language,
        "band.between",
        Map.of(
            "lower",
            placement.lowerPercentile().toString(),
            "upper",
            placement.upperPercentile().toString()));
  }

  static String value(GrowthChartTexts.Measure measure, double value) {
    return String.format(Locale.ROOT, "%." + measure.decimals() + "f", value);
  }

  private static String diamond(double x, double y) {
    return "M"
        + number(x)
        + " "
        + number(y - 6)
        + " L"
        + number(x + 6)
        + " "
        + number(y)
        + " L"
        + number(x)
        + " "
        + number(y + 6)
        + " L"
        + number(x - 6)
        + " "
        + number(y)
        + " Z";
  }

  private static String line(double x1, double y1, double x2, double y2, String stroke) {
    return "<line x1=\""
        + number(x1)
        + "\" y1=\""
        + number(y1)
        + "\" x2=\""
        + number(x2)
        + "\" y2=\""
        + number(y2)
        + (stroke == null ? "" : "\" stroke=\"" + stroke)
        + "\"/>\n";
  }

  private static String text(double x, double y, String content) {
    return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\">" + escape(content) + "</text>\n";
  }

  private static void append(StringBuilder points, double x, double y) {
    if (points.length() > 0) {
      points.append(' ');
    }
    points.append(number(x)).append(',').append(number(y));
  }

  /** One decimal, dot as separator, no negative zero: the same text on every machine. */
  static String number(double value) {
    String text = String.format(Locale.ROOT, "%.1f", value);
    if (text.endsWith(".0")) {
      text = text.substring(0, text.length() - 2);
    }
    return "-0".equals(text) ? "0" : text;
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
