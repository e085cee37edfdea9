# Reference values for SurveyReferenceTest (kg.exam.scoring.survey). Run once from this directory:
#   Rscript survey-reference.R
# Needs R with the survey package (Debian: apt-get install r-base-core r-cran-survey). Tests read
# only the committed outputs.
#
# Simulates a stratified two-stage sample (8 strata = 4 regions x urban/rural; schools drawn with
# unequal probabilities; all pupils of the grade tested in a school, some absent; two schools that
# did not take part), pairs the schools into variance zones within strata (one zone of three), and
# writes
#   design.csv : school_id,stratum,selection_probability,enrolled,zone,half
#   pupils.csv : school_id,gender,score,grade,pv1..pv5  (the respondents)
# Then, independently of the engine's code, it computes the weights by the documented rule
# (SurveyWeights: base weight 1/pi, school non-response within stratum, enrolled/respondents within
# school), builds the replicate weights for JK2 (TIMSS) and for BRR with Fay's factor 0.5 (PISA,
# Hadamard matrix by Sylvester/Paley as in kg.exam.scoring.survey.Hadamard), and estimates with
# survey::svrepdesign(..., mse = TRUE):
#   weights.csv   : school_id,weight
#   estimates.csv : replication,statistic,domain,level,estimate,se
# statistics: mean of score; percent at or above grade 4 (svymean of 100*I(grade>=4)); the 10th,
# 50th and 90th percentiles of score (svyquantile, qrule "math", interval.type "quantile");
# domains: all, gender, region. And, over the five plausible value columns combined by Rubin's
# rules (mitools::MIcombine): pv_mean and pv_p50 for all and gender.
suppressPackageStartupMessages(library(survey))
suppressPackageStartupMessages(library(mitools))
set.seed(20261206)

regions <- c("R1", "R2", "R3", "R4")
localities <- c("urban", "rural")
schools <- NULL
zone <- 0
for (r in regions) for (l in localities) {
  k <- sample(6:11, 1)
  enrolled <- sample(12:60, k, replace = TRUE)
  prob <- round(pmin(1, runif(k, 0.05, 0.6)), 4)
  half <- rep(c(1, 2), length.out = k)
  z <- zone + ceiling(seq_len(k) / 2)
  if (k %% 2 == 1) { z[k] <- z[k - 1]; half[k] <- 1 }
  zone <- max(z)
  schools <- rbind(schools, data.frame(
    school_id = sprintf("S%s%s%02d", r, substr(l, 1, 1), seq_len(k)),
    stratum = paste(r, l, sep = "|"), region = r, selection_probability = prob,
    enrolled = enrolled, zone = z, half = half))
}
write.csv(schools[, c("school_id", "stratum", "selection_probability", "enrolled", "zone", "half")],
          "design.csv", row.names = FALSE, quote = FALSE)

absent_schools <- c(5, 23)
pupils <- NULL
for (i in seq_len(nrow(schools))) {
  if (i %in% absent_schools) next
  s <- schools[i, ]
  present <- rbinom(1, s$enrolled, 0.9)
  if (present == 0) present <- 1
  effect <- rnorm(1, 0, 8) + ifelse(grepl("rural", s$stratum), -4, 0)
  score <- round(pmin(100, pmax(0, rnorm(present, 60 + effect, 15))), 1)
  grade <- cut(score, c(-1, 30, 50, 70, 85, 101), labels = FALSE) + 0L
  pupils <- rbind(pupils, data.frame(school_id = s$school_id, gender = sample(c("F", "M"), present, TRUE),
                                     score = score, grade = grade))
}
# Five plausible values per pupil (here simply the score with noise, drawn after every other
# random number so the rest of the sample is as it was), for Rubin's rules.
for (k in 1:5) pupils[[paste0("pv", k)]] <- round(pupils$score + rnorm(nrow(pupils), 0, 4), 3)
write.csv(pupils, "pupils.csv", row.names = FALSE, quote = FALSE)

# Weights, by the rule in the Javadoc of SurveyWeights.
respondents <- table(factor(pupils$school_id, levels = schools$school_id))
schools$respondents <- as.integer(respondents[schools$school_id])
schools$base <- 1 / schools$selection_probability
sampled <- tapply(schools$base, schools$stratum, sum)
participating <- tapply(schools$base * (schools$respondents > 0), schools$stratum, sum)
schools$weight <- ifelse(schools$respondents > 0,
  schools$base * sampled[schools$stratum] / participating[schools$stratum] *
    schools$enrolled / pmax(schools$respondents, 1), 0)
