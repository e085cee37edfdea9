# Reference abilities (MLE, WLE, EAP) for IrtReferenceTest (kg.exam.scoring.irt) under the Rasch, 2PL, 3PL,
# partial credit and generalized partial credit models, written from the definitions in base R only (Debian has no
# R package with WLE/EAP for these models: no TAM, mirt, ltm or PP). Run once from this directory:
#   Rscript irt-reference.R
# Tests read only the committed outputs:
#   irt-reference-items.csv    : set,item,a,b,c,thresholds  (thresholds space-separated, empty for dichotomous items)
#   irt-reference-abilities.csv: set,prior_mean,prior_sd,pattern,mle,mle_se,wle,wle_se,eap,eap_sd
#                                (pattern: item scores space-separated, "." not presented; MLE of an all-zero or
#                                all-maximum pattern is -Inf/Inf with NA SE)
#
# Category probabilities P_x(t) are built as R expressions and differentiated symbolically with D(), so nothing is
# shared with the Java code but the model definitions:
#   dichotomous: P_1 = c + (1 - c) / (1 + exp(-a (t - b))), P_0 = 1 - P_1
#   polytomous : P_x = exp(sum_{v <= x} a (t - d_v)) / sum_k exp(sum_{v <= k} a (t - d_v)), x = 0..m
# MLE: root of l'(t) = sum_i P'_{i,x_i} / P_{i,x_i}; WLE (Warm 1989): root of l'(t) + J / (2 I) with
# I = sum_i sum_x P'_ix^2 / P_ix and J = sum_i sum_x P'_ix P''_ix / P_ix; both by uniroot (tol 1e-13), SE 1/sqrt(I).
# Each estimating function is checked to change sign exactly once on a grid over [-12, 12] (one root only).
# EAP: posterior mean and SD under N(prior_mean, prior_sd^2) by integrate() over prior_mean +- 10 prior_sd.

dichotomous <- function(a, b, c = 0) list(a = a, b = b, c = c, d = numeric(0))
polytomous <- function(a, ...) list(a = a, b = mean(c(...)), c = 0, d = c(...))

sets <- list(
  rasch = list(prior = c(0, 1.3),
    items = lapply(c(-1.5, -0.6, 0, 0.4, 1.2, 2.0), function(b) dichotomous(1, b)),
    patterns = list(c(1, 1, 0, 0, 0, 0), c(1, 1, 1, 0, 1, 0), c(0, 1, 1, 1, 1, 1), c(1, NA, 0, NA, 1, 0),
                    c(1, 0, 0, 0, 0, 0), c(1, 1, 1, 1, 1, 1), c(0, 0, 0, 0, 0, 0))),
  twopl = list(prior = c(0, 1),
    items = list(dichotomous(0.8, -1.2), dichotomous(1.4, -0.3), dichotomous(1.0, 0.2), dichotomous(2.1, 0.9),
                 dichotomous(0.6, 1.7), dichotomous(1.2, -2.0)),
    patterns = list(c(1, 1, 0, 0, 0, 1), c(1, 0, 1, 1, 0, 1), c(0, 0, 0, 0, 0, 1), c(1, 1, 1, 1, 0, 1),
                    c(1, NA, 0, NA, 1, 1), c(1, 1, 1, 1, 1, 1), c(0, 0, 0, 0, 0, 0))),
  threepl = list(prior = c(0, 1),
    items = list(dichotomous(1.2, -0.5, 0.2), dichotomous(0.8, 0.3, 0.15), dichotomous(1.7, 1.0, 0.25),
                 dichotomous(1.0, -1.0), dichotomous(1.4, 0.0, 0.1), dichotomous(2.0, 1.5, 0.2)),
    patterns = list(c(1, 1, 0, 0, 0, 1), c(1, 0, 1, 1, 0, 1), c(0, 0, 0, 1, 0, 0), c(1, 1, 1, 1, 0, 1),
                    c(1, NA, 0, NA, 1, 1), c(1, 1, 1, 1, 0, 0), c(1, 1, 1, 1, 1, 1), c(0, 0, 0, 0, 0, 0))),
  pcm = list(prior = c(0.2, 1.1),
    items = list(polytomous(1, -1.0, 0.5), polytomous(1, -0.5, 0.2, 1.3), dichotomous(1, 0.4),
                 polytomous(1, -1.5, -0.2, 0.8, 1.6), dichotomous(1, -0.7)),
    patterns = list(c(1, 2, 1, 0, 1), c(2, 0, 0, 3, 1), c(0, 1, 0, 0, 0), c(2, 3, 1, 3, 1), c(NA, 2, NA, 1, 0),
                    c(2, 3, 1, 4, 1), c(0, 0, 0, 0, 0))),
  gpcm = list(prior = c(0, 1),
    items = list(polytomous(1.0, -1.0, 0.5), polytomous(0.7, -0.5, 0.2, 1.3), polytomous(1.5, 0.3),
                 dichotomous(1.1, -0.4), polytomous(1.2, -1.5, -0.2, 0.8, 1.6), dichotomous(1.3, 0.4, 0.2)),
    patterns = list(c(1, 2, 1, 0, 2, 1), c(0, 0, 1, 1, 4, 0), c(2, 3, 0, 1, 1, 1), c(0, 1, 0, 0, 0, 0),
                    c(2, NA, 1, NA, 3, 0), c(2, 3, 1, 1, 4, 1), c(0, 0, 0, 0, 0, 0))))

