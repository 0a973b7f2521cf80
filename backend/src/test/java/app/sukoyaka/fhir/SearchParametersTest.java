package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.platform.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SearchParametersTest {
  private static final String PATIENT = UUID.randomUUID().toString();

  private static SearchParameters parse(Map<String, List<String>> query) {
    return SearchParameters.parse(query);
  }

  @Test
  void thePatientMayBeGivenAsAReferenceOrABareId() {
    assertThat(parse(Map.of("patient", List.of("Patient/" + PATIENT))).patientId())
        .contains(UUID.fromString(PATIENT));
    assertThat(parse(Map.of("patient", List.of(PATIENT))).patientId())
        .contains(UUID.fromString(PATIENT));
    assertThat(parse(Map.of("patient", List.of("someone"))).patientId()).isEmpty();
  }

  @Test
  void aSearchWithoutExactlyOnePatientIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> parse(Map.of()))
        .isInstanceOfSatisfying(
            FhirException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER);
              assertThat(e.issues().get(0).expressions()).containsExactly("patient");
            });
    assertThatThrownBy(() -> parse(Map.of("patient", List.of(PATIENT, PATIENT))))
        .isInstanceOf(FhirException.class);
  }

  @Test
  void datePrefixesCompareVisitDatesAsFhirDefinesThem() {
    LocalDate visit = LocalDate.of(2026, 11, 2);
    SearchParameters range =
        parse(Map.of("patient", List.of(PATIENT), "date", List.of("ge2026-11-01", "lt2026-11-03")));
    SearchParameters exact =
        parse(Map.of("patient", List.of(PATIENT), "date", List.of("2026-11-02")));
    SearchParameters notEqual =
        parse(Map.of("patient", List.of(PATIENT), "date", List.of("ne2026-11-02")));

    assertThat(range.dates()).allMatch(p -> p.test(visit));
    assertThat(range.dates()).anyMatch(p -> !p.test(visit.plusDays(1)));
    assertThat(exact.dates().get(0).test(visit)).isTrue();
    assertThat(exact.dates().get(0).test(visit.plusDays(1))).isFalse();
    assertThat(notEqual.dates().get(0).test(visit)).isFalse();
  }

  @Test
  void lastUpdatedOnADayMeansThatDayInJapan() {
    SearchParameters day =
        parse(Map.of("patient", List.of(PATIENT), "_lastUpdated", List.of("2026-11-02")));

    // 2026-11-02 in Japan runs from 2026-11-01T15:00Z to 2026-11-02T15:00Z.
    assertThat(day.lastUpdated().get(0).test(Instant.parse("2026-11-01T15:00:00Z"))).isTrue();
    assertThat(day.lastUpdated().get(0).test(Instant.parse("2026-11-02T14:59:59Z"))).isTrue();
    assertThat(day.lastUpdated().get(0).test(Instant.parse("2026-11-02T15:00:00Z"))).isFalse();
  }

  @Test
  void codesAreTokensWithOrWithoutSystemAndCommasMeanOr() {
    SearchParameters codes =
        parse(
            Map.of(
                "patient",
                List.of(PATIENT),
                "code",
                List.of("http://loinc.org|29463-7,body-weight", "|oedema")));

    assertThat(codes.codes())
        .containsExactly(
            new SearchParameters.Code("http://loinc.org", "29463-7"),
            new SearchParameters.Code(null, "body-weight"),
            new SearchParameters.Code(null, "oedema"));
  }

  @Test
  void pagingIsBoundedAndBadValuesAreRefused() {
    assertThat(parse(Map.of("patient", List.of(PATIENT))).count())
        .isEqualTo(SearchParameters.DEFAULT_COUNT);
    for (Map<String, List<String>> bad :
        List.of(
            Map.of("patient", List.of(PATIENT), "_count", List.of("0")),
            Map.of("patient", List.of(PATIENT), "_count", List.of("201")),
            Map.of("patient", List.of(PATIENT), "_count", List.of("ten")),
            Map.of("patient", List.of(PATIENT), "_offset", List.of("-1")),
            Map.of("patient", List.of(PATIENT), "date", List.of("2026-11")),
            Map.of("patient", List.of(PATIENT), "date", List.of("sa2026-11-02")),
            Map.of("patient", List.of(PATIENT), "_lastUpdated", List.of("yesterday")))) {
      assertThatThrownBy(() -> parse(bad)).as(bad.toString()).isInstanceOf(FhirException.class);
    }
  }
}
