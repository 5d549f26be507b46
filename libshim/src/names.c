// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names: client-name validation (the cdrom class driver's rule, which the
 * kernel applies too) and display names for MMC profiles and IMAPI media
 * types. Pure: no I/O.
 */
#include <string.h>

#include "internal.h"

/* cdrom.sys ValidChar(): 0-9, ASCII letters, and " .,:;_-". */
bool discburn_client_name_char_ok(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return true;
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return true;
	return c && strchr(" .,:;_-", c);
}

DISCBURN_EXPORT bool discburn_client_name_valid(const char *name)
{
	size_t i;

	if (!name || !name[0])
		return false;
	for (i = 0; name[i]; i++) {
		if (i >= DISCBURN_CLIENT_NAME_MAX)
			return false;
		if (!discburn_client_name_char_ok((unsigned char)name[i]))
			return false;
	}
	return true;
}

static const struct {
	uint16_t profile;
	const char *name;
} profile_names[] = {
	{ 0x0001, "Non-removable disk" },
	{ 0x0002, "Removable disk" },
	{ 0x0003, "MO erasable" },
	{ 0x0004, "MO write once" },
	{ 0x0005, "AS-MO" },
	{ 0x0008, "CD-ROM" },
	{ 0x0009, "CD-R" },
	{ 0x000A, "CD-RW" },
	{ 0x0010, "DVD-ROM" },
	{ 0x0011, "DVD-R" },
	{ 0x0012, "DVD-RAM" },
	{ 0x0013, "DVD-RW restricted overwrite" },
	{ 0x0014, "DVD-RW sequential" },
	{ 0x0015, "DVD-R DL sequential" },
	{ 0x0016, "DVD-R DL layer jump" },
	{ 0x0017, "DVD-RW DL" },
	{ 0x0018, "DVD-Download" },
	{ 0x001A, "DVD+RW" },
	{ 0x001B, "DVD+R" },
	{ 0x002A, "DVD+RW DL" },
	{ 0x002B, "DVD+R DL" },
	{ 0x0040, "BD-ROM" },
	{ 0x0041, "BD-R SRM" },
	{ 0x0042, "BD-R RRM" },
	{ 0x0043, "BD-RE" },
	{ 0x0050, "HD DVD-ROM" },
	{ 0x0051, "HD DVD-R" },
	{ 0x0052, "HD DVD-RAM" },
	{ 0x0053, "HD DVD-RW" },
	{ 0x0058, "HD DVD-R DL" },
	{ 0x005A, "HD DVD-RW DL" },
	{ 0xFFFF, "Non-standard" },
};

DISCBURN_EXPORT const char *discburn_profile_name(uint16_t profile)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(profile_names); i++)
		if (profile_names[i].profile == profile)
			return profile_names[i].name;
	return NULL;
}

static const char *const media_type_names[] = {
	[DISCBURN_MEDIA_UNKNOWN] = "unknown",
	[DISCBURN_MEDIA_CDROM] = "CD-ROM",
	[DISCBURN_MEDIA_CDR] = "CD-R",
	[DISCBURN_MEDIA_CDRW] = "CD-RW",
	[DISCBURN_MEDIA_DVDROM] = "DVD-ROM",
	[DISCBURN_MEDIA_DVDRAM] = "DVD-RAM",
	[DISCBURN_MEDIA_DVDPLUSR] = "DVD+R",
	[DISCBURN_MEDIA_DVDPLUSRW] = "DVD+RW",
	[DISCBURN_MEDIA_DVDPLUSR_DUALLAYER] = "DVD+R DL",
	[DISCBURN_MEDIA_DVDDASHR] = "DVD-R",
	[DISCBURN_MEDIA_DVDDASHRW] = "DVD-RW",
	[DISCBURN_MEDIA_DVDDASHR_DUALLAYER] = "DVD-R DL",
	[DISCBURN_MEDIA_DISK] = "disk",
	[DISCBURN_MEDIA_DVDPLUSRW_DUALLAYER] = "DVD+RW DL",
	[DISCBURN_MEDIA_HDDVDROM] = "HD DVD-ROM",
	[DISCBURN_MEDIA_HDDVDR] = "HD DVD-R",
	[DISCBURN_MEDIA_HDDVDRAM] = "HD DVD-RAM",
	[DISCBURN_MEDIA_BDROM] = "BD-ROM",
	[DISCBURN_MEDIA_BDR] = "BD-R",
	[DISCBURN_MEDIA_BDRE] = "BD-RE",
};

DISCBURN_EXPORT const char *discburn_media_type_name(unsigned int type)
{
	if (type >= ARRAY_SIZE(media_type_names))
		return NULL;
	return media_type_names[type];
}
