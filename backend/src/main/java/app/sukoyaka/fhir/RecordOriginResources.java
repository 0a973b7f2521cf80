package app.sukoyaka.fhir;

import app.sukoyaka.municipality.transfer.RecordOrigins;
import app.sukoyaka.municipality.transfer.RecordOrigins.RecordOrigin;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A record taken over from another Sukoyaka, as FHIR shows where it came from: an identifier in the
 * municipal record system of the municipality where it was first registered (its id there, that
 * municipality as assigner), which travels with the record so that a municipality two moves on
 * still names the first; and {@code meta.source} naming the municipality it came through here.
 */
final class RecordOriginResources {
  private RecordOriginResources() {}

  /** Marks every Encounter and Immunization of the resources (and of Bundles among them). */
  static void mark(RecordOrigins origins, List<? extends Resource> resources) {
    List<DomainResource> records = new ArrayList<>();
    for (Resource resource : resources) {
      collect(resource, records);
    }
    if (records.isEmpty()) {
      return;
    }
    List<UUID> ids = new ArrayList<>();
    for (DomainResource record : records) {
      uuid(record.getIdElement().getIdPart()).ifPresent(ids::add);
    }
    Map<UUID, RecordOrigin> found = origins.of(ids);
    for (DomainResource record : records) {
      uuid(record.getIdElement().getIdPart())
          .map(found::get)
          .ifPresent(origin -> mark(record, origin));
    }
  }

  private static void collect(Resource resource, List<DomainResource> into) {
    if (resource instanceof Encounter || resource instanceof Immunization) {
      into.add((DomainResource) resource);
    } else if (resource instanceof Bundle bundle) {
      bundle.getEntry().forEach(e -> collect(e.getResource(), into));
    }
  }

  private static void mark(DomainResource record, RecordOrigin origin) {
    String system = SukoyakaCanonicals.recordOriginSystem(origin.municipalityCode());
    List<Identifier> identifiers =
        record instanceof Encounter e ? e.getIdentifier() : ((Immunization) record).getIdentifier();
    if (identifiers.stream().noneMatch(i -> system.equals(i.getSystem()))) {
      Identifier identifier = new Identifier().setSystem(system).setValue(origin.originId());
      Reference assigner = new Reference();
      assigner.setIdentifier(
          new Identifier()
              .setSystem(SukoyakaCanonicals.MUNICIPALITY_CODE_SYSTEM)
              .setValue(origin.municipalityCode()));
      assigner.setDisplay(origin.municipalityName());
      identifier.setAssigner(assigner);
      identifiers.add(identifier);
    }
    record.getMeta().setSource(SukoyakaCanonicals.recordOriginSystem(origin.viaCode()));
  }

  private static java.util.Optional<UUID> uuid(String id) {
    try {
      return id == null ? java.util.Optional.empty() : java.util.Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
