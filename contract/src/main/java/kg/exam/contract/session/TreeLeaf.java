package kg.exam.contract.session;

/**
 * One leaf of a session's Merkle tree: a sitting and the sequence number, in its stream, of the
 * {@link kg.exam.contract.sitting.SittingSealed} event whose canonical payload bytes are the leaf
 * data.
 */
public record TreeLeaf(String sittingId, long sealSequence) {}
