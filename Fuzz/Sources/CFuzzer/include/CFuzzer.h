#ifndef CFUZZER_H
#define CFUZZER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt, -sanitize=fuzzer). SwiftPM links every executable with
// `--defsym main=<module>_main`, so libFuzzer's own main() is never pulled in; each target
// defines `<module>_main` and hands its callback to this driver instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
