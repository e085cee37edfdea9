package kg.exam.scoring.survey;

/**
 * How replicate weights are formed from the design's variance zones, and how the replicates' spread
 * becomes a sampling variance.
 *
 * <ul>
 *   <li>{@link #JK2}: paired jackknife as in TIMSS up to 2011. One replicate per zone; in replicate
 *       z the zone's schools of half 1 count twice and those of half 2 not at all; every other zone
 *       is unchanged. {@code var = Σ_r (θ_r − θ)²}.
 *   <li>{@link #BRR_FAY}: balanced repeated replication with Fay's factor k as in PISA (k = 0.5).
 *       The replicates are the rows of the smallest Hadamard matrix of order above the number of
 *       zones (Sylvester and Paley constructions); in each replicate one half of every zone is
 *       weighted 2 − k and the other k, the half chosen by the matrix's column for that zone.
 *       {@code var = Σ_r (θ_r − θ)² / (R (1 − k)²)}.
 * </ul>
 */
public enum Replication {
  JK2,
  BRR_FAY
}
