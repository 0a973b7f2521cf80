package app.sukoyaka.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The vaccine catalog (vaccines.json) and the mapping for vaccinations recorded abroad
 * (vaccine-codes-abroad.json): their own rules, and what the mapping makes of common foreign codes.
 */
class VaccineCatalogTest {

  private static final String CVX = SukoyakaCanonicals.CVX_SYSTEM;
  private static final String SNOMED = SukoyakaCanonicals.SNOMED_SYSTEM;
  private static final String ATC = SukoyakaCanonicals.ATC_SYSTEM;
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
  private static final List<String> ROUTINE_CHILDHOOD =
      List.of(
          "HIB",
          "PCV",
          "HEPB",
          "ROTA",
          "DPT_IPV_HIB",
          "DPT_IPV",
          "BCG",
          "MR",
          "VAR",
          "JE",
          "DT",
          "HPV");

  private final VaccineCatalog catalog = VaccineCatalog.load();

  private List<String> credits(String system, String code, LocalDate day) {
    return catalog
        .identify(List.of(new CodingRef(system, code)), day)
        .map(VaccineIdentity::credits)
        .orElseThrow(() -> new AssertionError(system + "|" + code + " not mapped"));
  }

  @Test
  void everyRoutineChildhoodVaccineIsAKindWithTheForecastersIdAndCountsForItsOwnSeries() {
    assertThat(catalog.series())
        .extracting(VaccineSeries::id)
        .containsExactlyElementsOf(ROUTINE_CHILDHOOD);
    for (String id : ROUTINE_CHILDHOOD) {
      VaccineKind kind = catalog.kind(id).orElseThrow();
      assertThat(kind.credits()).as(id).containsExactly(id);
      assertThat(kind.isFor(Subject.CHILD)).as(id).isTrue();
      assertThat(kind.everRoutine()).as(id).isTrue();
    }
  }

  @Test
  void theCommonVoluntaryVaccinesAreKindsThatAreNeverRoutineAndCountForNoSeries() {
    for (String code :
        List.of(
            "MUMPS",
            "INFLUENZA",
            "COVID19",
            "MENINGOCOCCAL",
            "HEPA",
            "RABIES",
            "YELLOW_FEVER",
            "TETANUS",
            "DPT",
            "IPV")) {
      VaccineKind kind = catalog.kind(code).orElseThrow();
      assertThat(kind.everRoutine()).as(code).isFalse();
      assertThat(kind.credits()).as(code).isEmpty();
    }
    assertThat(catalog.kind("INFLUENZA").orElseThrow().recipients())
        .containsExactlyInAnyOrder(Subject.CHILD, Subject.MOTHER);
  }

  @Test
  void everyKindHasJapaneseAndEnglishNamesAndSources() {
    assertThat(catalog.kinds()).hasSizeGreaterThan(20);
    for (VaccineKind kind : catalog.kinds()) {
      assertThat(kind.label().ja()).as(kind.code()).isNotBlank();
      assertThat(kind.label().en()).as(kind.code()).isNotBlank();
      assertThat(kind.sources()).as(kind.code()).isNotEmpty();
    }
  }

  @Test
  void theRsvMaternalVaccineIsRoutineForPregnantPeopleFromApril2026Only() {
    VaccineKind rsv = catalog.kind("RSV_MATERNAL").orElseThrow();
    assertThat(rsv.isFor(Subject.CHILD)).isFalse();
    assertThat(rsv.routinePeriod(LocalDate.of(2026, 4, 1), Subject.MOTHER, "female")).isPresent();
    assertThat(rsv.routinePeriod(LocalDate.of(2026, 3, 31), Subject.MOTHER, "female")).isEmpty();
    assertThat(rsv.credits()).isEmpty();
  }

  @Test
  void hpvIsRoutineForGirlsAndVoluntaryForBoys() {
    VaccineKind hpv = catalog.kind("HPV").orElseThrow();
    assertThat(hpv.routinePeriod(TODAY, Subject.CHILD, "female")).isPresent();
    assertThat(hpv.routinePeriod(TODAY, Subject.CHILD, "male")).isEmpty();
  }

  @Test
  void productsAreThoseWhereTheScheduleDependsOnThem() {
    assertThat(catalog.kind("ROTA").orElseThrow().products())
        .extracting(VaccineProduct::code)
        .containsExactly("RV1", "RV5");
    assertThat(catalog.kind("HPV").orElseThrow().products())
        .extracting(VaccineProduct::code)
        .containsExactly("2vHPV", "4vHPV", "9vHPV");
    assertThat(catalog.kind("PCV").orElseThrow().products())
        .extracting(VaccineProduct::code)
        .containsExactly("PCV13", "PCV15", "PCV20");
    assertThat(catalog.kindOfProduct("RV5").map(VaccineKind::code)).contains("ROTA");
  }

