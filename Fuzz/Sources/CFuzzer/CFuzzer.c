// Intentionally empty: the target exists to export CFuzzer.h to Swift.
#include "CFuzzer.h"
