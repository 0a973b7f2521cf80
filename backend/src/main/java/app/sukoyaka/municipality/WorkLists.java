package app.sukoyaka.municipality;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every work list of the service, by name: read for a municipality by its staff (the access policy
 * decides, and every child the rows show is written to the access log), as JSON or as CSV.
 */
@Singleton
public class WorkLists {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final Map<String, WorkList> lists = new LinkedHashMap<>();
  private final MunicipalStaff staff;
  private final AccessLog accessLog;
  private final Clock clock;

  WorkLists(List<WorkList> found, MunicipalStaff staff, AccessLog accessLog, Clock clock) {
    List<WorkList> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparing(WorkList::name));
    for (WorkList list : sorted) {
      if (lists.put(list.name(), list) != null) {
        throw new IllegalStateException("Two work lists are named " + list.name());
      }
    }
    this.staff = staff;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** Every list, by name. */
  public List<WorkList> all() {
    return List.copyOf(lists.values());
  }

  public Optional<WorkList> find(String name) {
    return Optional.ofNullable(lists.get(name));
  }

  /** A list as read for a municipality on a day. */
  public record View(
      WorkList list, MunicipalityRow municipality, LocalDate asOf, List<WorkList.Row> rows) {}

  /**
   * The list of the municipality with that code, read by one of its staff; the children of its rows
   * are logged as read.
   */
  public View read(Principal principal, String municipalityCode, String name) {
    WorkList list =
        find(name)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.WORK_LIST_UNKNOWN,
                        "No work list " + name + "; the lists are " + lists.keySet() + "."));
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.READ, "read-work-list", name);
    LocalDate today = LocalDate.now(clock);
    List<WorkList.Row> rows = list.rows(municipality.id(), today);
    Map<UUID, ProtectedSubject> children = new LinkedHashMap<>();
    for (WorkList.Row row : rows) {
      if (row.childId() != null) {
        children.putIfAbsent(
            row.childId(),
            new ProtectedSubject("child", row.childId(), municipality.id(), Set.of(), Set.of()));
      }
    }
    accessLog.accessAll(principal, children.values(), "read-work-list", name);
    return new View(list, municipality, today, rows);
  }

  /** The number of rows of each list for the municipality, for an overview. */
  public Map<WorkList, Long> counts(Principal principal, String municipalityCode) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.READ, "count-work-lists", "work-list");
    LocalDate today = LocalDate.now(clock);
    Map<WorkList, Long> counts = new LinkedHashMap<>();
    for (WorkList list : lists.values()) {
      counts.put(list, (long) list.rows(municipality.id(), today).size());
    }
    return counts;
  }

  /**
   * Does an action on a row of the municipality's list for one of its staff: the row must be on the
   * list now and offer the action, the fields as the action asks (required ones given, text not
   * longer than allowed, a choice one of its options, a file not larger than allowed); then the
   * list does it through its service, which checks the caller's right to write and logs it.
   */
  public WorkList.Text act(
      Principal principal,
      String municipalityCode,
      String name,
      String rowId,
      WorkList.Request request) {
    WorkList list =
        find(name)
            .orElseThrow(
                () -> new ProblemException(ErrorCode.WORK_LIST_UNKNOWN, "No work list " + name));
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.WRITE, "act-on-work-list", name);
    WorkList.Row row =
        list.rows(municipality.id(), LocalDate.now(clock)).stream()
            .filter(r -> r.id().equals(rowId))
            .findFirst()
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.DASHBOARD_WORK_ITEM_UNKNOWN,
                        "This is not an item of the work list now."));
    WorkList.Action action =
        list.actions(row).stream()
            .filter(a -> a.key().equals(request.action()))
            .findFirst()
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.WORK_LIST_ACTION_UNKNOWN,
                        "The item offers no action " + request.action() + " now."));
    List<ProblemException.FieldError> errors = new ArrayList<>();
    for (WorkList.Field field : action.fields()) {
      if (field.type() == WorkList.FieldType.FILE) {
        byte[] file = request.file();
        if (file == null || file.length == 0) {
          if (field.required()) {
            errors.add(new ProblemException.FieldError(field.key(), "a file is required"));
          }
        } else if (file.length > field.maxLength()) {
          errors.add(
              new ProblemException.FieldError(
                  field.key(), "at most " + field.maxLength() + " bytes"));
        }
        continue;
      }
      String value = request.value(field.key());
      if (value == null || value.isBlank()) {
        if (field.required()) {
          errors.add(new ProblemException.FieldError(field.key(), "required"));
        }
      } else if (value.length() > field.maxLength()) {
        errors.add(
            new ProblemException.FieldError(
                field.key(), "at most " + field.maxLength() + " characters"));
      } else if (field.type() == WorkList.FieldType.CHOICE
          && field.options().stream().noneMatch(o -> o.key().equals(value))) {
        errors.add(new ProblemException.FieldError(field.key(), "not one of the options"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.WORK_LIST_ACTION_INVALID,
          "The form of " + action.key() + " is not complete: " + errors + ".",
          errors);
    }
    return list.act(principal, municipalityCode, rowId, request);
  }

  /**
   * The rows of each list for the municipality by status, for the dashboard's overview of the lists
   * (counts only: no child is shown, so none is logged as read).
   */
  public Map<WorkList, Map<String, Long>> countsByStatus(
      Principal principal, String municipalityCode) {
    MunicipalityRow municipality =
        staff.require(
            principal, municipalityCode, AccessPolicy.Action.READ, "count-work-lists", "work-list");
    LocalDate today = LocalDate.now(clock);
    Map<WorkList, Map<String, Long>> counts = new LinkedHashMap<>();
    for (WorkList list : lists.values()) {
      Map<String, Long> byStatus = new LinkedHashMap<>();
      for (WorkList.Row row : list.rows(municipality.id(), today)) {
        byStatus.merge(row.status(), 1L, Long::sum);
      }
      counts.put(list, byStatus);
    }
    return counts;
  }

  /**
   * The list as CSV, as Excel in Japan opens it: UTF-8 with a byte-order mark, CRLF, the Japanese
   * column labels and the status, cells quoted when they hold a quote, comma or line break (RFC
   * 4180), and a cell a spreadsheet would run as a formula prefixed with an apostrophe.
   */
  public static byte[] csv(View view) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add("状態 (status)");
    view.list().columns().forEach(c -> header.add(c.label().ja()));
    line(out, header);
    Map<String, String> statusLabels = new LinkedHashMap<>();
    view.list().statuses().forEach(s -> statusLabels.put(s.key(), s.label().ja()));
    for (WorkList.Row row : view.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(statusLabels.getOrDefault(row.status(), row.status()));
      view.list().columns().forEach(c -> cells.add(row.cells().get(c.key())));
      line(out, cells);
    }
    byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[BOM.length + text.length];
    System.arraycopy(BOM, 0, withBom, 0, BOM.length);
    System.arraycopy(text, 0, withBom, BOM.length, text.length);
    return withBom;
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty()
        && "=+-@\t\r".indexOf(text.charAt(0)) >= 0
        && !text.matches("-?[0-9]+(\\.[0-9]+)?")) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
