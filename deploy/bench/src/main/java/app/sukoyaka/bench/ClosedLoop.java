package app.sukoyaka.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load generator, as wrk runs one: C connections, each sending its next request as
 * soon as the last one's answer is read, for a warm-up time and then a measured time. Every request
 * sent in the measured time is measured, to its answer (so a slow answer at the end is not left
 * out); its latency is kept (not bucketed), so the percentiles are exact; the rate is those
 * requests over the time from the measured time's start to the last one's answer.
 */
final class ClosedLoop {
  /** One connection's requests; throws when an answer is not the expected one. */
  interface Client extends AutoCloseable {
    void request(SplittableRandom random) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  interface Clients {
    Client open(int connection) throws Exception;
  }

  /**
   * @param latencyNanos every measured request that succeeded
   * @param failed measured requests that failed
   */
  record Result(
      int connections, long[] latencyNanos, long failed, double seconds, String firstFailure) {
    double perSecond() {
      return latencyNanos.length / seconds;
    }

    Percentiles percentiles() {
      return Percentiles.of(latencyNanos);
    }

    double millis(double percent) {
      return percentiles().at(percent) / 1e6;
    }
  }

  private ClosedLoop() {}

  static Result run(int connections, Clients clients, Duration warmup, Duration measured, long seed)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(connections);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    AtomicReference<Exception> broken = new AtomicReference<>();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long[][] latencies = new long[connections][];
    int[] counts = new int[connections];
    long[] failures = new long[connections];
    long[] lastAnswer = new long[connections];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int connection = c;
      Thread thread =
          new Thread(
              () -> {
                long[] mine = new long[4096];
                int count = 0;
                try (Client client = clients.open(connection)) {
                  ready.countDown();
                  go.await();
                  SplittableRandom random = new SplittableRandom(seed * 31 + connection);
                  long start = window[0];
                  long end = window[1];
                  while (true) {
                    long begin = System.nanoTime();
                    if (begin >= end) {
                      break;
                    }
                    try {
                      client.request(random);
                    } catch (Exception e) {
                      if (begin >= start) {
                        failures[connection]++;
                        firstFailure.compareAndSet(null, e.toString());
                      }
                      continue;
                    }
                    long finished = System.nanoTime();
                    if (begin >= start) {
                      lastAnswer[connection] = finished;
                      if (count == mine.length) {
                        mine = Arrays.copyOf(mine, count * 2);
                      }
                      mine[count++] = finished - begin;
                    }
                  }
                } catch (Exception e) {
                  broken.compareAndSet(null, e);
                  ready.countDown();
                }
                latencies[connection] = mine;
                counts[connection] = count;
              },
              "closed-loop-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    ready.await();
    if (broken.get() != null) {
      go.countDown();
      throw broken.get();
    }
    long now = System.nanoTime();
    window[0] = now + warmup.toNanos();
    window[1] = window[0] + measured.toNanos();
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    if (broken.get() != null) {
      throw broken.get();
    }
    int total = 0;
    long failed = 0;
    long last = window[1];
    for (long answer : lastAnswer) {
      last = Math.max(last, answer);
    }
    for (int c = 0; c < connections; c++) {
      total += counts[c];
      failed += failures[c];
    }
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < connections; c++) {
      System.arraycopy(latencies[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    if (all.length == 0) {
      throw new IllegalStateException(
          "No request succeeded in the measured time; first failure: " + firstFailure.get());
    }
    return new Result(connections, all, failed, (last - window[0]) / 1e9, firstFailure.get());
  }
}
