# Reference values for PartialCreditErmReferenceTest (kg.exam.scoring.irt). Run once from this directory:
#   Rscript erm-pcm.R
# Needs R with eRm (Debian: apt-get install r-base-core r-cran-erm). Tests read only the committed outputs.
#
# Simulates partial credit (Masters) data (N = 10,000 candidates, 12 items with 1 to 4 thresholds, fixed seed,
# theta ~ N(0.2, 1.1^2)), writes it as pcm-10000x12.csv.gz (header candidate_id,p01..p12; scores 0..m; every cell
# presented), fits the partial credit model by conditional maximum likelihood with eRm and writes
#   erm-pcm-thresholds.csv: item_id, step (1..m), threshold (eRm's thresholds(): delta_v on eRm's scale), se
# The generating thresholds go to generating-pcm-thresholds.csv (item_id, step, threshold).
suppressPackageStartupMessages(library(eRm))
set.seed(20261130)
n <- 10000
items <- 12
steps <- 1 + (seq_len(items) - 1) %% 4
theta <- rnorm(n, 0.2, 1.1)
x <- matrix(NA_integer_, n, items)
generating <- data.frame()
for (i in seq_len(items)) {
  m <- steps[i]
  centre <- -1.2 + 2.4 * (i - 1) / (items - 1)
  delta <- round(centre + 0.9 * (seq_len(m) - (m + 1) / 2) + rnorm(m, 0, 0.2), 3)
  generating <- rbind(generating, data.frame(item_id = sprintf("p%02d", i), step = seq_len(m), threshold = delta))
  # P(x) proportional to exp(sum_{v <= x} (theta - delta_v)), x = 0..m
  eta <- cbind(0, t(apply(outer(theta, delta, "-"), 1, cumsum)))
  if (m == 1) eta <- cbind(0, theta - delta)
  p <- exp(eta - apply(eta, 1, max))
  p <- p / rowSums(p)
  u <- runif(n)
  x[, i] <- rowSums(u > t(apply(p, 1, cumsum))[, seq_len(m), drop = FALSE])
}
# No missing cells: with about 2 % of cells NA, eRm 1.0.x's PCM() on this design returned thresholds up to 0.85
# logit away from both the generating values and its own fit of the complete rows.
colnames(x) <- sprintf("p%02d", seq_len(items))
data <- data.frame(candidate_id = sprintf("C%05d", seq_len(n)), x, check.names = FALSE)
con <- gzfile("pcm-10000x12.csv.gz", "w")
write.csv(data, con, row.names = FALSE, na = "", quote = FALSE)
close(con)
write.csv(generating, "generating-pcm-thresholds.csv", row.names = FALSE, quote = FALSE)

fit <- PCM(x, sum0 = TRUE)
th <- thresholds(fit)
table <- th$threshtable[[1]]
se <- th$se.thresh
out <- data.frame()
for (i in seq_len(items)) {
  for (v in seq_len(steps[i])) {
    name <- paste0("thresh beta ", colnames(x)[i], ".c", v)
    out <- rbind(out, data.frame(item_id = colnames(x)[i], step = v,
                                 threshold = sprintf("%.6f", table[i, v + 1]),
                                 se = sprintf("%.6f", se[name])))
  }
}
write.csv(out, "erm-pcm-thresholds.csv", row.names = FALSE, quote = FALSE)
