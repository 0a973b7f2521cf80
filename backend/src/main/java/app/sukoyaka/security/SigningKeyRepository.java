package app.sukoyaka.security;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface SigningKeyRepository extends CrudRepository<SigningKeyRow, String> {

  List<SigningKeyRow> findByRetireAfterGreaterThanOrderByActiveFromDesc(Instant now);
}
