package kg.exam.scoring.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Support for scoring-core's parallel kernels (batch scoring, item analysis), public only so that
 * both packages share it. Runs a fixed set of chunks on up to {@code parallelism} threads (the
 * caller's thread included). Chunk boundaries depend only on the input size, never on the thread
 * count, and every chunk writes only its own slice of the output: that is what makes batch results
 * independent of the thread count.
 */
public final class ChunkedParallel {

  private ChunkedParallel() {}

  /**
   * @param chunks number of chunks, {@code >= 0}
   * @param parallelism threads to use, {@code >= 1}
   * @param chunkTask work for one chunk index; must touch only that chunk's output
   */
  public static void run(int chunks, int parallelism, IntConsumer chunkTask) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism=" + parallelism + " must be >= 1");
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          int chunk;
          while (failure.get() == null && (chunk = next.getAndIncrement()) < chunks) {
            try {
              chunkTask.accept(chunk);
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            }
          }
        };
    int helpers = Math.min(parallelism, chunks) - 1;
    List<Thread> threads = new ArrayList<>(Math.max(helpers, 0));
    for (int i = 0; i < helpers; i++) {
      Thread thread = new Thread(worker, "scoring-batch-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    worker.run();
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for scoring threads", e);
      }
    }
    Throwable thrown = failure.get();
    if (thrown instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
    if (thrown != null) {
      throw new IllegalStateException(thrown);
    }
  }
}