write.csv(data.frame(school_id = schools$school_id, weight = sprintf("%.10f", schools$weight)),
          "weights.csv", row.names = FALSE, quote = FALSE)

# Hadamard matrices: Sylvester doubling, Paley I for q + 1 with q prime, q = 3 mod 4; normalised.
is_paley <- function(q) q >= 3 && q %% 4 == 3 && all(q %% 2:max(2, floor(sqrt(q))) != 0 | q == 2:max(2, floor(sqrt(q))))
constructible <- function(n) n <= 2 || (n %% 4 == 0 && (is_paley(n - 1) || constructible(n / 2)))
build <- function(n) {
  if (n == 1) return(matrix(1, 1, 1))
  if (n == 2) return(matrix(c(1, 1, 1, -1), 2, 2))
  if (is_paley(n - 1)) {
    q <- n - 1
    residues <- unique((1:(q - 1))^2 %% q)
    S <- matrix(0, n, n)
    S[1, 2:n] <- 1; S[2:n, 1] <- -1
    for (i in 2:n) for (j in 2:n) if (i != j) S[i, j] <- ifelse(((j - i) %% q) %in% residues, 1, -1)
    return(S + diag(n))
  }
  h <- build(n / 2)
  rbind(cbind(h, h), cbind(h, -h))
}
hadamard_at_least <- function(m) {
  n <- max(4, ceiling(m / 4) * 4)
  while (!constructible(n)) n <- n + 4
  H <- build(n)
  H * H[, 1]
}

pupils <- merge(pupils, schools[, c("school_id", "stratum", "region", "zone", "half", "weight")],
                by = "school_id", sort = FALSE)
zones <- sort(unique(schools$zone))
zi <- match(pupils$zone, zones)
jk2 <- sapply(seq_along(zones), function(r) ifelse(zi != r, 1, ifelse(pupils$half == 1, 2, 0)))
H <- hadamard_at_least(length(zones) + 1)
fay <- 0.5
brr <- sapply(seq_len(nrow(H)), function(r) {
  up_first <- H[r, zi + 1] > 0
  ifelse(up_first == (pupils$half == 1), 2 - fay, fay)
})
pupils$at_or_above_4 <- 100 * (pupils$grade >= 4)

rows <- list()
add <- function(replication, statistic, domain, level, est, se)
  rows[[length(rows) + 1]] <<- data.frame(replication, statistic, domain, level,
    estimate = sprintf("%.10f", est), se = sprintf("%.10f", se))
for (design_name in c("JK2", "BRR_FAY")) {
  des <- if (design_name == "JK2")
    svrepdesign(data = pupils, repweights = jk2 * pupils$weight, weights = ~weight, type = "JK2",
                combined.weights = TRUE, mse = TRUE)
  else
    svrepdesign(data = pupils, repweights = brr * pupils$weight, weights = ~weight, type = "Fay",
                rho = fay, combined.weights = TRUE, mse = TRUE)
  for (domain in c("all", "gender", "region")) {
    levels <- if (domain == "all") "all" else sort(unique(pupils[[domain]]))
    for (level in levels) {
      d <- if (domain == "all") des else des[pupils[[domain]] == level, ]
      m <- svymean(~score, d)
      add(design_name, "mean", domain, level, coef(m), SE(m))
      a <- svymean(~at_or_above_4, d)
      add(design_name, "percent_grade4", domain, level, coef(a), SE(a))
      for (p in c(0.1, 0.5, 0.9)) {
        q <- svyquantile(~score, d, p, qrule = "math", interval.type = "quantile", se = TRUE)
        add(design_name, sprintf("p%02d", round(100 * p)), domain, level, coef(q), SE(q))
      }
      if (domain != "region") {
        one <- function(e) setNames(coef(e)[1], "pv")
        var1 <- function(e) matrix(SE(e)[1]^2, 1, 1, dimnames = list("pv", "pv"))
        means <- lapply(1:5, function(k) svymean(as.formula(paste0("~pv", k)), d))
        combined <- MIcombine(lapply(means, one), lapply(means, var1))
        add(design_name, "pv_mean", domain, level, coef(combined), SE(combined))
        medians <- lapply(1:5, function(k) svyquantile(as.formula(paste0("~pv", k)), d, 0.5,
          qrule = "math", interval.type = "quantile", se = TRUE))
        combined <- MIcombine(lapply(medians, one), lapply(medians, var1))
        add(design_name, "pv_p50", domain, level, coef(combined), SE(combined))
      }
    }
  }
}
write.csv(do.call(rbind, rows), "estimates.csv", row.names = FALSE, quote = FALSE)
