package app.sukoyaka.family;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.LocalDate;
import java.util.UUID;

@MappedEntity("guardianship")
public record GuardianshipRow(@EmbeddedId Key key, String relationship, LocalDate since) {

  @Embeddable
  public record Key(
      @MappedProperty("person_id") UUID personId, @MappedProperty("child_id") UUID childId) {}
}
