/* Plans and dispatch of the four-step FFTs (four-step-fft.h). */
#include "four-step-fft.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#define FOUR_STEP_KERNELS 1
#else
#define FOUR_STEP_KERNELS 0
#endif

int four_step_supported(void) {
#if FOUR_STEP_KERNELS
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
#else
  return 0;
#endif
}

/* The sizes where the four-step transforms are faster than PFFFT (bench/results.md). */
static int four_step_applies(int n, int real) {
  return n > 0 && (n & (n - 1)) == 0 && n >= (real ? 512 : 256) && n <= (real ? 65536 : 32768);
}

static float *aligned_floats(size_t count) {
  size_t bytes = four_step_round_up(count) * sizeof(float);
  return aligned_alloc(64, bytes == 0 ? 64 : bytes);
}

/* exp(-2πi·k/n) for an exact k < n, in double before rounding to float. */
static void unit_root(long k, long n, float *re, float *im) {
  const double angle = -2.0 * M_PI * (double)k / (double)n;
  *re = (float)cos(angle);
  *im = (float)sin(angle);
}

static int columns_init(FourStepColumns *c, int m) {
  size_t total = 0;
  for (int l = m; l >= 4; l /= 4) total += 3 * (size_t)(l / 4);
  c->m = m;
  c->re = aligned_floats(total + 1);
  c->im = aligned_floats(total + 1);
  if (c->re == NULL || c->im == NULL) return 0;
  size_t at = 0;
  for (int l = m; l >= 4; l /= 4) {
    for (int p = 0; p < l / 4; p++) {
      for (int k = 1; k <= 3; k++, at++) unit_root((long)p * k, l, &c->re[at], &c->im[at]);
    }
  }
  return 1;
}

void four_step_free(FourStepPlan *plan) {
  if (plan == NULL) return;
  free(plan->columns1.re);
  free(plan->columns1.im);
  free(plan->columns2.re);
  free(plan->columns2.im);
  free(plan->rotation_re);
  free(plan->rotation_im);
  free(plan->split_re);
  free(plan->split_im);
  free(plan->scratch);
  free(plan);
}

FourStepPlan *four_step_new(int n, int real) {
  if (!four_step_applies(n, real) || !four_step_supported()) return NULL;
  FourStepPlan *plan = calloc(1, sizeof(FourStepPlan));
  if (plan == NULL) return NULL;
  const int m = real ? n / 2 : n;
  const int log2m = four_step_log2(m);
  plan->n = n;
  plan->real = real;
  plan->complex_n = m;
  plan->n1 = 1 << (log2m / 2);
  plan->n2 = m / plan->n1;
  const FourStepScratch s = four_step_scratch(plan->n1, plan->n2, m);
  plan->rotation_re = aligned_floats((size_t)m);
  plan->rotation_im = aligned_floats((size_t)m);
  plan->scratch = aligned_floats(s.total);
  int ok = plan->rotation_re != NULL && plan->rotation_im != NULL && plan->scratch != NULL &&
           columns_init(&plan->columns1, plan->n1) && columns_init(&plan->columns2, plan->n2);
  if (ok && real) {
    plan->split_re = aligned_floats((size_t)m);
    plan->split_im = aligned_floats((size_t)m);
    ok = plan->split_re != NULL && plan->split_im != NULL;
  }
  if (!ok) {
    four_step_free(plan);
    return NULL;
  }
  memset(plan->scratch, 0, s.total * sizeof(float));
  for (int k1 = 0; k1 < plan->n1; k1++) {
    for (int j2 = 0; j2 < plan->n2; j2++) {
      const size_t at = (size_t)k1 * plan->n2 + j2;
      unit_root(((long)k1 * j2) % m, m, &plan->rotation_re[at], &plan->rotation_im[at]);
    }
  }
  if (real) {
    for (int k = 0; k < m; k++) unit_root(k, n, &plan->split_re[k], &plan->split_im[k]);
  }
  return plan;
}

void four_step_forward(const FourStepPlan *plan, const float *input, float *output, int ordered) {
#if FOUR_STEP_KERNELS
  if (plan->real) four_step_real(plan, input, 0.0f, output);
  else four_step_complex(plan, input, 0.0f, output,
                         ordered ? FOUR_STEP_TO_ORDERED : FOUR_STEP_TO_UNORDERED, NULL);
#else
  (void)plan;
  (void)input;
  (void)output;
  (void)ordered;
#endif
}

void four_step_bin_values(const FourStepPlan *plan, const float *input, float *values, int first,
                          int count, float offset, int modulus) {
#if FOUR_STEP_KERNELS
  const FourStepBins bins = {first, count, offset};
  four_step_complex(plan, input, 0.0f, values,
                    modulus ? FOUR_STEP_TO_MODULI : FOUR_STEP_TO_REAL_PARTS, &bins);
#else
  (void)plan;
  (void)input;
  (void)values;
  (void)first;
  (void)count;
  (void)offset;
  (void)modulus;
#endif
}

float four_step_real_centred(const FourStepPlan *plan, const float *input, float *output,
                             int centre) {
#if FOUR_STEP_KERNELS
  const float mean = centre ? (float)(four_step_sum(input, plan->n) / plan->n) : 0.0f;
  four_step_real(plan, input, mean, output);
  return mean;
#else
  (void)plan;
  (void)input;
  (void)output;
  (void)centre;
  return 0.0f;
#endif
}
