package kg.exam.client.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import kg.exam.client.ExamServerClient;
import kg.exam.client.ServerProblem;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;

/**
 * One simulated candidate, run on its own (virtual) thread: signs in with the slip, starts (binding
 * a device key), reads the paper, answers every item in a random order with a think time before
 * each action, flags some, changes some answers, sometimes loses the connection under an answer and
 * sends it again with the same clientSeq, clears the flags at review, submits, and finally reads
 * the sitting back to check that the server holds each item's last acknowledged answer.
 *
 * <p>Stops early when the sitting cannot go on (sign-in, start or paper refused; the sitting
 * finished or timed out) and leaves a sitting alone 2 s before its deadline by the server's clock,
 * as the real client does at time-out (the server then hands it in).
 */
final class VirtualCandidate implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Leave the sitting alone this long before the deadline. */
  private static final long DEADLINE_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Slips.Slip slip;
  private final ExamServerClient client;
  private final URI server;
  private final SimulationOptions options;
  private final SimulationMetrics metrics;
  private final Random random;
  private final long startDelayNanos;
  private final AnswerListener listener;

  private final Map<String, List<String>> acknowledged = new HashMap<>();
  private long clientSeq;
  private long deadlineNanos = Long.MAX_VALUE;

  /**
   * Open loop ({@code --rate}): when the next action is due by the schedule, and the schedule's
   * step (candidates / rate). Latencies are then measured from the due time, not from the send, so
   * a slow answer that delays the next one shows in that one's latency too (coordinated omission
   * corrected, as wrk2 does).
   */
  private long dueNanos;

  /** The due time of the request the schedule released last, until that request is sent; or 0. */
  private long dueForNextRequest;

  /** Nanoseconds between one candidate's actions in the open loop; 0 for think times. */
  private final long stepNanos;

  /** Set when the server says the sitting takes no more actions (handed in, timed out). */
  private boolean finished;

  /** The signed-in candidate; its token is renewed before it runs out. */
  private ExamServerClient.Session session;

  VirtualCandidate(
      Slips.Slip slip,
      ExamServerClient client,
      SimulationOptions options,
      SimulationMetrics metrics,
      long seed,
      long startDelayNanos,
      long stepNanos,
      AnswerListener listener) {
    this.slip = slip;
    this.client = client;
    this.server = options.server();
    this.options = options;
    this.metrics = metrics;
    this.random = new Random(seed);
    this.startDelayNanos = startDelayNanos;
    this.listener = listener;
    this.stepNanos = stepNanos;
  }

  /** The sitting cannot go on; the reason was counted where it happened. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  @Override
  public void run() {
    try {
      sleepNanos(startDelayNanos);
      sit();
    } catch (Stop e) {
      metrics.failedCandidates.increment();
    } catch (RuntimeException e) {
      // A bug or an answer of an unexpected shape: counted, never lost in a dead thread.
      metrics.failedCandidates.increment();
      metrics.crashed(e);
    } finally {
      metrics.finishedCandidates.increment();
    }
  }

  private void sit() {
    session = required(RequestKind.SIGN_IN, () -> client.signIn(slip.candidateCode(), slip.pin()));
    metrics.signedIn.increment();
    ExamServerClient.SittingState state = required(RequestKind.START, () -> client.start(session));
    long startedNanos = System.nanoTime();
    deadlineNanos = startedNanos + TimeUnit.MILLISECONDS.toNanos(state.remainingMs());
    metrics.started.increment();
    JsonNode paper = required(RequestKind.PAPER, () -> client.paper(session));
    List<JsonNode> items = new ArrayList<>();
    paper.path("items").forEach(items::add);
    // the pictures and sounds the paper shows, each once, as the student page fetches them
    java.util.LinkedHashSet<String> media = new java.util.LinkedHashSet<>();
    for (JsonNode item : items) {
      media.addAll(kg.exam.contract.exam.PromptMedia.hashes(item.path("prompt").asText("")));
      for (JsonNode c : item.path("choices")) {
        media.addAll(kg.exam.contract.exam.PromptMedia.hashes(c.path("text").asText("")));
      }
    }
    for (String sha256 : media) {
      required(RequestKind.MEDIA, () -> client.medium(session, sha256));
    }
    Collections.shuffle(items, random);

    List<String> flagged = new ArrayList<>();
    boolean running = true;
    for (JsonNode item : items) {
      running = think() && answer(session, item);
      if (!running) {
        break;
      }
      if (random.nextDouble() < options.flagRate()) {
        running = think() && flag(session, item.path("itemId").asText(), true);
        if (!running) {
          break;
        }
        flagged.add(item.path("itemId").asText());
      }
    }
    for (int i = 0; running && i < items.size(); i++) {
      if (random.nextDouble() < options.changeRate()) {
        running = think() && answer(session, items.get(i));
      }
    }
    if (options.duration() != null && !items.isEmpty()) {
      long endNanos = startedNanos + options.duration().toNanos();
      while (running && System.nanoTime() < endNanos) {
        running = think() && answer(session, items.get(random.nextInt(items.size())));
      }
    }
    for (int i = 0; running && i < flagged.size(); i++) {
      running = think() && flag(session, flagged.get(i), false);
    }
    if (running && think()) {
      if (timed(RequestKind.SUBMIT, () -> client.submit(session)) != null) {
        metrics.submitted.increment();
      }
    }
    verify(session);
  }

  /** Thinks; false when the deadline would pass first (the candidate stops). */
  private boolean think() {
    if (stepNanos > 0) {
      return waitForSchedule();
    }
    long nanos = TimeUnit.MICROSECONDS.toNanos(options.think().drawMicros(random));
    if (System.nanoTime() + nanos > deadlineNanos - DEADLINE_MARGIN_NANOS) {
      return false;
    }
    sleepNanos(nanos);
    renewTokenIfDue();
    return true;
  }

  /**
   * Open loop: waits until the next action is due (at once when the previous one ran late, which
   * then counts in the next one's latency), at a random phase for the first.
   */
  private boolean waitForSchedule() {
    long now = System.nanoTime();
    dueNanos =
        dueNanos == 0 ? now + (long) (random.nextDouble() * stepNanos) : dueNanos + stepNanos;
    if (dueNanos > deadlineNanos - DEADLINE_MARGIN_NANOS) {
      return false;
    }
    sleepNanos(dueNanos - now);
    renewTokenIfDue();
    dueForNextRequest = dueNanos;
    return true;
  }

  /**
   * Renews the candidate token {@code --renew-token-before} its expiry (server time, read against
   * this machine's clock), as the real client does in a long sitting.
   */
  private void renewTokenIfDue() {
    if (session.expiresAt() == null
        || Instant.now().isBefore(session.expiresAt().minus(options.renewTokenBefore()))) {
      return;
    }
    ExamServerClient.Session renewed =
        timed(
            RequestKind.TOKEN, () -> TokenRenewal.renew(server, session, options.requestTimeout()));
    if (renewed != null) {
      session = renewed;
    }
  }

  /** Answers the item; false when the sitting cannot take answers any more. */
  private boolean answer(ExamServerClient.Session session, JsonNode item) {
    String itemId = item.path("itemId").asText();
    List<String> previous = acknowledged.get(itemId);
    List<String> response = Responses.random(item, previous, random);
    long seq = ++clientSeq;
    Instant clientTimestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ExamServerClient.AnswerReceipt receipt;
    if (random.nextDouble() < options.dropRate()) {
      dropped(session, itemId, response, seq, clientTimestamp);
      sleepNanos(options.reconnectAfter().toNanos());
      receipt =
          timed(
              RequestKind.ANSWER_RESENT,
              () -> client.answer(session, itemId, response, seq, clientTimestamp));
      if (receipt != null && receipt.duplicate()) {
        metrics.resentDuplicates.increment();
      }
    } else {
      receipt =
          timed(
              RequestKind.ANSWER,
              () -> client.answer(session, itemId, response, seq, clientTimestamp));
    }
    if (receipt == null) {
      return !finished;
    }
    long ackNanos = System.nanoTime();
    metrics.answersAcknowledged.increment();
    if (previous != null) {
      metrics.answersChanged.increment();
    }
    acknowledged.put(itemId, response);
    if (listener != null) {
      listener.acknowledged(session.sittingId(), itemId, seq, receipt.recordedAt(), ackNanos);
    }
    return true;
  }

  private void dropped(
      ExamServerClient.Session session,
      String itemId,
      List<String> response,
      long seq,
      Instant clientTimestamp) {
    metrics.drops.increment();
    Ed25519PrivateKey key;
    try {
      key = client.signingKey(session);
    } catch (RuntimeException e) {
      return; // the resend reports what is wrong
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("itemId", itemId);
    body.put("response", response);
    body.put("clientSeq", seq);
    body.put("clientTimestamp", clientTimestamp.toString());
    body.put(
        "signature",
        Map.of(
            "keyId",
            key.keyId().value(),
            "value",
            AnswerSignatures.sign(
                key, session.sittingId(), itemId, response, seq, clientTimestamp)));
    try {
      ConnectionDrop.postAndHangUp(
          server,
          server.getRawPath() + "/api/sittings/" + session.sittingId() + "/answers",
          session.token(),
          JSON.writeValueAsBytes(body),
          options.requestTimeout());
    } catch (UncheckedIOException | JsonProcessingException e) {
      // The request did not even go out; the resend is then the first copy the server sees.
    }
  }

  private boolean flag(ExamServerClient.Session session, String itemId, boolean on) {
    if (timed(RequestKind.FLAG, () -> client.flag(session, itemId, on)) == null) {
      return !finished;
    }
    metrics.flags.increment();
    return true;
  }

  /**
   * Reads the sitting back as the candidate and counts each item's last acknowledged answer that
   * the server holds (same response) or lacks.
   */
  private void verify(ExamServerClient.Session session) {
    ExamServerClient.SittingState state = timed(RequestKind.STATE, () -> client.state(session));
    if (state == null) {
      metrics.answersMissing.add(acknowledged.size());
      return;
    }
    JsonNode answers = state.raw().path("answers");
    for (Map.Entry<String, List<String>> e : acknowledged.entrySet()) {
      List<String> held = new ArrayList<>();
      answers.path(e.getKey()).path("response").forEach(v -> held.add(v.asText()));
      if (held.equals(e.getValue())) {
        metrics.answersVerified.increment();
      } else {
        metrics.answersMissing.increment();
      }
    }
    metrics.sittingsVerified.increment();
  }

  private <T> T timed(RequestKind kind, Supplier<T> request) {
    long now = System.nanoTime();
    // open loop: only the request the schedule just released counts from its due time; the
    // requests around the sitting (sign-in, paper, the final read-back) count from their sending
    long sent = dueForNextRequest != 0 ? Math.min(dueForNextRequest, now) : now;
    dueForNextRequest = 0;
    try {
      T result = request.get();
      metrics.record(kind, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
      return result;
    } catch (ServerProblem e) {
      metrics.error(kind, e);
      String name = e.name();
      finished |=
          name.equals("sitting-finished")
              || name.equals("answer-after-deadline")
              || name.equals("unauthenticated");
      return null;
    } catch (UncheckedIOException e) {
      metrics.error(kind, e);
      return null;
    }
  }

  private <T> T required(RequestKind kind, Supplier<T> request) {
    T result = timed(kind, request);
    if (result == null) {
      throw new Stop();
    }
    return result;
  }

  private static void sleepNanos(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stop();
    }
  }
}
