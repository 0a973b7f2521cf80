package app.sukoyaka.immunization;

import java.util.UUID;

/** A registered facility as a vaccination record names it: its 医療機関コード and name. */
public record Facility(UUID id, String medicalInstitutionCode, String name) {}