  @Test
  void noHotCodeIsListedUntilOneIsVerifiedAndTheNotesSaySo() {
    assertThat(catalog.kinds()).allSatisfy(kind -> assertThat(kind.hotCodes()).isEmpty());
    assertThat(catalog.notes()).anySatisfy(note -> assertThat(note).startsWith("HOT codes"));
    assertThat(
            catalog.identify(
                List.of(new CodingRef(SukoyakaCanonicals.HOT9_SYSTEM, "123456789")), TODAY))
        .isEmpty();
  }

  @Test
  void ourVaccineKindAndProductCodingsIdentifyTheKindAndTheProduct() {
    VaccineIdentity rota =
        catalog
            .identify(
                List.of(
                    new CodingRef(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, "ROTA"),
                    new CodingRef(SukoyakaCanonicals.VACCINE_PRODUCT_SYSTEM, "RV5")),
                TODAY)
            .orElseThrow();
    assertThat(rota.kind().code()).isEqualTo("ROTA");
    assertThat(rota.product()).isEqualTo("RV5");
    assertThat(rota.credits()).containsExactly("ROTA");
    assertThat(
            catalog.identify(
                List.of(
                    new CodingRef(SukoyakaCanonicals.VACCINE_KIND_SYSTEM, "ROTA"),
                    new CodingRef(SukoyakaCanonicals.VACCINE_PRODUCT_SYSTEM, "9vHPV")),
                TODAY))
        .as("a product of another kind leaves the vaccine uncertain")
        .isEmpty();
  }

  // The examples the mapping exists for.
  @Test
  void aHexavalentDoseCountsForPentavalentAndHepatitisBFromApril2024AndForTheOlderTrackBefore() {
    assertThat(credits(CVX, "146", LocalDate.of(2025, 1, 10)))
        .containsExactly("DPT_IPV_HIB", "HEPB");
    assertThat(credits(CVX, "146", LocalDate.of(2024, 3, 31)))
        .containsExactly("DPT_IPV", "HIB", "HEPB");
    assertThat(credits(SNOMED, "871895005", LocalDate.of(2025, 1, 10)))
        .containsExactly("DPT_IPV_HIB", "HEPB");
    assertThat(credits(ATC, "J07CA09", LocalDate.of(2025, 1, 10)))
        .containsExactly("DPT_IPV_HIB", "HEPB");
  }

  @Test
  void dtapIpvHibCountsTowardPentavalentMmrTowardMrAndMmrvTowardMrAndVaricella() {
    LocalDate day = LocalDate.of(2025, 6, 2);
    assertThat(credits(CVX, "120", day)).containsExactly("DPT_IPV_HIB");
    assertThat(credits(CVX, "03", day)).containsExactly("MR");
    assertThat(credits(CVX, "94", day)).containsExactly("MR", "VAR");
    assertThat(credits(SNOMED, "871831003", day)).containsExactly("MR");
    assertThat(credits(SNOMED, "871908002", day)).containsExactly("MR", "VAR");
    assertThat(credits(ATC, "J07BD54", day)).containsExactly("MR", "VAR");
    assertThat(credits(CVX, "130", day)).containsExactly("DPT_IPV");
  }

  @Test
  void dtapAloneAndTdAreKeptWithANoteAndCountForNothing() {
    for (CodingRef code :
        List.of(
            new CodingRef(CVX, "20"),
            new CodingRef(CVX, "09"),
            new CodingRef(CVX, "115"),
            new CodingRef(SNOMED, "871876003"),
            new CodingRef(ATC, "J07AM51"))) {
      VaccineCodeAbroad row =
          catalog.abroad(code.system(), code.code(), TODAY).orElseThrow(AssertionError::new);
      assertThat(row.credits()).as(code.toString()).isEmpty();
      assertThat(row.note()).as(code.toString()).isNotNull();
    }
  }

  @Test
  void theProductOfARotavirusOrHpvDoseAbroadIsKeptWhereTheCodeNamesIt() {
    assertThat(catalog.identify(List.of(new CodingRef(CVX, "119")), TODAY).orElseThrow().product())
        .isEqualTo("RV1");
    assertThat(catalog.identify(List.of(new CodingRef(CVX, "165")), TODAY).orElseThrow().product())
        .isEqualTo("9vHPV");
    assertThat(
            catalog.identify(List.of(new CodingRef(ATC, "J07BH01")), TODAY).orElseThrow().product())
        .as("live attenuated rotavirus covers more than one product")
        .isNull();
  }

