#include "CConformance.h"
int cconformance_placeholder(void) { return 0; }
