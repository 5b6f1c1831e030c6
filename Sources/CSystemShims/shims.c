#define _GNU_SOURCE
#include <string.h>
#include "CSystemShims.h"
#include <sys/vfs.h>
#include <sys/sysmacros.h>

long palisade_fs_type(const char *path) {
    struct statfs fs;
    if (statfs(path, &fs) != 0) return -1;
    return (long)fs.f_type;
}

unsigned int palisade_dev_major(dev_t dev) { return major(dev); }
unsigned int palisade_dev_minor(dev_t dev) { return minor(dev); }

const void *palisade_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}
