/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/methods.h"
#include "util/error.h"

static const char *const names[METHOD_COUNT] = {
	"mean", "median", "trimmed", "zscore", "schulze", "copeland",
};

const char *
method_name(enum method m)
{
	return m < METHOD_COUNT ? names[m] : "?";
}

int
method_parse(const char *name)
{
	int m;

	for (m = 0; m < METHOD_COUNT; m++)
		if (strcmp(names[m], name) == 0)
			return m;
	return -1;
}

bool
method_is_pairwise(enum method m)
{
	return m == METHOD_SCHULZE || m == METHOD_COPELAND;
}

double
method_mean(const struct total *t, size_t n)
{
	double sum = 0;
	size_t i;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++)
		sum += t[i].value;
	return sum / (double)n;
}

double
method_stddev(const struct total *t, size_t n)
{
	double mean = method_mean(t, n), sum = 0;
	size_t i;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++)
		sum += (t[i].value - mean) * (t[i].value - mean);
	return sqrt(sum / (double)n);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
sorted_values(const struct total *t, size_t n, double *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = t[i].value;
	qsort(v, n, sizeof *v, cmp_double);
}

double
method_median(const struct total *t, size_t n, double *scratch)
{
	if (n == 0)
		return NAN;
	sorted_values(t, n, scratch);
	return n % 2 ? scratch[n / 2]
	    : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
}

double
method_trimmed(const struct total *t, size_t n, double *scratch)
{
	double sum = 0;
	size_t i;

	if (n < 3)
		return NAN;
	sorted_values(t, n, scratch);
	for (i = 1; i + 1 < n; i++)
		sum += scratch[i];
	return sum / (double)(n - 2);
}

double
method_zscore(double t, const struct juror_stats *js, double panel_mean,
    double panel_sd, bool *raw)
{
	*raw = js->count < METHOD_ZSCORE_MIN;
	if (*raw)
		return t;
	/* Compare with a tolerance: a constant juror's sd is rounding noise. */
	if (js->sd < 1e-9)
		return panel_mean;
	return panel_mean + panel_sd * (t - js->mean) / js->sd;
}

/* Where each juror's total of each dossier sits, juror by juror. */
struct by_juror {
	int juror;
	size_t dossier;
	double value;
};

static int
cmp_by_juror(const void *a, const void *b)
{
	const struct by_juror *x = a, *y = b;

	if (x->juror != y->juror)
		return (x->juror > y->juror) - (x->juror < y->juror);
	return (x->dossier > y->dossier) - (x->dossier < y->dossier);
}

void
method_pairwise(const struct total *const *totals, const size_t *ntotals,
    size_t n, int *d)
{
	struct by_juror *all;
	size_t i, k, count = 0, start;

	memset(d, 0, n * n * sizeof *d);
	for (i = 0; i < n; i++)
		count += ntotals[i];
	all = xcalloc(count ? count : 1, sizeof *all);
	for (i = 0, k = 0; i < n; i++) {
		size_t t;

		for (t = 0; t < ntotals[i]; t++, k++) {
			all[k].juror = totals[i][t].juror;
			all[k].dossier = i;
			all[k].value = totals[i][t].value;
		}
	}
	qsort(all, count, sizeof *all, cmp_by_juror);
	/* Each juror's ballot is the run of their totals: every pair in it
	 * is one preference (or none, if equal). */
	for (start = 0; start < count; start = k) {
		size_t a, b;

		for (k = start; k < count && all[k].juror == all[start].juror; k++)
			;
		for (a = start; a < k; a++)
			for (b = start; b < k; b++)
				if (all[a].value > all[b].value)
					d[all[a].dossier * n + all[b].dossier]++;
	}
	free(all);
}

void
method_schulze(const int *d, size_t n, double *out)
{
	int *p = xcalloc(n > 0 ? n * n : 1, sizeof *p);
	size_t i, j, k;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i != j && d[i * n + j] > d[j * n + i])
				p[i * n + j] = d[i * n + j];
	/* Widest paths (Floyd-Warshall with min/max): O(n^3). */
	for (k = 0; k < n; k++)
		for (i = 0; i < n; i++) {
			int pik = p[i * n + k];

			if (i == k || pik == 0)
				continue;
			for (j = 0; j < n; j++) {
				int via = pik < p[k * n + j] ? pik : p[k * n + j];

				if (j != i && j != k && via > p[i * n + j])
					p[i * n + j] = via;
			}
		}
	for (i = 0; i < n; i++) {
		out[i] = 0;
		for (j = 0; j < n; j++)
			if (j != i && p[i * n + j] > p[j * n + i])
				out[i]++;
	}
	free(p);
}

void
method_copeland(const int *d, size_t n, double *out)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		out[i] = 0;
		for (j = 0; j < n; j++) {
			if (j == i)
				continue;
			if (d[i * n + j] > d[j * n + i])
				out[i]++;
			else if (d[i * n + j] < d[j * n + i])
				out[i]--;
		}
	}
}
