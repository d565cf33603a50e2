#include "CConformance.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cconf_all_types_echo(const uint8_t *input, size_t length, uint8_t **output, size_t *output_length) {
    Veles__Conformance__V1__AllTypes *message = veles__conformance__v1__all_types__unpack(NULL, length, input);
    if (message == NULL) return -1;
    size_t size = veles__conformance__v1__all_types__get_packed_size(message);
    uint8_t *buffer = malloc(size ? size : 1);
    *output_length = veles__conformance__v1__all_types__pack(message, buffer);
    *output = buffer;
    veles__conformance__v1__all_types__free_unpacked(message, NULL);
    return 0;
}

void cconf_free(uint8_t *buffer) { free(buffer); }

/* Mirrors Fixtures.inner(id, depth:) in the Swift tests. Storage is static: the tests pack one value at a time. */
static Veles__Conformance__V1__Inner inner_storage[16];
static char label_storage[16][32];
static int64_t inner_values[5] = {-1, 0, 1, INT64_MIN, INT64_MAX};
static int inner_used;

static Veles__Conformance__V1__Inner *make_inner(int32_t id, int depth) {
    Veles__Conformance__V1__Inner *inner = &inner_storage[inner_used];
    char *label = label_storage[inner_used];
    inner_used++;
    veles__conformance__v1__inner__init(inner);
    inner->id = id;
    snprintf(label, 32, "inner-%d \xE2\x9C\x93", id);
    inner->label = label;
    inner->n_values = 5;
    inner->values = inner_values;
    if (depth > 1) inner->child = make_inner(id + 1, depth - 1);
    return inner;
}

