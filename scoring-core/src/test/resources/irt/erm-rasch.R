# Reference values for RaschEramTest (kg.exam.scoring.irt). Run once from this directory:
#   Rscript erm-rasch.R
# Needs R with eRm (Debian: apt-get install r-base-core r-cran-erm). Tests read only the committed outputs.
#
# Simulates a Rasch data set (N = 10,000 candidates, 25 items, fixed seed), writes it as
# rasch-10000x25.csv.gz (header candidate_id,i01..i25; 0/1 cells; about 3 % of cells not presented, empty),
# fits the Rasch model by conditional maximum likelihood with eRm and writes
#   erm-items.csv  : item_id, difficulty (eRm's -betapar, centred to sum 0), se
#   erm-persons.csv: raw_score, items_presented, theta, se (eRm's person.parameter MLE for the complete-response
#                    group, scores 1..24; extreme scores have no MLE)
#   erm-items-complete.csv: eRm's difficulties from that complete-response group, which the person parameters use
suppressPackageStartupMessages(library(eRm))
set.seed(20261122)
n <- 10000
items <- 25
difficulty <- round(seq(-2.2, 2.2, length.out = items) + rnorm(items, 0, 0.15), 3)
theta <- rnorm(n, 0.3, 1.2)
p <- plogis(outer(theta, difficulty, "-"))
x <- matrix(as.integer(runif(n * items) < p), n, items)
x[runif(n * items) < 0.03] <- NA
colnames(x) <- sprintf("i%02d", seq_len(items))
data <- data.frame(candidate_id = sprintf("C%05d", seq_len(n)), x, check.names = FALSE)
con <- gzfile("rasch-10000x25.csv.gz", "w")
write.csv(data, con, row.names = FALSE, na = "", quote = FALSE)
close(con)
write.csv(data.frame(item_id = colnames(x), generating_difficulty = difficulty), "generating-items.csv",
          row.names = FALSE, quote = FALSE)

fit <- RM(x, sum0 = TRUE)
write.csv(data.frame(item_id = colnames(x), difficulty = sprintf("%.6f", -fit$betapar), se = sprintf("%.6f", fit$se.beta)),
          "erm-items.csv", row.names = FALSE, quote = FALSE)

# Person parameters for candidates who were presented every item: one value per raw score.
complete <- x[rowSums(is.na(x)) == 0, ]
complete_fit <- RM(complete, sum0 = TRUE)
pp <- person.parameter(complete_fit)
theta <- pp$thetapar$NAgroup1
se <- pp$se.theta$NAgroup1
scores <- rowSums(complete)[as.integer(sub("P", "", names(theta)))]
table <- unique(data.frame(raw_score = scores, theta = theta, se = se[names(theta)]))
table <- table[order(table$raw_score), ]
write.csv(data.frame(item_id = colnames(x), difficulty = sprintf("%.6f", -complete_fit$betapar)),
          "erm-items-complete.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(raw_score = table$raw_score, theta = sprintf("%.6f", table$theta), se = sprintf("%.6f", table$se)),
          "erm-persons.csv", row.names = FALSE, quote = FALSE)
