/* MicroPython natmod sources include "py/dynruntime.h": the same API here
 * (build.py puts natmod/ on the include path). */
#include "../dynruntime.h"
