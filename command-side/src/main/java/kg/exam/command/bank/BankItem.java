package kg.exam.command.bank;

import java.util.HashSet;
import java.util.Set;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.problem.Texts;
import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.bank.ApproveBankItem;
import kg.exam.contract.bank.BankItemApproved;
import kg.exam.contract.bank.BankItemCreated;
import kg.exam.contract.bank.BankItemRetired;
import kg.exam.contract.bank.BankItemReviewed;
import kg.exam.contract.bank.BankItemRevised;
import kg.exam.contract.bank.CreateBankItem;
import kg.exam.contract.bank.RetireBankItem;
import kg.exam.contract.bank.ReviewBankItem;
import kg.exam.contract.bank.ReviseBankItem;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An item of the bank: its versions, each written once and never changed, and the latest one's way
 * from draft through review to approval. A revision starts a new draft; the approved version before
 * it stays approved (and on the forms that took it) until the new one is approved. Nobody who wrote
 * a version since the last approval reviews or approves it; a version returned to its writer is
 * revised before it is reviewed again. Retiring ends the item's life on new forms.
 */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver")
class BankItem {
  /** The status of the latest version; an item once retired is RETIRED whatever its versions. */
  enum Status {
    DRAFT,
    REVIEWED,
    APPROVED,
    RETIRED
  }

  @AggregateIdentifier private String itemId;
  private int latestVersion;
  private Status status;

  /** Everyone who wrote a version since the last approval: none of them reviews or approves. */
  private final Set<String> writersSinceApproval = new HashSet<>();

  /** Whether the latest version was returned to its writer: a revision comes before a review. */
  private boolean returned;

  BankItem() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(CreateBankItem command, StreamHeadSigner signer) {
    if (itemId != null) {
      throw new RuleViolation(
          ProblemType.BANK_ITEM_ALREADY_EXISTS,
          "Bank item " + command.itemId() + " already exists; revise it instead.");
    }
    BankRules.check(command.itemId(), command.content());
    signer.applySigned(
        command.itemId(),
        new BankItemCreated(command.itemId(), 1, command.content(), command.createdBy()));
  }

  @CommandHandler
  int handle(ReviseBankItem command, StreamHeadSigner signer) {
    requireNotRetired();
    if (command.basedOn() != latestVersion) {
      throw new RuleViolation(
          ProblemType.BANK_ITEM_CHANGED,
          "Version "
              + latestVersion
              + " of "
              + itemId
              + " came after version "
              + command.basedOn()
              + " the revision is based on; read it and revise that.");
    }
    BankRules.check(itemId, command.content());
    int version = latestVersion + 1;
    signer.applySigned(
        itemId, new BankItemRevised(itemId, version, command.content(), command.revisedBy()));
    return version;
  }

  @CommandHandler
  void handle(ReviewBankItem command, StreamHeadSigner signer) {
    requireLatest(command.version());
    if (status != Status.DRAFT) {
      throw new RuleViolation(
          ProblemType.BANK_ITEM_STATUS,
          "Version " + command.version() + " of " + itemId + " is " + status + ", not a draft.");
    }
    if (returned) {
      throw new RuleViolation(
          ProblemType.BANK_ITEM_STATUS,
          "Version "
              + command.version()
              + " of "
              + itemId
              + " was returned to its writer; a revision comes before another review.");
    }
    requireOtherThanWriter(command.reviewedBy(), "review");
    String comment =
        command.comment() == null || command.comment().isBlank() ? null : command.comment();
    if (!command.accepted() && comment == null) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "Returning a version to its writer needs a comment.");
    }
    Texts.requireStorable("comment", comment);
    signer.applySigned(
        itemId,
        new BankItemReviewed(
            itemId, command.version(), command.accepted(), comment, command.reviewedBy()));
  }

  @CommandHandler
  void handle(ApproveBankItem command, StreamHeadSigner signer) {
    requireLatest(command.version());
    if (status != Status.REVIEWED) {
      throw new RuleViolation(
          ProblemType.BANK_ITEM_STATUS,
          "Version "
              + command.version()
              + " of "
              + itemId
              + " is "
              + status
              + "; only a reviewed version is approved.");
    }
    requireOtherThanWriter(command.approvedBy(), "approve");
    signer.applySigned(
        itemId, new BankItemApproved(itemId, command.version(), command.approvedBy()));
  }

  @CommandHandler
  void handle(RetireBankItem command, StreamHeadSigner signer) {
    requireNotRetired();
    if (command.reason() == null || command.reason().isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "Retiring an item needs a reason.");
    }
    Texts.requireStorable("reason", command.reason());
    signer.applySigned(itemId, new BankItemRetired(itemId, command.reason(), command.retiredBy()));
  }

  @EventSourcingHandler
  void on(BankItemCreated event) {
    itemId = event.itemId();
    latestVersion = event.version();
    status = Status.DRAFT;
    writersSinceApproval.add(event.createdBy());
  }

  @EventSourcingHandler
  void on(BankItemRevised event) {
    latestVersion = event.version();
    status = Status.DRAFT;
    returned = false;
    writersSinceApproval.add(event.revisedBy());
  }

  @EventSourcingHandler
  void on(BankItemReviewed event) {
    if (event.accepted()) {
      status = Status.REVIEWED;
    } else {
      returned = true;
    }
  }

  @EventSourcingHandler
  void on(BankItemApproved event) {
    status = Status.APPROVED;
    writersSinceApproval.clear();
  }

  @EventSourcingHandler
  void on(BankItemRetired event) {
    status = Status.RETIRED;
  }

  private void requireNotRetired() {
    if (status == Status.RETIRED) {
      throw new RuleViolation(ProblemType.BANK_ITEM_STATUS, "Bank item " + itemId + " is retired.");
    }
  }

  private void requireLatest(int version) {
    requireNotRetired();
    if (version != latestVersion) {
      throw new RuleViolation(
          ProblemType.BANK_ITEM_CHANGED,
          "Version "
              + version
              + " of "
              + itemId
              + " is not its latest version "
              + latestVersion
              + ".");
    }
  }

  private void requireOtherThanWriter(String who, String what) {
    if (who != null && writersSinceApproval.contains(who)) {
      throw new RuleViolation(
          ProblemType.OWN_BANK_ITEM,
          "You wrote a version of "
              + itemId
              + " since it was last approved; another reviewer must "
              + what
              + " version "
              + latestVersion
              + ".");
    }
  }
}
