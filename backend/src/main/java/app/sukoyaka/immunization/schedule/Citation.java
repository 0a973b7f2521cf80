package app.sukoyaka.immunization.schedule;

/** A source a rule rests on, as the schedule file lists it. */
public record Citation(String id, String title, String location) {}
