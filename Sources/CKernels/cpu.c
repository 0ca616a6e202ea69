// Which kernels this CPU can run.
#include "include/CKernels.h"

int ck_cpu_has_avx2_fma(void) {
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__clang__) || defined(__GNUC__))
    // __builtin_cpu_supports checks CPUID and that the OS saves the YMM registers (XGETBV).
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}
