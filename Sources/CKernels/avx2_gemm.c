// Matrix products for AVX2 + FMA, compiled with function attributes only.
#include "include/CKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include "avx2_math.h"

/// Lanes `0 ..< count` of a mask for the last, partial vector of a row.
CK_AVX2 __m256i ck_tail_mask(ptrdiff_t count) {
    __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), lanes);
}

/// Rows `0 ..< R` by vectors `0 ..< V` of 8 columns of `c`; the last vector covers only the
/// lanes of `mask` when `masked`. One fused multiply-add per term, in order of `p`.
CK_AVX2 void ck_micro(const int R, const int V, const int masked, __m256i mask, ptrdiff_t k,
                      const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                      float *c, ptrdiff_t ldc, const float *init, ptrdiff_t ldinit) {
    __m256 acc[6][8];
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < V; v++) {
            if (!init) {
                acc[r][v] = _mm256_setzero_ps();
            } else if (masked && v == V - 1) {
                acc[r][v] = _mm256_maskload_ps(init + r * ldinit + 8 * v, mask);
            } else {
                acc[r][v] = _mm256_loadu_ps(init + r * ldinit + 8 * v);
            }
        }
    }
    for (ptrdiff_t p = 0; p < k; p++) {
        const float *bp = b + p * ldb;
        __m256 bv[8];
#pragma clang loop unroll(full)
        for (int v = 0; v < V; v++) {
            bv[v] = (masked && v == V - 1) ? _mm256_maskload_ps(bp + 8 * v, mask) : _mm256_loadu_ps(bp + 8 * v);
        }
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            __m256 ar = _mm256_broadcast_ss(a + r * lda + p);
#pragma clang loop unroll(full)
            for (int v = 0; v < V; v++) acc[r][v] = _mm256_fmadd_ps(ar, bv[v], acc[r][v]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < V; v++) {
            if (masked && v == V - 1) {
                _mm256_maskstore_ps(c + r * ldc + 8 * v, mask, acc[r][v]);
            } else {
                _mm256_storeu_ps(c + r * ldc + 8 * v, acc[r][v]);
            }
        }
    }
}

#define CK_ROWS_CASES(V, MASKED)                                                                        \
    switch (rows) {                                                                                     \
    case 6: ck_micro(6, V, MASKED, mask, k, a, lda, b, ldb, c, ldc, init, ldinit); break;              \
    case 5: ck_micro(5, V, MASKED, mask, k, a, lda, b, ldb, c, ldc, init, ldinit); break;              \
    case 4: ck_micro(4, V, MASKED, mask, k, a, lda, b, ldb, c, ldc, init, ldinit); break;              \
    case 3: ck_micro(3, V, MASKED, mask, k, a, lda, b, ldb, c, ldc, init, ldinit); break;              \
    case 2: ck_micro(2, V, MASKED, mask, k, a, lda, b, ldb, c, ldc, init, ldinit); break;              \
    default: ck_micro(1, V, MASKED, mask, k, a, lda, b, ldb, c, ldc, init, ldinit); break;             \
    }

/// Up to 6 rows by 16, 8 or fewer columns (`columns` chooses the kernel).
__attribute__((target("avx2,fma"))) static void
ck_block(int rows, ptrdiff_t columns, ptrdiff_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
         float *c, ptrdiff_t ldc, const float *init, ptrdiff_t ldinit) {
    __m256i mask = ck_tail_mask(columns);
    if (columns >= 16) {
        CK_ROWS_CASES(2, 0)
    } else if (columns == 8) {
        CK_ROWS_CASES(1, 0)
    } else {
        CK_ROWS_CASES(1, 1)
    }
}

