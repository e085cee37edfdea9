package kg.exam.contract.exam;

/** A section of an exam form; section totals are reported per section. */
public record SectionDefinition(String sectionId, String title) {}
