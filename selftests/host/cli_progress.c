// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the CLI's pure helpers for burn, blank and monitor: --speed
 * takes max, x-ratings and sectors per second (and nothing else), an
 * x-rating becomes sectors per second of the disc's family, --verify takes
 * its three levels; durations, percent done (unknown without a size),
 * the terminal's progress line (bar, percent, MiB/s, ETA, ring and drive
 * buffer, action; cut to the terminal's width), and progress as JSON
 * members that python's json module would take.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "tools/discburn/json.c"
#include "tools/discburn/progress.c"

TEST(speed_takes_max_x_ratings_and_sectors)
{
	struct cli_speed sp;

	ASSERT_EQ(0, cli_parse_speed("max", &sp));
	EXPECT_EQ(CLI_SPEED_MAX, sp.kind);
	EXPECT_EQ(-1, cli_speed_sectors(&sp, DISCBURN_MEDIA_CDR));
	ASSERT_EQ(0, cli_parse_speed("fastest", &sp));
	EXPECT_EQ(CLI_SPEED_MAX, sp.kind);
	ASSERT_EQ(0, cli_parse_speed("4x", &sp));
	EXPECT_EQ(CLI_SPEED_X, sp.kind);
	EXPECT_EQ(300, cli_speed_sectors(&sp, DISCBURN_MEDIA_CDR));
	EXPECT_EQ(300, cli_speed_sectors(&sp, DISCBURN_MEDIA_CDRW));
	EXPECT_EQ(2705, cli_speed_sectors(&sp, DISCBURN_MEDIA_DVDPLUSR));
	EXPECT_EQ(8780, cli_speed_sectors(&sp, DISCBURN_MEDIA_BDR));
	ASSERT_EQ(0, cli_parse_speed("2.4X", &sp));
	EXPECT_EQ(1623, cli_speed_sectors(&sp, DISCBURN_MEDIA_DVDDASHR));
	ASSERT_EQ(0, cli_parse_speed("1350", &sp));
	EXPECT_EQ(CLI_SPEED_SECTORS, sp.kind);
	EXPECT_EQ(1350, cli_speed_sectors(&sp, DISCBURN_MEDIA_BDRE));
}

TEST(speed_refuses_everything_else)
{
	static const char *const bad[] = {
		"", "x", "0x", "-4x", "4", "0", "-1", "4xx", "x4", "1e3", "4.x", " 4x", "4x ",
		"01", "abc", "0.0x", "2000x", "99999999999", "4 x", "+4x", NULL,
	};
	struct cli_speed sp;
	int i;

	for (i = 0; bad[i]; i++) {
		if (!strcmp(bad[i], "4"))
			continue;	/* 4 sectors/s is a (slow) valid speed */
		EXPECT_EQ(-1, cli_parse_speed(bad[i], &sp)) TH_LOG("'%s'", bad[i]);
	}
	EXPECT_EQ(-1, cli_parse_speed(NULL, &sp));
	EXPECT_EQ(0, cli_parse_speed("4", &sp));
}

TEST(verify_takes_none_quick_full)
{
	unsigned int level = 9;

	EXPECT_EQ(0, cli_parse_verify("none", &level));
	EXPECT_EQ(DISCBURN_VERIFY_NONE, level);
	EXPECT_EQ(0, cli_parse_verify("quick", &level));
	EXPECT_EQ(DISCBURN_VERIFY_QUICK, level);
	EXPECT_EQ(0, cli_parse_verify("full", &level));
	EXPECT_EQ(DISCBURN_VERIFY_FULL, level);
	EXPECT_EQ(-1, cli_parse_verify("Full", &level));
	EXPECT_EQ(-1, cli_parse_verify("", &level));
	EXPECT_EQ(-1, cli_parse_verify("2", &level));
	EXPECT_EQ(-1, cli_parse_verify(NULL, &level));
	EXPECT_STREQ("quick", cli_verify_name(DISCBURN_VERIFY_QUICK));
	EXPECT_EQ(NULL, cli_verify_name(3));
}

TEST(durations_and_disc_states_read_as_people_write_them)
{
	char buf[16];

	cli_format_duration(0, buf, sizeof(buf));
	EXPECT_STREQ("0:00", buf);
	cli_format_duration(7400000000ULL, buf, sizeof(buf));
	EXPECT_STREQ("0:07", buf);
	cli_format_duration(754000000000ULL, buf, sizeof(buf));
	EXPECT_STREQ("12:34", buf);
	cli_format_duration(3723000000000ULL, buf, sizeof(buf));
	EXPECT_STREQ("1:02:03", buf);
	EXPECT_STREQ("blank", cli_disc_state_name(0));
	EXPECT_STREQ("appendable", cli_disc_state_name(1));
	EXPECT_STREQ("complete", cli_disc_state_name(2));
	EXPECT_STREQ("other", cli_disc_state_name(3));
	EXPECT_STREQ("unknown", cli_disc_state_name(4));
}

static struct discburn_write_progress writing(void)
{
	struct discburn_write_progress p = {
		.size = sizeof(p), .format = DISCBURN_FORMAT_DATA,
		.state = DISCBURN_SESSION_WRITING, .action = DISCBURN_ACTION_WRITING_DATA,
		.start_lba = 1000, .sector_count = 4000, .last_read_lba = 3999,
		.last_written_lba = 2679, .failed_lba = -1,
		.elapsed_ns = 2000000000ULL, .remaining_ns = 35000000000ULL,
		.ring_total = 8388608, .ring_used = 7340032,
		.bytes_written = 1680 * 2048ULL, .drive_buffer_total = 2097152,
		.drive_buffer_free = 786432, .current_speed_kbps = 2822,
	};

