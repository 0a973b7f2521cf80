package app.sukoyaka.municipality.worklist;

import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.FigureSql;
import app.sukoyaka.municipality.figures.Labels;
import app.sukoyaka.profiles.VaccineCatalog;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The children behind the coverage figures: the municipality's children and whether they had a
 * routine dose (counted as the coverage counts it), or had it by an age.
 */
@Singleton
class VaccinationCoverageList extends SqlList {
  private final List<ListFilter> filters;

  VaccinationCoverageList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels,
      VaccineCatalog vaccines) {
    super(jdbc, transactions, definitions, labels);
    List<ListFilter.Option> series = new ArrayList<>();
    vaccines.series().forEach(s -> series.add(new ListFilter.Option(s.id(), s.label())));
    this.filters =
        List.of(
            new ListFilter("vaccine", labels.filter("vaccine"), series, null, true, null),
            pattern("dose", "[0-9A-Za-z期初回追加]{1,10}", true),
            pattern("cohort", "[0-9]{4}", false),
            pattern("area", "[0-9A-Za-z_-]{0,20}", false),
            pattern("ageMonths", "[0-9]{1,3}", false),
            yesNo("vaccinated", null));
  }

  @Override
  public String id() {
    return "vaccination-coverage";
  }

  @Override
  public boolean workList() {
    return false;
  }

  @Override
  public List<ListColumn> columns() {
    List<ListColumn> columns = new ArrayList<>(childListColumns());
    columns.add(column("vaccinated", ListColumn.Type.BOOLEAN));
    columns.add(column("given", ListColumn.Type.DATE));
    return columns;
  }

  @Override
  public List<ListFilter> filters() {
    return filters;
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("cohort", "cohort", "area", "area", "vaccinated", "vaccinated");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("kana", false);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    String age = query.filter("ageMonths");
    parameters.add(query.filter("vaccine"));
    parameters.add(query.filter("dose"));
    parameters.add(query.today());
    String vaccinated = "d.given IS NOT NULL";
    if (age != null) {
      vaccinated +=
          " AND d.given < " + FigureSql.ageReached("c.birth_date", Integer.parseInt(age) + "", "0");
    }
    parameters.add(query.municipalityId());
    parameters.add(query.today());
    String sql =
        "SELECT c.id::text AS item_key, "
            + childSubject("c")
            + ", "
            + childColumns("c")
            + ", ("
            + vaccinated
            + ") AS \"vaccinated\", d.given AS \"given\" FROM child c LEFT JOIN LATERAL"
            + " (SELECT min(r.occurrence_date) AS given FROM immunization_credit cr"
            + " JOIN immunization_record r ON r.id = cr.record_id WHERE cr.child_id = c.id"
            + " AND cr.vaccine = ? AND cr.dose_label = ? AND r.routine AND r.status = 'completed'"
            + " AND r.verification = 'verified' AND r.occurrence_date <= ?) d ON true"
            + " WHERE c.municipality_id = ? AND c.birth_date <= ?";
    if (age != null) {
      sql += " AND " + FigureSql.ageReached("c.birth_date", "?::int", "0") + " <= ?";
      parameters.add(Integer.parseInt(age));
      parameters.add(query.today());
    }
    return sql;
  }
}
