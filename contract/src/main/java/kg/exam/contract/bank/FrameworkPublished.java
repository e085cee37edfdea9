package kg.exam.contract.bank;

/** A version of a competency framework was published. */
public record FrameworkPublished(
    String frameworkId, int version, FrameworkDefinition definition, String publishedBy) {}
