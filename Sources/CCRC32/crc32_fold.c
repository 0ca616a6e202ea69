// CRC-32 (zlib polynomial) by folding with carry-less multiplication: Intel, "Fast CRC
// Computation for Generic Polynomials Using PCLMULQDQ Instruction" (2009), in the bit-reflected
// domain, with the constants zlib and Chromium use (crc32_simd.c). The function carries its
// instruction set in a target attribute and is called only when the CPU has it, so the target
// needs no compiler flags.
#include "include/CCRC32.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define CCRC32_CLMUL __attribute__((target("pclmul,sse4.1")))

int ccrc32_fold_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}

/// `x` folded 128 bits ahead by the constants `k` (low and high 64 bits), plus `next`.
CCRC32_CLMUL static inline __m128i ccrc32_fold16(__m128i x, __m128i k, __m128i next) {
    __m128i low = _mm_clmulepi64_si128(x, k, 0x00);
    __m128i high = _mm_clmulepi64_si128(x, k, 0x11);
    return _mm_xor_si128(_mm_xor_si128(high, low), next);
}

CCRC32_CLMUL uint32_t ccrc32_fold(uint32_t reg, const uint8_t *bytes, size_t length) {
    const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596, 0x0154442bd4);  // fold by 512 bits
    const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009e, 0x01751997d0);  // fold by 128 bits
    const __m128i k5k0 = _mm_set_epi64x(0, 0x0163cd6124);             // 96 to 64 bits
    const __m128i poly = _mm_set_epi64x(0x01f7011641, 0x01db710641);  // Barrett: P' and mu
    const __m128i *in = (const __m128i *)bytes;
    __m128i x1 = _mm_xor_si128(_mm_loadu_si128(in), _mm_cvtsi32_si128((int)reg));
    __m128i x2 = _mm_loadu_si128(in + 1);
    __m128i x3 = _mm_loadu_si128(in + 2);
    __m128i x4 = _mm_loadu_si128(in + 3);
    in += 4;
    length -= 64;
    // Four independent lanes of 128 bits, 64 bytes per round.
    for (; length >= 64; length -= 64, in += 4) {
        x1 = ccrc32_fold16(x1, k1k2, _mm_loadu_si128(in));
        x2 = ccrc32_fold16(x2, k1k2, _mm_loadu_si128(in + 1));
        x3 = ccrc32_fold16(x3, k1k2, _mm_loadu_si128(in + 2));
        x4 = ccrc32_fold16(x4, k1k2, _mm_loadu_si128(in + 3));
    }
    // The four lanes into one, then the remaining 16-byte pieces.
    x1 = ccrc32_fold16(x1, k3k4, x2);
    x1 = ccrc32_fold16(x1, k3k4, x3);
    x1 = ccrc32_fold16(x1, k3k4, x4);
    for (; length >= 16; length -= 16, in += 1) x1 = ccrc32_fold16(x1, k3k4, _mm_loadu_si128(in));
    // 128 bits to 64, then Barrett reduction to 32.
    const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);
    __m128i x2r = _mm_clmulepi64_si128(x1, k3k4, 0x10);
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), x2r);
    x2r = _mm_srli_si128(x1, 4);
    x1 = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x1, low32), k5k0, 0x00), x2r);
    __m128i t = _mm_and_si128(_mm_clmulepi64_si128(_mm_and_si128(x1, low32), poly, 0x10), low32);
    x1 = _mm_xor_si128(x1, _mm_clmulepi64_si128(t, poly, 0x00));
    return (uint32_t)_mm_extract_epi32(x1, 1);
}

#else
#include <stdlib.h>

int ccrc32_fold_available(void) { return 0; }

uint32_t ccrc32_fold(uint32_t reg, const uint8_t *bytes, size_t length) {
    (void)reg;
    (void)bytes;
    (void)length;
    abort();
}
#endif
