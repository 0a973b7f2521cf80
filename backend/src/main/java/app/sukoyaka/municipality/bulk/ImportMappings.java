package app.sukoyaka.municipality.bulk;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineKind;
import app.sukoyaka.profiles.ValueType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The column mappings staff can import with: those bundled with the service and those a
 * municipality adds by configuration ({@code sukoyaka.bulk-import.mapping-dirs}). Each file is held
 * to its format and to the catalogs when it is read: items the catalog knows and records about
 * children, answers of the item's answer set, units the item accepts, kinds of checkup about
 * children, vaccines and dose labels of the vaccine catalog. A mapping that does not fit stops the
 * start-up with every reason, rather than failing rows later.
 */
@Singleton
public class ImportMappings {
  /** The catalog item a prenatal row must give: where in the pregnancy the visit is. */
  static final String GESTATIONAL_AGE = "gestational-age";

  static final String FORMAT = "sukoyaka-import-mapping/1";
  static final String RESOURCE_DIR = "/app/sukoyaka/municipality/bulk/mappings/";

  /** The mappings shipped with the service (documented in the directory's README). */
  static final List<String> BUNDLED = List.of("standard-utf8.json", "legacy-sjis.json");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, ImportMapping> bySystem;

  ImportMappings(
      CheckupItemCatalog catalog, VaccineCatalog vaccines, BulkImportConfiguration configuration) {
    this(load(catalog, vaccines, configuration.mappingDirs()));
  }

  private ImportMappings(Map<String, ImportMapping> bySystem) {
    this.bySystem = Collections.unmodifiableMap(new TreeMap<>(bySystem));
  }

