// SPDX-License-Identifier: AGPL-3.0-or-later
/* main.c: argv -> `kring serve | init | demo | backup | version | help`. */
#include "cli/cli.h"
#include "version.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "serve", cli_serve },	    { "init", cli_init }, { "demo", cli_demo },
	{ "backup", cli_backup },   { "help", cli_help }, { "user", cli_user },
	{ "network", cli_network }, { "mail", cli_mail }, { "audit", cli_audit },
	{ "members", cli_members }, { "key", cli_key },	  { "figures", cli_figures },
	{ "search", cli_search },   { "copy", cli_copy },
};

int
main(int argc, char **argv)
{
	if (argc < 2) {
		cli_help(1, argv);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("kring %s\n", KRING_VERSION);
		return 0;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return cli_help(1, argv);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "kring: there is no command '%s' (see `kring help`)\n", cmd);
	return 2;
}
