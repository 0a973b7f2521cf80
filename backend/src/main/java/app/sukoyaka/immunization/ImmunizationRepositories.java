package app.sukoyaka.immunization;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class ImmunizationRepositories {
  private ImmunizationRepositories() {}

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface RecordRepository extends CrudRepository<ImmunizationRecordRow, UUID> {

    // Retracted records stay in the table for the history but are no longer the record.
    @Query(
        "SELECT * FROM immunization_record WHERE child_id = :childId"
            + " AND status <> 'entered-in-error' ORDER BY occurrence_date, recorded_at")
    List<ImmunizationRecordRow> findByChild(UUID childId);

    @Query(
        "SELECT * FROM immunization_record WHERE pregnancy_id = :pregnancyId"
            + " AND status <> 'entered-in-error' ORDER BY occurrence_date, recorded_at")
    List<ImmunizationRecordRow> findByPregnancy(UUID pregnancyId);

    @Query(
        "SELECT * FROM immunization_record WHERE municipality_id = :municipalityId"
            + " AND status <> 'entered-in-error' ORDER BY recorded_at, id")
    List<ImmunizationRecordRow> findByMunicipality(UUID municipalityId);

    @Query(
        "SELECT * FROM immunization_record WHERE municipality_id = :municipalityId"
            + " AND status <> 'entered-in-error' AND updated_at >= :since"
            + " ORDER BY recorded_at, id")
    List<ImmunizationRecordRow> findByMunicipalitySince(UUID municipalityId, Instant since);
  }
}