num <- function(x) format(x, digits = 17)

# list over categories x = 0..m of list(p, dp, d2p) expressions in t
category_expressions <- function(item) {
  if (length(item$d) == 0) {
    p1 <- sprintf("%s + (1 - %s) / (1 + exp(-%s * (t - %s)))", num(item$c), num(item$c), num(item$a), num(item$b))
    texts <- c(sprintf("1 - (%s)", p1), p1)
  } else {
    m <- length(item$d)
    exponents <- c("0", sapply(seq_len(m), function(x)
      paste(sprintf("%s * (t - %s)", num(item$a), num(item$d[1:x])), collapse = " + ")))
    denominator <- paste(sprintf("exp(%s)", exponents), collapse = " + ")
    texts <- sprintf("exp(%s) / (%s)", exponents, denominator)
  }
  lapply(texts, function(text) {
    p <- parse(text = text)[[1]]
    dp <- D(p, "t")
    list(p = p, dp = dp, d2p = D(dp, "t"))
  })
}

evaluate <- function(e, t) {
  v <- eval(e, list(t = t))
  if (length(v) == 1) rep(v, length(t)) else v
}

estimate_set <- function(name, set) {
  items <- lapply(set$items, category_expressions)
  score <- function(x, t) {
    s <- 0
    for (i in which(!is.na(x))) {
      e <- items[[i]][[x[i] + 1]]
      s <- s + evaluate(e$dp, t) / evaluate(e$p, t)
    }
    s
  }
  info_j <- function(x, t) {
    info <- 0
    j <- 0
    for (i in which(!is.na(x))) {
      for (e in items[[i]]) {
        p <- evaluate(e$p, t)
        dp <- evaluate(e$dp, t)
        info <- info + dp^2 / p
        j <- j + dp * evaluate(e$d2p, t) / p
      }
    }
    c(info, j)
  }
  warm <- function(x, t) sapply(t, function(u) { ij <- info_j(x, u); score(x, u) + ij[2] / (2 * ij[1]) })
  likelihood <- function(x, t) {
    l <- rep(1, length(t))
    for (i in which(!is.na(x))) l <- l * evaluate(items[[i]][[x[i] + 1]]$p, t)
    l
  }
  one_root <- function(f, what) {
    grid <- seq(-12, 12, by = 0.005)
    changes <- sum(diff(sign(f(grid))) != 0)
    if (changes != 1) stop(sprintf("%s: %d sign changes", what, changes))
    uniroot(f, c(-12, 12), tol = 1e-13, maxiter = 1000)$root
  }
  rows <- list()
  for (x in set$patterns) {
    label <- paste(ifelse(is.na(x), ".", x), collapse = " ")
    presented <- !is.na(x)
    highest <- sum(sapply(set$items, function(item) max(1, length(item$d)))[presented])
    total <- sum(x, na.rm = TRUE)
    if (total == 0) {
      mle <- -Inf; mle_se <- NA
    } else if (total == highest) {
      mle <- Inf; mle_se <- NA
    } else {
      mle <- one_root(function(t) score(x, t), paste(name, label, "MLE"))
      mle_se <- 1 / sqrt(info_j(x, mle)[1])
    }
    wle <- one_root(function(t) warm(x, t), paste(name, label, "WLE"))
    wle_se <- 1 / sqrt(info_j(x, wle)[1])
    mu <- set$prior[1]
    sigma <- set$prior[2]
    moment <- function(k) integrate(function(t) t^k * likelihood(x, t) * dnorm(t, mu, sigma),
                                    mu - 10 * sigma, mu + 10 * sigma, rel.tol = 1e-12, subdivisions = 1000)$value
    m0 <- moment(0)
    eap <- moment(1) / m0
    eap_sd <- sqrt(moment(2) / m0 - eap^2)
    f <- function(v) ifelse(is.na(v), "NA", ifelse(is.infinite(v), ifelse(v > 0, "Inf", "-Inf"), sprintf("%.10f", v)))
    rows[[length(rows) + 1]] <- data.frame(set = name, prior_mean = mu, prior_sd = sigma, pattern = label,
      mle = f(mle), mle_se = f(mle_se), wle = f(wle), wle_se = f(wle_se), eap = f(eap), eap_sd = f(eap_sd))
  }
  do.call(rbind, rows)
}

item_rows <- do.call(rbind, lapply(names(sets), function(name) {
  items <- sets[[name]]$items
  data.frame(set = name, item = seq_along(items) - 1, a = sapply(items, `[[`, "a"), b = sapply(items, `[[`, "b"),
             c = sapply(items, `[[`, "c"), thresholds = sapply(items, function(item) paste(item$d, collapse = " ")))
}))
write.csv(item_rows, "irt-reference-items.csv", row.names = FALSE, quote = FALSE)
abilities <- do.call(rbind, lapply(names(sets), function(name) estimate_set(name, sets[[name]])))
write.csv(abilities, "irt-reference-abilities.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, "\n")
