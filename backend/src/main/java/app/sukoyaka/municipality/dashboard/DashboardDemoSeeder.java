package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.municipality.synthetic.SyntheticPopulation;
import app.sukoyaka.platform.demo.DemoSeeder;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In demo mode, gives the demo municipality (文京区) enough made-up families for its dashboard to show
 * something: a few hundred children with checkups, vaccinations, pregnancies and notices ({@link
 * SyntheticPopulation}), and a saved audience to send a notice to. Once per database.
 */
@Singleton
@Requires(property = "sukoyaka.demo", value = "true")
class DashboardDemoSeeder {
  static final String AUDIENCE_NAME = "1歳の子どもの保護者（デモ）";
  private static final Logger LOG = LoggerFactory.getLogger(DashboardDemoSeeder.class);
  private static final long SEED_LOCK = 0x534b595f44415348L;

  private final DemoSeeder demo;
  private final MunicipalityRepository municipalities;
  private final JdbcOperations jdbc;
  private final Clock clock;
  private final int children;

  DashboardDemoSeeder(
      DemoSeeder demo,
      MunicipalityRepository municipalities,
      JdbcOperations jdbc,
      Clock clock,
      @Value("${sukoyaka.dashboard.demo-children:600}") int children) {
    this.demo = demo;
    this.municipalities = municipalities;
    this.jdbc = jdbc;
    this.clock = clock;
    this.children = children;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    demo.seed();
    // 0: a database that brings its own families (the dashboard's benchmark).
    if (children > 0) {
      seed();
    }
  }

  @Transactional
  void seed() {
    jdbc.prepareStatement(
        "SELECT pg_advisory_xact_lock(?)",
        statement -> {
          statement.setLong(1, SEED_LOCK);
          statement.execute();
          return null;
        });
    MunicipalityRow municipality =
        municipalities.findByCode(DemoSeeder.MUNICIPALITY_CODE).orElseThrow();
    boolean seeded =
        jdbc.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM notice_audience WHERE municipality_id = ? AND name = ?)",
            statement -> {
              statement.setObject(1, municipality.id());
              statement.setString(2, AUDIENCE_NAME);
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
              }
            });
    if (seeded) {
      return;
    }
    SyntheticPopulation.Loaded loaded =
        jdbc.execute(
            connection ->
                SyntheticPopulation.load(
                    connection,
                    municipality.id(),
                    municipality.code(),
                    children,
                    LocalDate.now(clock),
                    0.42));
    jdbc.prepareStatement(
        "INSERT INTO notice_audience (id, municipality_id, name, query, created_by, created_at,"
            + " updated_by, updated_at) VALUES (?, ?, ?, ?::jsonb, ?, now(), ?, now())",
        statement -> {
          statement.setObject(1, UUID.randomUUID());
          statement.setObject(2, municipality.id());
          statement.setString(3, AUDIENCE_NAME);
          statement.setString(
              4,
              "{\"childAge\":{\"from\":{\"months\":12,\"days\":0},"
                  + "\"under\":{\"months\":24,\"days\":0}}}");
          statement.setString(5, DemoSeeder.STAFF);
          statement.setString(6, DemoSeeder.STAFF);
          return statement.executeUpdate();
        });
    LOG.info(
        "Demo dashboard data seeded for {}: {} children, {} checkups, {} vaccinations",
        municipality.code(),
        loaded.children(),
        loaded.checkups(),
        loaded.vaccinations());
  }
}
