/*
 * The four-step FFT's kernels (four-step-fft.h), written with GCC's vector extensions for
 * AVX-512: vectors of VW = 16 floats. Only called where four_step_supported() said the CPU has
 * AVX-512; built only by GCC 12 or later on x86-64 (__builtin_shufflevector, the target pragma).
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC target("avx512f,avx512dq,avx2,fma")

#include <immintrin.h>

#include "four-step-fft.h"

#define VW FOUR_STEP_WIDTH

typedef float vf __attribute__((vector_size(VW * 4)));
/* The same, for buffers that are only 4-byte aligned (the caller's input and output). */
typedef float vf_unaligned __attribute__((vector_size(VW * 4), aligned(4)));
typedef float v8_unaligned __attribute__((vector_size(32), aligned(4)));

/* Lane orders for __builtin_shufflevector(a, b, …), where lane VW + i is b's lane i:
 * EVENS and ODDS split interleaved (re, im) pairs, LO and HI interleave them again, REVERSE
 * reverses a vector, TRANSPOSE<b>_FIRST/SECOND are the stages of a VW × VW transpose (blocks of
 * b lanes swapped between rows b apart), CHUNK<t> is the four real then four imaginary parts of
 * bins 4t … 4t + 3 (PFFFT's own order). */
#define EVENS 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
#define ODDS 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
#define LO 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23
#define HI 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31
#define REVERSE 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0
#define TRANSPOSE1_FIRST 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30
#define TRANSPOSE1_SECOND 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31
#define TRANSPOSE2_FIRST 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29
#define TRANSPOSE2_SECOND 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31
#define TRANSPOSE4_FIRST 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27
#define TRANSPOSE4_SECOND 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31
#define TRANSPOSE8_FIRST 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23
#define TRANSPOSE8_SECOND 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31
#define CHUNK0 0, 1, 2, 3, 16, 17, 18, 19
#define CHUNK1 4, 5, 6, 7, 20, 21, 22, 23
#define CHUNK2 8, 9, 10, 11, 24, 25, 26, 27
#define CHUNK3 12, 13, 14, 15, 28, 29, 30, 31

/*
 * One radix-4 butterfly of a Stockham pass on one vector of each of rows a, b, c, d: outputs to
 * o[0], o[s], o[2s], o[3s], the outputs k = 1..3 turned by the twiddles w[k − 1].
 */
static inline void butterfly4(vf ar, vf ai, vf br, vf bi, vf cr, vf ci, vf dr, vf di,
                              const float *wr, const float *wi, vf *o_r, vf *o_i, int s) {
  const vf apc_r = ar + cr, apc_i = ai + ci, amc_r = ar - cr, amc_i = ai - ci;
  const vf bpd_r = br + dr, bpd_i = bi + di, bmd_r = br - dr, bmd_i = bi - di;
  /* X1 = (a − c) − i(b − d), X2 = (a + c) − (b + d), X3 = (a − c) + i(b − d) */
  const vf t1r = amc_r + bmd_i, t1i = amc_i - bmd_r;
  const vf t2r = apc_r - bpd_r, t2i = apc_i - bpd_i;
  const vf t3r = amc_r - bmd_i, t3i = amc_i + bmd_r;
  o_r[0] = apc_r + bpd_r;
  o_i[0] = apc_i + bpd_i;
  o_r[s] = wr[0] * t1r - wi[0] * t1i;
  o_i[s] = wr[0] * t1i + wi[0] * t1r;
  o_r[2 * s] = wr[1] * t2r - wi[1] * t2i;
  o_i[2 * s] = wr[1] * t2i + wi[1] * t2r;
  o_r[3 * s] = wr[2] * t3r - wi[2] * t3i;
  o_i[3 * s] = wr[2] * t3i + wi[2] * t3r;
}

