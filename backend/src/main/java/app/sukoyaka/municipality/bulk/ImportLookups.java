package app.sukoyaka.municipality.bulk;

import app.sukoyaka.immunization.Facility;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a batch of rows needs to know from the database, one statement per question for the whole
 * batch: the children its rows name (by 宛名番号, by handbook number and birth order), the facilities
 * by 医療機関コード, and which checkups and doses other sources recorded already.
 */
@Singleton
class ImportLookups {
  private static final String CHILD_COLUMNS =
      "id, resident_number, handbook_number, birth_order, birth_date, sex, family_name,"
          + " given_name, family_name_kana, given_name_kana";

  private final JdbcOperations jdbc;

  ImportLookups(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A child of the municipality as the import matches it.
   *
   * @param identity who a child recorded from a row of this run is (null for a child on record)
   */
  record KnownChild(
      UUID id,
      String residentNumber,
      String handbookNumber,
      int birthOrder,
      LocalDate birthDate,
      String sex,
      String familyName,
      String givenName,
      String familyNameKana,
      String givenNameKana,
      ImportRow.Identity identity) {}

  /**
   * Records children from rows of the municipality's system, in the batch's transaction (with their
   * records).
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void createChildren(UUID municipalityId, Collection<KnownChild> children, java.time.Instant at) {
    for (KnownChild child : children) {
      jdbc.prepareStatement(
          "INSERT INTO child (id, municipality_id, handbook_number, family_name, given_name,"
              + " family_name_kana, given_name_kana, birth_date, sex, birth_order, resident_number,"
              + " address, guardian_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
              + " ?, ?)",
          statement -> {
            statement.setObject(1, child.id());
            statement.setObject(2, municipalityId);
            statement.setString(3, child.handbookNumber());
            statement.setString(4, app.sukoyaka.platform.Names.nfc(child.familyName()));
            statement.setString(5, app.sukoyaka.platform.Names.nfc(child.givenName()));
            statement.setString(6, app.sukoyaka.platform.Names.nfc(child.familyNameKana()));
            statement.setString(7, app.sukoyaka.platform.Names.nfc(child.givenNameKana()));
            statement.setObject(8, child.birthDate());
            statement.setString(9, child.sex());
            statement.setShort(10, (short) child.birthOrder());
            statement.setString(11, child.residentNumber());
            statement.setString(12, child.identity().address());
            statement.setString(
                13, app.sukoyaka.platform.Names.nfc(child.identity().guardianName()));
            statement.setTimestamp(14, java.sql.Timestamp.from(at));
            return statement.executeUpdate();
          });
    }
  }

  /** The municipality's children with these 宛名番号, by number. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Map<String, KnownChild> byResidentNumber(UUID municipalityId, Collection<String> numbers) {
    Map<String, KnownChild> found = new HashMap<>();
    if (numbers.isEmpty()) {
      return found;
    }
    jdbc.prepareStatement(
        "SELECT "
            + CHILD_COLUMNS
            + " FROM child WHERE municipality_id = ? AND resident_number = ANY (?)",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setArray(
              2, statement.getConnection().createArrayOf("text", numbers.toArray(String[]::new)));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              KnownChild child = child(rs);
              found.put(child.residentNumber(), child);
            }
          }
          return null;
        });
    return found;
  }

  /** The municipality's children with these handbook numbers, by {@link #handbookKey}. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Map<String, KnownChild> byHandbookNumber(UUID municipalityId, Collection<String> numbers) {
    Map<String, KnownChild> found = new HashMap<>();
    if (numbers.isEmpty()) {
      return found;
    }
    jdbc.prepareStatement(
        "SELECT "
            + CHILD_COLUMNS
            + " FROM child WHERE municipality_id = ? AND handbook_number = ANY (?)",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setArray(
              2, statement.getConnection().createArrayOf("text", numbers.toArray(String[]::new)));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              KnownChild child = child(rs);
              found.put(handbookKey(child.handbookNumber(), child.birthOrder()), child);
            }
          }
          return null;
        });
    return found;
  }

  /**
   * A pregnancy of the municipality as a prenatal row is matched to it: the pregnant person by her
   * 宛名番号 or the pregnancy by its handbook number, checked by her birth date.
   */
  record KnownPregnancy(
      UUID id,
      UUID personId,
      String residentNumber,
      String handbookNumber,
      LocalDate personBirthDate,
      LocalDate expectedDeliveryDate,
      String status) {}

  /**
   * The municipality's pregnancies of the people with these 宛名番号 or with these handbook numbers.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  List<KnownPregnancy> pregnancies(
      UUID municipalityId, Collection<String> residentNumbers, Collection<String> handbooks) {
    if (residentNumbers.isEmpty() && handbooks.isEmpty()) {
      return List.of();
    }
    return jdbc.prepareStatement(
        "SELECT p.id, p.person_id, pe.resident_number, p.handbook_number, pe.birth_date,"
            + " p.expected_delivery_date, p.status FROM pregnancy p JOIN person pe"
            + " ON pe.id = p.person_id WHERE p.municipality_id = ? AND (pe.resident_number ="
            + " ANY (?) OR p.handbook_number = ANY (?)) ORDER BY p.expected_delivery_date",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setArray(
              2,
              statement
                  .getConnection()
                  .createArrayOf("text", residentNumbers.toArray(String[]::new)));
          statement.setArray(
              3, statement.getConnection().createArrayOf("text", handbooks.toArray(String[]::new)));
          List<KnownPregnancy> found = new java.util.ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(
                  new KnownPregnancy(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getObject(5, LocalDate.class),
                      rs.getObject(6, LocalDate.class),
                      rs.getString(7)));
            }
          }
          return found;
        });
  }

  /** Records the 宛名番号 prenatal rows taught for pregnant people that had none. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void learnPersonResidentNumbers(Map<UUID, String> numbers) {
    for (Map.Entry<UUID, String> number : numbers.entrySet()) {
      jdbc.prepareStatement(
          "UPDATE person SET resident_number = ? WHERE id = ? AND resident_number IS NULL",
          statement -> {
            statement.setString(1, number.getValue());
            statement.setObject(2, number.getKey());
            return statement.executeUpdate();
          });
    }
  }

  /** The prenatal checkups of these pregnancies on record, as {@link #prenatalKey}. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Set<String> recordedPrenatal(Collection<UUID> pregnancies) {
    Set<String> found = new HashSet<>();
    if (pregnancies.isEmpty()) {
      return found;
    }
    jdbc.prepareStatement(
        "SELECT pregnancy_id, visit_date FROM checkup_encounter WHERE pregnancy_id = ANY (?)"
            + " AND kind = 'prenatal'",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", pregnancies.toArray(UUID[]::new)));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(prenatalKey(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class)));
            }
          }
          return null;
        });
    return found;
  }

  /** The natural key of a 妊婦健診: one of a pregnancy on a day. */
  static String prenatalKey(UUID pregnancy, LocalDate visit) {
    return "prenatal:" + pregnancy + ":" + visit;
  }

  static String handbookKey(String handbookNumber, int birthOrder) {
    return handbookNumber + "#" + birthOrder;
  }

  /** Records the 宛名番号 the rows taught for children that had none. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void learnResidentNumbers(Map<UUID, String> numbers) {
    if (numbers.isEmpty()) {
      return;
    }
    jdbc.prepareStatement(
        "UPDATE child c SET resident_number = v.n FROM unnest(?::uuid[], ?::text[]) AS v(id, n)"
            + " WHERE c.id = v.id AND c.resident_number IS NULL",
        statement -> {
          statement.setArray(
              1,
              statement
                  .getConnection()
                  .createArrayOf("uuid", numbers.keySet().toArray(UUID[]::new)));
          statement.setArray(
              2,
              statement
                  .getConnection()
                  .createArrayOf("text", numbers.values().toArray(String[]::new)));
          return statement.executeUpdate();
        });
  }

  /** The registered facilities with these 医療機関コード, by code. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Map<String, Facility> facilities(Collection<String> codes) {
    Map<String, Facility> found = new HashMap<>();
    if (codes.isEmpty()) {
      return found;
    }
    jdbc.prepareStatement(
        "SELECT id, medical_institution_code, name FROM facility"
            + " WHERE medical_institution_code = ANY (?)",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("text", codes.toArray(String[]::new)));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              Facility facility =
                  new Facility(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3));
              found.put(facility.medicalInstitutionCode(), facility);
            }
          }
          return null;
        });
    return found;
  }

  /**
   * The checkups of these children that are on record, as {@link #checkupKey}: a clinic's
   * submission of a checkup the file also has is not imported a second time.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Set<String> recordedCheckups(Collection<UUID> children) {
    Set<String> found = new HashSet<>();
    if (children.isEmpty()) {
      return found;
    }
    jdbc.prepareStatement(
        "SELECT child_id, kind, kind_name, visit_date FROM checkup_encounter"
            + " WHERE child_id = ANY (?)",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", children.toArray(UUID[]::new)));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(
                  checkupKey(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getObject(4, LocalDate.class)));
            }
          }
          return null;
        });
    return found;
  }

  /**
   * The doses of these children on record from a clinic, the municipality or a transfer (not a
   * family's own entry, which the imported record confirms rather than repeats), as {@link
   * #doseKey}.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Set<String> recordedDoses(Collection<UUID> children) {
    Set<String> found = new HashSet<>();
    if (children.isEmpty()) {
      return found;
    }
    jdbc.prepareStatement(
        "SELECT child_id, vaccine_kind, occurrence_date FROM immunization_record"
            + " WHERE child_id = ANY (?) AND status = 'completed' AND source <> 'parent'"
            + " AND vaccine_kind IS NOT NULL",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", children.toArray(UUID[]::new)));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(
                  doseKey(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      rs.getObject(3, LocalDate.class)));
            }
          }
          return null;
        });
    return found;
  }

  /** The natural key of a child's checkup: one of a kind on a day. */
  static String checkupKey(UUID child, String kind, String kindName, LocalDate visit) {
    return "checkup:" + child + ":" + kind + (kindName == null ? "" : "/" + kindName) + ":" + visit;
  }

  /** The natural key of a child's dose: one of a vaccine on a day. */
  static String doseKey(UUID child, String vaccineKind, LocalDate date) {
    return "vaccination:" + child + ":" + vaccineKind + ":" + date;
  }

  private static KnownChild child(ResultSet rs) throws SQLException {
    return new KnownChild(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        rs.getObject(5, LocalDate.class),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        null);
  }

  static List<String> nonNull(List<String> values) {
    return values.stream().filter(java.util.Objects::nonNull).distinct().toList();
  }
}
