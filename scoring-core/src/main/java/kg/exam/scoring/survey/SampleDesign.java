package kg.exam.scoring.survey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A sample survey's design: the schools drawn, their strata, selection probabilities and sizes, and
 * how they are paired into variance zones for replication.
 *
 * @param replication how replicate weights are formed
 * @param fayFactor Fay's k for {@link Replication#BRR_FAY}, in [0, 1); ignored for JK2
 * @param schools the sampled schools, participating or not, each once
 */
public record SampleDesign(Replication replication, double fayFactor, List<SampledSchool> schools) {
  /** Fay's factor PISA uses. */
  public static final double PISA_FAY_FACTOR = 0.5;

  /** The most zones a design may have (the replicate count follows from it). */
  public static final int MAX_ZONES = 500;

  public SampleDesign {
    if (replication == null) {
      throw new IllegalArgumentException("replication is required (JK2 or BRR_FAY)");
    }
    if (replication == Replication.BRR_FAY && !(fayFactor >= 0 && fayFactor < 1)) {
      throw new IllegalArgumentException("fayFactor must be at least 0 and below 1");
    }
    schools = List.copyOf(schools == null ? List.of() : schools);
    problems(replication, schools).stream()
        .findFirst()
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
  }

  /**
   * What is wrong with these schools as a design, one message per problem, each naming the school
   * (by its position from 1) or the zone; empty when they make a design.
   */
  public static List<String> problems(Replication replication, List<SampledSchool> schools) {
    return problems(replication, schools, i -> "school " + (i + 1));
  }

  /**
   * As {@link #problems(Replication, List)}, naming the school at index i by {@code where} (e.g.
   * its line in a file).
   */
  public static List<String> problems(
      Replication replication, List<SampledSchool> schools, IntFunction<String> where) {
    List<String> problems = new ArrayList<>();
    if (schools == null || schools.isEmpty()) {
      problems.add("a sample design needs at least two schools");
      return problems;
    }
    Set<String> seen = new HashSet<>();
    Map<Integer, int[]> halves = new TreeMap<>();
    for (int i = 0; i < schools.size(); i++) {
      SampledSchool s = schools.get(i);
      String at = where.apply(i);
      if (s == null) {
        problems.add(at + ": missing");
        continue;
      }
      if (s.schoolId() == null || s.schoolId().isBlank()) {
        problems.add(at + ": schoolId is required");
      } else if (!seen.add(s.schoolId())) {
        problems.add(at + ": school " + s.schoolId() + " is listed twice");
      }
      if (s.stratum() == null || s.stratum().isBlank()) {
        problems.add(at + ": stratum is required");
      }
      if (!(s.selectionProbability() > 0 && s.selectionProbability() <= 1)) {
        problems.add(at + ": selectionProbability must be above 0 and at most 1");
      }
      if (s.enrolled() < 1) {
        problems.add(at + ": enrolled must be at least 1");
      }
      if (s.zone() < 1) {
        problems.add(at + ": zone must be at least 1");
      }
      if (s.half() != 1 && s.half() != 2) {
        problems.add(at + ": half must be 1 or 2");
      } else if (s.zone() >= 1) {
        halves.computeIfAbsent(s.zone(), z -> new int[3])[s.half()]++;
      }
    }
    if (halves.size() > MAX_ZONES) {
      problems.add("at most " + MAX_ZONES + " zones, not " + halves.size());
    }
    halves.forEach(
        (zone, count) -> {
          if (count[1] == 0 || count[2] == 0) {
            problems.add("zone " + zone + " needs a school in each half (1 and 2)");
          }
        });
    return problems;
  }

  /** The design's zones in ascending order. */
  public int[] zones() {
    return schools.stream().mapToInt(SampledSchool::zone).distinct().sorted().toArray();
  }

  /** How many replicates the design's replication makes. */
  public int replicateCount() {
    int zones = zones().length;
    return replication == Replication.JK2 ? zones : Hadamard.orderAtLeast(zones + 1);
  }

  /**
   * The factor each replicate applies to each school's weight: {@code [replicate][school]}, schools
   * in the design's order.
   */
  public double[][] replicateFactors() {
    int[] zones = zones();
    Map<Integer, Integer> zoneIndex = new HashMap<>();
    for (int i = 0; i < zones.length; i++) {
      zoneIndex.put(zones[i], i);
    }
    int replicates = replicateCount();
    double[][] factors = new double[replicates][schools.size()];
    int[][] hadamard = replication == Replication.BRR_FAY ? Hadamard.of(replicates) : null;
    for (int r = 0; r < replicates; r++) {
      for (int s = 0; s < schools.size(); s++) {
        SampledSchool school = schools.get(s);
        int z = zoneIndex.get(school.zone());
        boolean firstHalf = school.half() == 1;
        if (hadamard == null) {
          factors[r][s] = z != r ? 1 : firstHalf ? 2 : 0;
        } else {
          boolean upFirst = hadamard[r][z + 1] > 0;
          factors[r][s] = upFirst == firstHalf ? 2 - fayFactor : fayFactor;
        }
      }
    }
    return factors;
  }

  /**
   * The constant that turns the sum of squared replicate deviations into a variance: 1 for JK2,
   * {@code 1 / (R (1 − k)²)} for BRR with Fay's factor.
   */
  public double varianceScale() {
    if (replication == Replication.JK2) {
      return 1;
    }
    return 1 / (replicateCount() * (1 - fayFactor) * (1 - fayFactor));
  }
}
