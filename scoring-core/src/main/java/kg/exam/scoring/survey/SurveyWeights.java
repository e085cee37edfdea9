package kg.exam.scoring.survey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Final sampling weights of a survey's respondents, one per school (every respondent of a school
 * weighs the same):
 *
 * <pre>
 *   w_s = (1 / π_s) · f_h · (M_s / m_s)
 *   f_h = Σ_{s ∈ h, sampled} (1 / π_s) / Σ_{s ∈ h, participating} (1 / π_s)
 * </pre>
 *
 * with π_s the school's selection probability, M_s its enrolled pupils, m_s its respondents (the
 * within-school base weight M_s / n_s times the pupil non-response adjustment n_s / m_s), and f_h
 * the school non-response adjustment within the school's explicit stratum h. A school participates
 * when at least one of its pupils responded.
 *
 * <p>As in TIMSS, the adjustments are made once, on the full sample; a replicate weight is the
 * final weight times the replicate's factor for the school ({@link SampleDesign#replicateFactors}).
 *
 * @param schoolWeight per school of the design: the weight of each of its respondents, 0 when none
 * @param participating schools with at least one respondent
 * @param unrepresentedStrata strata where no sampled school participated: their population is
 *     missing from every estimate, and a report must say so
 */
public record SurveyWeights(
    double[] schoolWeight, int participating, List<String> unrepresentedStrata) {

  /**
   * Computes the weights.
   *
   * @param respondents per school of the design (same order), its pupils with a result
   */
  public static SurveyWeights compute(SampleDesign design, int[] respondents) {
    List<SampledSchool> schools = design.schools();
    if (respondents.length != schools.size()) {
      throw new IllegalArgumentException(
          "respondents: " + respondents.length + " counts for " + schools.size() + " schools");
    }
    Map<String, double[]> strata = new LinkedHashMap<>(); // {sampled base, participating base}
    for (int s = 0; s < schools.size(); s++) {
      double[] sums = strata.computeIfAbsent(schools.get(s).stratum(), h -> new double[2]);
      double base = 1 / schools.get(s).selectionProbability();
      sums[0] += base;
      if (respondents[s] > 0) {
        sums[1] += base;
      }
    }
    double[] weight = new double[schools.size()];
    int participating = 0;
    for (int s = 0; s < schools.size(); s++) {
      if (respondents[s] <= 0) {
        continue;
      }
      participating++;
      SampledSchool school = schools.get(s);
      double[] sums = strata.get(school.stratum());
      weight[s] =
          (1 / school.selectionProbability())
              * (sums[0] / sums[1])
              * ((double) school.enrolled() / respondents[s]);
    }
    List<String> unrepresented = new ArrayList<>();
    strata.forEach(
        (h, sums) -> {
          if (sums[1] == 0) {
            unrepresented.add(h);
          }
        });
    return new SurveyWeights(weight, participating, List.copyOf(unrepresented));
  }
}
