package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.Forecaster;
import app.sukoyaka.immunization.schedule.GivenDose;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.immunization.schedule.SyntheticChildren;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Stored children with realistic vaccination records, for the batch's tests and the stored-forecast
 * benchmark. Histories come from a pool of children who lived through the schedule ({@link
 * SyntheticChildren}: mostly on time, some late, some series missing), born over 13 years before
 * {@code asOf}; child {@code i} is pool child {@code i % pool} with the doses of the last {@code 7
 * × ((i / pool) % 8)} days not recorded yet. Each dose becomes a record as Sukoyaka stores it: most
 * from a clinic (verified, with the dose label, the visit's doses recorded together, the FHIR
 * resource kept), 3% from the municipality or taken over on moving in, 5% the family's own entries
 * without a dose label (4% unconfirmed, 1% confirmed by staff), and a few mistakes: a family's
 * entry repeating a clinic dose, an entry staff rejected, a clinic record retracted. Deterministic
 * for a seed; child {@code i} is the same whatever range it is made in.
 */
public final class SyntheticStoredChildren {
  public static final String VACCINE_KIND = "https://sukoyaka.app/fhir/CodeSystem/vaccine-kind";

  /** Changes whenever the same seed makes other children: a database loaded before is stale. */
  public static final int VERSION = 5;

  private final List<ForecastRequest> pool;
  private final LocalDate asOf;
  private final long seed;

  /**
   * One stored child.
   *
   * @param longTermIllness whether the child lived through the schedule with a 長期療養特例
   *     certification, which is not stored yet: doses given under it may not count
   */
  public record Child(
      int index,
      UUID id,
      LocalDate birthDate,
      String sex,
      Set<String> flags,
      List<Record> records,
      boolean longTermIllness) {}

  /**
   * One record with its credits.
   *
   * @param doseLabel the label as recorded; null for a family's entry
   * @param status {@code completed}, or {@code entered-in-error} for a retracted record
   * @param actualDose the dose it really was, for a record of the child's history; null for a
   *     mistake (a repeated entry, a rejected one, a retracted record)
   */
  public record Record(
      UUID id,
      LocalDate date,
      String vaccine,
      String doseLabel,
      String product,
      String source,
      String verification,
      String recordedByRole,
      Instant recordedAt,
      String status,
      String actualDose) {}

  /**
   * What a load wrote.
   *
   * @param unlabelled records without a dose label (a family's entries)
   */
  public record Loaded(long children, long records, long credits, long flags, long unlabelled) {}

  public SyntheticStoredChildren(LocalDate asOf, int poolSize, long seed) {
    this.asOf = asOf;
    this.seed = seed;
    Forecaster forecaster = new Forecaster(RoutineSchedule.load());
    // Pool children are lived through in parallel, each from a seed of its own.
    this.pool =
        IntStream.range(0, poolSize)
            .parallel()
            .mapToObj(
                p ->
                    // java.util.Random gives nearly the same first numbers for nearby seeds,
                    // which bunched the pool's birth days into a few years; mixed, they spread.
                    new SyntheticChildren(forecaster, mix(seed * 31 + p))
                        .child(asOf.minusYears(13), asOf, asOf))
            .toList();
  }

  public LocalDate asOf() {
    return asOf;
  }

  public int poolSize() {
    return pool.size();
  }

