# Times R's eRm Rasch fit for the side-by-side of `benchmarks/run irt` (kg.exam.benchmarks.irt.IrtTimedRun).
#   Rscript erm-rasch-time.R <data.csv> <out.txt>
# data.csv: header row of item names, then one row per candidate, 0/1 cells (empty = not presented).
# Only RM() (conditional ML, eRm's defaults: se = TRUE, sum0 = TRUE) is inside system.time; reading the
# file is not timed. Writes <out.txt> as lines "version,<eRm version>", "elapsed_s,<seconds>",
# "difficulty,<item index from 0>,<difficulty>" (eRm's -betapar).
# Needs R with eRm (Debian: apt-get install r-cran-erm).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript erm-rasch-time.R <data.csv> <out.txt>")
suppressPackageStartupMessages(library(eRm))
x <- as.matrix(read.csv(args[1], colClasses = "integer"))
cat(sprintf("eRm %s: RM() on %d x %d ...\n", packageVersion("eRm"), nrow(x), ncol(x)))
timing <- system.time(fit <- RM(x))
elapsed <- timing[["elapsed"]]
cat(sprintf("eRm RM(): %.2f s elapsed\n", elapsed))
lines <- c(sprintf("version,%s", packageVersion("eRm")),
           sprintf("elapsed_s,%.3f", elapsed),
           sprintf("difficulty,%d,%.6f", seq_along(fit$betapar) - 1L, -fit$betapar))
writeLines(lines, args[2])
