package app.sukoyaka.immunization;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.UUID;

final class ImmunizationRepositories {
  private ImmunizationRepositories() {}

  /** Writes of records; reads go through {@link ImmunizationRecordReader}. */
  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface RecordRepository extends CrudRepository<ImmunizationRecordRow, UUID> {}
}
