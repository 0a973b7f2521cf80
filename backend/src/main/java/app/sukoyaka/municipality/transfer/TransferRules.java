package app.sukoyaka.municipality.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.Period;

/**
 * The periods of transfers as data with their source (transfer-rules.json, seed 000): the re-query
 * about three months after a move, registration within about two months of the dose, and from when
 * an unregistered dose is getting late; a deployment's {@link TransferConfiguration} may set its
 * own. The definitions shown with the work lists quote the source.
 */
@Singleton
public class TransferRules {
  static final String RESOURCE = "/app/sukoyaka/municipality/transfer/transfer-rules.json";

  private final Period requeryAfter;
  private final Period registrationWithin;
  private final Period registrationWarnAfter;
  private final Period registeredLateShownFor;
  private final String source;
  private final String requeryQuote;
  private final String registrationQuote;

  TransferRules(TransferConfiguration configuration) {
    JsonNode rules = load();
    this.requeryAfter =
        or(configuration.requeryAfter(), rules.path("requery").path("after").asText());
    this.registrationWithin =
        or(configuration.registrationWithin(), rules.path("registration").path("within").asText());
    this.registrationWarnAfter =
        or(
            configuration.registrationWarnAfter(),
            rules.path("registration").path("warnAfter").asText());
    this.registeredLateShownFor = configuration.registeredLateShownFor();
    this.source = rules.path("source").path("title").asText();
    this.requeryQuote = rules.path("requery").path("quote").asText();
    this.registrationQuote = rules.path("registration").path("quote").asText();
    LocalDate probe = LocalDate.of(2026, 1, 31);
    if (!probe.plus(registrationWarnAfter).isBefore(probe.plus(registrationWithin))) {
      throw new IllegalStateException(
          "The late-registration warning ("
              + registrationWarnAfter
              + ") must come before the deadline ("
              + registrationWithin
              + ")");
    }
  }

  static JsonNode load() {
    try (InputStream in = TransferRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      if (!"sukoyaka-transfer-rules/1".equals(root.path("format").asText())) {
        throw new IllegalStateException("Not transfer rules: " + root.path("format"));
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Period or(Period configured, String fromRules) {
    return configured != null ? configured : Period.parse(fromRules);
  }

  /** When the re-query is due after a child moved in. */
  public Period requeryAfter() {
    return requeryAfter;
  }

  /** How soon after the dose a vaccination is to be registered. */
  public Period registrationWithin() {
    return registrationWithin;
  }

  /** From when after the dose an unregistered vaccination is getting late. */
  public Period registrationWarnAfter() {
    return registrationWarnAfter;
  }

  /** How long a late registration stays on the list after it was made. */
  public Period registeredLateShownFor() {
    return registeredLateShownFor;
  }

  /** The document the periods come from. */
  public String source() {
    return source;
  }

  public String requeryQuote() {
    return requeryQuote;
  }

  public String registrationQuote() {
    return registrationQuote;
  }
}
