/* SPDX-License-Identifier: GPL-2.0 */
/* switch upgrade (ctl/lib/upgrade.c): a switch of an older map layout moved
 * onto this build's datapath while it forwards. */
#ifndef XSW_UPGRADE_H
#define XSW_UPGRADE_H

/* Side directories of a switch upgrade: <root>/NAME~up, <root>/NAME~old */
#define XSW_SIDE "~"

/* Finishes an upgrade of switch @name killed between putting the new
 * datapath in place and removing the old one. */
void upgrade_recover(const char *name);

/* Removes what an upgrade of switch @name killed on its way left beside it
 * (before switch del): the new datapath's programs off the devices, its
 * pins. */
void upgrade_abandon(const char *name);

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

/* Upgrades switch @name, or every switch ("all"); one already of this
 * build's layout is left as it is. */
int xsw_switch_upgrade(const char *name);

#endif /* XSW_UPGRADE_H */
