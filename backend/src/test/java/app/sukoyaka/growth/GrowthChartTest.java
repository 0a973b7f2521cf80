package app.sukoyaka.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import app.sukoyaka.platform.i18n.Language;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The server-rendered growth chart, read back as XML: the curves and the child's points sit where
 * the references and the measurements put them, clinic and parent points differ in shape, and the
 * same input always gives the same bytes.
 */
class GrowthChartTest {
  private static final GrowthReferences REFERENCES = GrowthReferences.load();
  private static final GrowthChartTexts TEXTS = GrowthChartTexts.load();
  private static final GrowthChart CHART = new GrowthChart(REFERENCES, TEXTS);
  private static final GrowthChartTexts.Measure WEIGHT = TEXTS.measure("weight").orElseThrow();
  private static final LocalDate BORN = LocalDate.of(2025, 10, 1);

  private static GrowthPoint point(
      String source, LocalDate born, Integer gestation, LocalDate on, double kg) {
    GrowthAge age = GrowthAge.of(born, gestation, on);
    return new GrowthPoint(
        WEIGHT,
        source,
        UUID.nameUUIDFromBytes((source + on).getBytes(StandardCharsets.UTF_8)),
        GrowthPoint.CLINIC.equals(source) ? "infant-3-4-months" : null,
        on,
        kg,
        ChronoUnit.DAYS.between(born, on),
        (int) Period.between(born, on).toTotalMonths(),
        age,
        REFERENCES.japan().place(GrowthMeasure.WEIGHT, GrowthSex.MALE, age, kg).orElse(null),
        null);
  }

  /** 蓮, a boy born at term: weighed at birth and at four months at checkups, at home at two. */
  private static GrowthReport termBoy() {
    List<GrowthPoint> points = new ArrayList<>();
    points.add(point(GrowthPoint.CLINIC, BORN, 39 * 7, BORN, 3.12));
    points.add(point(GrowthPoint.PARENT, BORN, 39 * 7, BORN.plusMonths(2), 5.4));
    points.add(point(GrowthPoint.CLINIC, BORN, 39 * 7, BORN.plusMonths(4), 6.48));
    return new GrowthReport(UUID.randomUUID(), BORN, GrowthSex.MALE, 39 * 7, null, points);
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static Element byId(Document doc, String id) {
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (id.equals(element.getAttribute("id"))) {
        return element;
      }
    }
    throw new AssertionError("no element " + id);
  }