/*
 * The middle passes of a strip of a column transform: after its first (which reads the strip
 * where it lies and writes x_r, x_i: first_pass_interleaved, first_pass_split) and before its
 * last (last_pass, which hands each output row to the caller). m rows of one vector each,
 * transformed by radix-4 Stockham passes ping-ponging between (x_r, x_i) and (y_r, y_i). Pass l
 * (= m/4, m/16, …) combines rows q + s·(p + k·l/4), k = 0..3, into rows q + s·(4p + k),
 * s = m/l, the outputs k = 1..3 turned by W_l^(p·k). Returns where the result is (its imaginary
 * parts in *result_im); *last_radix is the last pass's: 4 (l = 4, no twiddles) or 2 (log2(m)
 * odd).
 */
static const vf *strip_transform(const FourStepColumns *c, vf *x_r, vf *x_i, vf *y_r, vf *y_i,
                                 const vf **result_im, int *last_radix) {
  const int m = c->m;
  int s = 4;
  size_t at = 3 * (size_t)(m / 4); /* the twiddles of the first pass are behind */
  int l = m / 4;
  for (; l > 4; l /= 4) {
    const int quarter = l / 4;
    const int apart = s * quarter;
    for (int p = 0; p < quarter; p++) {
      const float *wr = c->re + at + 3 * (size_t)p, *wi = c->im + at + 3 * (size_t)p;
      const vf *a_r = x_r + s * p, *a_i = x_i + s * p;
      vf *o_r = y_r + 4 * s * p, *o_i = y_i + 4 * s * p;
      for (int q = 0; q < s; q++) {
        butterfly4(a_r[q], a_i[q], a_r[q + apart], a_i[q + apart], a_r[q + 2 * apart],
                   a_i[q + 2 * apart], a_r[q + 3 * apart], a_i[q + 3 * apart], wr, wi, o_r + q,
                   o_i + q, s);
      }
    }
    at += 3 * (size_t)quarter;
    s *= 4;
    vf *swap = x_r;
    x_r = y_r;
    y_r = swap;
    swap = x_i;
    x_i = y_i;
    y_i = swap;
  }
  *last_radix = l == 4 ? 4 : 2;
  *result_im = x_i;
  return x_r;
}

/* Receives output row `row` of a strip's last pass. */
typedef void (*RowSink)(void *context, int row, vf re, vf im);

/*
 * The last pass of a strip (m rows in x_r, x_i after strip_transform), each output row handed
 * to `sink` instead of stored, so that the caller's own use of the row (a twiddle, the moduli,
 * PFFFT's layout) reads it from registers. Radix 4: rows q + (m/4)·k into rows q + (m/4)·k,
 * with no twiddles (l = 4); radix 2: rows q, q + m/2.
 */
static inline __attribute__((always_inline)) void last_pass(const vf *x_r, const vf *x_i, int m,
                                                            int radix, RowSink sink,
                                                            void *context) {
  if (radix == 4) {
    const int s = m / 4;
    for (int q = 0; q < s; q++) {
      const vf ar = x_r[q], ai = x_i[q], br = x_r[q + s], bi = x_i[q + s];
      const vf cr = x_r[q + 2 * s], ci = x_i[q + 2 * s], dr = x_r[q + 3 * s], di = x_i[q + 3 * s];
      const vf apc_r = ar + cr, apc_i = ai + ci, amc_r = ar - cr, amc_i = ai - ci;
      const vf bpd_r = br + dr, bpd_i = bi + di, bmd_r = br - dr, bmd_i = bi - di;
      sink(context, q, apc_r + bpd_r, apc_i + bpd_i);
      sink(context, q + s, amc_r + bmd_i, amc_i - bmd_r);
      sink(context, q + 2 * s, apc_r - bpd_r, apc_i - bpd_i);
      sink(context, q + 3 * s, amc_r - bmd_i, amc_i + bmd_r);
    }
  } else {
    const int s = m / 2;
    for (int q = 0; q < s; q++) {
      const vf ar = x_r[q], ai = x_i[q], br = x_r[q + s], bi = x_i[q + s];
      sink(context, q, ar + br, ai + bi);
      sink(context, q + s, ar - br, ai - bi);
    }
  }
}

