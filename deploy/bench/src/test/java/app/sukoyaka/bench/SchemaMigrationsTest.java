package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.immunization.StoredForecastBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kept benchmark database gets the migrations added since it was loaded, and only those. */
class SchemaMigrationsTest {
  @TempDir Path dir;

  @Test
  void aKeptDatabaseReopenedGetsOnlyTheMigrationsItLacks() throws Exception {
    List<String> all = SchemaMigrations.names(StoredForecastBatch.class);
    assertThat(all.size()).isGreaterThan(3);
    Path data = dir.resolve("kept");
    try (BenchDatabase database = BenchDatabase.open(data, true);
        Connection connection = database.connect()) {
      assertThat(SchemaMigrations.applyPending(connection, all.subList(0, 3))).hasSize(3);
    }
    // Reopened with a build that has more migrations.
    try (BenchDatabase database = BenchDatabase.open(data, true);
        Connection connection = database.connect()) {
      List<String> applied = SchemaMigrations.applyPending(connection, all.subList(0, 4));
      assertThat(applied).containsExactly(all.get(3));
      assertThat(SchemaMigrations.applyPending(connection, all.subList(0, 4))).isEmpty();
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT count(*) FROM bench_schema_history")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(4);
      }
    }
  }

  @Test
  void aSchemaWithoutARecordOfItsMigrationsIsRefused() throws Exception {
    List<String> all = SchemaMigrations.names(StoredForecastBatch.class);
    try (BenchDatabase database = BenchDatabase.open(dir.resolve("old"), true);
        Connection connection = database.connect()) {
      SchemaMigrations.apply(connection, all.subList(0, 1));
      assertThatThrownBy(() -> SchemaMigrations.applyPending(connection, all))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("no record of its migrations");
    }
  }
}
