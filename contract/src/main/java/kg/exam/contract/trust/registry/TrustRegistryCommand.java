package kg.exam.contract.trust.registry;

/** A command addressed to the key registry aggregate. */
public interface TrustRegistryCommand {
  /** Always {@link TrustRegistry#STREAM_ID}. */
  String registryId();
}