/* Row j of a strip of interleaved (re, im) pairs, rows `stride` floats apart, split, minus
 * `shift` (real and imaginary parts). */
static inline void load_interleaved(const float *strip, size_t stride, int j, vf shift, vf *re,
                                    vf *im) {
  const float *from = strip + stride * (size_t)j;
  const vf a = *(const vf_unaligned *)from - shift, b = *(const vf_unaligned *)(from + VW) - shift;
  *re = __builtin_shufflevector(a, b, EVENS);
  *im = __builtin_shufflevector(a, b, ODDS);
}

/*
 * The first pass of a strip (l = m, s = 1: rows p + k·m/4 into rows 4p + k) read straight from
 * where the strip lies, instead of copying it into the strip's buffer first: here interleaved
 * (re, im) pairs, rows `stride` floats apart (step 1, the caller's input).
 */
static void first_pass_interleaved(const FourStepColumns *c, const float *strip, size_t stride,
                                   float shift, vf *y_r, vf *y_i) {
  const int quarter = c->m / 4;
  const vf by = (vf){} + shift;
  for (int p = 0; p < quarter; p++) {
    vf ar, ai, br, bi, cr, ci, dr, di;
    load_interleaved(strip, stride, p, by, &ar, &ai);
    load_interleaved(strip, stride, p + quarter, by, &br, &bi);
    load_interleaved(strip, stride, p + 2 * quarter, by, &cr, &ci);
    load_interleaved(strip, stride, p + 3 * quarter, by, &dr, &di);
    butterfly4(ar, ai, br, bi, cr, ci, dr, di, c->re + 3 * (size_t)p, c->im + 3 * (size_t)p,
               y_r + 4 * p, y_i + 4 * p, 1);
  }
}

/* The same from split real and imaginary parts, rows `stride` floats apart (step 3, the
 * transposed matrix). */
static void first_pass_split(const FourStepColumns *c, const float *strip_re,
                             const float *strip_im, size_t stride, vf *y_r, vf *y_i) {
  const int quarter = c->m / 4;
  for (int p = 0; p < quarter; p++) {
    const size_t a = stride * (size_t)p, apart = stride * (size_t)quarter;
    butterfly4(*(const vf *)(strip_re + a), *(const vf *)(strip_im + a),
               *(const vf *)(strip_re + a + apart), *(const vf *)(strip_im + a + apart),
               *(const vf *)(strip_re + a + 2 * apart), *(const vf *)(strip_im + a + 2 * apart),
               *(const vf *)(strip_re + a + 3 * apart), *(const vf *)(strip_im + a + 3 * apart),
               c->re + 3 * (size_t)p, c->im + 3 * (size_t)p, y_r + 4 * p, y_i + 4 * p, 1);
  }
}

