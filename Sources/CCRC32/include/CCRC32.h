#ifndef CCRC32_H
#define CCRC32_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Whether this CPU runs ccrc32_fold: x86-64 with PCLMULQDQ and SSE4.1 (checked at run time;
/// the library is compiled for the baseline instruction set).
int ccrc32_fold_available(void);

/// Advances a CRC-32 register of the zlib polynomial (reflected 0xEDB88320; the register as a
/// byte-at-a-time table loop keeps it, before the final XOR) over `length` bytes, 16 at a time
/// with carry-less multiplication. `length` is a multiple of 16 and at least 64. Only when
/// ccrc32_fold_available() is nonzero.
uint32_t ccrc32_fold(uint32_t reg, const uint8_t *bytes, size_t length);

#ifdef __cplusplus
}
#endif

#endif
