/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ink: what a screenshot of a terminal shows, measured.  Reads a binary
 * PPM (P6) of a terminal window of COLS x ROWS cells with no border and
 * prints:
 *
 *   cell W H                 the size of a cell in pixels
 *   row R X0-X1 X0-X1 ...    the inked stretches of cell row R, in
 *                            pixels from the left; blanks narrower than
 *                            two cells (a space between words) are part
 *                            of a stretch, wider ones separate them
 *   box R C                  cell (R, C) holds a hollow rectangle: the
 *                            glyph a terminal draws for a character its
 *                            font lacks
 *   boxes N
 *
 * A pixel is ink when it differs clearly from its cell's background, the
 * cell's most frequent colour (so a highlighted row reads like any other).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct image {
	int w, h;
	unsigned char *px;      /* RGB, row by row */
};

/* The next number of a PPM header, past blanks and # comments. */
static int
header_number(FILE *f)
{
	int c, n = 0, digits = 0;

	while ((c = fgetc(f)) != EOF) {
		if (c == '#') {
			while ((c = fgetc(f)) != EOF && c != '\n')
				continue;
		} else if (c >= '0' && c <= '9') {
			n = n * 10 + (c - '0');
			digits++;
		} else if (digits > 0)
			return n;       /* the one blank after it is eaten */
	}
	return -1;
}

static int
read_ppm(const char *path, struct image *im)
{
	FILE *f = fopen(path, "rb");
	int maxval;
	size_t n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	if (fgetc(f) != 'P' || fgetc(f) != '6' ||
	    (im->w = header_number(f)) <= 0 || (im->h = header_number(f)) <= 0 ||
	    (maxval = header_number(f)) != 255) {
		fprintf(stderr, "%s: not a binary PPM with 8-bit samples\n",
		    path);
		fclose(f);
		return -1;
	}
	n = (size_t)im->w * (size_t)im->h * 3;
	im->px = malloc(n);
	if (im->px == NULL || fread(im->px, 1, n, f) != n) {
		fprintf(stderr, "%s: truncated\n", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static unsigned
rgb(const struct image *im, int x, int y)
{
	const unsigned char *p = im->px + ((size_t)y * (size_t)im->w +
	    (size_t)x) * 3;

	return (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
}

static int
distance(unsigned a, unsigned b)
{
	int d = 0, s;

	for (s = 0; s < 24; s += 8)
		d += abs((int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF));
	return d;
}

/* The most frequent colour of the cell whose top left pixel is (x, y). */
static unsigned
background(const struct image *im, int x, int y, int cw, int ch)
{
	unsigned colour[1024];
	int count[1024], n = 0, best = 0, i, dx, dy;

	for (dy = 0; dy < ch; dy++)
		for (dx = 0; dx < cw; dx++) {
			unsigned c = rgb(im, x + dx, y + dy);

			for (i = 0; i < n && colour[i] != c; i++)
				continue;
			if (i == n) {
				if (n == 1024)
					continue;
				colour[n] = c;
				count[n++] = 0;
			}
			count[i]++;
		}
	for (i = 1; i < n; i++)
		if (count[i] > count[best])
			best = i;
	return colour[best];
}

/* The longest run of blank pixels from (x, y), n steps of (dx, dy). */
static int
longest_gap(const bool *ink, int cw, int x, int y, int dx, int dy, int n)
{
	int gap = 0, longest = 0, i;

	for (i = 0; i < n; i++, x += dx, y += dy) {
		gap = ink[y * cw + x] ? 0 : gap + 1;
		longest = gap > longest ? gap : longest;
	}
	return longest;
}

/*
 * The box a terminal draws for a character its font lacks: the ink's
 * bounding box is most of the cell, inked all round, corners included
 * (a bitmap font dots it: a gap of one pixel is allowed), and not filled.
 * No letter of the scripts we draw looks like that: an o or a 0 is round,
 * a full block (█) is filled.
 */
static bool
is_box(const bool *ink, int cw, int ch)
{
	int x0 = cw, x1 = -1, y0 = ch, y1 = -1, x, y, inside = 0,
	    inside_ink = 0, w, h;

	for (y = 0; y < ch; y++)
		for (x = 0; x < cw; x++)
			if (ink[y * cw + x]) {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
	w = x1 - x0 + 1;
	h = y1 - y0 + 1;
	if (2 * w < cw || 2 * h < ch || w < 4 || !ink[y0 * cw + x0] ||
	    !ink[y0 * cw + x1] || !ink[y1 * cw + x0] || !ink[y1 * cw + x1])
		return false;
	if (longest_gap(ink, cw, x0, y0, 1, 0, w) > 1 ||
	    longest_gap(ink, cw, x0, y1, 1, 0, w) > 1 ||
	    longest_gap(ink, cw, x0, y0, 0, 1, h) > 1 ||
	    longest_gap(ink, cw, x1, y0, 0, 1, h) > 1)
		return false;
	for (y = y0 + 1; y < y1; y++)
		for (x = x0 + 1; x < x1; x++) {
			inside++;
			inside_ink += ink[y * cw + x];
		}
	return inside > 0 && inside_ink * 100 < inside * 60;
}

int
main(int argc, char **argv)
{
	struct image im;
	int cols, rows, cw, ch, r, c, boxes = 0;
	bool *cell, *column;

	if (argc != 4 || (cols = atoi(argv[2])) <= 0 ||
	    (rows = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: ink FILE.ppm COLS ROWS\n");
		return 2;
	}
	if (read_ppm(argv[1], &im) != 0)
		return 1;
	cw = im.w / cols;
	ch = im.h / rows;
	if (cw < 4 || ch < 6) {
		fprintf(stderr, "%s: %dx%d pixels cannot hold %dx%d cells\n",
		    argv[1], im.w, im.h, cols, rows);
		return 1;
	}
	printf("cell %d %d\n", cw, ch);
	cell = malloc((size_t)cw * (size_t)ch * sizeof *cell);
	column = malloc((size_t)im.w * sizeof *column);
	if (cell == NULL || column == NULL)
		return 1;
	for (r = 0; r < rows; r++) {
		int x, start = -1, last = -1;

		memset(column, 0, (size_t)im.w * sizeof *column);
		for (c = 0; c < cols; c++) {
			int x0 = c * cw, y0 = r * ch, dx, dy;
			unsigned bg = background(&im, x0, y0, cw, ch);

			for (dy = 0; dy < ch; dy++)
				for (dx = 0; dx < cw; dx++) {
					bool on = distance(rgb(&im, x0 + dx,
					    y0 + dy), bg) > 96;

					cell[dy * cw + dx] = on;
					column[x0 + dx] = column[x0 + dx] || on;
				}
			if (is_box(cell, cw, ch)) {
				printf("box %d %d\n", r, c);
				boxes++;
			}
		}
		printf("row %d", r);
		for (x = 0; x < cols * cw; x++) {
			if (!column[x])
				continue;
			/* Less than two cells of blank: one space, go on. */
			if (start >= 0 && x - last - 1 >= (cw * 185) / 100) {
				printf(" %d-%d", start, last);
				start = -1;
			}
			if (start < 0)
				start = x;
			last = x;
		}
		if (start >= 0)
			printf(" %d-%d", start, last);
		printf("\n");
	}
	printf("boxes %d\n", boxes);
	free(cell);
	free(column);
	free(im.px);
	return 0;
}
