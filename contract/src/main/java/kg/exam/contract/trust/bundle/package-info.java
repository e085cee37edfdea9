/**
 * The audit bundle format ({@value kg.exam.contract.trust.bundle.AuditBundle#FORMAT}) shared by the
 * command side's exporter and the offline verifier.
 */
package kg.exam.contract.trust.bundle;