  public Child child(int i) {
    SplittableRandom random = new SplittableRandom(mix(seed * 0x632BE59BD9B4E019L + i));
    ForecastRequest base = pool.get(i % pool.size());
    LocalDate recordedUpTo = asOf.minusDays(7L * ((i / pool.size()) % 8));
    UUID childId = uuid(random);
    List<Record> records = new ArrayList<>();
    List<GivenDose> given = new ArrayList<>();
    LocalDate visit = null;
    Instant visitRecorded = null;
    for (GivenDose dose : base.history()) {
      if (dose.date().isAfter(recordedUpTo)) {
        continue;
      }
      given.add(dose);
      if (!dose.date().equals(visit)) {
        visit = dose.date();
        // The doses of one visit arrive in one clinic submission, at one moment.
        visitRecorded =
            dose.date().atTime(1 + random.nextInt(8), random.nextInt(60)).toInstant(ZoneOffset.UTC);
      }
      double kind = random.nextDouble();
      if (kind < 0.04) {
        records.add(parentEntry(random, dose, "unverified", dose.dose()));
      } else if (kind < 0.05) {
        records.add(parentEntry(random, dose, "verified", dose.dose()));
      } else if (kind < 0.08) {
        String source = random.nextBoolean() ? "municipal" : "transfer";
        records.add(
            new Record(
                uuid(random),
                dose.date(),
                dose.vaccine(),
                dose.dose(),
                dose.product(),
                source,
                "verified",
                source.equals("municipal") ? "staff" : "system",
                dose.date()
                    .plusDays(30 + random.nextInt(300))
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC),
                "completed",
                dose.dose()));
      } else {
        records.add(
            new Record(
                uuid(random),
                dose.date(),
                dose.vaccine(),
                dose.dose(),
                dose.product(),
                "clinic",
                "verified",
                "clinic",
                visitRecorded,
                "completed",
                dose.dose()));
      }
    }
    if (!given.isEmpty()) {
      double mistake = random.nextDouble();
      GivenDose dose = given.get(random.nextInt(given.size()));
      if (mistake < 0.02) {
        // The family also wrote down a dose the clinic recorded.
        records.add(parentEntry(random, dose, "unverified", null));
      } else if (mistake < 0.03) {
        records.add(parentEntry(random, dose, "rejected", null));
      } else if (mistake < 0.035) {
        records.add(
            new Record(
                uuid(random),
                dose.date(),
                dose.vaccine(),
                dose.dose(),
                dose.product(),
                "clinic",
                "verified",
                "clinic",
                dose.date().atStartOfDay().toInstant(ZoneOffset.UTC),
                "entered-in-error",
                null));
      }
    }
    String sex = base.sex() == Sex.FEMALE ? "female" : "male";
    return new Child(
        i, childId, base.birthDate(), sex, base.flags(), records, base.longTermIllness() != null);
  }

  private static Record parentEntry(
      SplittableRandom random, GivenDose dose, String verification, String actualDose) {
    return new Record(
        uuid(random),
        dose.date(),
        dose.vaccine(),
        null,
        dose.product(),
        "parent",
        verification,
        "guardian",
        dose.date().plusDays(random.nextInt(60)).atTime(12, 0).toInstant(ZoneOffset.UTC),
        "completed",
        actualDose);
  }

  /** A well-mixed seed per child: nearby seeds would give overlapping random sequences. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static UUID uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  /**
   * The forecast {@link ChildForecasts} makes of the child from its records as generated, without a
   * database: what a batch that read them back must give.
   */
  public StoredForecast expectedForecast(Child child, Clock clock) {
    return new ChildForecasts(null, new ImmunizationForecasts(clock))
        .forDoses(recordedDoses(child), child.birthDate(), child.sex(), child.flags(), asOf);
  }

  /** What a forecast reads of the child's current records (the retracted ones left out). */
  public static List<ChildForecasts.RecordedDose> recordedDoses(Child child) {
    List<ChildForecasts.RecordedDose> doses = new ArrayList<>();
    for (Record record : child.records()) {
      if (record.status().equals("completed")) {
        doses.add(
            new ChildForecasts.RecordedDose(
                record.id(),
                record.date(),
                record.recordedAt(),
                record.product(),
                ImmunizationRecord.Verification.ofCode(record.verification()),
                List.of(new ImmunizationRecord.Credit(record.vaccine(), record.doseLabel()))));
      }
    }
    return doses;
  }

  /**
   * Writes children {@code from} … {@code from + count - 1} of the municipality with COPY: the
   * children, their records with credits and their flags, in the connection's transaction.
   *
   * @param facilityId the clinic of the clinic records
   * @param payloads whether clinic records keep the FHIR Immunization they came as
   */
  public Loaded copyInto(
      Connection connection,
      UUID municipalityId,
      UUID facilityId,
      int from,
      int count,
      boolean payloads)
      throws SQLException {
    CopyManager copy = connection.unwrap(BaseConnection.class).getCopyAPI();
    String municipality = municipalityId.toString();
    String facility = facilityId.toString();
    long[] totals = new long[5];
    try (Writer children =
        new Writer(
            copy,
            "COPY child (id, municipality_id, handbook_number, family_name, given_name,"
                + " family_name_kana, given_name_kana, birth_date, sex, birth_order, created_at)"
                + " FROM STDIN")) {
      for (int i = from; i < from + count; i++) {
        Child child = child(i);
        children.row(
            child.id().toString(),
            municipality,
            "S" + seed + "-" + i,
            "合成",
            "子" + i,
            "ゴウセイ",
            "コ",
            child.birthDate().toString(),
            child.sex(),
            "1",
            child.birthDate().atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        totals[0]++;
      }
    }
    try (Writer records =
        new Writer(
            copy,
            "COPY immunization_record (id, municipality_id, child_id, occurrence_date,"
                + " vaccine_system, vaccine_code, vaccine_kind, product, lot_number, dose_label,"
                + " routine, source, verification, verified_by, verified_at, facility_id, status,"
                + " retracted_by, retracted_at, payload, recorded_by_role, recorded_by, recorded_at,"
                + " updated_at) FROM STDIN")) {
      for (int i = from; i < from + count; i++) {
        Child child = child(i);
        for (Record r : child.records()) {
          boolean clinic = r.source().equals("clinic");
          boolean confirmed = !r.verification().equals("unverified");
          boolean retracted = r.status().equals("entered-in-error");
          records.row(
              r.id().toString(),
              municipality,
              child.id().toString(),
              r.date().toString(),
              VACCINE_KIND,
              r.vaccine(),
              r.vaccine(),
              r.product(),
              clinic ? "LOT" + (r.date().toEpochDay() % 997) : null,
              r.doseLabel(),
              "true",
              r.source(),
              r.verification(),
              confirmed ? (clinic ? "clinic-synthetic" : "staff-synthetic") : null,
              confirmed ? r.recordedAt().toString() : null,
              clinic ? facility : null,
              r.status(),
              retracted ? "clinic-synthetic" : null,
              retracted ? r.recordedAt().plusSeconds(86_400).toString() : null,
              clinic && payloads ? payload(child, r, facility) : null,
              r.recordedByRole(),
              r.recordedByRole() + "-synthetic",
              r.recordedAt().toString(),
              r.recordedAt().toString());
          totals[1]++;
          totals[4] += r.doseLabel() == null ? 1 : 0;
        }
      }
    }
    try (Writer credits =
        new Writer(
            copy,
            "COPY immunization_credit (record_id, municipality_id, child_id, vaccine, dose_label)"
                + " FROM STDIN")) {
      for (int i = from; i < from + count; i++) {
        Child child = child(i);
        for (Record r : child.records()) {
          credits.row(
              r.id().toString(), municipality, child.id().toString(), r.vaccine(), r.doseLabel());
          totals[2]++;
        }
      }
    }
    try (Writer flags =
        new Writer(
            copy,
            "COPY child_immunization_flag (id, child_id, municipality_id, flag, set_by_role,"
                + " set_by, set_at) FROM STDIN")) {
      for (int i = from; i < from + count; i++) {
        Child child = child(i);
        for (String flag : child.flags()) {
          flags.row(
              UUID.nameUUIDFromBytes((child.id() + flag).getBytes(StandardCharsets.UTF_8))
                  .toString(),
              child.id().toString(),
              municipality,
              flag,
              "staff",
              "staff-synthetic",
              child.birthDate().plusYears(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
          totals[3]++;
        }
      }
    }
    return new Loaded(totals[0], totals[1], totals[2], totals[3], totals[4]);
  }

  /** The FHIR Immunization a clinic sends for the dose (what intake keeps as the payload). */
  private static String payload(Child child, Record r, String facility) {
    return "{\"resourceType\":\"Immunization\",\"id\":\""
        + r.id()
        + "\",\"status\":\"completed\",\"vaccineCode\":{\"coding\":[{\"system\":\""
        + VACCINE_KIND
        + "\",\"code\":\""
        + r.vaccine()
        + "\"}]},\"patient\":{\"reference\":\"Patient/"
        + child.id()
        + "\"},\"occurrenceDateTime\":\""
        + r.date()
        + "\",\"primarySource\":true,\"lotNumber\":\"LOT"
        + (r.date().toEpochDay() % 997)
        + "\",\"performer\":[{\"actor\":{\"reference\":\"Organization/"
        + facility
        + "\"}}],\"protocolApplied\":[{\"doseNumberString\":\""
        + r.doseLabel()
        + "\"}]}";
  }

  /** Rows of one COPY in PostgreSQL's text format, sent a megabyte at a time. */
  private static final class Writer implements AutoCloseable {
    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(1 << 20);

    Writer(CopyManager manager, String sql) throws SQLException {
      this.copy = manager.copyIn(sql);
    }

    void row(String... values) throws SQLException {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          buffer.append('\t');
        }
        // No value here holds a tab, a newline or a backslash, so none needs escaping.
        buffer.append(values[i] == null ? "\\N" : values[i]);
      }
      buffer.append('\n');
      if (buffer.length() >= (1 << 20)) {
        flush();
      }
    }

    private void flush() throws SQLException {
      byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      buffer.setLength(0);
    }

    @Override
    public void close() throws SQLException {
      try {
        flush();
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    }
  }
}
