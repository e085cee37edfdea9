/**
 * The key registry as events: public keys with their role and validity, rotations and revocations,
 * on the stream {@value kg.exam.contract.trust.registry.TrustRegistry#STREAM_ID}.
 */
package kg.exam.contract.trust.registry;
