package app.sukoyaka.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Command-line options of the ingest benchmark.
 *
 * @param bundles bundles measured, on each side
 * @param clients concurrent clients (HTTP clients, or JDBC connections for the baseline)
 * @param warmup bundles sent to the service before measuring, so that its JIT and pools are warm
 * @param serviceJar the service's executable jar
 * @param heap the service's maximum heap ({@code -Xmx})
 * @param statements whether to print the SQL statements per bundle of each side
 *     (pg_stat_statements)
 * @param serviceJvmOptions further options for the service's JVM, e.g. to record a JFR profile of
 *     it ({@code -XX:StartFlightRecording=...})
 */
record Options(
    int bundles,
    int clients,
    int warmup,
    Path serviceJar,
    String heap,
    boolean statements,
    List<String> serviceJvmOptions) {

  static final String USAGE =
      """
      usage: java -jar sukoyaka-bench.jar [options]
        --bundles N         bundles measured on each side (default 2000)
        --clients K         concurrent clients (default 8)
        --warmup W          bundles sent to the service before measuring (default 100)
        --service-jar PATH  the service jar (default backend/target/sukoyaka.jar)
        --heap SIZE         the service's -Xmx (default 512m)
        --statements        also print the SQL statements per bundle of each side
        --service-jvm-option OPTION
                            pass OPTION to the service's JVM (repeatable), e.g.
                            -XX:StartFlightRecording=filename=service.jfr
      """;

  private static final Pattern HEAP = Pattern.compile("[0-9]+[kKmMgG]?");

  Options {
    if (bundles < 1) {
      throw new IllegalArgumentException("--bundles must be at least 1");
    }
    if (clients < 1) {
      throw new IllegalArgumentException("--clients must be at least 1");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must not be negative");
    }
    if (!HEAP.matcher(heap).matches()) {
      throw new IllegalArgumentException("--heap must look like 512m or 1g, not " + heap);
    }
    serviceJvmOptions = List.copyOf(serviceJvmOptions);
  }

  static Options parse(String... args) {
    int bundles = 4000;
    int clients = 8;
    int warmup = 3000;
    Path serviceJar = Path.of("backend", "target", "sukoyaka.jar");
    String heap = "512m";
    boolean statements = false;
    List<String> serviceJvmOptions = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--bundles" -> bundles = integer(option, value(args, ++i, option));
        case "--clients" -> clients = integer(option, value(args, ++i, option));
        case "--warmup" -> warmup = integer(option, value(args, ++i, option));
        case "--service-jar" -> serviceJar = Path.of(value(args, ++i, option));
        case "--heap" -> heap = value(args, ++i, option);
        case "--statements" -> statements = true;
        case "--service-jvm-option" -> serviceJvmOptions.add(value(args, ++i, option));
        default -> throw new IllegalArgumentException("Unknown option " + option);
      }
    }
    return new Options(bundles, clients, warmup, serviceJar, heap, statements, serviceJvmOptions);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, not " + value);
    }
  }
}
