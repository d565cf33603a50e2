// The conformance and benchmark messages as libprotobuf-c sees them (protoc-c output of
// proto/veles/conformance/v1/{conformance,benchmark}.proto, committed), plus small helpers for the tests.
#ifndef CCONFORMANCE_H
#define CCONFORMANCE_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>
#include "conformance.pb-c.h"
#include "benchmark.pb-c.h"

/// Unpacks AllTypes with libprotobuf-c and packs it again; returns 0 and a malloc'd buffer, or -1 when unpack fails.
int cconf_all_types_echo(const uint8_t *input, size_t length, uint8_t **output, size_t *output_length);

/// Packs the AllTypes value that the Swift tests call `Fixtures.maximal()`, built field by field in C.
int cconf_pack_maximal(uint8_t **output, size_t *output_length);

/// Frees a buffer returned by the helpers above.
void cconf_free(uint8_t *buffer);

/// CPU time of the calling thread, in seconds; the benchmark times both sides with it.
double cconf_thread_cpu_seconds(void);

/// Seconds of thread CPU time libprotobuf-c takes to unpack (and free) a BenchmarkOrder `iterations` times; negative on failure.
double cconf_bench_order_decode(const uint8_t *input, size_t length, long iterations);

/// Seconds of thread CPU time libprotobuf-c takes to size, allocate, pack (and free) a BenchmarkOrder `iterations` times.
double cconf_bench_order_encode(const uint8_t *input, size_t length, long iterations);

#endif