__attribute__((target("avx2,fma"))) void
ck_avx2_gemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
             float *c, ptrdiff_t ldc, const float *init, ptrdiff_t ldinit) {
    if (m <= 0 || n <= 0) return;
    if (k < 0) k = 0;
    if (m == 1) {
        // One row: 64 columns at a time keep eight independent sums in flight.
        __m256i mask = ck_tail_mask(8);
        ptrdiff_t j = 0;
        for (; j + 64 <= n; j += 64) {
            ck_micro(1, 8, 0, mask, k, a, lda, b + j, ldb, c + j, ldc, init ? init + j : 0, ldinit);
        }
        for (; j + 16 <= n; j += 16) {
            ck_block(1, 16, k, a, lda, b + j, ldb, c + j, ldc, init ? init + j : 0, ldinit);
        }
        if (j + 8 <= n) {
            ck_block(1, 8, k, a, lda, b + j, ldb, c + j, ldc, init ? init + j : 0, ldinit);
            j += 8;
        }
        if (j < n) ck_block(1, n - j, k, a, lda, b + j, ldb, c + j, ldc, init ? init + j : 0, ldinit);
        return;
    }
    // The sum runs over p in slices of CK_KC, so the slice of a 16-column strip of b (16 KiB)
    // stays in L1 while every row block uses it; between slices the partial sums wait in c (a
    // store and a load change no bits), and the next slice continues from them.
    enum { CK_KC = 256 };
    // Rows go in ceil(m / 6) blocks of nearly equal size (8 rows: 4 + 4, not 6 + 2), so no block
    // is a short tail with too few independent sums to keep both FMA units busy.
    const ptrdiff_t rowBlocks = (m + 5) / 6, small = m / rowBlocks, larger = m % rowBlocks;
    ptrdiff_t p0 = 0;
    do {
        ptrdiff_t kc = k - p0 < CK_KC ? k - p0 : CK_KC;
        const float *bp = b + p0 * ldb;
        for (ptrdiff_t j = 0; j < n; j += 16) {
            ptrdiff_t left = n - j;
            // The strip of b the next round reads (the next 16 columns, or the next slice's first
            // ones), fetched into L1 a share per row block while this one computes: the first row
            // block of a round would otherwise wait for its strip from memory. (With one or two
            // row blocks a round is too short to hide the fetches; measured slower.)
            const ptrdiff_t nextSlice = p0 + kc < k ? (k - p0 - kc < CK_KC ? k - p0 - kc : CK_KC) : 0;
            const float *next = rowBlocks < 3 ? 0 : j + 16 < n ? bp + j + 16 : (nextSlice > 0 ? b + (p0 + kc) * ldb : 0);
            const ptrdiff_t nextRows = j + 16 < n ? kc : nextSlice;
            const ptrdiff_t share = (nextRows + rowBlocks - 1) / rowBlocks;
            for (ptrdiff_t blockIndex = 0, i = 0, rows = 0; blockIndex < rowBlocks; blockIndex++, i += rows) {
                rows = small + (blockIndex < larger ? 1 : 0);
                if (next) {
                    ptrdiff_t first = blockIndex * share, end = first + share < nextRows ? first + share : nextRows;
                    for (ptrdiff_t p = first; p < end; p++) {
                        _mm_prefetch((const char *)(next + p * ldb), _MM_HINT_T0);
                        _mm_prefetch((const char *)(next + p * ldb + 15), _MM_HINT_T0);
                    }
                }
                const float *ai = a + i * lda + p0;
                float *ci = c + i * ldc + j;
                const float *ii = p0 > 0 ? ci : (init ? init + i * ldinit + j : 0);
                ptrdiff_t ld = p0 > 0 ? ldc : ldinit;
                if (left >= 16) {
                    ck_block((int)rows, 16, kc, ai, lda, bp + j, ldb, ci, ldc, ii, ld);
                } else if (left >= 8) {
                    ck_block((int)rows, 8, kc, ai, lda, bp + j, ldb, ci, ldc, ii, ld);
                    if (left > 8) {
                        ck_block((int)rows, left - 8, kc, ai, lda, bp + j + 8, ldb, ci + 8, ldc, ii ? ii + 8 : 0, ld);
                    }
                } else {
                    ck_block((int)rows, left, kc, ai, lda, bp + j, ldb, ci, ldc, ii, ld);
                }
            }
        }
        p0 += kc;
    } while (p0 < k);
}

/// Two blocks of `V` vectors against one row `h`, or one block when `two` is 0.
CK_AVX2 void ck_panels2(const int V, const int two, ptrdiff_t k, const float *h, const float *p0,
                        const float *p1, float *z, const float *init) {
    const ptrdiff_t width = 8 * V;
    __m256 acc[2][4];
#pragma clang loop unroll(full)
    for (int q = 0; q < 1 + two; q++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < V; v++) {
            acc[q][v] = init ? _mm256_loadu_ps(init + q * width + 8 * v) : _mm256_setzero_ps();
        }
    }
    for (ptrdiff_t p = 0; p < k; p++) {
        __m256 hp = _mm256_broadcast_ss(h + p);
#pragma clang loop unroll(full)
        for (int v = 0; v < V; v++) acc[0][v] = _mm256_fmadd_ps(hp, _mm256_loadu_ps(p0 + p * width + 8 * v), acc[0][v]);
        if (two) {
#pragma clang loop unroll(full)
            for (int v = 0; v < V; v++) acc[1][v] = _mm256_fmadd_ps(hp, _mm256_loadu_ps(p1 + p * width + 8 * v), acc[1][v]);
        }
    }
#pragma clang loop unroll(full)
    for (int q = 0; q < 1 + two; q++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < V; v++) _mm256_storeu_ps(z + q * width + 8 * v, acc[q][v]);
    }
}

#define CK_PANEL_CASES(TWO)                                                                  \
    switch (vectors) {                                                                       \
    case 4: ck_panels2(4, TWO, k, h, p0, p0 + k * width, z + q * width, in); break;          \
    case 3: ck_panels2(3, TWO, k, h, p0, p0 + k * width, z + q * width, in); break;          \
    case 2: ck_panels2(2, TWO, k, h, p0, p0 + k * width, z + q * width, in); break;          \
    default: ck_panels2(1, TWO, k, h, p0, p0 + k * width, z + q * width, in); break;         \
    }

__attribute__((target("avx2,fma"))) void
ck_avx2_panels_gemv(ptrdiff_t blocks, ptrdiff_t width, ptrdiff_t k, const float *h, const float *panels,
                    float *z, const float *init) {
    const int vectors = (int)(width / 8);
    ptrdiff_t q = 0;
    for (; q + 2 <= blocks; q += 2) {
        const float *p0 = panels + q * k * width;
        const float *in = init ? init + q * width : 0;
        CK_PANEL_CASES(1)
    }
    if (q < blocks) {
        const float *p0 = panels + q * k * width;
        const float *in = init ? init + q * width : 0;
        CK_PANEL_CASES(0)
    }
}

#else
#include <stdlib.h>

void ck_avx2_gemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                  float *c, ptrdiff_t ldc, const float *init, ptrdiff_t ldinit) { abort(); }
void ck_avx2_panels_gemv(ptrdiff_t blocks, ptrdiff_t width, ptrdiff_t k, const float *h, const float *panels,
                         float *z, const float *init) { abort(); }
#endif
