package app.sukoyaka.municipality.worklist;

import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.Labels;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;

/**
 * Work list: postpartum checkups whose EPDS total reached the threshold (9, figures.json), or whose
 * item 10 (thoughts of self-harm) was above 0 whatever the total.
 */
@Singleton
class EpdsList extends SqlList {

  EpdsList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    super(jdbc, transactions, definitions, labels);
  }

  @Override
  public String id() {
    return "epds-high";
  }

  @Override
  public boolean workList() {
    return true;
  }

  @Override
  public List<ListColumn> columns() {
    return List.of(
        column("mother", ListColumn.Type.TEXT),
        column("kana", ListColumn.Type.TEXT),
        column("handbookNumber", ListColumn.Type.TEXT),
        column("area", ListColumn.Type.CODE),
        column("checkupKind", ListColumn.Type.CODE),
        column("checkupDate", ListColumn.Type.DATE),
        column("epdsTotal", ListColumn.Type.NUMBER),
        column("epdsItem10", ListColumn.Type.NUMBER));
  }

  @Override
  public List<ListFilter> filters() {
    return withWorkStatus(List.of());
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("checkupDate", false);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    FigureDefinitions.Parameters p = definitions.parameters();
    parameters.add(query.municipalityId());
    parameters.add(query.municipalityId());
    String item10 =
        p.epdsItem10Flags() ? " OR (f.item_code = 'epds-item-10' AND f.integer_value > 0)" : "";
    return "SELECT e.id::text AS item_key, 'pregnancy' AS subject_type, p.id AS subject_id,"
        + " p.municipality_id AS subject_municipality,"
        + " concat_ws(' ', pe.family_name, pe.given_name) AS \"mother\","
        + " NULLIF(concat_ws(' ', pe.family_name_kana, pe.given_name_kana), '') AS \"kana\","
        + " p.handbook_number AS \"handbookNumber\", coalesce(pe.area_code, '') AS \"area\","
        + " e.kind AS \"checkupKind\", e.visit_date AS \"checkupDate\", s.total AS \"epdsTotal\","
        + " s.item10 AS \"epdsItem10\" FROM checkup_encounter e"
        + " JOIN pregnancy p ON p.id = e.pregnancy_id JOIN person pe ON pe.id = p.person_id"
        + " CROSS JOIN LATERAL (SELECT max(sf.integer_value) FILTER (WHERE sf.item_code ="
        + " 'epds-total-score') AS total, max(sf.integer_value) FILTER (WHERE sf.item_code ="
        + " 'epds-item-10') AS item10 FROM checkup_finding sf WHERE sf.encounter_id = e.id"
        + " AND sf.status <> 'entered-in-error') s WHERE p.municipality_id = ?"
        + " AND e.id IN (SELECT f.encounter_id FROM checkup_finding f"
        + " WHERE f.municipality_id = ? AND f.status <> 'entered-in-error'"
        + " AND ((f.item_code = 'epds-total-score'"
        + " AND f.integer_value >= "
        + p.epdsThreshold()
        + ")"
        + item10
        + "))";
  }
}
