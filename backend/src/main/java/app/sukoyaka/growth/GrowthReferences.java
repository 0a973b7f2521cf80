package app.sukoyaka.growth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The growth references the handbook compares children with, each a data file with its source,
 * attribution and the date it applies from: the Japanese 2023 survey's percentiles (the curves of
 * the 母子健康手帳) and the WHO Child Growth Standards' z-scores.
 */
public final class GrowthReferences {
  static final String JAPAN = "/app/sukoyaka/growth/japan-growth-survey-2023.json";
  static final String WHO = "/app/sukoyaka/growth/who-child-growth-standards-2006.json";

  /**
   * Where a reference comes from.
   *
   * @param attributionJa the credit a chart drawn from it shows, in Japanese
   */
  public record Provenance(
      String id,
      String titleJa,
      String titleEn,
      String effectiveFrom,
      List<String> sources,
      String attributionJa,
      String attributionEn) {}

  private final JapanGrowthSurvey japan;
  private final WhoGrowthStandards who;
  private final List<Provenance> provenance;

  private GrowthReferences(
      JapanGrowthSurvey japan, WhoGrowthStandards who, List<Provenance> provenance) {
    this.japan = japan;
    this.who = who;
    this.provenance = provenance;
  }

  /** Reads both files from the classpath; a file that breaks the format stops the service. */
  public static GrowthReferences load() {
    ObjectMapper json = new ObjectMapper();
    JsonNode japan = read(json, JAPAN);
    JsonNode who = read(json, WHO);
    return new GrowthReferences(
        JapanGrowthSurvey.read(japan),
        WhoGrowthStandards.read(who),
        List.of(provenance(japan), provenance(who)));
  }

  public JapanGrowthSurvey japan() {
    return japan;
  }

  public WhoGrowthStandards who() {
    return who;
  }

  public List<Provenance> provenance() {
    return provenance;
  }

  private static Provenance provenance(JsonNode root) {
    List<String> sources = new ArrayList<>();
    root.path("sources")
        .forEach(
            source ->
                sources.add(
                    source.path("label").asText() + " <" + source.path("url").asText() + ">"));
    if (sources.isEmpty()
        || !root.hasNonNull("effectiveFrom")
        || !root.path("attribution").hasNonNull("ja")
        || !root.path("attribution").hasNonNull("en")) {
      throw new IllegalStateException(
          "growth reference " + root.path("id").asText() + " lacks its source");
    }
    return new Provenance(
        root.path("id").asText(),
        root.path("title").path("ja").asText(),
        root.path("title").path("en").asText(),
        root.path("effectiveFrom").asText(),
        List.copyOf(sources),
        root.path("attribution").path("ja").asText(),
        root.path("attribution").path("en").asText());
  }

  private static JsonNode read(ObjectMapper json, String path) {
    try (InputStream in = GrowthReferences.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + path);
      }
      return json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
