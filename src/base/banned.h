/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* banned.h: functions that are easy to misuse, turned into compile errors (after git's banned.h).
 * Included last by every Kring source file through base/kring.h. */
#ifndef KRING_BANNED_H
#define KRING_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef asctime
#define asctime(x) BANNED(asctime)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef setlocale
#define setlocale(x, y) BANNED(setlocale)
#undef rand
#define rand() BANNED(rand)
#undef system
#define system(x) BANNED(system)

#endif
