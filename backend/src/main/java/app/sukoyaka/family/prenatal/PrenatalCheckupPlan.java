package app.sukoyaka.family.prenatal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard 妊婦健診 visits and what each visit's voucher pays for, as data ({@code
 * family/prenatal-checkups.json}, with its sources), and the dates of the visits of a pregnancy
 * from its expected delivery date. Pure: JDK and Jackson.
 */
public final class PrenatalCheckupPlan {
  static final String RESOURCE = "/app/sukoyaka/family/prenatal-checkups.json";

  /** Days from the first day of the pregnancy (week 0 day 0) to the expected delivery date. */
  static final int TERM_DAYS = 280;

  /** One standard visit: recommended from week fromWeek day 0 to week toWeek day 6. */
  public record Visit(int number, int fromWeek, int toWeek, List<String> covers) {
    public Visit {
      covers = List.copyOf(covers);
    }
  }

  /** A visit placed on the calendar of one pregnancy. */
  public record PlannedVisit(Visit visit, LocalDate from, LocalDate to) {}

  /** What a voucher pays for, in Japanese and English. */
  public record Cover(String code, String ja, String en) {}

  private final String version;
  private final List<Visit> visits;
  private final Map<String, Cover> covers;

  private PrenatalCheckupPlan(String version, List<Visit> visits, Map<String, Cover> covers) {
    this.version = version;
    this.visits = List.copyOf(visits);
    this.covers = Map.copyOf(covers);
  }

  public static PrenatalCheckupPlan load() {
    JsonNode document;
    try (InputStream in = PrenatalCheckupPlan.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      document = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Cover> covers = new LinkedHashMap<>();
    document
        .path("covers")
        .fields()
        .forEachRemaining(
            e ->
                covers.put(
                    e.getKey(),
                    new Cover(
                        e.getKey(),
                        e.getValue().path("ja").asText(),
                        e.getValue().path("en").asText())));
    List<Visit> visits = new ArrayList<>();
    for (JsonNode visit : document.path("visits")) {
      List<String> codes = new ArrayList<>();
      visit.path("covers").forEach(c -> codes.add(c.asText()));
      for (String code : codes) {
        if (!covers.containsKey(code)) {
          throw new IllegalStateException("Visit " + visit + " covers unknown " + code);
        }
      }
      visits.add(
          new Visit(
              visit.path("visit").asInt(),
              visit.path("fromWeek").asInt(),
              visit.path("toWeek").asInt(),
              codes));
    }
    return new PrenatalCheckupPlan(document.path("version").asText(), visits, covers);
  }

  public String version() {
    return version;
  }

  public List<Visit> visits() {
    return visits;
  }

  public Cover cover(String code) {
    Cover cover = covers.get(code);
    if (cover == null) {
      throw new IllegalArgumentException("Unknown cover " + code);
    }
    return cover;
  }

  /** The visits of a pregnancy with that expected delivery date, on the calendar. */
  public List<PlannedVisit> plan(LocalDate expectedDeliveryDate) {
    LocalDate day0 = expectedDeliveryDate.minusDays(TERM_DAYS);
    return visits.stream()
        .map(
            v ->
                new PlannedVisit(
                    v, day0.plusWeeks(v.fromWeek()), day0.plusWeeks(v.toWeek()).plusDays(6)))
        .toList();
  }
}