  /** The bundled mappings and those in the directories, checked against the catalogs. */
  static Map<String, ImportMapping> load(
      CheckupItemCatalog catalog, VaccineCatalog vaccines, List<Path> dirs) {
    Checker checker = new Checker(catalog, vaccines);
    Map<String, ImportMapping> mappings = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String name : BUNDLED) {
      String resource = RESOURCE_DIR + name;
      try (InputStream in = ImportMappings.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("Missing bundled mapping " + resource);
        }
        add(mappings, checker.read(JSON.readTree(in), "classpath:" + resource), problems);
      } catch (IOException e) {
        throw new UncheckedIOException(resource, e);
      } catch (MappingException e) {
        problems.add(e.getMessage());
      }
    }
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        problems.add(dir + ": not a directory (sukoyaka.bulk-import.mapping-dirs)");
        continue;
      }
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "*.json")) {
        found.forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(dir.toString(), e);
      }
      Collections.sort(files);
      for (Path file : files) {
        try {
          add(mappings, checker.read(JSON.readTree(file.toFile()), file.toString()), problems);
        } catch (IOException e) {
          problems.add(file + ": not JSON (" + e.getMessage() + ")");
        } catch (MappingException e) {
          problems.add(e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Import mappings that do not fit:\n  " + String.join("\n  ", problems));
    }
    return mappings;
  }

  private static void add(
      Map<String, ImportMapping> mappings, ImportMapping mapping, List<String> problems) {
    ImportMapping earlier = mappings.putIfAbsent(mapping.system(), mapping);
    if (earlier != null) {
      problems.add(
          mapping.origin()
              + ": the system id "
              + mapping.system()
              + " is already used by "
              + earlier.origin()
              + "; give a changed layout an id of its own");
    }
  }

  /** Every mapping, by system id. */
  Map<String, ImportMapping> all() {
    return bySystem;
  }

  Optional<ImportMapping> of(String system) {
    return Optional.ofNullable(system == null ? null : bySystem.get(system));
  }

  /** A mapping that does not fit its format or the catalogs. */
  static final class MappingException extends RuntimeException {
    MappingException(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads one mapping file and holds it to the catalogs. */
  static final class Checker {
    private final CheckupItemCatalog catalog;
    private final VaccineCatalog vaccines;

    Checker(CheckupItemCatalog catalog, VaccineCatalog vaccines) {
      this.catalog = catalog;
      this.vaccines = vaccines;
    }

    ImportMapping read(JsonNode root, String origin) {
      List<String> problems = new ArrayList<>();
      if (!FORMAT.equals(root.path("format").asText())) {
        throw new MappingException(origin + ": format must be " + FORMAT);
      }
      String system = root.path("system").asText("");
      if (!system.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
        problems.add("system must be a kebab-case id");
      }
      LocalizedText name =
          new LocalizedText(
              root.path("name").path("ja").asText(""), root.path("name").path("en").asText(""));
      if (name.ja().isBlank() || name.en().isBlank()) {
        problems.add("name needs ja and en");
      }
      String source = root.path("source").asText("");
      if (source.isBlank()) {
        problems.add("source must say where the layout comes from");
      }
      LocalDate effectiveFrom = null;
      try {
        effectiveFrom = LocalDate.parse(root.path("effectiveFrom").asText(""));
      } catch (DateTimeParseException e) {
        problems.add("effectiveFrom must be a date (YYYY-MM-DD)");
      }
      Charset charset = null;
      try {
        charset = Charset.forName(root.path("encoding").asText("UTF-8"));
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        problems.add("encoding " + root.path("encoding").asText() + " is not known");
      }
      String delimiter = root.path("delimiter").asText(",");
      if (delimiter.length() != 1 || delimiter.charAt(0) > 0x7f || delimiter.equals("\"")) {
        problems.add("delimiter must be one ASCII character other than a quote");
      }
      Optional<JapaneseDates.Style> dates = JapaneseDates.Style.of(root.path("dates").asText(""));
      if (dates.isEmpty()) {
        problems.add("dates must be western or wareki");
      }
      Set<String> municipalities = new HashSet<>();
      root.path("municipalities").forEach(m -> municipalities.add(m.asText()));
      List<String> notes = new ArrayList<>();
      root.path("notes").forEach(n -> notes.add(n.asText()));
      List<ImportMapping.Layout> layouts = new ArrayList<>();
      Set<ImportMapping.Kind> kinds = new HashSet<>();
      for (JsonNode layout : root.path("layouts")) {
        ImportMapping.Layout read = layout(layout, problems);
        if (read != null && !kinds.add(read.kind())) {
          problems.add("two layouts of kind " + read.kind().code());
        }
        if (read != null) {
          layouts.add(read);
        }
      }
      if (layouts.isEmpty()) {
        problems.add("layouts must describe at least one export");
      }
      for (ImportMapping.Layout a : layouts) {
        for (ImportMapping.Layout b : layouts) {
          if (a != b && b.names().containsAll(a.names())) {
            problems.add(
                "the "
                    + a.kind().code()
                    + " layout's columns are all in the "
                    + b.kind().code()
                    + " layout: a file could not be told apart");
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new MappingException(origin + ": " + String.join("; ", problems));
      }
      return new ImportMapping(
          system,
          name,
          source,
          effectiveFrom,
          notes,
          charset,
          delimiter.charAt(0),
          dates.get(),
          municipalities,
          layouts,
          origin);
    }

    private ImportMapping.Layout layout(JsonNode node, List<String> problems) {
      Optional<ImportMapping.Kind> kind = ImportMapping.Kind.of(node.path("kind").asText(""));
      if (kind.isEmpty()) {
        problems.add("a layout's kind must be checkup, vaccination or prenatal");
        return null;
      }
      String at = kind.get().code() + " layout: ";
      List<ImportMapping.Column> columns = new ArrayList<>();
      Set<String> names = new HashSet<>();
      Set<ImportMapping.Field> fields = new HashSet<>();
      Set<String> items = new HashSet<>();
      Set<String> kindsMapped = new HashSet<>();
      for (JsonNode column : node.path("columns")) {
        ImportMapping.Column read = column(kind.get(), column, at, problems, kindsMapped);
        if (read == null) {
          continue;
        }
        if (!names.add(read.name())) {
          problems.add(at + "column " + read.name() + " is mapped twice");
        }
        if (read.field() != null && !fields.add(read.field())) {
          problems.add(at + read.field().json() + " is mapped by two columns");
        }
        if (read.item() != null && !items.add(read.item())) {
          problems.add(at + "item " + read.item() + " is mapped by two columns");
        }
        columns.add(read);
      }
      if (!fields.contains(ImportMapping.Field.BIRTH_DATE)) {
        problems.add(at + "birthDate must be mapped (the child is checked by it)");
      }
      if (!fields.contains(ImportMapping.Field.RESIDENT_NUMBER)
          && !fields.contains(ImportMapping.Field.HANDBOOK_NUMBER)) {
        problems.add(at + "residentNumber or handbookNumber must be mapped");
      }
      Boolean routine = node.has("routine") ? node.path("routine").asBoolean() : null;
      String performer = node.path("performerName").asText(null);
      if (kind.get() == ImportMapping.Kind.PRENATAL) {
        require(fields, at, problems, ImportMapping.Field.VISIT_DATE);
        if (!items.contains(GESTATIONAL_AGE)) {
          // Clinic intake requires it too: a prenatal visit is placed in the pregnancy by it.
          problems.add(at + "item " + GESTATIONAL_AGE + " must be mapped");
        }
        if (performer == null
            && !fields.contains(ImportMapping.Field.PERFORMER_NAME)
            && !fields.contains(ImportMapping.Field.FACILITY_CODE)) {
          problems.add(at + "say where checkups were held: performerName (a column or a default)");
        }
      } else if (kind.get() == ImportMapping.Kind.CHECKUP) {
        require(fields, at, problems, ImportMapping.Field.CHECKUP_KIND);
        require(fields, at, problems, ImportMapping.Field.VISIT_DATE);
        if (fields.contains(ImportMapping.Field.AGE_DAYS)
            && !fields.contains(ImportMapping.Field.AGE_MONTHS)) {
          problems.add(at + "ageDays needs ageMonths");
        }
        if (performer == null
            && !fields.contains(ImportMapping.Field.PERFORMER_NAME)
            && !fields.contains(ImportMapping.Field.FACILITY_CODE)) {
          problems.add(at + "say where checkups were held: performerName (a column or a default)");
        }
        for (String item : items) {
          CatalogItem catalogItem = catalog.byCode(item).orElseThrow();
          if (kindsMapped.stream().noneMatch(k -> catalogItem.checkups().contains(k))) {
            problems.add(at + "item " + item + " is recorded at none of the mapped checkups");
          }
        }
      } else {
        require(fields, at, problems, ImportMapping.Field.VACCINE);
        require(fields, at, problems, ImportMapping.Field.DATE);
        if (routine == null && !fields.contains(ImportMapping.Field.ROUTINE)) {
          problems.add(at + "say whether doses are 定期接種: a routine column or a routine default");
        }
      }
      return new ImportMapping.Layout(kind.get(), columns, routine, performer);
    }

    private static void require(
        Set<ImportMapping.Field> fields,
        String at,
        List<String> problems,
        ImportMapping.Field field) {
      if (!fields.contains(field)) {
        problems.add(at + field.json() + " must be mapped");
      }
    }

    private ImportMapping.Column column(
        ImportMapping.Kind kind,
        JsonNode node,
        String at,
        List<String> problems,
        Set<String> kindsMapped) {
      String name = Cells.normal(node.path("name").asText(""));
      if (name.isEmpty()) {
        problems.add(at + "a column needs its header name");
        return null;
      }
      String where = at + "column " + name + ": ";
      boolean hasField = node.hasNonNull("field");
      boolean hasItem = node.hasNonNull("item");
      if (hasField == hasItem) {
        problems.add(where + "map it to a field or to an item, not both or neither");
        return null;
      }
      Map<String, String> rawCodes = new LinkedHashMap<>();
      Map<String, JsonNode> codeNodes = new LinkedHashMap<>();
      node.path("codes")
          .fields()
          .forEachRemaining(
              e -> {
                String key = Cells.normal(e.getKey());
                if (codeNodes.put(key, e.getValue()) != null) {
                  problems.add(where + "code " + e.getKey() + " is listed twice");
                }
                rawCodes.put(key, e.getValue().asText());
              });
      String description = node.path("description").asText(null);
      if (hasItem) {
        return itemColumn(kind, name, node, where, problems, codeNodes, description);
      }
      Optional<ImportMapping.Field> field = ImportMapping.Field.of(node.path("field").asText());
      if (field.isEmpty() || !field.get().fits(kind)) {
        problems.add(where + "no field " + node.path("field").asText() + " in a " + kind.code());
        return null;
      }
      Map<String, Object> codes = new HashMap<>();
      Map<String, Map<String, String>> byVaccine = new HashMap<>();
      switch (field.get()) {
        case CHECKUP_KIND -> {
          if (codeNodes.isEmpty()) {
            problems.add(where + "list the system's codes of its checkups");
          }
          codeNodes.forEach(
              (code, target) -> {
                String kindCode =
                    target.isObject() ? target.path("kind").asText() : target.asText();
                String kindName = target.isObject() ? target.path("name").asText(null) : null;
                Optional<CheckupKind> known = catalog.kind(kindCode);
                if (known.isEmpty() || known.get().subject() != Subject.CHILD) {
                  problems.add(where + code + " → " + kindCode + " is not a child's checkup");
                } else if (known.get().municipalOwn() != (kindName != null)) {
                  problems.add(
                      where
                          + code
                          + ": a municipality's own checkup, and only it, is given its name");
                } else {
                  kindsMapped.add(kindCode);
                  codes.put(code, new ImportMapping.CheckupKindTarget(kindCode, kindName));
                }
              });
        }
        case VACCINE -> {
          if (codeNodes.isEmpty()) {
            problems.add(where + "list the system's codes of its vaccines");
          }
          codeNodes.forEach(
              (code, target) -> {
                String vaccine =
                    target.isObject() ? target.path("vaccine").asText() : target.asText();
                String product = target.isObject() ? target.path("product").asText(null) : null;
                Optional<VaccineKind> known = vaccines.kind(vaccine);
                if (known.isEmpty() || !known.get().isFor(Subject.CHILD)) {
                  problems.add(where + code + " → " + vaccine + " is not a child's vaccine");
                } else if (product != null && known.get().product(product).isEmpty()) {
                  problems.add(where + code + " → " + product + " is not a product of " + vaccine);
                } else {
                  codes.put(code, new ImportMapping.VaccineTarget(vaccine, product));
                }
              });
        }
        case DOSE -> {
          Set<String> labels = vaccines.allDoseLabels();
          rawCodes.forEach(
              (code, label) -> {
                if (!labels.contains(label)) {
                  problems.add(where + code + " → " + label + " is not a dose label");
                }
                codes.put(code, label);
              });
          node.path("codesByVaccine")
              .fields()
              .forEachRemaining(
                  e -> {
                    Optional<VaccineKind> known = vaccines.kind(e.getKey());
                    if (known.isEmpty()) {
                      problems.add(where + "codesByVaccine names no vaccine " + e.getKey());
                      return;
                    }
                    Set<String> ofVaccine = vaccines.doseLabels(known.get());
                    Map<String, String> map = new HashMap<>();
                    e.getValue()
                        .fields()
                        .forEachRemaining(
                            d -> {
                              if (!ofVaccine.contains(d.getValue().asText())) {
                                problems.add(
                                    where
                                        + d.getValue().asText()
                                        + " is not a dose of "
                                        + e.getKey());
                              }
                              map.put(Cells.normal(d.getKey()), d.getValue().asText());
                            });
                    byVaccine.put(e.getKey(), map);
                  });
        }
        case ROUTINE -> booleans(codeNodes, where, problems, codes);
        case SEX ->
            rawCodes.forEach(
                (code, sex) -> {
                  if (!sex.equals("male") && !sex.equals("female")) {
                    problems.add(where + code + " → " + sex + " is not male or female");
                  }
                  codes.put(code, sex);
                });
        default -> {
          if (!codeNodes.isEmpty()) {
            problems.add(where + "codes are read only for coded fields");
          }
        }
      }
      boolean required =
          node.path("required")
              .asBoolean(
                  Set.of(
                          ImportMapping.Field.BIRTH_DATE,
                          ImportMapping.Field.CHECKUP_KIND,
                          ImportMapping.Field.VISIT_DATE,
                          ImportMapping.Field.VACCINE,
                          ImportMapping.Field.DATE)
                      .contains(field.get()));
      return new ImportMapping.Column(
          name,
          field.get(),
          null,
          null,
          codes,
          byVaccine,
          required,
          description,
          node.path("optional").asBoolean(false));
    }

    private ImportMapping.Column itemColumn(
        ImportMapping.Kind kind,
        String name,
        JsonNode node,
        String where,
        List<String> problems,
        Map<String, JsonNode> codeNodes,
        String description) {
      String code = node.path("item").asText();
      Optional<CatalogItem> found = catalog.byCode(code);
      if (found.isEmpty()) {
        problems.add(where + "no catalog item " + code);
        return null;
      }
      CatalogItem item = found.get();
      if (kind == ImportMapping.Kind.PRENATAL) {
        // A prenatal layout's items are the pregnant person's, recorded at a 妊婦健診.
        if (!item.isAbout(Subject.MOTHER)
            || !item.checkups().contains(ImportMapping.Kind.PRENATAL_KIND)) {
          problems.add(where + code + " is not recorded about the mother at a prenatal checkup");
          return null;
        }
      } else if (!item.isAbout(Subject.CHILD)) {
        problems.add(where + code + " is not recorded about a child");
        return null;
      }
      String unit = node.path("unit").asText(null);
      Map<String, Object> codes = new HashMap<>();
      ValueType type = item.valueType();
      if (type == ValueType.QUANTITY) {
        if (unit == null || item.units().stream().noneMatch(u -> u.ucum().equals(unit))) {
          problems.add(
              where
                  + code
                  + " needs its unit, one of "
                  + item.units().stream().map(u -> u.ucum()).toList());
        }
      } else if (unit != null) {
        problems.add(where + "only quantities have a unit");
      }
      if (type == ValueType.CODED) {
        if (codeNodes.isEmpty()) {
          problems.add(where + "list the system's values of " + code + " and their answers");
        }
        codeNodes.forEach(
            (value, answer) -> {
              if (item.answers().stream().noneMatch(a -> a.code().equals(answer.asText()))) {
                problems.add(
                    where
                        + value
                        + " → "
                        + answer.asText()
                        + " is not an answer of "
                        + code
                        + " ("
                        + item.answers().stream().map(a -> a.code()).toList()
                        + ")");
              }
              codes.put(value, answer.asText());
            });
      } else if (type == ValueType.BOOLEAN) {
        if (codeNodes.isEmpty()) {
          problems.add(where + "list the system's values of " + code + " as true or false");
        }
        booleans(codeNodes, where, problems, codes);
      } else if (!codeNodes.isEmpty()) {
        problems.add(where + "codes are read only for coded and yes/no items");
      } else if (type == ValueType.DATETIME) {
        problems.add(where + code + " (a date and time) is not imported");
      }
      return new ImportMapping.Column(
          name,
          null,
          code,
          unit,
          codes,
          Map.of(),
          node.path("required").asBoolean(false),
          description,
          node.path("optional").asBoolean(false));
    }

    private static void booleans(
        Map<String, JsonNode> codeNodes,
        String where,
        List<String> problems,
        Map<String, Object> codes) {
      codeNodes.forEach(
          (value, flag) -> {
            if (!flag.isBoolean()) {
              problems.add(where + value + " must stand for true or false");
            } else {
              codes.put(value, flag.asBoolean());
            }
          });
    }
  }
}
