package app.sukoyaka.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs numbered units of work (one bundle each) on a fixed number of threads, each with its own
 * worker (an HTTP client's token, a JDBC connection). Threads take the next number as soon as they
 * are free, as real clients would, and start together so that set-up is not measured.
 */
final class ConcurrentRun {
  private static final int FAILURE_SAMPLES = 5;

  /** One client. */
  interface Worker extends AutoCloseable {
    /**
     * Does unit {@code index} and returns how long its measured part took, in nanoseconds.
     *
     * @throws Exception if the unit failed; it is counted, and the run goes on
     */
    long run(int index) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  /**
   * @param succeeded units that completed
   * @param failed units that threw
   * @param aborted whether the run stopped early because too many units failed
   * @param elapsedNanos from the start signal until the last thread finished
   * @param latencyNanos the measured part of each unit that succeeded
   * @param failureSamples the first few failures, for the report
   */
  record Result(
      int succeeded,
      int failed,
      boolean aborted,
      long elapsedNanos,
      long[] latencyNanos,
      List<String> failureSamples) {

    double perSecond() {
      return succeeded * 1e9 / elapsedNanos;
    }
  }

  private ConcurrentRun() {}

  /**
   * @param units how many units to do, numbered from 0
   * @param threads concurrent workers
   * @param workers makes the worker of thread {@code t}; called before the clock starts
   * @param maxFailures stop once more units than this have failed
   */
  static Result run(int units, int threads, IntFunction<Worker> workers, int maxFailures)
      throws InterruptedException {
    List<Worker> pool = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        pool.add(workers.apply(t));
      }
      return runWith(units, pool, maxFailures);
    } finally {
      for (Worker worker : pool) {
        try {
          worker.close();
        } catch (Exception e) {
          System.err.println("A client did not close cleanly: " + e);
        }
      }
    }
  }

  private static Result runWith(int units, List<Worker> pool, int maxFailures)
      throws InterruptedException {
    long[] latencies = new long[units];
    boolean[] done = new boolean[units];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean abort = new AtomicBoolean();
    List<String> samples = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < pool.size(); t++) {
      Worker worker = pool.get(t);
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = next.getAndIncrement();
                    i < units && !abort.get();
                    i = next.getAndIncrement()) {
                  try {
                    latencies[i] = worker.run(i);
                    done[i] = true;
                  } catch (Exception e) {
                    if (samples.size() < FAILURE_SAMPLES) {
                      samples.add("#" + i + ": " + e.getMessage());
                    }
                    if (failed.incrementAndGet() > maxFailures) {
                      abort.set(true);
                    }
                  }
                }
              },
              "bench-client-" + t);
      threads.add(thread);
      thread.start();
    }
    long began = System.nanoTime();
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    long elapsed = System.nanoTime() - began;
    // join() makes the workers' writes to the arrays visible here.
    long[] succeeded = new long[units];
    int count = 0;
    for (int i = 0; i < units; i++) {
      if (done[i]) {
        succeeded[count++] = latencies[i];
      }
    }
    return new Result(
        count,
        failed.get(),
        abort.get(),
        elapsed,
        Arrays.copyOf(succeeded, count),
        List.copyOf(samples));
  }
}
