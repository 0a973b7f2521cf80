package app.sukoyaka.immunization.schedule;

/** The same text in Japanese and in English. */
public record Text(String ja, String en) {}
