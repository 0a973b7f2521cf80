package app.sukoyaka.checkup;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.UUID;

final class CheckupRepositories {
  private CheckupRepositories() {}

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface EncounterRepository extends CrudRepository<CheckupEncounterRow, UUID> {

    @Query(
        "SELECT DISTINCT e.facility_id FROM checkup_encounter e WHERE (e.child_id = :childId OR"
            + " e.id = ANY (ARRAY (SELECT f.encounter_id FROM checkup_finding f"
            + " WHERE f.child_id = :childId))) AND e.facility_id IS NOT NULL")
    List<UUID> findFacilityIdsByChild(UUID childId);

    @Query(
        "SELECT DISTINCT facility_id FROM checkup_encounter WHERE pregnancy_id = :pregnancyId"
            + " AND facility_id IS NOT NULL")
    List<UUID> findFacilityIdsByPregnancy(UUID pregnancyId);
  }

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface FindingRepository extends CrudRepository<CheckupFindingRow, UUID> {

    List<CheckupFindingRow> findByObservationId(UUID observationId);

    @Query(
        "SELECT * FROM checkup_finding WHERE observation_id = :observationId"
            + " AND status <> 'entered-in-error' FOR UPDATE")
    List<CheckupFindingRow> findCurrentForUpdate(UUID observationId);

    @Query(
        "UPDATE checkup_finding SET status = 'entered-in-error', version = :version,"
            + " updated_at = :at WHERE observation_id = :observationId")
    void retract(UUID observationId, int version, java.time.Instant at);
  }
}
