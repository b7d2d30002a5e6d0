/*
 * PFFFT (Julien Pommier's FFT, shipped as C source in @echogarden/pffft-wasm) compiled natively,
 * as a Node-API addon: the same transforms as the package's WebAssembly build, with the CPU's
 * own SIMD instructions (SSE on x86-64; PFFFT also has NEON and AltiVec code) instead of
 * WebAssembly SIMD: up to 1.35 times faster per transform, 1.15 to 1.22 times on the whole
 * engine (bench/results.md).
 *
 * The transforms work in place on the WebAssembly module's memory, where the engine keeps its
 * blocks and where its other SIMD kernels read and write (src/dsp/fft/pffft-backend.ts): every
 * call takes that memory's current ArrayBuffer and byte addresses into it, and checks that the
 * transform's buffers lie inside it, so a bad address throws instead of corrupting memory.
 *
 * Where the CPU has AVX-512, forward transforms of the sizes the engine spends most of its time
 * on run on Scatterscope's own four-step FFT instead (four-step-fft.h), in PFFFT's own layouts.
 *
 *   newSetup(size, complex[, fourStep = true]) -> setup id (0: PFFFT has no plan of that size)
 *   transform(buffer, setup, input, output, work, direction, ordered)
 *   fourStepSupported() -> whether this build and CPU run the four-step transforms
 *   usesFourStep(setup) -> whether that plan's forward transforms are four-step ones
 *   binValues(buffer, setup, input, values, first, count, offset, modulus): a four-step
 *     complex plan's |X[first + i] + offset| (modulus true) or Re X[first + i] + offset (false)
 *     for i < count, at `values` (4-byte aligned), instead of X
 *   realFrom(buffer, setup, block, output, centre) -> c: a four-step real plan's transform of
 *     block[j] − c into `output`, `block` a Float32Array of the plan's size anywhere (read where
 *     it lies, not copied into the memory first), c its mean rounded to float32 when `centre`
 *     is true, else 0
 */
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "four-step-fft.h"
#include "pffft.h"

/* Plans are made once per size and kind and never freed: the engine caches them per thread. */
typedef struct {
  PFFFT_Setup *setup;
  /* The forward transform on the four-step FFT, or NULL: PFFFT's. */
  FourStepPlan *four_step;
  /* Floats in each of the transform's buffers: n (real) or 2n (complex). */
  size_t floats;
  int complex;
} Plan;

#define MAX_PLANS 4096

typedef struct {
  Plan plans[MAX_PLANS];
  int32_t count; /* plans[0] stays empty: setup id 0 means "no plan" */
} AddonState;

static napi_value throw_error(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

static int int_arg(napi_env env, napi_value value, int32_t *out) {
  return napi_get_value_int32(env, value, out) == napi_ok;
}

static napi_value new_setup(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  AddonState *state;
  napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&state);
  int32_t size, complex;
  bool four_step = true;
  if (argc < 2 || !int_arg(env, argv[0], &size) || !int_arg(env, argv[1], &complex) ||
      (argc > 2 && napi_get_value_bool(env, argv[2], &four_step) != napi_ok)) {
    return throw_error(env, "newSetup(size, complex[, fourStep]) takes two integers and a boolean");
  }
  if (state->count >= MAX_PLANS) return throw_error(env, "too many PFFFT plans");
  int32_t id = 0;
  /* PFFFT with SIMD asserts (aborting the process) on real sizes that are not multiples of 32
   * and complex ones not of 16; the cap keeps 2n floats' bytes within an int32 address. */
  int valid = size > 0 && size <= (1 << 26) && size % (complex ? 16 : 32) == 0;
  PFFFT_Setup *setup = valid ? pffft_new_setup(size, complex ? PFFFT_COMPLEX : PFFFT_REAL) : NULL;
  if (setup != NULL) {
    id = state->count++;
    state->plans[id].setup = setup;
    state->plans[id].four_step = four_step ? four_step_new(size, !complex) : NULL;
    state->plans[id].floats = (size_t)size * (complex ? 2 : 1);
    state->plans[id].complex = complex != 0;
  }
  napi_value result;
  napi_create_int32(env, id, &result);
  return result;
}

/* Whether `floats` float32 values at byte `address` of `base` lie inside its `length` bytes, on
 * a 16-byte boundary (PFFFT's SIMD loads need it). */
