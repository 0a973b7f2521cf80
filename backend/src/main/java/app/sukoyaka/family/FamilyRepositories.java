package app.sukoyaka.family;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.UUID;

/** Row stores of the family tables. */
public final class FamilyRepositories {
  private FamilyRepositories() {}

  @JdbcRepository(dialect = Dialect.POSTGRES)
  public interface PersonRepository extends CrudRepository<PersonRow, UUID> {}

  @JdbcRepository(dialect = Dialect.POSTGRES)
  public interface PregnancyRepository extends CrudRepository<PregnancyRow, UUID> {}

  @JdbcRepository(dialect = Dialect.POSTGRES)
  public interface ChildRepository extends CrudRepository<ChildRow, UUID> {}

  @JdbcRepository(dialect = Dialect.POSTGRES)
  public interface GuardianshipRepository
      extends CrudRepository<GuardianshipRow, GuardianshipRow.Key> {}
}
