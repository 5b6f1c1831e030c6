#include <clamav.h>

/// CL_DB_STDOPT is a macro of macros, which Swift does not import.
static inline unsigned int palisade_cl_db_stdopt(void) {
    return CL_DB_STDOPT;
}
