package kg.exam.contract.exam;

/** A choice, ordering element, matching source/target or gap shown to the candidate. */
public record Choice(String id, String text) {}