	p.total_ns = p.elapsed_ns + p.remaining_ns;
	p.ring_free = p.ring_total - p.ring_used;
	return p;
}

TEST(percent_counts_written_sectors_of_the_stream)
{
	struct discburn_write_progress p = writing();

	EXPECT_EQ(42, (int)cli_progress_percent(&p));
	p.last_written_lba = -1;
	EXPECT_EQ(0, (int)cli_progress_percent(&p));
	p.last_written_lba = 99999;	/* padding past the stream */
	EXPECT_EQ(100, (int)cli_progress_percent(&p));
	p.sector_count = 0;		/* a pipe: the size is unknown */
	EXPECT_EQ(-1, (int)cli_progress_percent(&p));
	p.state = DISCBURN_SESSION_DONE;
	EXPECT_EQ(100, (int)cli_progress_percent(&p));
	p.result = DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED);
	EXPECT_EQ(-1, (int)cli_progress_percent(&p));
}

/* A raw session starts in the lead-in: LBA -1 is a real sector there */
TEST(raw_percent_is_zero_before_the_first_write)
{
	struct discburn_write_progress p = writing();

	p.format = DISCBURN_FORMAT_RAW;
	p.start_lba = -11850;
	p.sector_count = 19425;
	p.bytes_written = 0;
	p.last_written_lba = -11851;	/* none yet: start_lba - 1 */
	EXPECT_EQ(0, (int)cli_progress_percent(&p));
	p.last_written_lba = -1;	/* the pregap's last sector, but unwritten */
	EXPECT_EQ(0, (int)cli_progress_percent(&p));
	p.bytes_written = 11850 * 2448ULL;
	EXPECT_EQ(61, (int)cli_progress_percent(&p));
}

TEST(progress_line_shows_bar_rate_eta_ring_drive_and_action)
{
	struct discburn_write_progress p = writing();
	char line[256];

	cli_progress_line(&p, 200, line, sizeof(line));
	EXPECT_STREQ("[######----------]  42%   1.6 MiB/s ETA 0:35 ring  88% drive  63% writing",
		     line);
	EXPECT_LE(strlen(line), 79);
	cli_progress_line(&p, 40, line, sizeof(line));
	EXPECT_EQ(39, strlen(line));
	p.sector_count = 0;
	p.ring_total = 0;
	p.drive_buffer_total = 0;
	p.remaining_ns = 0;
	p.action = DISCBURN_ACTION_FINALIZATION;
	cli_progress_line(&p, 200, line, sizeof(line));
	EXPECT_STREQ("[----------------]  --%   1.6 MiB/s ETA --:-- ring  --% drive  --% finalizing",
		     line);
	p.format = DISCBURN_FORMAT_ERASE;
	p.action = DISCBURN_ERASE_ACTION_ERASING;
	p.elapsed_ns = 65000000000ULL;
	p.remaining_ns = 35000000000ULL;
	p.total_ns = 100000000000ULL;
	cli_progress_line(&p, 200, line, sizeof(line));
	EXPECT_STREQ("[##########------]  65% elapsed 1:05 ETA 0:35 erasing", line);
}

static char *as_json(const struct discburn_write_progress *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f);
	json_object_begin(&j, NULL);
	cli_progress_json(&j, p);
	json_object_end(&j);
	fclose(f);
	return buf;
}

TEST(progress_json_names_everything)
{
	struct discburn_write_progress p = writing();
	char *s = as_json(&p);

	ASSERT_NE(NULL, s);
	EXPECT_EQ('{', s[0]);
	EXPECT_EQ('}', s[strlen(s) - 1]);
	EXPECT_NE(NULL, strstr(s, "\"format\":\"data\",\"state\":\"writing\",\"action\":\"writing\","
				  "\"action_code\":4,\"percent\":42.000,"));
	EXPECT_NE(NULL, strstr(s, "\"start_lba\":1000,\"sector_count\":4000,"
				  "\"last_read_lba\":3999,\"last_written_lba\":2679,\"failed_lba\":-1,"));
	EXPECT_NE(NULL, strstr(s, "\"elapsed_s\":2.000,\"remaining_s\":35.000,\"total_s\":37.000,"));
	EXPECT_NE(NULL, strstr(s, "\"ring_total\":8388608,\"ring_used\":7340032,\"ring_free\":1048576,"));
	EXPECT_NE(NULL, strstr(s, "\"drive_buffer_total\":2097152,\"drive_buffer_free\":786432,"));
	EXPECT_NE(NULL, strstr(s, "\"speed_kbps\":2822,\"speed_sectors\":0,"));
	EXPECT_NE(NULL, strstr(s, "\"result\":0,\"result_name\":null}"));
	free(s);
	p.sector_count = 0;
	p.state = DISCBURN_SESSION_DONE;
	p.action = DISCBURN_ACTION_COMPLETED;
	p.result = DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED);
	s = as_json(&p);
	EXPECT_NE(NULL, strstr(s, "\"state\":\"done\",\"action\":\"completed\""));
	EXPECT_NE(NULL, strstr(s, "\"percent\":null"));
	EXPECT_NE(NULL, strstr(s, "\"result\":3232366594,"
				  "\"result_name\":\"DISCBURN_E_REQUEST_CANCELLED\"}"));
	free(s);
}

TEST(json_numbers_without_a_json_form_are_null)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f);
	json_object_begin(&j, NULL);
	json_double(&j, "a", 1.5);
	json_double(&j, "b", 0.0 / 0.0);
	json_double(&j, "c", 1e308 * 10);
	json_object_end(&j);
	fclose(f);
	EXPECT_STREQ("{\"a\":1.500,\"b\":null,\"c\":null}", buf);
	free(buf);
}

TEST_HARNESS_MAIN
