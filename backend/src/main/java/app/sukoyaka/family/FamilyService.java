package app.sukoyaka.family;

import app.sukoyaka.platform.SqlTime;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads families: pregnancies, children and their guardians. */
@Singleton
public class FamilyService {
  private static final String PREGNANCY_SELECT =
      "SELECT p.id, p.municipality_id, m.code, p.person_id, pe.family_name || ' ' ||"
          + " pe.given_name, pe.birth_date, p.handbook_number, p.handbook_issued_on,"
          + " p.expected_delivery_date, p.status, pe.login_subject,"
          + " ARRAY(SELECT sp.login_subject FROM pregnancy_share s JOIN person sp"
          + " ON sp.id = s.person_id WHERE s.pregnancy_id = p.id AND sp.login_subject IS NOT NULL)"
          + " FROM pregnancy p JOIN person pe ON pe.id = p.person_id"
          + " JOIN municipality m ON m.id = p.municipality_id";

  private static final String PERSON_SELECT =
      "SELECT p.id, p.municipality_id, m.code, p.family_name, p.given_name,"
          + " p.family_name_kana, p.given_name_kana, p.birth_date, p.sex"
          + " FROM person p JOIN municipality m ON m.id = p.municipality_id";

  private static final String CHILD_SELECT =
      "SELECT c.id, c.municipality_id, m.code, c.handbook_number,"
          + " NULLIF(concat_ws(' ', c.family_name, c.given_name), ''), c.birth_date, c.sex,"
          + " c.pregnancy_id, p.person_id, c.family_name, c.given_name, c.family_name_kana,"
          + " c.given_name_kana, c.birth_order,"
          + " (COALESCE(p.fetus_count, 1) > 1 OR c.birth_order > 1),"
          + " ARRAY(SELECT gp.login_subject FROM guardianship g JOIN person gp"
          + " ON gp.id = g.person_id WHERE g.child_id = c.id AND gp.login_subject IS NOT NULL)"
          + " FROM child c JOIN municipality m ON m.id = c.municipality_id"
          + " LEFT JOIN pregnancy p ON p.id = c.pregnancy_id";

  private final JdbcOperations jdbc;

