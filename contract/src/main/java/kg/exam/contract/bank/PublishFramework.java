package kg.exam.contract.bank;

/**
 * Publishes a framework, or its next version. A later version keeps every code of the one before
 * (titles may change, codes may be added), so no item's competency code is ever left dangling.
 */
public record PublishFramework(
    String frameworkId, FrameworkDefinition definition, String publishedBy)
    implements FrameworkCommand {}
