// Vector float32 exp, tanh and the activations on 8 lanes, for the AVX2 kernels. Internal.
#ifndef CKERNELS_AVX2_MATH_H
#define CKERNELS_AVX2_MATH_H

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include "include/CKernels.h"

#define CK_AVX2 __attribute__((target("avx2,fma"), always_inline)) static inline

/// e^x for x in float32: Cephes' expf (range reduction by ln 2 in two parts, a degree-6
/// polynomial; about 1 ulp), with x clamped to [-87.3, 88.7] so 2^n stays a normal float.
CK_AVX2 __m256 ck_exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.7f));
    __m256 fx = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(0.693359375f), x);
    x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(-2.12194440e-4f), x);
    __m256 y = _mm256_set1_ps(1.9875691500e-4f);
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_fmadd_ps(y, _mm256_mul_ps(x, x), _mm256_add_ps(x, _mm256_set1_ps(1.0f)));
    __m256i n = _mm256_cvtps_epi32(fx);
    __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(y, _mm256_castsi256_ps(bits));
}

/// 1 / (1 + e^-x), with an exact division.
CK_AVX2 __m256 ck_sigmoid8(__m256 x) {
    __m256 one = _mm256_set1_ps(1.0f);
    return _mm256_div_ps(one, _mm256_add_ps(one, ck_exp8(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}

/// tanh: Cephes' tanhf (an odd polynomial below |x| = 0.625, 1 - 2 / (e^2|x| + 1) above).
CK_AVX2 __m256 ck_tanh8(__m256 x) {
    __m256 sign = _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32((int)0x80000000u)));
    __m256 ax = _mm256_andnot_ps(_mm256_castsi256_ps(_mm256_set1_epi32((int)0x80000000u)), x);
    __m256 z = _mm256_mul_ps(x, x);
    __m256 p = _mm256_set1_ps(-5.70498872745e-3f);
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(2.06390887954e-2f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-5.37397155531e-2f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(1.33314422036e-1f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-3.33332819422e-1f));
    __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), x, x);
    __m256 one = _mm256_set1_ps(1.0f);
    __m256 e = ck_exp8(_mm256_add_ps(ax, ax));
    __m256 large = _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, one)));
    large = _mm256_or_ps(large, sign);
    __m256 isSmall = _mm256_cmp_ps(ax, _mm256_set1_ps(0.625f), _CMP_LT_OQ);
    return _mm256_blendv_ps(large, small, isSmall);
}

/// One of the CK_ activations on 8 lanes, with the formulas of LSTMRuntime's scalar ones.
CK_AVX2 __m256 ck_activate8(__m256 x, int activation) {
    switch (activation) {
    case CK_RELU:
        return _mm256_max_ps(x, _mm256_setzero_ps());
    case CK_TANH:
        return ck_tanh8(x);
    case CK_SIGMOID:
        return ck_sigmoid8(x);
    case CK_HARD_SIGMOID_KERAS2: {
        __m256 y = _mm256_add_ps(_mm256_mul_ps(_mm256_set1_ps(0.2f), x), _mm256_set1_ps(0.5f));
        return _mm256_min_ps(_mm256_max_ps(y, _mm256_setzero_ps()), _mm256_set1_ps(1.0f));
    }
    case CK_HARD_SIGMOID_KERAS3: {
        __m256 y = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(x, _mm256_set1_ps(3.0f)), _mm256_setzero_ps()),
                                 _mm256_set1_ps(6.0f));
        return _mm256_div_ps(y, _mm256_set1_ps(6.0f));
    }
    default:
        return x;
    }
}

#endif
#endif