  FamilyService(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(readOnly = true)
  public Optional<Pregnancy> pregnancy(UUID id) {
    return jdbc.prepareStatement(
        PREGNANCY_SELECT + " WHERE p.id = ?",
        statement -> {
          statement.setObject(1, id);
          return first(statement);
        });
  }

  /**
   * The pregnancy whose handbook has that number in the municipality with that code (the one that
   * issued it), if the pregnant person was born on that date: clinics identify a patient by both.
   * One statement on a connection without a transaction of its own (it joins the caller's if there
   * is one): it runs for every clinic submission, where a separate municipality look-up and a
   * read-only transaction would cost three more round trips to PostgreSQL.
   */
  @Connectable
  public Optional<Pregnancy> pregnancyByHandbook(
      String municipalityCode, String handbookNumber, LocalDate birthDate) {
    return jdbc.prepareStatement(
        PREGNANCY_SELECT + " WHERE m.code = ? AND p.handbook_number = ? AND pe.birth_date = ?",
        statement -> {
          statement.setString(1, municipalityCode);
          statement.setString(2, handbookNumber);
          SqlTime.setDate(statement, 3, birthDate);
          return first(statement);
        });
  }

  /** A pregnant person (or mother) with her pregnancies, oldest first. */
  @Transactional(readOnly = true)
  public Optional<PregnantPerson> pregnantPerson(UUID personId) {
    Optional<PregnantPerson> person =
        jdbc.prepareStatement(
            PERSON_SELECT + " WHERE p.id = ?",
            statement -> {
              statement.setObject(1, personId);
              try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                  return Optional.empty();
                }
                return Optional.of(person(rs, List.of()));
              }
            });
    if (person.isEmpty()) {
      return person;
    }
    List<Pregnancy> pregnancies =
        jdbc.prepareStatement(
            PREGNANCY_SELECT + " WHERE p.person_id = ? ORDER BY p.created_at",
            statement -> {
              statement.setObject(1, personId);
              return all(statement);
            });
    return Optional.of(person.get().withPregnancies(pregnancies));
  }

  /**
   * Every pregnant person (mother) with a handbook issued by the municipality, created since the
   * given time when one is given, with her pregnancies of that municipality.
   */
  @Transactional(readOnly = true)
  public List<PregnantPerson> pregnantPeopleOf(UUID municipalityId, java.time.Instant since) {
    List<Pregnancy> pregnancies =
        jdbc.prepareStatement(
            PREGNANCY_SELECT + " WHERE p.municipality_id = ? ORDER BY p.person_id, p.created_at",
            statement -> {
              statement.setObject(1, municipalityId);
              return all(statement);
            });
    Map<UUID, List<Pregnancy>> byPerson = new java.util.LinkedHashMap<>();
    pregnancies.forEach(p -> byPerson.computeIfAbsent(p.personId(), k -> new ArrayList<>()).add(p));
    if (byPerson.isEmpty()) {
      return List.of();
    }
    return jdbc.prepareStatement(
        PERSON_SELECT
            + " WHERE p.id = ANY (?) AND (?::timestamptz IS NULL OR p.created_at > ?::timestamptz)"
            + " ORDER BY p.id",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", byPerson.keySet().toArray()));
          java.sql.Timestamp from = since == null ? null : java.sql.Timestamp.from(since);
          statement.setTimestamp(2, from);
          statement.setTimestamp(3, from);
          List<PregnantPerson> people = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              people.add(person(rs, byPerson.get(rs.getObject(1, UUID.class))));
            }
          }
          return people;
        });
  }

  /**
   * The guardian who logs in with that subject, with their family's handbooks. Every home and sync
   * starts here, so it costs three statements whatever the size of the municipality: the person,
   * the pregnancies (their own and those shared with them, through the two indexes rather than an
   * {@code OR IN} that PostgreSQL answers by scanning every pregnancy) and the children.
   */
  @Transactional(readOnly = true)
  public Optional<Guardian> guardian(String loginSubject) {
    Optional<String[]> person =
        jdbc.prepareStatement(
            "SELECT id, family_name || ' ' || given_name FROM person WHERE login_subject = ?",
            statement -> {
              statement.setString(1, loginSubject);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                    ? Optional.of(new String[] {rs.getString(1), rs.getString(2)})
                    : Optional.empty();
              }
            });
    if (person.isEmpty()) {
      return Optional.empty();
    }
    UUID id = UUID.fromString(person.get()[0]);
    String name = person.get()[1];
    List<Pregnancy> pregnancies =
        jdbc.prepareStatement(
            PREGNANCY_SELECT
                + " WHERE p.person_id = ? OR p.id = ANY (ARRAY (SELECT s.pregnancy_id"
                + " FROM pregnancy_share s WHERE s.person_id = ?)) ORDER BY p.created_at DESC",
            statement -> {
              statement.setObject(1, id);
              statement.setObject(2, id);
              return all(statement);
            });
    return Optional.of(new Guardian(id, name, pregnancies, childrenOf(id)));
  }

  private List<Child> childrenOf(UUID personId) {
    return jdbc.prepareStatement(
        CHILD_SELECT
            + " WHERE c.id IN (SELECT child_id FROM guardianship WHERE person_id = ?)"
            + " ORDER BY c.birth_date DESC, c.birth_order",
        statement -> {
          statement.setObject(1, personId);
          return children(statement);
        });
  }

  /** A child with its guardians and its mother, if recorded. */
  @Transactional(readOnly = true)
  public Optional<Child> child(UUID id) {
    return jdbc.prepareStatement(
        CHILD_SELECT + " WHERE c.id = ?",
        statement -> {
          statement.setObject(1, id);
          List<Child> found = children(statement);
          return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
  }

  /**
   * The child whose handbook has that number in that municipality, with that birth order (1 unless
   * one of twins or other multiples): clinics identify a child by these.
   */
  @Transactional(readOnly = true)
  public Optional<Child> childByHandbook(
      UUID municipalityId, String handbookNumber, int birthOrder) {
    return jdbc.prepareStatement(
        CHILD_SELECT
            + " WHERE c.municipality_id = ? AND c.handbook_number = ? AND c.birth_order = ?",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, handbookNumber);
          statement.setInt(3, birthOrder);
          List<Child> found = children(statement);
          return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
  }

  /**
   * Every record of a child carrying that handbook number (issued by that municipality, with that
   * birth order), in any municipality: the child's own where the handbook was issued, and each
   * municipality the child moved to with it, newest first; each says where the child moved on to
   * when a later municipality took the child in. One statement.
   */
  @Transactional(readOnly = true)
  public List<HandbookHolder> handbookHolders(
      String issuerCode, String handbookNumber, int birthOrder) {
    return jdbc.prepareStatement(
        "SELECT h.child_id, h.municipality_id, m.code, c.birth_date, nt.municipality_id,"
            + " nm.code, nm.name_ja, nt.created_at"
            + " FROM child_handbook_number h JOIN child c ON c.id = h.child_id"
            + " JOIN municipality m ON m.id = h.municipality_id"
            + " LEFT JOIN LATERAL (SELECT t.municipality_id, t.created_at"
            + " FROM child_handbook_number h2 JOIN transfer_in t ON t.child_id = h2.child_id"
            + " WHERE h2.issuer_code = h.issuer_code AND h2.handbook_number = h.handbook_number"
            + " AND h2.birth_order = h.birth_order AND h2.child_id <> h.child_id"
            + " AND t.from_code = m.code AND t.created_at >= c.created_at"
            + " ORDER BY t.created_at DESC LIMIT 1) nt ON true"
            + " LEFT JOIN municipality nm ON nm.id = nt.municipality_id"
            + " WHERE h.issuer_code = ? AND h.handbook_number = ? AND h.birth_order = ?"
            + " ORDER BY c.created_at DESC, c.id",
        statement -> {
          statement.setString(1, issuerCode);
          statement.setString(2, handbookNumber);
          statement.setInt(3, birthOrder);
          List<HandbookHolder> holders = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              HandbookHolder.Move move =
                  rs.getObject(5) == null
                      ? null
                      : new HandbookHolder.Move(
                          rs.getObject(5, UUID.class),
                          rs.getString(6),
                          rs.getString(7),
                          rs.getTimestamp(8)
                              .toInstant()
                              .atZone(java.time.ZoneId.of("Asia/Tokyo"))
                              .toLocalDate());
              holders.add(
                  new HandbookHolder(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getString(3),
                      rs.getObject(4, LocalDate.class),
                      move));
            }
          }
          return holders;
        });
  }

  /**
   * Marks an active pregnancy delivered, in the caller's transaction; a pregnancy already delivered
   * or ended stays as it is (a second delivery record, for a twin sent separately, changes
   * nothing).
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void markDelivered(UUID pregnancyId) {
    jdbc.prepareStatement(
        "UPDATE pregnancy SET status = 'delivered' WHERE id = ? AND status = 'active'",
        statement -> {
          statement.setObject(1, pregnancyId);
          return statement.executeUpdate();
        });
  }

  /**
   * The pregnancy whose handbook has that number in that municipality, whoever the mother: how a
   * child's handbook number, or the mother's named on the child, leads to the child's pregnancy.
   */
  @Transactional(readOnly = true)
  public Optional<Pregnancy> pregnancyByHandbookNumber(UUID municipalityId, String handbookNumber) {
    return jdbc.prepareStatement(
        PREGNANCY_SELECT + " WHERE p.municipality_id = ? AND p.handbook_number = ?",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, handbookNumber);
          return first(statement);
        });
  }

  /** The municipality's children, recorded since the given time when one is given. */
  @Transactional(readOnly = true)
  public List<Child> childrenOf(UUID municipalityId, java.time.Instant since) {
    return jdbc.prepareStatement(
        CHILD_SELECT
            + " WHERE c.municipality_id = ?"
            + " AND (?::timestamptz IS NULL OR c.created_at > ?::timestamptz) ORDER BY c.id",
        statement -> {
          statement.setObject(1, municipalityId);
          java.sql.Timestamp from = since == null ? null : java.sql.Timestamp.from(since);
          statement.setTimestamp(2, from);
          statement.setTimestamp(3, from);
          return children(statement);
        });
  }

  /**
   * One page of {@link #childrenOf}, by child id after {@code after} (null: from the start): what
   * the bulk export reads a page at a time.
   */
  @Transactional(readOnly = true)
  public List<Child> childrenPage(
      UUID municipalityId, java.time.Instant since, UUID after, int limit) {
    return jdbc.prepareStatement(
        CHILD_SELECT
            + " WHERE c.municipality_id = ?"
            + " AND (?::timestamptz IS NULL OR c.created_at > ?::timestamptz)"
            + " AND (?::uuid IS NULL OR c.id > ?::uuid) ORDER BY c.id LIMIT ?",
        statement -> {
          statement.setObject(1, municipalityId);
          java.sql.Timestamp from = since == null ? null : java.sql.Timestamp.from(since);
          statement.setTimestamp(2, from);
          statement.setTimestamp(3, from);
          statement.setObject(4, after);
          statement.setObject(5, after);
          statement.setInt(6, limit);
          return children(statement);
        });
  }

  /**
   * One page of {@link #pregnantPeopleOf}: the people with a pregnancy here whose person id comes
   * after {@code after} (null: from the start), {@code limit} people at most.
   *
   * @return the page, and the last person id it looked at (null when there was none): the next page
   *     starts after it even when {@code since} left that person out
   */
  @Transactional(readOnly = true)
  public Map.Entry<List<PregnantPerson>, UUID> pregnantPeoplePage(
      UUID municipalityId, java.time.Instant since, UUID after, int limit) {
    List<Pregnancy> pregnancies =
        jdbc.prepareStatement(
            PREGNANCY_SELECT
                + " WHERE p.municipality_id = ? AND p.person_id IN (SELECT DISTINCT person_id"
                + " FROM pregnancy WHERE municipality_id = ? AND (?::uuid IS NULL OR person_id >"
                + " ?::uuid) ORDER BY person_id LIMIT ?) ORDER BY p.person_id, p.created_at",
            statement -> {
              statement.setObject(1, municipalityId);
              statement.setObject(2, municipalityId);
              statement.setObject(3, after);
              statement.setObject(4, after);
              statement.setInt(5, limit);
              return all(statement);
            });
    if (pregnancies.isEmpty()) {
      return new java.util.AbstractMap.SimpleImmutableEntry<>(List.of(), null);
    }
    Map<UUID, List<Pregnancy>> byPerson = new java.util.LinkedHashMap<>();
    pregnancies.forEach(p -> byPerson.computeIfAbsent(p.personId(), k -> new ArrayList<>()).add(p));
    UUID last = pregnancies.get(pregnancies.size() - 1).personId();
    List<PregnantPerson> people =
        jdbc.prepareStatement(
            PERSON_SELECT
                + " WHERE p.id = ANY (?) AND (?::timestamptz IS NULL OR p.created_at >"
                + " ?::timestamptz) ORDER BY p.id",
            statement -> {
              statement.setArray(
                  1, statement.getConnection().createArrayOf("uuid", byPerson.keySet().toArray()));
              java.sql.Timestamp from = since == null ? null : java.sql.Timestamp.from(since);
              statement.setTimestamp(2, from);
              statement.setTimestamp(3, from);
              List<PregnantPerson> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(person(rs, byPerson.get(rs.getObject(1, UUID.class))));
                }
              }
              return found;
            });
    return new java.util.AbstractMap.SimpleImmutableEntry<>(people, last);
  }

  /** The person each of these pregnancies is of. */
  @Transactional(readOnly = true)
  public Map<UUID, UUID> personsOfPregnancies(java.util.Collection<UUID> pregnancyIds) {
    if (pregnancyIds.isEmpty()) {
      return Map.of();
    }
    return jdbc.prepareStatement(
        "SELECT id, person_id FROM pregnancy WHERE id = ANY (?)",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", pregnancyIds.toArray()));
          Map<UUID, UUID> persons = new java.util.HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              persons.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
            }
          }
          return persons;
        });
  }

  /**
   * Records a child in the caller's transaction, with its mother as guardian. Returns false when a
   * child with that handbook number and birth order was recorded first by someone else.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public boolean createChild(NewChild child, java.time.Instant at) {
    int inserted =
        jdbc.prepareStatement(
            "INSERT INTO child (id, municipality_id, pregnancy_id, handbook_number, family_name,"
                + " given_name, family_name_kana, given_name_kana, birth_date, sex, birth_order,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (municipality_id, handbook_number, birth_order) DO NOTHING",
            statement -> {
              statement.setObject(1, child.id());
              statement.setObject(2, child.municipalityId());
              statement.setObject(3, child.pregnancyId());
              statement.setString(4, child.handbookNumber());
              statement.setString(5, child.familyName());
              statement.setString(6, child.givenName());
              statement.setString(7, child.familyNameKana());
              statement.setString(8, child.givenNameKana());
              statement.setDate(9, Date.valueOf(child.birthDate()));
              statement.setString(10, child.sex());
              statement.setShort(11, (short) child.birthOrder());
              statement.setTimestamp(12, java.sql.Timestamp.from(at));
              return statement.executeUpdate();
            });
    if (inserted == 0) {
      return false;
    }
    if (child.motherPersonId() != null) {
      jdbc.prepareStatement(
          "INSERT INTO guardianship (person_id, child_id, relationship, since)"
              + " VALUES (?, ?, 'mother', ?) ON CONFLICT DO NOTHING",
          statement -> {
            statement.setObject(1, child.motherPersonId());
            statement.setObject(2, child.id());
            statement.setDate(3, Date.valueOf(child.birthDate()));
            return statement.executeUpdate();
          });
    }
    return true;
  }

  /**
   * Makes a person a guardian of a child, in the caller's transaction (a child who moved in, whose
   * guardians the municipality already knows); nothing changes when they are one already.
   *
   * @param relationship mother, father or other
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void addGuardian(UUID personId, UUID childId, String relationship, LocalDate since) {
    jdbc.prepareStatement(
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        statement -> {
          statement.setObject(1, personId);
          statement.setObject(2, childId);
          statement.setString(3, relationship);
          statement.setDate(4, Date.valueOf(since));
          return statement.executeUpdate();
        });
  }

  private static List<Child> children(PreparedStatement statement) throws SQLException {
    List<Child> result = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        Set<String> guardians = new HashSet<>();
        java.sql.Array subjects = rs.getArray(16);
        if (subjects != null) {
          for (Object subject : (Object[]) subjects.getArray()) {
            guardians.add((String) subject);
          }
        }
        result.add(
            new Child(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                SqlTime.date(rs, 6),
                rs.getString(7),
                guardians,
                rs.getObject(8, UUID.class),
                rs.getObject(9, UUID.class),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getInt(14),
                rs.getBoolean(15)));
      }
    }
    return result;
  }

  private static PregnantPerson person(ResultSet rs, List<Pregnancy> pregnancies)
      throws SQLException {
    return new PregnantPerson(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        SqlTime.date(rs, 8),
        rs.getString(9),
        pregnancies);
  }

  private static Optional<Pregnancy> first(PreparedStatement statement) throws SQLException {
    List<Pregnancy> found = all(statement);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static List<Pregnancy> all(PreparedStatement statement) throws SQLException {
    List<Pregnancy> result = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        Set<String> shared = new HashSet<>();
        for (Object subject : (Object[]) rs.getArray(12).getArray()) {
          shared.add((String) subject);
        }
        result.add(
            new Pregnancy(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getObject(4, UUID.class),
                rs.getString(5),
                SqlTime.date(rs, 6),
                rs.getString(7),
                SqlTime.date(rs, 8),
                SqlTime.date(rs, 9),
                rs.getString(10),
                rs.getString(11),
                shared));
      }
    }
    return result;
  }
}
