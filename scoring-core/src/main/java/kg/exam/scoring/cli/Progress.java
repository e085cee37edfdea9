package kg.exam.scoring.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn at each whole percent. Thread-safe: workers may report
 * concurrently.
 */
final class Progress {

  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final boolean enabled;
  private String phase = "";
  private long total;
  private long done;
  private int shownPercent = -1;

  Progress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  synchronized void start(String newPhase, long newTotal) {
    phase = newPhase;
    total = Math.max(newTotal, 1);
    done = 0;
    shownPercent = -1;
    draw();
  }

  synchronized void advanceTo(long newDone) {
    done = Math.max(done, newDone);
    draw();
  }

  synchronized void advanceBy(long delta) {
    done += delta;
    draw();
  }

  synchronized void finish() {
    done = total;
    draw();
    if (enabled) {
      out.println();
    }
  }

  private void draw() {
    int percent = (int) Math.min(100, done * 100 / total);
    if (!enabled || percent == shownPercent) {
      return;
    }
    shownPercent = percent;
    int filled = percent * BAR_WIDTH / 100;
    out.print(
        "\r"
            + String.format("%-8s", phase)
            + " ["
            + "#".repeat(filled)
            + ".".repeat(BAR_WIDTH - filled)
            + "] "
            + String.format("%3d%%", percent));
    out.flush();
  }
}
