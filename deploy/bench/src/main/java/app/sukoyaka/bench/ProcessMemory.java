package app.sukoyaka.bench;

import java.util.List;
import java.util.Optional;

/**
 * A process's resident memory from {@code /proc/<pid>/status}: what the operating system actually
 * gives it, heap and everything else (metaspace, code cache, thread stacks, buffers).
 *
 * @param residentKib {@code VmRSS}, now
 * @param peakKib {@code VmHWM}, the high-water mark since the process started
 */
record ProcessMemory(long residentKib, long peakKib) {

  static Optional<ProcessMemory> parse(List<String> statusLines) {
    Long resident = null;
    Long peak = null;
    for (String line : statusLines) {
      if (line.startsWith("VmRSS:")) {
        resident = kib(line);
      } else if (line.startsWith("VmHWM:")) {
        peak = kib(line);
      }
    }
    return resident == null || peak == null
        ? Optional.empty()
        : Optional.of(new ProcessMemory(resident, peak));
  }

  /** A line like {@code VmRSS: 412345 kB}. */
  private static long kib(String line) {
    String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    return Long.parseLong(parts[0]);
  }

  long residentMib() {
    return residentKib / 1024;
  }

  long peakMib() {
    return peakKib / 1024;
  }
}