static int inside(const uint8_t *base, int32_t address, size_t floats, size_t length) {
  return address >= 0 && ((uintptr_t)(base + address) & 15) == 0 &&
         (size_t)address + 4 * floats <= length;
}

/* A call's `count` arguments and the addon's state; 0 (an error thrown) unless it got that many. */
static int call_args(napi_env env, napi_callback_info info, size_t count, napi_value *argv,
                     AddonState **state, const char *name) {
  size_t argc = count;
  napi_get_cb_info(env, info, &argc, argv, NULL, (void **)state);
  if (argc == count) return 1;
  char message[80];
  snprintf(message, sizeof message, "%s takes %zu arguments", name, count);
  throw_error(env, message);
  return 0;
}

/* The bytes of a live ArrayBuffer argument (its length in *length), or NULL (an error thrown). */
static uint8_t *memory_arg(napi_env env, napi_value value, size_t *length, const char *name) {
  void *data = NULL;
  if (napi_get_arraybuffer_info(env, value, &data, length) != napi_ok || data == NULL) {
    char message[80];
    snprintf(message, sizeof message, "%s: the memory is not a live ArrayBuffer", name);
    throw_error(env, message);
    return NULL;
  }
  return data;
}

/* The plan of a setup id argument, or NULL (an error thrown). */
static const Plan *plan_arg(napi_env env, AddonState *state, napi_value value, const char *name) {
  int32_t id;
  if (!int_arg(env, value, &id) || id <= 0 || id >= state->count) {
    char message[80];
    snprintf(message, sizeof message, "%s: unknown setup", name);
    throw_error(env, message);
    return NULL;
  }
  return &state->plans[id];
}

static napi_value transform(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  AddonState *state;
  if (!call_args(env, info, 7, argv, &state, "transform")) return NULL;
  int32_t numbers[5];
  for (int i = 0; i < 5; i++) {
    if (!int_arg(env, argv[i + 2], &numbers[i])) {
      return throw_error(env, "transform: addresses, direction and ordered are integers");
    }
  }
  size_t length = 0;
  uint8_t *base = memory_arg(env, argv[0], &length, "transform");
  if (base == NULL) return NULL;
  const Plan *plan = plan_arg(env, state, argv[1], "transform");
  if (plan == NULL) return NULL;
  if (!inside(base, numbers[0], plan->floats, length) ||
      !inside(base, numbers[1], plan->floats, length) ||
      !inside(base, numbers[2], plan->floats, length)) {
    return throw_error(env, "transform: a buffer lies outside the memory or is not 16-byte aligned");
  }
  float *input = (float *)(base + numbers[0]);
  float *output = (float *)(base + numbers[1]);
  float *work = (float *)(base + numbers[2]);
  pffft_direction_t direction = numbers[3] ? PFFFT_BACKWARD : PFFFT_FORWARD;
  const int ordered = numbers[4] != 0;
  /* The four-step transforms are forward, in PFFFT's ordered real and both complex layouts. */
  if (plan->four_step != NULL && direction == PFFFT_FORWARD && (ordered || plan->complex)) {
    four_step_forward(plan->four_step, input, output, ordered);
  } else if (ordered) {
    pffft_transform_ordered(plan->setup, input, output, work, direction);
  } else {
    pffft_transform(plan->setup, input, output, work, direction);
  }
  return NULL;
}

static napi_value uses_four_step(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  AddonState *state;
  if (!call_args(env, info, 1, argv, &state, "usesFourStep")) return NULL;
  const Plan *plan = plan_arg(env, state, argv[0], "usesFourStep");
  if (plan == NULL) return NULL;
  napi_value result;
  napi_get_boolean(env, plan->four_step != NULL, &result);
  return result;
}

/* A call on a four-step plan: its `count` arguments, the memory (first argument: its bytes in
 * *base, their number in *length) and the plan of the setup (second), which must be a four-step
 * complex or real one as `complex` says; NULL (an error thrown) otherwise. */