  private static List<Element> withClass(Document doc, String cls) {
    List<Element> found = new ArrayList<>();
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (List.of(element.getAttribute("class").split(" ")).contains(cls)) {
        found.add(element);
      }
    }
    return found;
  }

  private static double[] firstPoint(String points) {
    String[] xy = points.split(" ")[0].split(",");
    return new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
  }

  private static GrowthChart.Frame frame(Document doc) {
    Element svg = doc.getDocumentElement();
    return new GrowthChart.Frame(
        Integer.parseInt(svg.getAttribute("data-months")),
        Double.parseDouble(svg.getAttribute("data-y-min")),
        Double.parseDouble(svg.getAttribute("data-y-max")),
        1);
  }

  @Test
  void aTermBoysChartDrawsTheSurveysCurvesFromBirthWithTheMedianAtItsBirthWeight()
      throws Exception {
    Document doc = parse(CHART.render(WEIGHT, termBoy(), "ja"));
    GrowthChart.Frame frame = frame(doc);

    assertThat(frame.months()).isEqualTo(12);
    List<Element> curves = withClass(doc, "percentile");
    assertThat(curves)
        .extracting(e -> e.getAttribute("data-percentile"))
        .containsExactly("3", "10", "25", "50", "75", "90", "97");
    double[] medianAtBirth = firstPoint(curves.get(3).getAttribute("points"));
    assertThat(medianAtBirth[0]).isCloseTo(GrowthChart.LEFT, within(0.1));
    // The survey's 50th percentile of boys at birth is 3.06 kg.
    assertThat(medianAtBirth[1]).isCloseTo(frame.y(3.06), within(0.1));
    double[] thirdAtBirth = firstPoint(curves.get(0).getAttribute("points"));
    assertThat(thirdAtBirth[1]).isCloseTo(frame.y(2.32), within(0.1));
    // The band is shaded from the 3rd to the 97th percentile.
    String band = byId(doc, "band-3-97").getAttribute("points");
    assertThat(band).startsWith(curves.get(0).getAttribute("points").split(" ")[0]);
    assertThat(band).endsWith(curves.get(6).getAttribute("points").split(" ")[0]);
  }

  @Test
  void theChildsPointsSitAtTheirAgeAndValueAndClinicAndParentDifferInShape() throws Exception {
    Document doc = parse(CHART.render(WEIGHT, termBoy(), "ja"));
    GrowthChart.Frame frame = frame(doc);

    List<Element> clinic = withClass(doc, "clinic");
    List<Element> parent = withClass(doc, "parent");
    assertThat(clinic).hasSize(2).allSatisfy(e -> assertThat(e.getTagName()).isEqualTo("circle"));
    assertThat(parent).hasSize(1).allSatisfy(e -> assertThat(e.getTagName()).isEqualTo("path"));
    Element fourMonths = clinic.get(1);
    long days = ChronoUnit.DAYS.between(BORN, BORN.plusMonths(4));
    assertThat(Double.parseDouble(fourMonths.getAttribute("cx")))
        .isCloseTo(frame.x(days), within(0.1));
    assertThat(Double.parseDouble(fourMonths.getAttribute("cy")))
        .isCloseTo(frame.y(6.48), within(0.1));
    assertThat(fourMonths.getAttribute("data-value")).isEqualTo("6.48");
    // Filled circle for the clinic, hollow diamond for the parents: not colour alone.
    assertThat(fourMonths.getAttribute("fill")).isNotEqualTo("#ffffff");
    assertThat(parent.get(0).getAttribute("fill")).isEqualTo("#ffffff");
    assertThat(parent.get(0).getAttribute("d")).startsWith("M").endsWith("Z");
    assertThat(parent.get(0).getTextContent()).contains("保護者の記録");
  }

  @Test
  void theChartHasATitleADescriptionAxesAndTheSurveysAttribution() throws Exception {
    Document doc = parse(CHART.render(WEIGHT, termBoy(), "ja"));

    Element svg = doc.getDocumentElement();
    assertThat(svg.getAttribute("role")).isEqualTo("img");
    assertThat(svg.getAttribute("aria-labelledby")).isEqualTo("chart-title chart-desc");
    assertThat(byId(doc, "chart-title").getTextContent()).isEqualTo("体重の発育曲線（男の子）");
    assertThat(byId(doc, "chart-desc").getTextContent())
        .contains("測定3件（健診2件、保護者の記録1件）")
        .contains("6.48kg");
    assertThat(withClass(doc, "tick")).hasSizeGreaterThan(13);
    assertThat(byId(doc, "x-axis").getTextContent()).contains("月齢").contains("4か月");
    assertThat(byId(doc, "y-axis").getTextContent()).contains("体重（kg）");
    assertThat(byId(doc, "attribution").getTextContent()).contains("令和5年乳幼児身体発育調査");
  }

  @Test
  void theSameGrowthAlwaysGivesTheSameBytesAndEnglishOnRequest() throws Exception {
    GrowthReport report = termBoy();
    String once = CHART.render(WEIGHT, report, "en");

    assertThat(CHART.render(WEIGHT, report, "en")).isEqualTo(once);
    Document doc = parse(once);
    assertThat(doc.getDocumentElement().getAttribute("lang")).isEqualTo("en");
    assertThat(byId(doc, "chart-title").getTextContent()).isEqualTo("Weight growth chart (boy)");
    assertThat(byId(doc, "attribution").getTextContent()).contains("Children and Families Agency");
  }

  @Test
  void aVietnameseReaderGetsEveryWordOfTheChartInVietnameseFromTheTranslations() throws Exception {
    Document doc = parse(CHART.render(WEIGHT, termBoy(), "vi"));

    assertThat(doc.getDocumentElement().getAttribute("lang")).isEqualTo("vi");
    assertThat(byId(doc, "chart-title").getTextContent())
        .isEqualTo("Cân nặng: biểu đồ tăng trưởng (bé trai)");
    assertThat(byId(doc, "chart-desc").getTextContent())
        .contains("3 lần đo (2 lần khi khám sức khỏe, 1 lần do cha mẹ ghi)")
        .contains("6.48 kg");
    assertThat(byId(doc, "x-axis").getTextContent()).contains("Tuổi (tháng)").contains("4 tháng");
    assertThat(byId(doc, "y-axis").getTextContent()).contains("Cân nặng (kg)");
    assertThat(byId(doc, "legend").getTextContent())
        .contains("Bách phân vị 3–97")
        .contains("Do cha mẹ ghi");
    assertThat(byId(doc, "attribution").getTextContent())
        .startsWith("Nguồn: Cơ quan Trẻ em và Gia đình Nhật Bản");
    // Nothing of the chart is left in Japanese (the attribution names no Japanese title either).
    assertThat(doc.getDocumentElement().getTextContent())
        .doesNotContainPattern("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]");
  }

  @Test
  void theChartIsDrawnInEveryOfferedLanguageWithItsOwnWords() throws Exception {
    assertThat(TEXTS.languages()).containsExactlyInAnyOrderElementsOf(Language.codes());
    Set<String> titles = new HashSet<>();
    for (String language : Language.codes()) {
      Document doc = parse(CHART.render(WEIGHT, termBoy(), language));
      assertThat(doc.getDocumentElement().getAttribute("lang")).isEqualTo(language);
      titles.add(byId(doc, "chart-title").getTextContent());
    }
    assertThat(titles).hasSize(Language.codes().size());
  }

  @Test
  void anInfantBornAt34WeeksIsPlottedAtItsCorrectedAgeWithANote() throws Exception {
    int gestation = 34 * 7;
    LocalDate born = LocalDate.of(2025, 6, 1);
    List<GrowthPoint> points =
        List.of(
            point(GrowthPoint.CLINIC, born, gestation, born, 2.1),
            point(GrowthPoint.PARENT, born, gestation, born.plusMonths(3), 4.9));
    GrowthReport report =
        new GrowthReport(
            UUID.randomUUID(), born, GrowthSex.MALE, gestation, born.plusMonths(24), points);

    Document doc = parse(CHART.render(WEIGHT, report, "ja"));

    // At birth the corrected age is six weeks before term: not on the chart, and said so.
    assertThat(withClass(doc, "clinic")).isEmpty();
    assertThat(byId(doc, "notes").getTextContent()).contains("在胎34週0日").contains("予定日より前の測定1件");
    Element home = withClass(doc, "parent").get(0);
    long correctedDays = ChronoUnit.DAYS.between(born, born.plusMonths(3)) - 42;
    assertThat(home.getAttribute("data-age-days")).isEqualTo(Long.toString(correctedDays));
    assertThat(home.getAttribute("data-corrected")).isEqualTo("true");
    assertThat(byId(doc, "x-axis").getTextContent()).contains("修正月齢");
  }

  @Test
  void aToddlersChartRunsInYearsAndTheHeadChartStopsWhereTheSurveyDoes() throws Exception {
    LocalDate born = LocalDate.of(2022, 1, 10);
    GrowthChartTexts.Measure head = TEXTS.measure("head").orElseThrow();
    GrowthAge age = GrowthAge.of(born, null, born.plusMonths(40));
    GrowthPoint late =
        new GrowthPoint(
            head,
            GrowthPoint.PARENT,
            UUID.randomUUID(),
            null,
            born.plusMonths(40),
            49.5,
            age.days(),
            age.completedMonths(),
            age,
            null,
            null);
    GrowthReport report =
        new GrowthReport(UUID.randomUUID(), born, GrowthSex.FEMALE, null, null, List.of(late));

    Document doc = parse(CHART.render(head, report, "en"));

    assertThat(doc.getDocumentElement().getAttribute("data-months")).isEqualTo("36");
    assertThat(withClass(doc, "parent")).isEmpty();
    assertThat(byId(doc, "x-axis").getTextContent()).contains("3 y").contains("Age (years)");
  }
}
