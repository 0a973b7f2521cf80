package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.security.StaffSessions;
import io.micronaut.http.HttpRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * The page language: the one the staff member chose for the session, else the first of Japanese and
 * English the browser's Accept-Language prefers, else Japanese.
 */
final class DashboardLanguage {
  private DashboardLanguage() {}

  static String supported(String language) {
    return "en".equals(language) ? "en" : "ja";
  }

  static boolean offered(String language) {
    return "ja".equals(language) || "en".equals(language);
  }

  static String of(HttpRequest<?> request) {
    Optional<StaffSessions.Session> session = StaffSessions.current(request);
    if (session.isPresent() && session.get().language() != null) {
      return supported(session.get().language());
    }
    return fromHeader(request.getHeaders().get("Accept-Language"));
  }

  /** The preferred of ja and en in an Accept-Language header (weights honoured), ja by default. */
  static String fromHeader(String header) {
    if (header == null || header.isBlank()) {
      return "ja";
    }
    String best = "ja";
    double bestWeight = -1;
    for (String part : header.split(",")) {
      String[] pieces = part.trim().split(";");
      String tag = pieces[0].trim().toLowerCase(Locale.ROOT);
      double weight = 1.0;
      for (int i = 1; i < pieces.length; i++) {
        String parameter = pieces[i].trim();
        if (parameter.startsWith("q=")) {
          try {
            weight = Double.parseDouble(parameter.substring(2));
          } catch (NumberFormatException e) {
            weight = 0;
          }
        }
      }
      String primary = tag.split("-")[0];
      if ((primary.equals("ja") || primary.equals("en")) && weight > bestWeight) {
        best = primary;
        bestWeight = weight;
      }
    }
    return best;
  }

  static String in(LocalizedText text, String language) {
    return "en".equals(language) ? text.en() : text.ja();
  }
}