static const Plan *four_step_call(napi_env env, napi_callback_info info, size_t count,
                                  napi_value *argv, int complex, const char *name, uint8_t **base,
                                  size_t *length) {
  AddonState *state;
  if (!call_args(env, info, count, argv, &state, name)) return NULL;
  *base = memory_arg(env, argv[0], length, name);
  if (*base == NULL) return NULL;
  const Plan *plan = plan_arg(env, state, argv[1], name);
  if (plan == NULL) return NULL;
  if (plan->four_step == NULL || plan->complex != complex) {
    char message[80];
    snprintf(message, sizeof message, "%s: the setup is not a four-step %s transform", name,
             complex ? "complex" : "real");
    throw_error(env, message);
    return NULL;
  }
  return plan;
}

static napi_value bin_values(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  size_t length = 0;
  uint8_t *base = NULL;
  const Plan *plan = four_step_call(env, info, 8, argv, 1, "binValues", &base, &length);
  if (plan == NULL) return NULL;
  int32_t input, out, first, count;
  double offset;
  bool modulus;
  if (!int_arg(env, argv[2], &input) || !int_arg(env, argv[3], &out) ||
      !int_arg(env, argv[4], &first) || !int_arg(env, argv[5], &count) ||
      napi_get_value_double(env, argv[6], &offset) != napi_ok ||
      napi_get_value_bool(env, argv[7], &modulus) != napi_ok) {
    return throw_error(env, "binValues: addresses, first and count are integers, offset a "
                            "number, modulus a boolean");
  }
  const int n = plan->four_step->n;
  if (first < 0 || count < 0 || first > n - count) {
    return throw_error(env, "binValues: the bins lie outside the transform");
  }
  if (!inside(base, input, plan->floats, length) || out < 0 || (out & 3) != 0 ||
      (size_t)out + 4 * (size_t)count > length) {
    return throw_error(env, "binValues: a buffer lies outside the memory or is not aligned");
  }
  four_step_bin_values(plan->four_step, (const float *)(base + input), (float *)(base + out),
                       first, count, (float)offset, modulus);
  return NULL;
}

static napi_value real_from(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  size_t length = 0;
  uint8_t *base = NULL;
  const Plan *plan = four_step_call(env, info, 5, argv, 0, "realFrom", &base, &length);
  if (plan == NULL) return NULL;
  napi_typedarray_type type;
  size_t samples = 0;
  void *block = NULL;
  if (napi_get_typedarray_info(env, argv[2], &type, &samples, &block, NULL, NULL) != napi_ok ||
      type != napi_float32_array || (block == NULL && samples > 0)) {
    return throw_error(env, "realFrom: the block is not a Float32Array");
  }
  if (samples != plan->floats) {
    return throw_error(env, "realFrom: the block's length is not the transform's size");
  }
  int32_t output;
  bool centre;
  if (!int_arg(env, argv[3], &output) || napi_get_value_bool(env, argv[4], &centre) != napi_ok) {
    return throw_error(env, "realFrom: the output is an integer address, centre a boolean");
  }
  if (!inside(base, output, plan->floats, length)) {
    return throw_error(env,
                       "realFrom: the output lies outside the memory or is not 16-byte aligned");
  }
  const float mean =
      four_step_real_centred(plan->four_step, block, (float *)(base + output), centre);
  napi_value result;
  napi_create_double(env, mean, &result);
  return result;
}

static napi_value four_step_supported_js(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_get_boolean(env, four_step_supported(), &result);
  return result;
}

static void free_state(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  AddonState *state = data;
  for (int32_t i = 1; i < state->count; i++) {
    pffft_destroy_setup(state->plans[i].setup);
    four_step_free(state->plans[i].four_step);
  }
  free(state);
}

/* One state per JavaScript context: each worker thread loading the addon gets its own plans. */
NAPI_MODULE_INIT() {
  AddonState *state = calloc(1, sizeof(AddonState));
  if (state == NULL) return NULL;
  state->count = 1;
  napi_set_instance_data(env, state, free_state, NULL);
  napi_property_descriptor properties[] = {
      {"newSetup", NULL, new_setup, NULL, NULL, NULL, napi_default, state},
      {"transform", NULL, transform, NULL, NULL, NULL, napi_default, state},
      {"fourStepSupported", NULL, four_step_supported_js, NULL, NULL, NULL, napi_default, NULL},
      {"usesFourStep", NULL, uses_four_step, NULL, NULL, NULL, napi_default, state},
      {"binValues", NULL, bin_values, NULL, NULL, NULL, napi_default, state},
      {"realFrom", NULL, real_from, NULL, NULL, NULL, napi_default, state},
  };
  napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
  return exports;
}
