package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.municipality.transfer.HandbookPackage.Facility;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.municipality.transfer.TransferContent.ContentFinding;
import app.sukoyaka.platform.ProblemException.FieldError;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON forms of transferred records: the items staff enter, contents and their digests. */
class TransferContentTest {
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final VaccineCatalog VACCINES = VaccineCatalog.load();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ImmunizationRecord.Coding MR =
      new ImmunizationRecord.Coding(
          "https://sukoyaka.app/fhir/CodeSystem/vaccine-kind", "MR", "麻しん風しん混合（MR）");

  @Test
  void aContentDigestsTheSameWhateverTheOrderOfItsMembersAndTheNamesACatalogMayReword() {
    ObjectNode content =
        TransferContent.vaccinationContent(
            LocalDate.of(2026, 6, 12),
            MR,
            "MR",
            null,
            "1期",
            true,
            "M-1",
            "1312345678",
            "さくら小児科",
            null,
            null,
            false);
    ObjectNode reworded =
        TransferContent.vaccinationContent(
            LocalDate.of(2026, 6, 12),
            new ImmunizationRecord.Coding(MR.system(), MR.code(), "MR"),
            "MR",
            null,
            "1期",
            true,
            "M-1",
            "1312345678",
            "さくら小児科クリニック",
            null,
            null,
            false);
    ObjectNode reordered = JSON.createObjectNode();
    List<String> names = new ArrayList<>();
    content.fieldNames().forEachRemaining(names::add);
    for (int i = names.size() - 1; i >= 0; i--) {
      reordered.set(names.get(i), content.get(names.get(i)));
    }
    ObjectNode otherDay = content.deepCopy().put("date", "2026-06-13");

    assertThat(TransferContent.digest(reworded)).isEqualTo(TransferContent.digest(content));
    assertThat(TransferContent.digest(reordered)).isEqualTo(TransferContent.digest(content));
    assertThat(TransferContent.digest(otherDay)).isNotEqualTo(TransferContent.digest(content));
  }

  @Test
  void aQuantityDigestsTheSameWithOrWithoutTrailingZerosAndFindingsInAnyOrder() {
    Facility clinic = new Facility("1312345678", "さくら小児科");
    ContentFinding weight =
        new ContentFinding("body-weight", new FindingValue.Quantity(new BigDecimal("6.40"), "kg"));
    ContentFinding judgement =
        new ContentFinding(
            "overall-judgement",
            new FindingValue.Coded(
                "https://sukoyaka.app/fhir/CodeSystem/judgement", "observation"));
    ObjectNode one =
        TransferContent.checkupContent(
            "infant-3-4-months",
            "AMB",
            null,
            LocalDate.of(2026, 3, 2),
            clinic,
            List.of(weight, judgement));
    ObjectNode two =
        TransferContent.checkupContent(
            "infant-3-4-months",
            "AMB",
            null,
            LocalDate.of(2026, 3, 2),
            clinic,
            List.of(
                judgement,
                new ContentFinding(
                    "body-weight", new FindingValue.Quantity(new BigDecimal("6.4"), "kg"))));

    assertThat(TransferContent.digest(two)).isEqualTo(TransferContent.digest(one));
    assertThat(TransferContent.findingsOf(one, CATALOG)).hasSize(2);
  }

  @Test
  void theItemsListEveryMalformedMemberWithItsPathAndKeyEachRecordByWhatItIs() throws Exception {
    JsonNode body =
        JSON.readTree(
            "{\"child\":{\"birthDate\":\"2025-06-10\",\"sex\":\"boy\",\"handbook\":"
                + "{\"municipalityCode\":\"131016\",\"number\":\"A-1\"}},"
                + "\"checkups\":[{\"kind\":\"infant-3-4-months\",\"date\":\"2025-09-20\","
                + "\"facility\":{\"name\":\"さくら\",\"medicalInstitutionCode\":\"12\"},"
                + "\"findings\":[{\"item\":\"no-such-item\"},{\"item\":\"overall-judgement\","
                + "\"code\":\"fine\"},{\"item\":\"body-weight\",\"quantity\":{\"value\":6.4}}]}],"
                + "\"vaccinations\":[{\"date\":\"2025-08-12\"},{\"vaccine\":{\"kind\":\"MR\"},"
                + "\"date\":\"2026-06-12\"},{\"vaccine\":{\"kind\":\"MR\"},\"date\":\"2026-06-12\"}]}");
    List<FieldError> errors = new ArrayList<>();

    HandbookPackage items =
        TransferContent.items(body, new Sender("131016", "千代田区"), CATALOG, VACCINES, errors);

    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly(
            "child/sex",
            "checkups/0/facility/medicalInstitutionCode",
            "checkups/0/findings/0/item",
            "checkups/0/findings/1/code",
            "checkups/0/findings/2/quantity",
            "vaccinations/0/vaccine",
            "vaccinations/2");
    assertThat(items.checkups().get(0).key().id())
        .isEqualTo("checkup/infant-3-4-months/2025-09-20");
    assertThat(items.checkups().get(0).key().municipalityCode()).isEqualTo("131016");
    assertThat(items.vaccinations().get(0).key().id()).isEqualTo("vaccination/MR/2026-06-12");
  }
}
