package app.sukoyaka.family;

import java.util.List;
import java.util.UUID;

/** A guardian with the pregnancies and children in their handbook. */
public record Guardian(
    UUID personId, String displayName, List<Pregnancy> pregnancies, List<Child> children) {}
