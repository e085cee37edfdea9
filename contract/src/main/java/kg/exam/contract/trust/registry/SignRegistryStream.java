package kg.exam.contract.trust.registry;

/**
 * Signs the head of the key registry's stream ({@link kg.exam.contract.trust.StreamHeadSigned})
 * unless its last event is such a signature already.
 */
public record SignRegistryStream(String registryId) implements TrustRegistryCommand {}
