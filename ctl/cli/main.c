// SPDX-License-Identifier: GPL-2.0
/* xswctl: the xsw controller. */
#include "cli.h"

int main(int argc, char **argv)
{
	return xsw_main(argc, argv);
}
