/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The arithmetic of aggregation: how juror totals become one score per
 * dossier under each method.  Pure functions, no SQL, so each one is
 * tested against tables computed by hand. */
#ifndef MUDAWALA_METHODS_H
#define MUDAWALA_METHODS_H

#include <stdbool.h>
#include <stddef.h>

enum method {
	METHOD_MEAN,            /* mean of the juror totals */
	METHOD_MEDIAN,          /* median of the juror totals */
	METHOD_TRIMMED,         /* mean without the highest and lowest */
	METHOD_ZSCORE,          /* mean of standardized totals */
	METHOD_SCHULZE,         /* juror rankings combined by Schulze */
	METHOD_COPELAND,        /* pairwise majority wins minus losses */
	METHOD_COUNT
};

/* "mean", "median", ...; method_parse() returns -1 for an unknown name. */
const char *method_name(enum method m);
int method_parse(const char *name);
/* Methods whose score is a count of pairwise wins, not a 0-100 value. */
bool method_is_pairwise(enum method m);

/* The trimmed mean drops two totals: it needs at least this many. */
#define METHOD_TRIMMED_MIN 5
/* zscore standardizes a juror only from this many scored dossiers on. */
#define METHOD_ZSCORE_MIN 5
/* Pairwise methods compare every two dossiers of a category. */
#define METHOD_PAIRWISE_MAX 1000

/* One voting juror's weighted total (0-100) of one dossier. */
struct total {
	int juror;              /* index into the jurors of the ranking */
	double value;
};

double method_mean(const struct total *t, size_t n);
/* Population standard deviation. */
double method_stddev(const struct total *t, size_t n);
/* Median and trimmed mean; scratch holds n doubles. */
double method_median(const struct total *t, size_t n, double *scratch);
double method_trimmed(const struct total *t, size_t n, double *scratch);

/* A juror's totals over every dossier they scored, for zscore. */
struct juror_stats {
	double mean, sd;
	long count;
};

/*
 * The zscore of total t by juror js, mapped back onto the panel's scale:
 * panel_mean + panel_sd * (t - js->mean) / js->sd.  A juror with fewer
 * than METHOD_ZSCORE_MIN scored dossiers keeps t unchanged (*raw set);
 * a juror who gave every dossier the same total maps to panel_mean.
 */
double method_zscore(double t, const struct juror_stats *js,
    double panel_mean, double panel_sd, bool *raw);

/*
 * The pairwise preferences of n dossiers: d[i * n + j] = how many jurors
 * gave dossier i a higher total than dossier j, counting only jurors who
 * scored both.  totals[i] / ntotals[i] are dossier i's totals.
 */
void method_pairwise(const struct total *const *totals, const size_t *ntotals,
    size_t n, int *d);

/*
 * Schulze: the strongest path p[i][j] between every two dossiers over
 * the winning margins of d; out[i] = how many dossiers i beats
 * (p[i][j] > p[j][i]).  The relation is transitive, so more wins ranks
 * higher and equal wins tie.
 */
void method_schulze(const int *d, size_t n, double *out);

/* Copeland: out[i] = pairwise majority wins minus losses of dossier i. */
void method_copeland(const int *d, size_t n, double *out);

#endif
