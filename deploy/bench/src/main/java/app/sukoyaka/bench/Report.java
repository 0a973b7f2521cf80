package app.sukoyaka.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * The printed result: our figure next to the plain-PostgreSQL figure of the same run, and their
 * ratio, which is what the targets in DESIGN.md are stated in.
 *
 * @param serviceCpuMillisPerBundle the CPU time the service process used during the measured phase,
 *     per accepted bundle: unlike the rates, it barely moves when other work shares the cores
 */
record Report(
    int bundles,
    int clients,
    int cores,
    double servicePerSecond,
    double p50Millis,
    double p99Millis,
    double baselinePerSecond,
    Optional<ProcessMemory> memory,
    String heap,
    Optional<Double> serviceCpuMillisPerBundle) {

  double ratioPercent() {
    return servicePerSecond / baselinePerSecond * 100;
  }

  String format() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Sukoyaka ingest benchmark  (N=%d bundles, K=%d clients, %d resources per bundle,"
                + " %d cores)%n",
            bundles,
            clients,
            PrenatalVisit.RESOURCES,
            cores));
    out.append(String.format(Locale.ROOT, "%-32s%9s%9s%9s%n", "", "bundles/s", "p50 ms", "p99 ms"));
    out.append(
        String.format(
            Locale.ROOT,
            "%-32s%9.1f%9.1f%9.1f%n",
            "service: validated FHIR ingest",
            servicePerSecond,
            p50Millis,
            p99Millis));
    out.append(
        String.format(
            Locale.ROOT,
            "%-32s%9.1f%9s%9s%n",
            "baseline: plain JDBC batch",
            baselinePerSecond,
            "-",
            "-"));
    out.append(
        String.format(Locale.ROOT, "%-32s%9.2f %%%n", "ratio service / baseline", ratioPercent()));
    out.append(
        memory
            .map(
                m ->
                    String.format(
                        Locale.ROOT,
                        "service memory: RSS %d MiB, peak %d MiB (heap limit %s)%n",
                        m.residentMib(),
                        m.peakMib(),
                        heap))
            .orElse(
                String.format("service memory: not readable (no /proc) (heap limit %s)%n", heap)));
    serviceCpuMillisPerBundle.ifPresent(
        millis ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "service CPU: %.2f ms per bundle (all its threads: requests, JIT, GC)%n",
                    millis)));
    return out.toString();
  }
}
