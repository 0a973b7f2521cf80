package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transaction response is written by hand; it must be, byte for byte, what HAPI writes for the
 * same Bundle (the response the service gave before, and the one stored for retries).
 */
class TransactionResponsesTest {
  private static final String MOTHER = "urn:uuid:mother";
  private static final String NEWBORN = "urn:uuid:newborn";

  private static final FhirContext CONTEXT = FhirContext.forR4Cached();
  private final TimeZone original = TimeZone.getDefault();

  @AfterEach
  void restoreTimeZone() {
    TimeZone.setDefault(original);
  }

  @Test
  void isWhatHapiWritesForTheSameBundleInEveryTimeZone() {
    Random random = new Random(7);
    List<Instant> instants =
        List.of(
            Instant.parse("2026-05-01T01:02:03Z"),
            Instant.parse("2026-05-01T23:59:59.999Z"),
            Instant.parse("2026-12-31T15:00:00.010Z"),
            Instant.parse("2027-03-28T01:30:00.100Z"),
            Instant.ofEpochMilli(1_700_000_000_123L));
    for (String zone :
        List.of("UTC", "Asia/Tokyo", "America/St_Johns", "Asia/Kathmandu", "Europe/Berlin")) {
      TimeZone.setDefault(TimeZone.getTimeZone(zone));
      for (Instant at : instants) {
        for (int observations = 0; observations <= 12; observations += 3) {
          MappedSubmission mapped = mapped(random, 1 + random.nextInt(2), observations);
          UUID submission = UUID.randomUUID();
          Map<String, UUID> patients =
              Map.of(MOTHER, UUID.randomUUID(), NEWBORN, UUID.randomUUID());
          Set<String> created = random.nextBoolean() ? Set.of(NEWBORN) : Set.of();

          assertThat(TransactionResponses.json(submission, mapped, patients, created, at))
              .as("%s at %s", zone, at)
              .isEqualTo(hapi(submission, mapped, patients, created, at));
        }
      }
    }
  }

  @Test
  void escapesAsHapiDoes() {
    MappedSubmission mapped =
        new MappedSubmission(
            "https://clinic.example/sid/submission",
            "1",
            null,
            List.of(),
            List.of(
                new MappedSubmission.EntryResult(
                    "Odd\"Type\\\u0001\t\n", UUID.randomUUID(), "urn:uuid:1"),
                new MappedSubmission.EntryResult("観察", UUID.randomUUID(), "urn:uuid:2")));
    UUID submission = UUID.randomUUID();
    Instant at = Instant.parse("2026-05-01T01:02:03.004Z");

    assertThat(TransactionResponses.json(submission, mapped, Map.of(), Set.of(), at))
        .isEqualTo(hapi(submission, mapped, Map.of(), Set.of(), at));
  }

  @Test
  void aBundleWithoutEntriesHasNoEntryMember() {
    MappedSubmission mapped = new MappedSubmission("s", "v", null, List.of(), List.of());
    UUID submission = UUID.randomUUID();
    Instant at = Instant.parse("2026-05-01T01:02:03.004Z");

    assertThat(TransactionResponses.json(submission, mapped, Map.of(), Set.of(), at))
        .isEqualTo(hapi(submission, mapped, Map.of(), Set.of(), at));
  }

  private static MappedSubmission mapped(Random random, int encounters, int observations) {
    List<MappedSubmission.EntryResult> entries = new ArrayList<>();
    entries.add(new MappedSubmission.EntryResult("Patient", null, MOTHER));
    if (random.nextBoolean()) {
      entries.add(new MappedSubmission.EntryResult("Patient", null, NEWBORN));
    }
    for (int i = 0; i < encounters; i++) {
      entries.add(
          new MappedSubmission.EntryResult("Encounter", UUID.randomUUID(), "urn:uuid:e" + i));
    }
    for (int i = 0; i < observations; i++) {
      entries.add(
          new MappedSubmission.EntryResult("Observation", UUID.randomUUID(), "urn:uuid:o" + i));
    }
    // Clinics may order entries as they like; the response follows the Bundle's order.
    java.util.Collections.shuffle(entries, random);
    return new MappedSubmission(
        "https://clinic.example/sid/submission", "1", null, List.of(), entries);
  }

  /** What the service wrote before: the response built as a HAPI Bundle and encoded by HAPI. */
  private static String hapi(
      UUID submissionId,
      MappedSubmission mapped,
      Map<String, UUID> patientIds,
      Set<String> created,
      Instant storedAt) {
    Bundle response = new Bundle();
    response.setId(submissionId.toString());
    response.setType(Bundle.BundleType.TRANSACTIONRESPONSE);
    response.getMeta().setLastUpdated(Date.from(storedAt));
    for (MappedSubmission.EntryResult entry : mapped.entries()) {
      Bundle.BundleEntryResponseComponent result = response.addEntry().getResponse();
      if (entry.id() == null && !created.contains(entry.fullUrl())) {
        result.setStatus("200 OK").setLocation("Patient/" + patientIds.get(entry.fullUrl()));
      } else {
        UUID id = entry.id() == null ? patientIds.get(entry.fullUrl()) : entry.id();
        result
            .setStatus("201 Created")
            .setLocation(entry.resourceType() + "/" + id + "/_history/1")
            .setEtag("W/\"1\"")
            .setLastModified(Date.from(storedAt));
      }
    }
    return CONTEXT.newJsonParser().encodeResourceToString(response);
  }
}
