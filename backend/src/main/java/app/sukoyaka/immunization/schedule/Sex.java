package app.sukoyaka.immunization.schedule;

/** The child's sex, where a vaccine is routine for one sex only (HPV). */
public enum Sex {
  FEMALE,
  MALE
}
