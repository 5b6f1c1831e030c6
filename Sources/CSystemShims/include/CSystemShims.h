#ifndef PALISADE_SYSTEM_SHIMS_H
#define PALISADE_SYSTEM_SHIMS_H
#include <sys/types.h>

/// The f_type of the filesystem holding `path`, or -1.
long palisade_fs_type(const char *path);
/// Device major and minor numbers.
unsigned int palisade_dev_major(dev_t dev);
unsigned int palisade_dev_minor(dev_t dev);
/// glibc's memmem (a GNU extension Swift's Glibc module does not export).
const void *palisade_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
