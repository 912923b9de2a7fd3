/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/csvfile: RFC 4180 reading with line numbers, headers. */
#include <config.h>

#include "helpers.h"
#include "core/csvfile.h"
#include "util/strbuf.h"

/* Collects records as "line:field|field|..." lines. */
static int
collect(void *ctx, const struct csv_record *rec, struct mw_error *err)
{
	struct strbuf *sb = ctx;
	size_t i;

	strbuf_addf(sb, "%zu:", rec->line);
	for (i = 0; i < rec->nfields; i++)
		strbuf_addf(sb, "%s%s", i ? "|" : "", rec->fields[i]);
	strbuf_addc(sb, '\n');
	return 0;
}

static void
reads_quotes_newlines_crlf_and_bom(void **state)
{
	const char *path = write_file("a.csv",
	    "\xEF\xBB\xBFid,title\r\n"
	    "1,\"say \"\"hi\"\"\"\r\n"
	    "2,\"two\nlines\"\r\n"
	    "\r\n"
	    "3,  spaced  \r\n"
	    "4,last");
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };

	assert_int_equal(csvfile_read(path, collect, &sb, &err), 0);
	assert_string_equal(strbuf_str(&sb),
	    "1:id|title\n"
	    "2:1|say \"hi\"\n"
	    "3:2|two\nlines\n"
	    "6:3|  spaced  \n"
	    "7:4|last\n");
	strbuf_free(&sb);
}

static void
unterminated_quote_names_the_line(void **state)
{
	const char *path = write_file("b.csv", "id,title\n1,ok\n2,\"open\n");
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };

	assert_int_not_equal(csvfile_read(path, collect, &sb, &err), 0);
	assert_non_null(strstr(err.msg, "b.csv:3:"));
	strbuf_free(&sb);
}

static void
missing_file_is_an_error(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };

	assert_int_not_equal(csvfile_read(scratch_path("none.csv"), collect,
	    &sb, &err), 0);
	assert_non_null(strstr(err.msg, "none.csv: cannot open"));
	strbuf_free(&sb);
}

static const struct csv_column cols[] = {
	{ "id", true }, { "name", true }, { "note", false },
};

static void
header_maps_columns_in_any_order(void **state)
{
	char *fields[] = { "name", "id" };
	size_t lens[] = { 4, 2 };
	struct csv_record rec = { 1, 2, fields, lens };
	char *vals[] = { "Nadia", "chair" };
	struct csv_record row = { 2, 2, vals, lens };
	struct csv_header h;
	struct mw_error err = { 0 };

	assert_int_equal(csv_header_parse(&h, "f.csv", cols, 3, &rec, &err), 0);
	assert_string_equal(csv_get(&h, &row, 0), "chair");
	assert_string_equal(csv_get(&h, &row, 1), "Nadia");
	assert_string_equal(csv_get(&h, &row, 2), "");
	assert_int_equal(csv_field_no(&h, 0), 2);
}

static void
header_errors_name_the_field(void **state)
{
	char *unknown[] = { "id", "name", "colour" };
	char *twice[] = { "id", "id", "name" };
	char *missing[] = { "id" };
	size_t lens[] = { 0, 0, 0 };
	struct csv_record r1 = { 1, 3, unknown, lens };
	struct csv_record r2 = { 1, 3, twice, lens };
	struct csv_record r3 = { 1, 1, missing, lens };
	struct csv_header h;
	struct mw_error err = { 0 };

	assert_int_not_equal(csv_header_parse(&h, "f.csv", cols, 3, &r1, &err),
	    0);
	assert_string_equal(err.msg, "f.csv:1:3: unknown column 'colour' "
	    "(expected: id, name, note)");
	assert_int_not_equal(csv_header_parse(&h, "f.csv", cols, 3, &r2, &err),
	    0);
	assert_string_equal(err.msg, "f.csv:1:2: column 'id' is given twice");
	assert_int_not_equal(csv_header_parse(&h, "f.csv", cols, 3, &r3, &err),
	    0);
	assert_string_equal(err.msg, "f.csv:1: the required column 'name' is "
	    "missing from the header");
}

static void
write_field_quotes_only_when_needed(void **state)
{
	const char *path = scratch_path("w.csv");
	FILE *f = fopen(path, "w+");
	char buf[128] = { 0 };

	assert_non_null(f);
	csv_write_field(f, "plain");
	fputc(',', f);
	csv_write_field(f, "a,b");
	fputc(',', f);
	csv_write_field(f, "say \"x\"");
	fputc(',', f);
	csv_write_field(f, "two\nlines");
	rewind(f);
	assert_true(fread(buf, 1, sizeof buf - 1, f) > 0);
	fclose(f);
	assert_string_equal(buf, "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_quotes_newlines_crlf_and_bom),
		cmocka_unit_test(unterminated_quote_names_the_line),
		cmocka_unit_test(missing_file_is_an_error),
		cmocka_unit_test(header_maps_columns_in_any_order),
		cmocka_unit_test(header_errors_name_the_field),
		cmocka_unit_test(write_field_quotes_only_when_needed),
	};

	return cmocka_run_group_tests_name("csvfile", tests, NULL, NULL);
}