int cconf_pack_maximal(uint8_t **output, size_t *output_length) {
    inner_used = 0;
    Veles__Conformance__V1__AllTypes m;
    veles__conformance__v1__all_types__init(&m);
    m.f_int32 = INT32_MIN;
    m.f_int64 = INT64_MIN;
    m.f_uint32 = UINT32_MAX;
    m.f_uint64 = UINT64_MAX;
    m.f_sint32 = INT32_MIN;
    m.f_sint64 = INT64_MAX;
    m.f_fixed32 = UINT32_MAX;
    m.f_fixed64 = UINT64_MAX;
    m.f_sfixed32 = INT32_MIN;
    m.f_sfixed64 = INT64_MIN;
    m.f_float = FLT_MAX;
    m.f_double = -4.9406564584124654e-324;
    m.f_bool = 1;
    m.f_string = "h\xC3\xA9llo, \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x8C\x8D";
    static uint8_t bytes[] = {0, 1, 2, 0xFF, 0x80};
    m.f_bytes.len = sizeof bytes;
    m.f_bytes.data = bytes;
    m.f_enum = VELES__CONFORMANCE__V1__COLOR__COLOR_BLUE;
    m.f_message = make_inner(7, 3);

    static int32_t r_int32[] = {0, -1, INT32_MAX, INT32_MIN};
    static int64_t r_int64[] = {0, -1, INT64_MAX, INT64_MIN};
    static uint32_t r_uint32[] = {0, 1, UINT32_MAX};
    static uint64_t r_uint64[] = {0, 1, UINT64_MAX};
    static int32_t r_sint32[] = {0, -1, 1, INT32_MAX, INT32_MIN};
    static int64_t r_sint64[] = {0, -1, 1, INT64_MAX, INT64_MIN};
    static uint32_t r_fixed32[] = {0, UINT32_MAX};
    static uint64_t r_fixed64[] = {0, UINT64_MAX};
    static int32_t r_sfixed32[] = {INT32_MIN, INT32_MAX};
    static int64_t r_sfixed64[] = {INT64_MIN, INT64_MAX};
    static float r_float[4];
    r_float[0] = 0; r_float[1] = -1.5f; r_float[2] = 1.0f / 0.0f; r_float[3] = -1.0f / 0.0f;
    static double r_double[] = {0, 3.25, DBL_MAX};
    static protobuf_c_boolean r_bool[] = {1, 0, 1};
    static char *r_string[] = {"", "a", "\xC3\xBC"};
    static uint8_t one[] = {0}, three[] = {1, 2, 3};
    static ProtobufCBinaryData r_bytes[3];
    r_bytes[0].len = 0; r_bytes[0].data = NULL;
    r_bytes[1].len = 1; r_bytes[1].data = one;
    r_bytes[2].len = 3; r_bytes[2].data = three;
    static Veles__Conformance__V1__Color r_enum[] = {1, 2, 99};
    static int32_t r_int32_unpacked[] = {5, -5, 0};
    static double r_double_unpacked[] = {1.5, -2.5};
#define SET(field, array) m.n_##field = sizeof(array) / sizeof(array[0]); m.field = array
    SET(r_int32, r_int32); SET(r_int64, r_int64); SET(r_uint32, r_uint32); SET(r_uint64, r_uint64);
    SET(r_sint32, r_sint32); SET(r_sint64, r_sint64); SET(r_fixed32, r_fixed32); SET(r_fixed64, r_fixed64);
    SET(r_sfixed32, r_sfixed32); SET(r_sfixed64, r_sfixed64); SET(r_float, r_float); SET(r_double, r_double);
    SET(r_bool, r_bool); SET(r_string, r_string); SET(r_bytes, r_bytes); SET(r_enum, r_enum);
    SET(r_int32_unpacked, r_int32_unpacked); SET(r_double_unpacked, r_double_unpacked);

    static Veles__Conformance__V1__Inner empty_inner;
    veles__conformance__v1__inner__init(&empty_inner);
    static Veles__Conformance__V1__Inner *r_message[3];
    r_message[0] = make_inner(1, 1);
    r_message[1] = &empty_inner;
    r_message[2] = make_inner(2, 2);
    SET(r_message, r_message);

    /* Map entries in key order, as the Swift encoder writes them. */
    static Veles__Conformance__V1__AllTypes__MStringInt32Entry si[3];
    static Veles__Conformance__V1__AllTypes__MStringInt32Entry *si_p[3] = {&si[0], &si[1], &si[2]};
    for (int i = 0; i < 3; i++) veles__conformance__v1__all_types__mstring_int32_entry__init(&si[i]);
    si[0].key = ""; si[0].value = 0; si[1].key = "a"; si[1].value = 1; si[2].key = "b"; si[2].value = -2;
    SET(m_string_int32, si_p);

    static Veles__Conformance__V1__AllTypes__MInt64StringEntry is[3];
    static Veles__Conformance__V1__AllTypes__MInt64StringEntry *is_p[3] = {&is[0], &is[1], &is[2]};
    for (int i = 0; i < 3; i++) veles__conformance__v1__all_types__mint64_string_entry__init(&is[i]);
    is[0].key = INT64_MIN; is[0].value = "min"; is[1].key = 0; is[1].value = ""; is[2].key = INT64_MAX; is[2].value = "max";
    SET(m_int64_string, is_p);

    static Veles__Conformance__V1__AllTypes__MUint32InnerEntry ui[2];
    static Veles__Conformance__V1__AllTypes__MUint32InnerEntry *ui_p[2] = {&ui[0], &ui[1]};
    for (int i = 0; i < 2; i++) veles__conformance__v1__all_types__muint32_inner_entry__init(&ui[i]);
    ui[0].key = 1; ui[0].value = make_inner(1, 1); ui[1].key = 2; ui[1].value = &empty_inner;
    SET(m_uint32_inner, ui_p);

    static Veles__Conformance__V1__AllTypes__MBoolBytesEntry bb[2];
    static Veles__Conformance__V1__AllTypes__MBoolBytesEntry *bb_p[2] = {&bb[0], &bb[1]};
    static uint8_t bb_one[] = {1};
    for (int i = 0; i < 2; i++) veles__conformance__v1__all_types__mbool_bytes_entry__init(&bb[i]);
    bb[0].key = 0; bb[1].key = 1; bb[1].value.len = 1; bb[1].value.data = bb_one;
    SET(m_bool_bytes, bb_p);

    static Veles__Conformance__V1__AllTypes__MSint32ColorEntry sc[2];
    static Veles__Conformance__V1__AllTypes__MSint32ColorEntry *sc_p[2] = {&sc[0], &sc[1]};
    for (int i = 0; i < 2; i++) veles__conformance__v1__all_types__msint32_color_entry__init(&sc[i]);
    sc[0].key = -1; sc[0].value = VELES__CONFORMANCE__V1__COLOR__COLOR_RED; sc[1].key = 1; sc[1].value = 42;
    SET(m_sint32_color, sc_p);

    static Veles__Conformance__V1__AllTypes__MFixed64DoubleEntry fd[1];
    static Veles__Conformance__V1__AllTypes__MFixed64DoubleEntry *fd_p[1] = {&fd[0]};
    veles__conformance__v1__all_types__mfixed64_double_entry__init(&fd[0]);
    fd[0].key = UINT64_MAX; fd[0].value = -0.5;
    SET(m_fixed64_double, fd_p);
#undef SET

    m.choice_case = VELES__CONFORMANCE__V1__ALL_TYPES__CHOICE_O_STRING;
    m.o_string = "chosen";

    size_t size = veles__conformance__v1__all_types__get_packed_size(&m);
    uint8_t *buffer = malloc(size);
    *output_length = veles__conformance__v1__all_types__pack(&m, buffer);
    *output = buffer;
    return 0;
}

/* Thread CPU time, not wall time: a busy machine (parallel builds) then slows neither side's figure. */
static double seconds_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

double cconf_bench_order_decode(const uint8_t *input, size_t length, long iterations) {
    struct timespec start;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    for (long i = 0; i < iterations; i++) {
        Veles__Conformance__V1__BenchmarkOrder *order = veles__conformance__v1__benchmark_order__unpack(NULL, length, input);
        if (order == NULL) return -1;
        veles__conformance__v1__benchmark_order__free_unpacked(order, NULL);
    }
    return seconds_since(&start);
}

double cconf_thread_cpu_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

double cconf_bench_order_encode(const uint8_t *input, size_t length, long iterations) {
    Veles__Conformance__V1__BenchmarkOrder *order = veles__conformance__v1__benchmark_order__unpack(NULL, length, input);
    if (order == NULL) return -1;
    volatile size_t sink = 0;
    struct timespec start;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    for (long i = 0; i < iterations; i++) {
        size_t size = veles__conformance__v1__benchmark_order__get_packed_size(order);
        uint8_t *buffer = malloc(size);
        sink += veles__conformance__v1__benchmark_order__pack(order, buffer);
        free(buffer);
    }
    double elapsed = seconds_since(&start);
    veles__conformance__v1__benchmark_order__free_unpacked(order, NULL);
    return sink > 0 ? elapsed : -1;
}
