/**
 * The byte-level trust primitives every module and the offline auditor share: the canonical JSON
 * form of payloads ({@link kg.exam.contract.trust.CanonicalJson}), the per-stream hash chain
 * ({@link kg.exam.contract.trust.StreamHashChain}), Ed25519 keys, signatures and key ids ({@link
 * kg.exam.contract.trust.Ed25519PrivateKey}, {@link kg.exam.contract.trust.Ed25519PublicKey},
 * {@link kg.exam.contract.trust.KeyId}), and the RFC 6962 Merkle tree over sealed sittings ({@link
 * kg.exam.contract.trust.MerkleTree}).
 *
 * <p>Each format carries a versioned {@code SCHEME} name; the exact byte layouts are documented in
 * {@code contract/README.md} so that they can be re-implemented without this code. Pure JDK and
 * Bouncy Castle; no framework.
 */
package kg.exam.contract.trust;
