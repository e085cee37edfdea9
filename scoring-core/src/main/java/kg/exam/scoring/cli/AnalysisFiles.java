package kg.exam.scoring.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.scoring.analysis.ItemStatistics;
import kg.exam.scoring.analysis.OptionStatistics;
import kg.exam.scoring.analysis.TestAnalysis;

/**
 * Writes a {@link TestAnalysis} as four CSV files (formats in the module README) to temporary
 * files.
 */
final class AnalysisFiles {

  private AnalysisFiles() {}

  /**
   * @return final file name to the temporary file holding it
   */
  static Map<String, Path> write(Path dir, TestAnalysis analysis) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("item_analysis.csv", itemAnalysis(dir, analysis));
    files.put("distractors.csv", distractors(dir, analysis));
    files.put("test_analysis.csv", testAnalysis(dir, analysis));
    files.put("score_distribution.csv", distribution(dir, analysis));
    return files;
  }

  private static Path itemAnalysis(Path dir, TestAnalysis analysis) throws IOException {
    Path file = OutputFiles.temporary(dir, "item_analysis.csv");
    try (CsvWriter csv = new CsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      csv.row(
          "item_id",
          "max_score",
          "mean_score",
          "difficulty",
          "item_total_r",
          "item_rest_r",
          "alpha_if_deleted",
          "flagged_distractors");
      for (ItemStatistics item : analysis.items()) {
        List<String> flagged =
            item.options().stream()
                .filter(OptionStatistics::flagged)
                .map(OptionStatistics::optionId)
                .toList();
        csv.row(
            item.itemId(),
            item.maxScore(),
            item.meanScore(),
            item.difficulty(),
            item.itemTotalCorrelation(),
            item.itemRestCorrelation(),
            item.alphaIfDeleted(),
            String.join("|", flagged));
      }
    }
    return file;
  }

  private static Path distractors(Path dir, TestAnalysis analysis) throws IOException {
    Path file = OutputFiles.temporary(dir, "distractors.csv");
    try (CsvWriter csv = new CsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      csv.row(
          "item_id",
          "option",
          "key",
          "count",
          "share",
          "mean_total",
          "upper_share",
          "lower_share",
          "flagged");
      for (ItemStatistics item : analysis.items()) {
        for (OptionStatistics option : item.options()) {
          csv.row(
              item.itemId(),
              option.optionId(),
              option.key(),
              option.count(),
              option.share(),
              option.meanTotal(),
              option.upperGroupShare(),
              option.lowerGroupShare(),
              option.flagged());
        }
      }
    }
    return file;
  }

  private static Path testAnalysis(Path dir, TestAnalysis analysis) throws IOException {
    Path file = OutputFiles.temporary(dir, "test_analysis.csv");
    try (CsvWriter csv = new CsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      csv.row("statistic", "value");
      csv.row("candidates", analysis.candidateCount());
      csv.row("items", analysis.itemCount());
      csv.row("mean_total", analysis.meanTotal());
      csv.row("sd_total", analysis.standardDeviation());
      csv.row("min_total", analysis.minTotal());
      csv.row("max_total", analysis.maxTotal());
      csv.row("alpha", analysis.alpha());
      csv.row("kr20", analysis.kr20());
      csv.row("sem", analysis.standardErrorOfMeasurement());
      csv.row("group_size", analysis.groupSize());
    }
    return file;
  }

  private static Path distribution(Path dir, TestAnalysis analysis) throws IOException {
    Path file = OutputFiles.temporary(dir, "score_distribution.csv");
    try (CsvWriter csv = new CsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      csv.row("total_from", "total_below", "count");
      double width = analysis.distribution().binWidth();
      List<Long> counts = analysis.distribution().counts();
      for (int k = 0; k < counts.size(); k++) {
        csv.row(k * width, (k + 1) * width, counts.get(k));
      }
    }
    return file;
  }
}
