# Reference values for DifReferenceTest (kg.exam.scoring.analysis.Dif). Run once from this directory:
#   Rscript dif-reference.R
# Needs base R only (Debian: apt-get install r-base-core). Tests read only the committed outputs.
#
# Simulates 3,000 candidates (2,000 of the reference group 0, 1,000 of the focal group 1, the focal
# group 0.3 weaker) answering 20 Rasch items, where item i05 is 0.6 harder for the focal group
# (uniform DIF) and item i12 discriminates less for it (non-uniform DIF); about 2 % of cells are
# not presented. Writes
#   responses.csv : group,i01..i20 (0/1, empty = not presented)
#   dif.csv       : item,mh_statistic,mh_p,mh_odds_ratio,mh_log_or_se,dev0,dev1,dev2
# per item: base R's mantelhaen.test (continuity correction) on the 2 x 2 x K table of (correct,
# group, matching score), the matching score being the candidate's total over the items presented,
# strata with fewer than 2 candidates left out, the SE of log(odds ratio) read off R's
# Robins-Breslow-Greenland interval; and the deviances of glm(binomial) with correct ~ score,
# + group, + score:group over the candidates the item was presented to.
set.seed(20261207)
n <- c(2000, 1000)
items <- 20
b <- round(seq(-1.8, 1.8, length.out = items), 3)
group <- rep(c(0, 1), n)
theta <- rnorm(sum(n), ifelse(group == 1, -0.3, 0), 1)
x <- matrix(NA_integer_, sum(n), items)
for (j in seq_len(items)) {
  shift <- ifelse(j == 5 & group == 1, 0.6, 0)
  a <- ifelse(j == 12 & group == 1, 0.4, 1)
  p <- plogis(a * (theta - b[j] - shift))
  x[, j] <- as.integer(runif(sum(n)) < p)
}
x[runif(length(x)) < 0.02] <- NA
colnames(x) <- sprintf("i%02d", seq_len(items))
write.csv(data.frame(group = group, x, check.names = FALSE), "responses.csv",
          row.names = FALSE, na = "", quote = FALSE)

score <- rowSums(x, na.rm = TRUE)
rows <- list()
for (j in seq_len(items)) {
  keep <- !is.na(x[, j])
  y <- x[keep, j]; g <- group[keep]; s <- score[keep]
  strata <- table(s)
  ok <- s %in% as.integer(names(strata)[strata >= 2])
  tab <- table(factor(y[ok], levels = c(1, 0)), factor(g[ok], levels = c(0, 1)), s[ok])
  mh <- mantelhaen.test(tab, correct = TRUE)
  se <- (log(mh$conf.int[2]) - log(mh$conf.int[1])) / (2 * qnorm(0.975))
  d0 <- glm(y ~ s, family = binomial)$deviance
  d1 <- glm(y ~ s + g, family = binomial)$deviance
  d2 <- glm(y ~ s + g + s:g, family = binomial)$deviance
  rows[[j]] <- data.frame(item = colnames(x)[j], mh_statistic = sprintf("%.10f", mh$statistic),
    mh_p = sprintf("%.12g", mh$p.value), mh_odds_ratio = sprintf("%.10f", mh$estimate),
    mh_log_or_se = sprintf("%.10f", se), dev0 = sprintf("%.8f", d0), dev1 = sprintf("%.8f", d1),
    dev2 = sprintf("%.8f", d2))
}
write.csv(do.call(rbind, rows), "dif.csv", row.names = FALSE, quote = FALSE)