#define TRANSPOSE_STAGE(b)                                                               \
  for (int row = 0; row < VW; row++) {                                                   \
    if (row & (b)) continue;                                                             \
    const vf first = t[row], second = t[row + (b)];                                      \
    t[row] = __builtin_shufflevector(first, second, TRANSPOSE##b##_FIRST);               \
    t[row + (b)] = __builtin_shufflevector(first, second, TRANSPOSE##b##_SECOND);        \
  }

/* Transposes the VW × VW matrix of rows t[0..VW) in registers. */
static inline void transpose_tile(vf *t) {
  TRANSPOSE_STAGE(1)
  TRANSPOSE_STAGE(2)
  TRANSPOSE_STAGE(4)
  TRANSPOSE_STAGE(8)
}

/* Stores bins b … b + VW − 1 (b a multiple of VW) in PFFFT's own order: n/4 vectors of eight
 * floats, vector v holding the four real then four imaginary parts of bins 4g … 4g + 3 for
 * g = ⌊v/4⌋ + (v mod 4)·n/16, that is v = 4·(g mod n/16) + ⌊g/(n/16)⌋, n/16 = 2^log2_quarter. */
static inline void store_unordered(float *output, int log2_quarter, size_t b, vf re, vf im) {
  const size_t g = b / 4;
  const size_t in_quarter = g & (((size_t)1 << log2_quarter) - 1);
  float *at = output + 8 * (4 * in_quarter + (g >> log2_quarter));
  /* The four groups lie in one quarter (4 divides n/16), 4 vectors apart. */
  *(v8_unaligned *)(at) = __builtin_shufflevector(re, im, CHUNK0);
  *(v8_unaligned *)(at + 32) = __builtin_shufflevector(re, im, CHUNK1);
  *(v8_unaligned *)(at + 64) = __builtin_shufflevector(re, im, CHUNK2);
  *(v8_unaligned *)(at + 96) = __builtin_shufflevector(re, im, CHUNK3);
}

/* `lanes`, the values of bins b … b + VW − 1, into values[bin − first] for the bins in
 * [first, first + count). */
static inline void store_bins(float *values, const FourStepBins *range, size_t b, vf lanes) {
  const long lead = (long)range->first - (long)b; /* lanes [lead, tail) are wanted */
  const long tail = lead + range->count;
  if (lead <= 0 && tail >= VW) {
    *(vf_unaligned *)(values + (b - (size_t)range->first)) = lanes;
  } else if (tail > 0 && lead < VW) {
    float each[VW];
    *(vf_unaligned *)each = lanes;
    for (long t = lead > 0 ? lead : 0; t < (tail < VW ? tail : VW); t++) {
      values[(long)b + t - range->first] = each[t];
    }
  }
}

/* Rows of a strip's last pass stored for step 2 (store_row). */
typedef struct {
  vf *re, *im;
} RowStore;

static inline void store_row(void *context, int row, vf re, vf im) {
  const RowStore *rows = context;
  rows->re[row] = re;
  rows->im[row] = im;
}

/* Where step 3's last passes put bins n1·k2 + k1 … + VW − 1 (k2 the pass's row), by layout. */
typedef struct {
  float *output;
  int log2_quarter;
  int n1, k1;
  const FourStepBins *range;
  float *split_re, *split_im;
} BinSink;

static inline size_t bin_of(const BinSink *bins, int k2) {
  return (size_t)bins->n1 * (size_t)k2 + (size_t)bins->k1;
}

static inline void sink_ordered(void *context, int k2, vf re, vf im) {
  const BinSink *bins = context;
  float *at = bins->output + 2 * bin_of(bins, k2);
  *(vf_unaligned *)at = __builtin_shufflevector(re, im, LO);
  *(vf_unaligned *)(at + VW) = __builtin_shufflevector(re, im, HI);
}

static inline void sink_unordered(void *context, int k2, vf re, vf im) {
  const BinSink *bins = context;
  store_unordered(bins->output, bins->log2_quarter, bin_of(bins, k2), re, im);
}

static inline void sink_moduli(void *context, int k2, vf re, vf im) {
  const BinSink *bins = context;
  const vf shifted = re + bins->range->offset;
  const vf modulus = (vf)_mm512_sqrt_ps((__m512)(shifted * shifted + im * im));
  store_bins(bins->output, bins->range, bin_of(bins, k2), modulus);
}

static inline void sink_real_parts(void *context, int k2, vf re, vf im) {
  (void)im;
  const BinSink *bins = context;
  store_bins(bins->output, bins->range, bin_of(bins, k2), re + bins->range->offset);
}

static inline void sink_split(void *context, int k2, vf re, vf im) {
  const BinSink *bins = context;
  *(vf *)(bins->split_re + bin_of(bins, k2)) = re;
  *(vf *)(bins->split_im + bin_of(bins, k2)) = im;
}

/* The complex transform of plan->complex_n points of input − shift (four-step-fft.h), into
 * `output` in `layout` (for FOUR_STEP_TO_SPLIT, the scratch's split spectrum; for
 * FOUR_STEP_TO_MODULI and FOUR_STEP_TO_REAL_PARTS, the values of the bins in `range`). */
void four_step_complex(const FourStepPlan *plan, const float *input, float shift, float *output,
                       int layout, const FourStepBins *range) {
  const int n1 = plan->n1, n2 = plan->n2, m = plan->complex_n;
  const size_t row = (size_t)n1 + VW; /* the transposed matrix's row stride */
  const FourStepScratch regions = four_step_scratch(n1, n2, m);
  float *t_re = plan->scratch + regions.transposed_re, *t_im = plan->scratch + regions.transposed_im;
  const int longest = n1 > n2 ? n1 : n2;
  vf *s_re = (vf *)(plan->scratch + regions.strips), *s_im = s_re + longest;
  vf *u_re = s_im + longest, *u_im = u_re + longest;
  const vf *r_im;
  /* Steps 1 and 2: column transforms of x[n2·j1 + j2], turned and transposed. */
  for (int j2 = 0; j2 < n2; j2 += VW) {
    first_pass_interleaved(&plan->columns1, input + 2 * (size_t)j2, 2 * (size_t)n2, shift, s_re,
                           s_im);
    int radix;
    const vf *x_re = strip_transform(&plan->columns1, s_re, s_im, u_re, u_im, &r_im, &radix);
    /* The last pass into the other buffer, where the tiles below read it. */
    const RowStore rows = {x_re == s_re ? u_re : s_re, x_re == s_re ? u_im : s_im};
    last_pass(x_re, r_im, n1, radix, store_row, (void *)&rows);
    const vf *r_re = rows.re;
    r_im = rows.im;
    for (int k0 = 0; k0 < n1; k0 += VW) {
      vf tile_re[VW], tile_im[VW];
      for (int r = 0; r < VW; r++) {
        const size_t at = (size_t)(k0 + r) * n2 + j2;
        const vf wr = *(const vf *)(plan->rotation_re + at), wi = *(const vf *)(plan->rotation_im + at);
        const vf xr = r_re[k0 + r], xi = r_im[k0 + r];
        tile_re[r] = xr * wr - xi * wi;
        tile_im[r] = xr * wi + xi * wr;
      }
      transpose_tile(tile_re);
      transpose_tile(tile_im);
      for (int r = 0; r < VW; r++) {
        const size_t at = (size_t)(j2 + r) * row + k0;
        *(vf *)(t_re + at) = tile_re[r];
        *(vf *)(t_im + at) = tile_im[r];
      }
    }
  }
  /* Step 3: column transforms of the transposed matrix: X[k1 + n1·k2], each bin's vector handed
   * by the last pass to the layout's sink. */
  BinSink bins = {output, four_step_log2(m) - 4, n1, 0, range, plan->scratch + regions.split_re,
                  plan->scratch + regions.split_im};
  for (int k1 = 0; k1 < n1; k1 += VW) {
    first_pass_split(&plan->columns2, t_re + k1, t_im + k1, row, s_re, s_im);
    int radix;
    const vf *x_re = strip_transform(&plan->columns2, s_re, s_im, u_re, u_im, &r_im, &radix);
    bins.k1 = k1;
    /* One call per layout, so that each inlines its own sink. */
    if (layout == FOUR_STEP_TO_ORDERED) {
      last_pass(x_re, r_im, n2, radix, sink_ordered, &bins);
    } else if (layout == FOUR_STEP_TO_UNORDERED) {
      last_pass(x_re, r_im, n2, radix, sink_unordered, &bins);
    } else if (layout == FOUR_STEP_TO_MODULI) {
      last_pass(x_re, r_im, n2, radix, sink_moduli, &bins);
    } else if (layout == FOUR_STEP_TO_REAL_PARTS) {
      last_pass(x_re, r_im, n2, radix, sink_real_parts, &bins);
    } else {
      last_pass(x_re, r_im, n2, radix, sink_split, &bins);
    }
  }
}

/*
 * A real transform of n = 2m points: Z = DFT_m(x[2j] + i·x[2j+1]), then for each k < m
 * X[k] = E + W_n^k·O with E = (Z[k] + conj Z[m−k])/2 and O = (Z[k] − conj Z[m−k])/(2i), and
 * X[m] = Re Z[0] − Im Z[0], written in PFFFT's ordered real layout.
 */
void four_step_real(const FourStepPlan *plan, const float *input, float shift, float *output) {
  const int m = plan->complex_n;
  four_step_complex(plan, input, shift, NULL, FOUR_STEP_TO_SPLIT, NULL);
  const FourStepScratch regions = four_step_scratch(plan->n1, plan->n2, m);
  float *z_re = plan->scratch + regions.split_re, *z_im = plan->scratch + regions.split_im;
  z_re[m] = z_re[0]; /* Z is periodic: Z[m − 0] = Z[0] */
  z_im[m] = z_im[0];
  const vf half = (vf){} + 0.5f;
  for (int k = 0; k < m; k += VW) {
    const vf ar = *(const vf *)(z_re + k), ai = *(const vf *)(z_im + k);
    /* conj Z[m − k − i] for lanes i, read backwards from m − k − VW + 1 */
    const vf br = __builtin_shufflevector(*(const vf_unaligned *)(z_re + m - k - VW + 1),
                                          *(const vf_unaligned *)(z_re + m - k - VW + 1), REVERSE);
    const vf bi = -__builtin_shufflevector(*(const vf_unaligned *)(z_im + m - k - VW + 1),
                                           *(const vf_unaligned *)(z_im + m - k - VW + 1), REVERSE);
    const vf er = (ar + br) * half, ei = (ai + bi) * half;
    const vf odd_r = (ai - bi) * half, odd_i = (br - ar) * half;
    const vf wr = *(const vf *)(plan->split_re + k), wi = *(const vf *)(plan->split_im + k);
    const vf xr = er + wr * odd_r - wi * odd_i, xi = ei + wr * odd_i + wi * odd_r;
    *(vf_unaligned *)(output + 2 * (size_t)k) = __builtin_shufflevector(xr, xi, LO);
    *(vf_unaligned *)(output + 2 * (size_t)k + VW) = __builtin_shufflevector(xr, xi, HI);
  }
  output[1] = z_re[0] - z_im[0];
}

double four_step_sum(const float *input, int n) {
  /* Four float64 sums of eight lanes each, so that no addition waits on the one before it. */
  __m512d sums[4] = {_mm512_setzero_pd(), _mm512_setzero_pd(), _mm512_setzero_pd(),
                     _mm512_setzero_pd()};
  int j = 0;
  for (; j + 32 <= n; j += 32) {
    const __m512 a = (__m512)*(const vf_unaligned *)(input + j);
    const __m512 b = (__m512)*(const vf_unaligned *)(input + j + VW);
    sums[0] = _mm512_add_pd(sums[0], _mm512_cvtps_pd(_mm512_castps512_ps256(a)));
    sums[1] = _mm512_add_pd(sums[1], _mm512_cvtps_pd(_mm512_extractf32x8_ps(a, 1)));
    sums[2] = _mm512_add_pd(sums[2], _mm512_cvtps_pd(_mm512_castps512_ps256(b)));
    sums[3] = _mm512_add_pd(sums[3], _mm512_cvtps_pd(_mm512_extractf32x8_ps(b, 1)));
  }
  double total = _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(sums[0], sums[1]),
                                                    _mm512_add_pd(sums[2], sums[3])));
  for (; j < n; j++) total += input[j];
  return total;
}

#endif