  @Test
  void aCodeTheMappingDoesNotNameIsUnknown() {
    assertThat(catalog.identify(List.of(new CodingRef(CVX, "999")), TODAY)).isEmpty();
    assertThat(catalog.identify(List.of(new CodingRef("urn:example:local", "94")), TODAY))
        .isEmpty();
  }

  @Test
  void noCodeIsListedTwiceForTheSameDayEveryTargetIsAKnownSeriesAndEveryRowIsSourced() {
    Set<String> series = new HashSet<>();
    catalog.series().forEach(s -> series.add(s.id()));
    assertThat(catalog.abroad()).hasSizeGreaterThan(100);
    for (VaccineCodeAbroad row : catalog.abroad()) {
      assertThat(series).as(row.coding().toString()).containsAll(row.credits());
      assertThat(row.sources()).as(row.coding().toString()).isNotEmpty();
      row.sources()
          .forEach(id -> assertThat(catalog.source(id)).as(row + " cites " + id).isPresent());
      assertThat(row.display()).isNotBlank();
      for (VaccineCodeAbroad other : catalog.abroad()) {
        if (other != row && other.coding().equals(row.coding())) {
          assertThat(other.overlaps(row)).as(row.coding().toString()).isFalse();
        }
      }
    }
  }

  @Test
  void everyRowThatCountsForNothingSaysWhyOrIsAVoluntaryKind() {
    for (VaccineCodeAbroad row : catalog.abroad()) {
      if (row.credits().isEmpty()) {
        boolean voluntaryKind =
            row.kind() != null && catalog.kind(row.kind()).orElseThrow().credits().isEmpty();
        assertThat(row.note() != null || voluntaryKind).as(row.coding().toString()).isTrue();
      }
    }
  }

  @Test
  void theDoseLabelsOfAKindAreThoseOfItsSeriesAndAVoluntaryKindHasNone() {
    assertThat(catalog.doseLabels(catalog.kind("JE").orElseThrow()))
        .containsExactly("1期初回1", "1期初回2", "1期追加", "2期");
    assertThat(catalog.doseLabels(catalog.kind("MR").orElseThrow())).containsExactly("1期", "2期");
    assertThat(catalog.doseLabels(catalog.kind("MUMPS").orElseThrow())).isNull();
  }

  // The loader refuses what it cannot trust.
  @Test
  void aMappingRowCreditingAnUnknownSeriesIsRefused() throws IOException {
    String abroad = abroadWith(row("cvx-x", "[\"POLIO\"]", "2000-01-01", null, "[\"cdc-cvx\"]"));
    assertThatThrownBy(() -> parse(abroad)).hasMessageContaining("unknown series POLIO");
  }

  @Test
  void twoRowsForTheSameCodeOnTheSameDayAreRefused() throws IOException {
    String abroad =
        abroadWith(
            row("94", "[\"MR\"]", "2000-01-01", null, "[\"cdc-cvx\"]")
                + ","
                + row("94", "[\"MR\",\"VAR\"]", "2020-01-01", null, "[\"cdc-cvx\"]"));
    assertThatThrownBy(() -> parse(abroad)).hasMessageContaining("two rows apply on the same day");
  }

  @Test
  void aRowWithoutASourceIsRefused() throws IOException {
    String abroad = abroadWith(row("94", "[\"MR\"]", "2000-01-01", null, "[]"));
    assertThatThrownBy(() -> parse(abroad)).hasMessageContaining("names its source");
  }

  private static String row(String code, String credits, String from, String to, String sources) {
    return "{\"system\":\"http://hl7.org/fhir/sid/cvx\",\"code\":\""
        + code
        + "\",\"display\":\"x\",\"kind\":null,\"product\":null,\"credits\":"
        + credits
        + ",\"effective\":{\"from\":\""
        + from
        + "\""
        + (to == null ? "" : ",\"to\":\"" + to + "\"")
        + "},\"sources\":"
        + sources
        + "}";
  }

  private static String abroadWith(String rows) {
    return "{\"sources\":[{\"id\":\"cdc-cvx\",\"title\":\"CVX\",\"location\":\"cdc\"}],"
        + "\"notes\":[],\"codes\":["
        + rows
        + "]}";
  }

  private static VaccineCatalog parse(String abroad) throws IOException {
    try (InputStream catalog =
        VaccineCatalog.class.getResourceAsStream(VaccineCatalog.FOLDER + VaccineCatalog.CATALOG)) {
      return VaccineCatalog.parse(
          catalog, new ByteArrayInputStream(abroad.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
