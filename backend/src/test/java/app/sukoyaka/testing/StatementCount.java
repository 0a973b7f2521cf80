package app.sukoyaka.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL statements the service runs for one HTTP request. The request carries {@link #HEADER}
 * with a key of its own; {@link StatementCountFilter} puts the key into the request's propagated
 * context, which Micronaut carries to the thread that runs the route, and {@link
 * StatementCountingDataSource} records every statement executed on the service's connections while
 * that context is current. Nothing else running meanwhile (jobs, other requests) is counted.
 */
public final class StatementCount {
  public static final String HEADER = "X-Sukoyaka-Test-Statements";

  private static final Map<String, List<String>> RUNS = new ConcurrentHashMap<>();
  private static final Map<String, java.util.concurrent.atomic.AtomicInteger> CHECKOUTS =
      new ConcurrentHashMap<>();
  private static final Map<String, List<String>> SCOPES = new ConcurrentHashMap<>();

  private StatementCount() {}

  /**
   * A response and the statements its request ran, in order.
   *
   * @param connections how many times the request took a connection from the pool (each
   *     transaction, or each statement outside one, takes one)
   * @param scopes the statements that gave a connection the caller's tenant scope (row-level
   *     security), part of taking a connection rather than of the request's work: not in {@code
   *     statements}
   */
  public record Run(
      Http.Response response, List<String> statements, int connections, List<String> scopes) {
    public int count() {
      return statements.size();
    }

    /** The statements, one a line, for an assertion's message. */
    public String listing() {
      return String.join("\n", statements);
    }
  }

  /** Sends a request with these headers (besides the counting key) and counts its statements. */
  public static Run of(String method, String path, String token, Map<String, String> headers) {
    TestService.server();
    String key = UUID.randomUUID().toString();
    RUNS.put(key, Collections.synchronizedList(new ArrayList<>()));
    SCOPES.put(key, Collections.synchronizedList(new ArrayList<>()));
    CHECKOUTS.put(key, new java.util.concurrent.atomic.AtomicInteger());
    try {
      Map<String, String> all = new java.util.LinkedHashMap<>(headers);
      all.put(HEADER, key);
      Http.Response response = Http.send(method, path, token, all);
      return new Run(
          response,
          List.copyOf(RUNS.get(key)),
          CHECKOUTS.get(key).get(),
          List.copyOf(SCOPES.get(key)));
    } finally {
      RUNS.remove(key);
      SCOPES.remove(key);
      CHECKOUTS.remove(key);
    }
  }

  public static Run get(String path, String token) {
    return of("GET", path, token, Map.of());
  }

  /** Called for every connection taken from the pool under a counting key. */
  static void checkout(String key) {
    java.util.concurrent.atomic.AtomicInteger count = CHECKOUTS.get(key);
    if (count != null) {
      count.incrementAndGet();
    }
  }

  /** Called for every statement run under a counting key. */
  static void record(String key, String sql) {
    List<String> run =
        sql.startsWith("SELECT sukoyaka_enter_scope(")
                || sql.contains(" FROM sukoyaka_enter_guardian_scope(")
                || sql.startsWith("SELECT set_config('sukoyaka.")
            ? SCOPES.get(key)
            : RUNS.get(key);
    if (run != null) {
      run.add(sql);
    }
  }
}
