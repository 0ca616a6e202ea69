// Fused recurrent cell updates and activations for AVX2 + FMA.
#include "include/CKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <string.h>
#include "avx2_math.h"

/// Copies the state of a masked row's blocks `q0 ..< q1` from `hPrev` to `hNext`.
static void ck_carry(ptrdiff_t q0, ptrdiff_t q1, const float *hPrev, float *hNext) {
    if (hPrev != hNext) memcpy(hNext + 8 * q0, hPrev + 8 * q0, (size_t)(q1 - q0) * 8 * sizeof(float));
}

__attribute__((target("avx2,fma"))) void
ck_avx2_lstm_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, float *z, ptrdiff_t ldz, float *c, ptrdiff_t ldc,
                   const float *hPrev, float *hNext, ptrdiff_t ldh, const uint8_t *keep, int activation,
                   int recurrentActivation) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        if (keep && !keep[r]) {
            ck_carry(q0, q1, hPrev + r * ldh, hNext + r * ldh);
            continue;
        }
        float *zr = z + r * ldz, *cr = c + r * ldc, *hr = hNext + r * ldh;
        for (ptrdiff_t q = q0; q < q1; q++) {
            const float *zq = zr + 32 * q;
            __m256 i = ck_activate8(_mm256_loadu_ps(zq), recurrentActivation);
            __m256 f = ck_activate8(_mm256_loadu_ps(zq + 8), recurrentActivation);
            __m256 g = ck_activate8(_mm256_loadu_ps(zq + 16), activation);
            __m256 o = ck_activate8(_mm256_loadu_ps(zq + 24), recurrentActivation);
            __m256 cn = _mm256_fmadd_ps(f, _mm256_loadu_ps(cr + 8 * q), _mm256_mul_ps(i, g));
            _mm256_storeu_ps(cr + 8 * q, cn);
            _mm256_storeu_ps(hr + 8 * q, _mm256_mul_ps(o, ck_activate8(cn, activation)));
        }
    }
}

__attribute__((target("avx2,fma"))) void
ck_avx2_gru_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, float *x, ptrdiff_t ldx, const float *hp,
                  ptrdiff_t ldhp, const float *hPrev, float *hNext, ptrdiff_t ldh, const uint8_t *keep,
                  int activation, int recurrentActivation) {
    __m256 one = _mm256_set1_ps(1.0f);
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *hPrevRow = hPrev + r * ldh;
        float *hNextRow = hNext + r * ldh;
        if (keep && !keep[r]) {
            ck_carry(q0, q1, hPrevRow, hNextRow);
            continue;
        }
        const float *xr = x + r * ldx, *hr = hp + r * ldhp;
        for (ptrdiff_t q = q0; q < q1; q++) {
            const float *xq = xr + 24 * q, *hq = hr + 24 * q;
            __m256 u = ck_activate8(_mm256_add_ps(_mm256_loadu_ps(xq), _mm256_loadu_ps(hq)), recurrentActivation);
            __m256 reset = ck_activate8(_mm256_add_ps(_mm256_loadu_ps(xq + 8), _mm256_loadu_ps(hq + 8)),
                                        recurrentActivation);
            __m256 candidate = ck_activate8(_mm256_fmadd_ps(reset, _mm256_loadu_ps(hq + 16), _mm256_loadu_ps(xq + 16)),
                                            activation);
            __m256 h = _mm256_loadu_ps(hPrevRow + 8 * q);
            __m256 next = _mm256_fmadd_ps(u, h, _mm256_mul_ps(_mm256_sub_ps(one, u), candidate));
            _mm256_storeu_ps(hNextRow + 8 * q, next);
        }
    }
}

__attribute__((target("avx2,fma"))) void
ck_avx2_rnn_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, const float *z, ptrdiff_t ldz, const float *hPrev,
                  float *hNext, ptrdiff_t ldh, const uint8_t *keep, int activation) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        if (keep && !keep[r]) {
            ck_carry(q0, q1, hPrev + r * ldh, hNext + r * ldh);
            continue;
        }
        const float *zr = z + r * ldz;
        float *hr = hNext + r * ldh;
        for (ptrdiff_t q = q0; q < q1; q++) {
            _mm256_storeu_ps(hr + 8 * q, ck_activate8(_mm256_loadu_ps(zr + 8 * q), activation));
        }
    }
}

__attribute__((target("avx2,fma"))) void
ck_avx2_activate(float *x, ptrdiff_t n, int activation) {
    if (activation == CK_LINEAR) return;
    ptrdiff_t j = 0;
    for (; j + 8 <= n; j += 8) _mm256_storeu_ps(x + j, ck_activate8(_mm256_loadu_ps(x + j), activation));
    if (j < n) {
        __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - j)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        _mm256_maskstore_ps(x + j, mask, ck_activate8(_mm256_maskload_ps(x + j, mask), activation));
    }
}

#else
#include <stdlib.h>

void ck_avx2_lstm_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, float *z, ptrdiff_t ldz, float *c, ptrdiff_t ldc,
                        const float *hPrev, float *hNext, ptrdiff_t ldh, const uint8_t *keep, int activation,
                        int recurrentActivation) { abort(); }
void ck_avx2_gru_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, float *x, ptrdiff_t ldx, const float *hp,
                       ptrdiff_t ldhp, const float *hPrev, float *hNext, ptrdiff_t ldh, const uint8_t *keep,
                       int activation, int recurrentActivation) { abort(); }
void ck_avx2_rnn_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, const float *z, ptrdiff_t ldz, const float *hPrev,
                       float *hNext, ptrdiff_t ldh, const uint8_t *keep, int activation) { abort(); }
void ck_avx2_activate(float *x, ptrdiff_t n, int activation) { abort(); }
#endif
