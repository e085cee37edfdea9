package kg.exam.command.exam;

import kg.exam.contract.exam.ExamContent;

/**
 * A published exam version with its current key version, as the command side's read table holds it.
 */
public record PublishedExam(String examId, int version, int keyVersion, ExamContent content) {}
