/*
 * Scatterscope's own forward FFTs for the sizes the engine spends most of its time on, written
 * for AVX-512 (PFFFT is four-wide SSE code): a four-step transform (Bailey's), each step
 * a radix-4 Stockham FFT run down the columns of a matrix, so that every butterfly works on
 * whole vectors of neighbouring columns and needs no shuffle. The outputs are laid out exactly
 * as PFFFT's own (ordered real, ordered and unordered complex), so the engine's kernels read
 * them unchanged; pffft-addon.c picks them where they apply and PFFFT elsewhere. Against native
 * PFFFT on the same machine (bench/results.md, FFT choice): 1.5 to 2.4 times as fast from 1024
 * to 65 536 real points and 2.1 to 2.5 times from 1024 to 32 768 complex ones (with the moduli
 * the engine takes), and no faster above, where a strip's two buffers outgrow the first-level
 * cache.
 *
 * A complex transform of n = n1·n2 points (n1 = 2^⌊log2(n)/2⌋) on x[n2·j1 + j2]:
 *   1. for each column j2, B[k1][j2] = DFT over j1 of size n1,
 *   2. times W_n^(j2·k1), transposed,
 *   3. for each k1, X[k1 + n1·k2] = DFT over j2 of size n2.
 * Each step goes through the matrix in strips of one vector's width, so a strip's passes stay
 * in the first-level cache. A real transform of n points is the complex one of n/2 points on
 * (x[2j], x[2j+1]) and one pass that separates the even and odd halves.
 */
#ifndef FOUR_STEP_FFT_H
#define FOUR_STEP_FFT_H

#include <stddef.h>

/* The twiddle factors of one column transform of m points (radix-4 passes, one radix-2 pass at
 * the end when log2(m) is odd): for pass l = m, m/4, …, 4 and p < l/4, W_l^(p·k) for k = 1..3. */
typedef struct {
  int m;
  float *re;
  float *im;
} FourStepColumns;

typedef struct {
  /* Points of the transform, and of the complex transform that computes it (n/2 when real). */
  int n;
  int real;
  int complex_n;
  int n1, n2;
  FourStepColumns columns1, columns2;
  /* W_n^(k1·j2) at [k1·n2 + j2] (complex_n values each). */
  float *rotation_re, *rotation_im;
  /* Real transforms: W_n^k for k < n/2, to separate the even and odd halves. */
  float *split_re, *split_im;
  /* Scratch owned by the plan (plans belong to one thread), 64-byte aligned. */
  float *scratch;
} FourStepPlan;

/* Floats per vector of the kernels (AVX-512). */
#define FOUR_STEP_WIDTH 16

/* Where the scratch's regions start, in floats, each on a 64-byte boundary: the transposed
 * matrix of step 2 (n2 rows of n1 values, rows `width` apart more than n1 so that the strips'
 * rows do not all fall in the same cache sets), four strips of max(n1, n2) vectors, and for a
 * real transform the split complex spectrum (with one more vector: Z[m] = Z[0]). */
typedef struct {
  size_t transposed_re, transposed_im, strips, split_re, split_im, total;
} FourStepScratch;

static inline size_t four_step_round_up(size_t floats) { return (floats + 15) & ~(size_t)15; }

/* log2 of a power of two */
static inline int four_step_log2(int m) {
  int bits = 0;
  while ((1 << bits) < m) bits++;
  return bits;
}

static inline FourStepScratch four_step_scratch(int n1, int n2, int complex_n) {
  const int width = FOUR_STEP_WIDTH;
  FourStepScratch s;
  const size_t matrix = four_step_round_up((size_t)n2 * (size_t)(n1 + width));
  const size_t longest = (size_t)(n1 > n2 ? n1 : n2);
  const size_t half = four_step_round_up((size_t)complex_n + (size_t)width);
  s.transposed_re = 0;
  s.transposed_im = matrix;
  s.strips = 2 * matrix;
  s.split_re = s.strips + 4 * longest * (size_t)width;
  s.split_im = s.split_re + half;
  s.total = s.split_im + half;
  return s;
}

/* Whether this build and CPU run the kernels (AVX-512 F and DQ, a GCC 12 or later build). */
int four_step_supported(void);

/* A plan for a forward transform of n points, or NULL where these transforms do not apply (n
 * not a power of two, or outside the sizes where they are faster than PFFFT: complex 256 to
 * 32 768 points, real 512 to 65 536) or are not supported, or memory ran out. */
FourStepPlan *four_step_new(int n, int real);
void four_step_free(FourStepPlan *plan);

/* Forward transform, `input` and `output` anywhere (4-byte aligned), not overlapping. Complex:
 * n interleaved (re, im) pairs in and out, output ordered or in PFFFT's own order. Real: n
 * samples in, PFFFT's ordered real layout out ([X0, X(n/2), Re X1, Im X1, …]). */
void four_step_forward(const FourStepPlan *plan, const float *input, float *output, int ordered);

/* The values the engine takes from a complex plan's transform instead of the transform:
 * values[i] = |X[first + i] + offset| when `modulus` is set (a band-pass output), else
 * Re X[first + i] + offset (a low-pass one), for i < count (offset real, first + count ≤ n),
 * without writing the spectrum out and reading it back. */
void four_step_bin_values(const FourStepPlan *plan, const float *input, float *values, int first,
                          int count, float offset, int modulus);

/* A real plan's transform of input[j] − c (PFFFT's ordered real layout), where c is the mean
 * of the n samples rounded to float32 when `centre` is set (returned), else 0: the engine's
 * blocks are centred before their transform (their moduli's large mean would otherwise swamp
 * the small band-pass outputs in float32 round-off), and doing it here spares the block a copy
 * and two passes. */
float four_step_real_centred(const FourStepPlan *plan, const float *input, float *output,
                             int centre);

/* What four_step_complex writes: PFFFT's two layouts, split (re then im, natural order) into
 * the plan's scratch for the real transform's last pass, or a range of bins' moduli or real
 * parts. */
enum {
  FOUR_STEP_TO_UNORDERED = 0,
  FOUR_STEP_TO_ORDERED = 1,
  FOUR_STEP_TO_SPLIT = 2,
  FOUR_STEP_TO_MODULI = 3,
  FOUR_STEP_TO_REAL_PARTS = 4
};

/* The bins whose values FOUR_STEP_TO_MODULI and FOUR_STEP_TO_REAL_PARTS write, and the real
 * offset added first. */
typedef struct {
  int first, count;
  float offset;
} FourStepBins;

/* The kernels (four-step-kernels.c); `range` only for FOUR_STEP_TO_MODULI and
 * FOUR_STEP_TO_REAL_PARTS; `shift` is subtracted from every input value (real and imaginary
 * parts) as it is read. */
void four_step_complex(const FourStepPlan *plan, const float *input, float shift, float *output,
                       int layout, const FourStepBins *range);
void four_step_real(const FourStepPlan *plan, const float *input, float shift, float *output);
/* Σ input[j] for j < n, summed in float64. */
double four_step_sum(const float *input, int n);

#endif
