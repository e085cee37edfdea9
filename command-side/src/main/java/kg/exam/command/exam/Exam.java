package kg.exam.command.exam;

import java.util.HashMap;
import java.util.Map;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.problem.Texts;
import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.exam.AmendKey;
import kg.exam.contract.exam.CreateExam;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamCreated;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ExamRevised;
import kg.exam.contract.exam.ExcludeItem;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemExcluded;
import kg.exam.contract.exam.KeyAmended;
import kg.exam.contract.exam.PublishExam;
import kg.exam.contract.exam.ReviseExam;
import kg.exam.contract.exam.SignExamStream;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An exam: a draft that can be revised, and the immutable versions published from it. Only the keys
 * of a published version change, each amendment making a new key version.
 */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver")
class Exam {
  @AggregateIdentifier private String examId;
  private ExamContent draft;
  private boolean draftPublished;
  private int latestVersion;
  private final Map<Integer, ExamContent> versions = new HashMap<>();
  private final Map<Integer, Integer> keyVersions = new HashMap<>();

  Exam() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(CreateExam command, StreamHeadSigner signer) {
    if (examId != null) {
      throw new RuleViolation(
          ProblemType.EXAM_ALREADY_EXISTS, "Exam " + command.examId() + " already exists.");
    }
    ExamRules.check(command.content());
    signer.applySigned(
        command.examId(),
        new ExamCreated(command.examId(), command.content(), command.createdBy()));
  }

  @CommandHandler
  void handle(ReviseExam command, StreamHeadSigner signer) {
    ExamRules.check(command.content());
    signer.applySigned(examId, new ExamRevised(examId, command.content(), command.revisedBy()));
  }

  @CommandHandler
  int handle(PublishExam command, StreamHeadSigner signer) {
    if (draftPublished) {
      throw new RuleViolation(
          ProblemType.NOTHING_TO_PUBLISH,
          "Version "
              + latestVersion
              + " already holds the current draft; revise the exam to publish a new version.");
    }
    int version = latestVersion + 1;
    signer.applySigned(examId, new ExamPublished(examId, version, 1, draft, command.publishedBy()));
    return version;
  }

  @CommandHandler
  int handle(AmendKey command, StreamHeadSigner signer) {
    ItemDefinition item = publishedItem(command.version(), command.itemId());
    if (command.reason() == null || command.reason().isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "A key amendment needs a reason.");
    }
    if (item.weight() == 0) {
      throw new RuleViolation(
          ProblemType.ITEM_ALREADY_EXCLUDED,
          "Item "
              + command.itemId()
              + " of version "
              + command.version()
              + " is excluded from scoring: its key no longer counts.");
    }
    if (ExamRules.TYPED_KEYS.contains(item.type())
        && !versions.get(command.version()).translations().isEmpty()) {
      // its answers are words of each language: one amended key cannot hold for them all
      throw new RuleViolation(
          ProblemType.INVALID_EXAM,
          "Item "
              + command.itemId()
              + " takes typed answers in "
              + versions.get(command.version()).languages()
              + ": amend its answers by publishing a new version of the exam.");
    }
    ExamRules.checkItem(item.withKey(command.key()));
    int keyVersion = keyVersions.get(command.version()) + 1;
    signer.applySigned(
        examId,
        new KeyAmended(
            examId,
            command.version(),
            keyVersion,
            command.itemId(),
            command.key(),
            command.reason(),
            command.amendedBy()));
    return keyVersion;
  }

  @CommandHandler
  int handle(ExcludeItem command, StreamHeadSigner signer) {
    ItemDefinition item = publishedItem(command.version(), command.itemId());
    if (command.reason() == null || command.reason().isBlank()) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "Excluding an item from scoring needs a reason.");
    }
    Texts.requireStorable("reason", command.reason());
    Texts.requireStorable("evidence", command.evidence());
    if (item.weight() == 0) {
      throw new RuleViolation(
          ProblemType.ITEM_ALREADY_EXCLUDED,
          "Item "
              + command.itemId()
              + " of version "
              + command.version()
              + " is excluded already.");
    }
    if ("EXTENDED_TEXT".equals(item.type())) {
      // its scripts would still go to markers and hold up the results: not supported yet
      throw new RuleViolation(
          ProblemType.ITEM_NOT_EXCLUDABLE,
          "Item "
              + command.itemId()
              + " is marked by people; only automatically scored items can be excluded.");
    }
    ExamContent after = versions.get(command.version()).withItemExcluded(command.itemId());
    if (after.items().stream().mapToDouble(i -> i.maxScore() * i.weight()).sum() <= 0) {
      throw new RuleViolation(
          ProblemType.ITEM_NOT_EXCLUDABLE,
          "Item "
              + command.itemId()
              + " is the last item that counts: excluding it would leave nothing to score.");
    }
    int keyVersion = keyVersions.get(command.version()) + 1;
    signer.applySigned(
        examId,
        new ItemExcluded(
            examId,
            command.version(),
            keyVersion,
            command.itemId(),
            command.reason(),
            command.evidence() == null || command.evidence().isBlank() ? null : command.evidence(),
            command.excludedBy()));
    return keyVersion;
  }

  /** Signs the stream's head: what candidates saw and were scored against, pinned by the server. */
  @CommandHandler
  void handle(SignExamStream command, StreamHeadSigner signer) {
    signer.sign(examId, AggregateLifecycle.getVersion() + 1).ifPresent(AggregateLifecycle::apply);
  }

  @EventSourcingHandler
  void on(ExamCreated event) {
    examId = event.examId();
    draft = event.content();
    draftPublished = false;
  }

  @EventSourcingHandler
  void on(ExamRevised event) {
    draft = event.content();
    draftPublished = false;
  }

  @EventSourcingHandler
  void on(ExamPublished event) {
    latestVersion = event.version();
    versions.put(event.version(), event.content());
    keyVersions.put(event.version(), event.keyVersion());
    draftPublished = true;
  }

  /** The item of a published version, or the refusal that names what is missing. */
  private ItemDefinition publishedItem(int version, String itemId) {
    ExamContent content = versions.get(version);
    if (content == null) {
      throw new RuleViolation(
          ProblemType.EXAM_NOT_PUBLISHED,
          "Exam " + examId + " has no published version " + version + ".");
    }
    return content.items().stream()
        .filter(i -> i.itemId().equals(itemId))
        .findFirst()
        .orElseThrow(
            () ->
                new RuleViolation(
                    ProblemType.UNKNOWN_ITEM,
                    "Version " + version + " of exam " + examId + " has no item " + itemId + "."));
  }

  @EventSourcingHandler
  void on(ItemExcluded event) {
    versions.computeIfPresent(
        event.version(), (v, content) -> content.withItemExcluded(event.itemId()));
    keyVersions.put(event.version(), event.keyVersion());
  }

  @EventSourcingHandler
  void on(KeyAmended event) {
    versions.computeIfPresent(
        event.version(), (v, content) -> content.withKey(event.itemId(), event.key()));
    keyVersions.put(event.version(), event.keyVersion());
  }
}
