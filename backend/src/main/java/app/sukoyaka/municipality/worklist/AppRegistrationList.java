package app.sukoyaka.municipality.worklist;

import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.FigureSql;
import app.sukoyaka.municipality.figures.Labels;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * The handbooks behind the app registration rate: children under school age and active pregnancies,
 * and whether a guardian (the pregnant person, or whom she shares with) uses the app.
 */
@Singleton
class AppRegistrationList extends SqlList {
  private final List<ListFilter> filters;

  AppRegistrationList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    super(jdbc, transactions, definitions, labels);
    this.filters =
        List.of(
            new ListFilter(
                "subject",
                labels.filter("subject"),
                List.of(
                    new ListFilter.Option("child", labels.requiredCode("subject", "child")),
                    new ListFilter.Option(
                        "pregnancy", labels.requiredCode("subject", "pregnancy"))),
                null,
                false,
                "child"),
            pattern("cohort", "[0-9]{4}", false),
            pattern("area", "[0-9A-Za-z_-]{0,20}", false),
            yesNo("registered", null));
  }

  @Override
  public String id() {
    return "app-registration";
  }

  @Override
  public boolean workList() {
    return false;
  }

  @Override
  public List<ListColumn> columns() {
    return List.of(
        column("name", ListColumn.Type.TEXT),
        column("kana", ListColumn.Type.TEXT),
        column("day", ListColumn.Type.DATE),
        column("handbookNumber", ListColumn.Type.TEXT),
        column("cohort", ListColumn.Type.CODE),
        column("area", ListColumn.Type.CODE),
        column("registered", ListColumn.Type.BOOLEAN));
  }

  @Override
  public List<ListFilter> filters() {
    return filters;
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("cohort", "cohort", "area", "area", "registered", "registered");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("kana", false);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    if ("pregnancy".equals(query.filter("subject"))) {
      parameters.add(query.municipalityId());
      return "SELECT p.id::text AS item_key, 'pregnancy' AS subject_type, p.id AS subject_id,"
          + " p.municipality_id AS subject_municipality,"
          + " concat_ws(' ', pe.family_name, pe.given_name) AS \"name\","
          + " NULLIF(concat_ws(' ', pe.family_name_kana, pe.given_name_kana), '') AS \"kana\","
          + " p.expected_delivery_date AS \"day\", p.handbook_number AS \"handbookNumber\","
          + " ''::text AS \"cohort\", coalesce(pe.area_code, '') AS \"area\","
          + " (pe.login_subject IS NOT NULL OR EXISTS (SELECT 1 FROM pregnancy_share s"
          + " JOIN person sp ON sp.id = s.person_id WHERE s.pregnancy_id = p.id"
          + " AND sp.login_subject IS NOT NULL)) AS \"registered\" FROM pregnancy p"
          + " JOIN person pe ON pe.id = p.person_id"
          + " WHERE p.municipality_id = ? AND p.status = 'active'";
    }
    parameters.add(query.municipalityId());
    parameters.add(query.today());
    parameters.add(query.today());
    parameters.add(definitions.parameters().registrationChildYears());
    return "SELECT c.id::text AS item_key, "
        + childSubject("c")
        + ", concat_ws(' ', c.family_name, c.given_name) AS \"name\","
        + " NULLIF(concat_ws(' ', c.family_name_kana, c.given_name_kana), '') AS \"kana\","
        + " c.birth_date AS \"day\", c.handbook_number AS \"handbookNumber\", "
        + FigureSql.cohort("c.birth_date")
        + "::text AS \"cohort\", "
        + FigureSql.area("c.id")
        + " AS \"area\", EXISTS (SELECT 1 FROM guardianship g JOIN person gp"
        + " ON gp.id = g.person_id WHERE g.child_id = c.id AND gp.login_subject IS NOT NULL)"
        + " AS \"registered\" FROM child c WHERE c.municipality_id = ? AND c.birth_date <= ?"
        + " AND c.birth_date > ?::date - make_interval(years => ?)";
  }
}
