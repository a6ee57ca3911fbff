# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled loops of the alignment core (Cython): plain arrays in, plain arrays out.

Every function here is a loop over cells, sentences or links that NumPy cannot vectorise. The
Python modules around them (:mod:`.costs`, :mod:`.search`, :mod:`.similarity`, :mod:`.model1`) say
what each computes; nothing here does I/O or keeps state (the ``-log erfc`` table is a constant
filled once at import). Sparse matrices arrive as CSR arrays (``ptr``,
``idx`` as int32, values as float32); index arrays are int64, values float64.
"""

from libc.math cimport INFINITY, exp, fabs, log, log1p, sqrt
from libc.stdint cimport int8_t, int32_t, int64_t
from libc.stdlib cimport free, malloc

import numpy as np

# --- the bead cost model --------------------------------------------------------------------------

cdef double _INVERSE_SQRT2 = 0.7071067811865476
# Numerical Recipes' erfcc: erfc(z) = t·exp(-z² + poly(t)), t = 1/(1 + z/2), fractional error < 1.2e-7
# (coefficients in Horner order, highest power first).
cdef double[10] _HORNER = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807,
                           -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223]
# -log erfc(z) tabulated every 1/_STEPS up to _Z_TABLE and interpolated linearly (error under 3e-7
# nats, the curve bending by at most 2 per unit²); beyond the table it is computed.
cdef enum:
    _STEPS = 1024
    _TABLE_SIZE = 16 * 1024 + 2
cdef double _Z_TABLE = 16.0
cdef double _erfc_table[_TABLE_SIZE]


cdef inline double _log_erfc(double z) noexcept nogil:
    """``log(erfc(z))`` for ``z >= 0`` in log space: finite for every finite ``z``, where
    ``log(erfc(z))`` computed directly is ``-inf`` beyond z ≈ 27."""
    cdef double t = 1.0 / (1.0 + 0.5 * z)
    cdef double poly = 0.0
    cdef int k
    for k in range(10):
        poly = poly * t + _HORNER[k]
    return min(log(t) - z * z + poly, 0.0)


cdef void _fill_table() noexcept nogil:
    cdef int k
    for k in range(_TABLE_SIZE):
        _erfc_table[k] = -_log_erfc(k / <double>_STEPS)


_fill_table()


cdef inline double _neg_log_erfc(double z) noexcept nogil:
    cdef double x
    cdef int64_t k
    if z < _Z_TABLE:
        x = z * _STEPS
        k = <int64_t>x
        return _erfc_table[k] + (x - k) * (_erfc_table[k + 1] - _erfc_table[k])
    return -_log_erfc(z)


cdef inline double _length_cost(double l1, double l2, double c, double s2) noexcept nogil:
    """Gale–Church's ``-log P(δ)``, ``P(δ) = erfc(|δ|/√2)``, for summed lengths ``l1``, ``l2``:
    ``δ = (l2 - c·l1) / sqrt(s2 · (l1 + l2/c) / 2)`` (see :mod:`.length`)."""
    cdef double scale = sqrt(s2 * max((l1 + l2 / c) * 0.5, 1e-9))
    return _neg_log_erfc(fabs(l2 - c * l1) / scale * _INVERSE_SQRT2)


def length_costs(l1, l2, double c, double s2):
    """``-log P(δ)`` of beads with summed lengths ``l1`` and ``l2`` (arrays of one shape, or numbers)."""
    a = np.array(l1, dtype=np.float64)
    b = np.array(np.broadcast_to(l2, a.shape), dtype=np.float64)
    out = np.empty(a.shape)
    cdef const double[::1] x = a.reshape(-1), y = b.reshape(-1)
    cdef double[::1] o = out.reshape(-1)
    cdef int64_t k
    for k in range(x.shape[0]):
        o[k] = _length_cost(x[k], y[k], c, s2)
    return out


def log_erfc(z):
    """``log(erfc(z))`` for ``z >= 0`` (arrays or numbers), computed so that it never underflows."""
    a = np.array(z, dtype=np.float64)
    out = np.empty(a.shape)
    cdef const double[::1] x = a.reshape(-1)
    cdef double[::1] o = out.reshape(-1)
    cdef int64_t k
    for k in range(x.shape[0]):
        o[k] = _log_erfc(x[k])
    return out


ctypedef struct Model:
    int64_t ntypes
    const int64_t* a
    const int64_t* b
    const double* prior
    const double* X
    int64_t n
    const double* Y
    int64_t m
    double c
    double s2
    double length_weight
    bint lexical
    const float* band
    const int64_t* band_offsets
    const int64_t* band_lo
    int64_t band_rows
    const double* src_norms
    int64_t src_stride
    const double* tgt_norms
    int64_t tgt_stride
    const double* sim_y
    int64_t nsim
    bint per_unit
    bint endings
    const int64_t* src_end
    const int64_t* tgt_end
    const double* end_table
    int64_t end_stride


_I64 = np.zeros(0, dtype=np.int64)
_F64 = np.zeros(0)
_F32 = np.zeros(0, dtype=np.float32)
_F64_2D = np.zeros((0, 0))


cdef class CostModel:
    """The cost of every bead ending in one corridor, as the compiled loops read it.

    An ``a-b`` bead ending at cell ``(i, j)`` (source sentences ``i-a..i-1``, target ``j-b..j-1``)
    costs its prior ``-log P(a-b)``; a pair adds ``length_weight`` times the length cost
    (:func:`length_costs`, over the cumulative lengths ``X`` and ``Y``), the similarity cost of the
    cosine of the two sides' summed vectors (from the sentence-pair products ``band``: source row
    ``r`` holds targets ``band_lo[r]`` onwards, from ``band_offsets[r]`` to ``band_offsets[r + 1]``;
    ``src_norms[a, i]``, ``tgt_norms[b, j]`` are the squared norms of the spans, and the similarity
    → cost curve is ``sim_y``, its values at similarities evenly spaced from 0 to 1, counted ``(a + b) / 2`` times when ``per_unit``), and the
    ending cost ``end_table[src_end[i - 1], tgt_end[j - 1]]``. A part left out (``band`` or
    ``end_table`` None) costs nothing. Bead type ``t`` is ``a[t]-b[t]`` with prior cost ``prior[t]``.
    """

    cdef Model M
    cdef const int64_t[::1] _a, _b, _band_offsets, _band_lo, _src_end, _tgt_end
    cdef const double[::1] _prior, _X, _Y, _sim_y
    cdef const double[:, ::1] _src_norms, _tgt_norms, _end_table
    cdef const float[::1] _band

    def __init__(self, a, b, prior, X, Y, double c, double s2, double length_weight=1.0, band=None,
                 band_offsets=None, band_lo=None, src_norms=None, tgt_norms=None, sim_y=None,
                 bint per_unit=False, src_end=None, tgt_end=None, end_table=None):
        self._a, self._b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        self._prior = np.asarray(prior, dtype=np.float64)
        self._X, self._Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        lexical = band is not None
        self._band = band if lexical else _F32
        self._band_offsets = band_offsets if lexical else _I64
        self._band_lo = band_lo if lexical else _I64
        self._src_norms = src_norms if lexical else _F64_2D
        self._tgt_norms = tgt_norms if lexical else _F64_2D
        self._sim_y = np.asarray(sim_y, dtype=np.float64) if lexical else _F64
        endings = end_table is not None
        self._src_end = np.asarray(src_end, dtype=np.int64) if endings else _I64
        self._tgt_end = np.asarray(tgt_end, dtype=np.int64) if endings else _I64
        self._end_table = np.ascontiguousarray(end_table, dtype=np.float64) if endings else _F64_2D
        M = &self.M
        M.ntypes = self._a.shape[0]
        M.a, M.b, M.prior = _i64(self._a), _i64(self._b), _f64(self._prior)
        M.X, M.n = _f64(self._X), self._X.shape[0] - 1
        M.Y, M.m = _f64(self._Y), self._Y.shape[0] - 1
        M.c, M.s2, M.length_weight = c, s2, length_weight
        M.lexical = lexical
        M.band = &self._band[0] if self._band.shape[0] > 0 else NULL
        M.band_offsets, M.band_lo, M.band_rows = _i64(self._band_offsets), _i64(self._band_lo), self._band_lo.shape[0]
        M.src_norms, M.src_stride = _f64_2d(self._src_norms), self._src_norms.shape[1]
        M.tgt_norms, M.tgt_stride = _f64_2d(self._tgt_norms), self._tgt_norms.shape[1]
        M.sim_y, M.nsim = _f64(self._sim_y), self._sim_y.shape[0]
        M.per_unit = per_unit
        M.endings = endings
        M.src_end, M.tgt_end = _i64(self._src_end), _i64(self._tgt_end)
        M.end_table, M.end_stride = _f64_2d(self._end_table), self._end_table.shape[1]

    def bead_costs(self, const int64_t[::1] t, const int64_t[::1] i, const int64_t[::1] j):
        """Costs of many beads: types ``t`` ending at cells ``(i, j)``."""
        out = np.empty(t.shape[0])
        cdef double[::1] o = out
        cdef int64_t k
        for k in range(t.shape[0]):
            _type_costs(&self.M, t[k], i[k], j[k], &o[k], 1)
        return out


cdef inline const double* _f64(const double[::1] v):
    return &v[0] if v.shape[0] > 0 else NULL


cdef inline const int64_t* _i64(const int64_t[::1] v):
    return &v[0] if v.shape[0] > 0 else NULL


cdef inline const double* _f64_2d(const double[:, ::1] v):
    return &v[0, 0] if v.shape[0] > 0 and v.shape[1] > 0 else NULL


cdef inline double _span_dot(const Model* M, int64_t a, int64_t b, int64_t i, int64_t j) noexcept nogil:
    """The sum of the band's products of source sentences ``i-a..i-1`` with target ``j-b..j-1``."""
    cdef double total = 0.0
    cdef int64_t p, q, r, size, col
    for p in range(a):
        r = i - 1 - p
        if r < 0 or r >= M.band_rows:
            continue
        size = M.band_offsets[r + 1] - M.band_offsets[r]
        for q in range(b):
            col = j - 1 - q - M.band_lo[r]
            if 0 <= col < size:
                total += M.band[M.band_offsets[r] + col]
    return total


cdef inline double _interp(double x, const double* ys, int64_t n) noexcept nogil:
    """The curve ``ys`` (values at ``n`` points evenly spaced from 0 to 1) at ``x``, interpolated
    linearly, constant beyond the ends."""
    cdef double t
    cdef int64_t k
    if x <= 0.0 or n == 1:
        return ys[0]
    if x >= 1.0:
        return ys[n - 1]
    t = x * (n - 1)
    k = <int64_t>t
    return ys[k] + (t - k) * (ys[k + 1] - ys[k])


cdef void _type_costs(const Model* M, int64_t t, int64_t i, int64_t j0, double* out, int64_t count) noexcept nogil:
    """Costs of the beads of type ``t`` (an index into ``M.a``, ``M.b``) ending at cells ``(i, j0)``,
    ``(i, j0 + 1)``, … into ``out``; ``inf`` where the bead does not fit. One type and one row at a
    time, so each part of the cost is a tight loop."""
    cdef int64_t a = M.a[t], b = M.b[t], m = M.m, k, j, first, last
    cdef double l1, ns, nt, sim, scale
    cdef const double* row
    if i < a or i > M.n:
        for k in range(count):
            out[k] = INFINITY
        return
    for k in range(count):
        j = j0 + k
        out[k] = M.prior[t] if b <= j <= m else INFINITY
    if a == 0 or b == 0:
        return
    first = max(<int64_t>0, b - j0)
    last = min(count, m - j0 + 1)
    if M.length_weight != 0.0:
        l1 = M.X[i] - M.X[i - a]
        for k in range(first, last):
            j = j0 + k
            out[k] += M.length_weight * _length_cost(l1, M.Y[j] - M.Y[j - b], M.c, M.s2)
    if M.lexical:
        ns = M.src_norms[a * M.src_stride + i]
        scale = (a + b) / 2.0 if M.per_unit else 1.0
        if ns > 0.0:
            for k in range(first, last):
                j = j0 + k
                nt = M.tgt_norms[b * M.tgt_stride + j]
                if nt > 0.0:
                    sim = _span_dot(M, a, b, i, j) / sqrt(ns * nt)
                    out[k] += _interp(sim, M.sim_y, M.nsim) * scale
    if M.endings:
        row = M.end_table + M.src_end[i - 1] * M.end_stride
        for k in range(first, last):
            out[k] += row[M.tgt_end[j0 + k - 1]]


# --- the dynamic program ------------------------------------------------------------------------

# A path this many nats costlier than the best into a cell adds less than float64 can hold to
# its summed probability (e^-40 < 2^-57): it is left out of the sum.
cdef double _NEGLIGIBLE = 40.0


cdef inline double _log_add(double a, double b) noexcept nogil:
    """``-log(exp(-a) + exp(-b))`` for costs ``a``, ``b`` (``inf`` is probability 0)."""
    if a == INFINITY:
        return b
    if b == INFINITY:
        return a
    return min(a, b) - log1p(exp(-fabs(a - b)))


cdef int _sweep(const Model* M, double* values, int8_t* back, bint has_back, const int64_t* lo, const int64_t* hi,
                const int64_t* offsets, double unpaired, bint soft, bint backward, int64_t n,
                int64_t end_col) noexcept nogil:
    cdef int64_t ntypes = M.ntypes, width = 0, r, row, base, valid, t, o, b, first, last, k0, k1, k, col
    cdef int64_t pick, step_k, other
    cdef double best, total, gap, via_row
    for row in range(n + 1):
        width = max(width, offsets[row + 1] - offsets[row])
    cdef double* via = <double*>malloc(max(ntypes * width, <int64_t>1) * sizeof(double))
    if via == NULL:
        return -1
    for r in range(n + 1):
        row = n - r if backward else r
        base = offsets[row]
        valid = offsets[row + 1] - base
        for t in range(ntypes):
            for k in range(valid):
                via[t * width + k] = INFINITY
            o = row + M.a[t] if backward else row - M.a[t]
            if o < 0 or o > n:
                continue
            b = M.b[t]
            # the columns j of this row whose bead comes from (goes to) a cell of row o
            first = max(lo[row], lo[o] - b if backward else lo[o] + b)
            last = min(hi[row], hi[o] - b if backward else hi[o] + b)
            if first > last:
                continue
            k0, k1 = first - lo[row], last - lo[row] + 1
            # a bead's cost belongs to the cell where it ends
            _type_costs(M, t, o if backward else row, first + b if backward else first, via + t * width + k0, k1 - k0)
            for k in range(k0, k1):
                col = lo[row] + k + b if backward else lo[row] + k - b
                via[t * width + k] += values[offsets[o] + col - lo[o]]
        for k in range(valid):
            best = INFINITY
            pick = -1
            for t in range(ntypes):
                if via[t * width + k] < best:
                    best = via[t * width + k]
                    pick = t
            if soft and best < INFINITY:
                total = 0.0
                for t in range(ntypes):
                    gap = via[t * width + k] - best
                    if gap < _NEGLIGIBLE:
                        total += exp(-gap)
                best = best - log(total)
            values[base + k] = best
            if has_back:
                back[base + k] = <int8_t>pick
        if backward and row == n:
            values[base + end_col] = 0.0
        if not backward and row == 0:
            values[base] = 0.0
        # 0-1 beads along the row; on a tie the other transition wins
        for step_k in range(1, valid):
            k = valid - 1 - step_k if backward else step_k
            other = k + 1 if backward else k - 1
            via_row = values[base + other] + unpaired
            if soft:
                values[base + k] = _log_add(values[base + k], via_row)
            elif via_row < values[base + k]:
                values[base + k] = via_row
                if has_back:
                    back[base + k] = <int8_t>ntypes
    free(via)
    return 0


def sweep_rows(double[::1] values, int8_t[::1] back, bint has_back, const int64_t[::1] lo, const int64_t[::1] hi,
               const int64_t[::1] offsets, CostModel costs, double unpaired, bint soft, bint backward, int64_t n,
               int64_t end_col):
    """The recurrence over every row (see :func:`.search.sweep`), without the GIL."""
    cdef Model* M = &costs.M
    cdef int status
    cdef int8_t dummy = 0
    cdef int8_t* back_ptr = &back[0] if has_back else &dummy
    with nogil:
        status = _sweep(M, &values[0], back_ptr, has_back, &lo[0], &hi[0], &offsets[0], unpaired, soft, backward,
                        n, end_col)
    if status != 0:
        raise MemoryError("no memory for a row buffer of the search")


def walk(const int8_t[::1] back, const int64_t[::1] offsets, const int64_t[::1] lo, const int64_t[::1] hi,
         const int64_t[::1] a_of, const int64_t[::1] b_of, int64_t n, int64_t m):
    """The cells the best path ends its beads at, from ``(n, m)`` back, their bead types, how
    many, and whether the path touches the corridor's edge; ``count = -1`` at an unreachable cell."""
    ends_i_arr = np.empty(n + m, dtype=np.int64)
    ends_j_arr = np.empty(n + m, dtype=np.int64)
    types_arr = np.empty(n + m, dtype=np.int64)
    cdef int64_t[::1] ends_i = ends_i_arr, ends_j = ends_j_arr, types = types_arr
    cdef int64_t count = 0, i = n, j = m, t
    cdef bint touched = False
    while i > 0 or j > 0:
        t = back[offsets[i] + j - lo[i]]
        if t < 0:
            return ends_i_arr, ends_j_arr, types_arr, -1, touched
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        ends_i[count], ends_j[count], types[count] = i, j, t
        count += 1
        i, j = i - a_of[t], j - b_of[t]
    return ends_i_arr, ends_j_arr, types_arr, count, touched


# --- lexical evidence -----------------------------------------------------------------------------

def band_products(const int32_t[::1] s_ptr, const int32_t[::1] s_idx, const float[::1] s_val,
                  const int32_t[::1] t_ptr, const int32_t[::1] t_idx, const float[::1] t_val,
                  const double[::1] squared, const int64_t[::1] band_lo, const int64_t[::1] offsets):
    """Weighted dot products of source row ``r`` with target rows ``band_lo[r]`` onwards (as many
    as ``offsets`` gives it): the source row spread into a dense vector, each target row read
    against it."""
    band_arr = np.zeros(offsets[offsets.shape[0] - 1], dtype=np.float32)
    dense_arr = np.zeros(squared.shape[0])
    cdef float[::1] band = band_arr
    cdef double[::1] dense = dense_arr
    cdef int64_t r, k, j, p, q, count
    cdef double total
    with nogil:
        for r in range(band_lo.shape[0]):
            count = offsets[r + 1] - offsets[r]
            if count == 0 or s_ptr[r] == s_ptr[r + 1]:
                continue
            for p in range(s_ptr[r], s_ptr[r + 1]):
                dense[s_idx[p]] += s_val[p] * squared[s_idx[p]]
            for k in range(count):
                j = band_lo[r] + k
                total = 0.0
                for q in range(t_ptr[j], t_ptr[j + 1]):
                    total += dense[t_idx[q]] * t_val[q]
                band[offsets[r] + k] = <float>total
            for p in range(s_ptr[r], s_ptr[r + 1]):
                dense[s_idx[p]] = 0.0
    return band_arr


def span_norms(const int32_t[::1] ptr, const int32_t[::1] idx, const float[::1] val, const double[::1] squared,
               int64_t largest):
    """``out[size, i]``: weighted squared norm of the sum of rows ``i-size..i-1`` (0 where
    ``i < size``), for every ``size`` up to ``largest``, from the products of each row with its
    next rows."""
    cdef int64_t rows = ptr.shape[0] - 1, r, p, q, d, size, i
    near_arr = np.zeros((largest, rows))  # near[d, r] = row r · row r+d
    dense_arr = np.zeros(squared.shape[0])
    out_arr = np.zeros((largest + 1, rows + 1))
    cdef double[:, ::1] near = near_arr, out = out_arr
    cdef double[::1] dense = dense_arr
    cdef double total
    with nogil:
        for r in range(rows):
            for p in range(ptr[r], ptr[r + 1]):
                dense[idx[p]] += val[p] * squared[idx[p]]
            for d in range(min(largest, rows - r)):
                total = 0.0
                for q in range(ptr[r + d], ptr[r + d + 1]):
                    total += dense[idx[q]] * val[q]
                near[d, r] = total
            for p in range(ptr[r], ptr[r + 1]):
                dense[idx[p]] = 0.0
        for size in range(1, largest + 1):
            for i in range(size, rows + 1):
                total = 0.0
                for r in range(i - size, i):
                    total += near[0, r]
                    for d in range(1, i - r):
                        total += 2.0 * near[d, r]
                out[size, i] = total
    return out_arr


cdef int64_t _sum_rows(const int64_t* rows, int64_t first, int64_t last, const int32_t* ptr, const int32_t* idx,
                       const float* val, double* sums, int8_t* seen, int64_t* touched) noexcept nogil:
    """Add the CSR rows ``rows[first:last]`` into the dense ``sums``; the features met for the first
    time go to ``touched`` (marked in ``seen``); returns how many there are."""
    cdef int64_t count = 0, u, r, p, f
    for u in range(first, last):
        r = rows[u]
        for p in range(ptr[r], ptr[r + 1]):
            f = idx[p]
            if not seen[f]:
                seen[f] = 1
                touched[count] = f
                count += 1
            sums[f] += val[p]
    return count


cdef void _clear(const int64_t* touched, int64_t count, double* sums, int8_t* seen) noexcept nogil:
    """Undo :func:`_sum_rows`: zero the features it touched."""
    for u in range(count):
        sums[touched[u]] = 0.0
        seen[touched[u]] = 0


def bead_cosines(const int32_t[::1] s_ptr, const int32_t[::1] s_idx, const float[::1] s_val,
                 const int32_t[::1] t_ptr, const int32_t[::1] t_idx, const float[::1] t_val,
                 const double[::1] squared, const int64_t[::1] src_rows, const int64_t[::1] src_offsets,
                 const int64_t[::1] tgt_rows, const int64_t[::1] tgt_offsets):
    """Weighted cosine of the summed source rows and the summed target rows of each bead
    (rows ``src_rows[src_offsets[k]:src_offsets[k + 1]]`` and likewise): NaN where a side has
    no rows or no features."""
    cdef int64_t count = src_offsets.shape[0] - 1, features = squared.shape[0], k, u, f, ns, nt
    out_arr = np.full(count, np.nan)
    src_sum_arr, tgt_sum_arr = np.zeros(features), np.zeros(features)
    src_list_arr, tgt_list_arr = np.empty(features, dtype=np.int64), np.empty(features, dtype=np.int64)
    src_seen_arr, tgt_seen_arr = np.zeros(features, dtype=np.int8), np.zeros(features, dtype=np.int8)
    cdef double[::1] out = out_arr, src_sum = src_sum_arr, tgt_sum = tgt_sum_arr
    cdef int64_t[::1] src_list = src_list_arr, tgt_list = tgt_list_arr
    cdef int8_t[::1] src_seen = src_seen_arr, tgt_seen = tgt_seen_arr
    cdef double dot, src_norm, tgt_norm
    if features == 0:
        return out_arr
    with nogil:
        for k in range(count):
            ns = _sum_rows(&src_rows[0], src_offsets[k], src_offsets[k + 1], &s_ptr[0], &s_idx[0], &s_val[0],
                           &src_sum[0], &src_seen[0], &src_list[0])
            nt = _sum_rows(&tgt_rows[0], tgt_offsets[k], tgt_offsets[k + 1], &t_ptr[0], &t_idx[0], &t_val[0],
                           &tgt_sum[0], &tgt_seen[0], &tgt_list[0])
            dot = src_norm = tgt_norm = 0.0
            for u in range(ns):
                f = src_list[u]
                src_norm += src_sum[f] * src_sum[f] * squared[f]
                dot += src_sum[f] * tgt_sum[f] * squared[f]
            for u in range(nt):
                f = tgt_list[u]
                tgt_norm += tgt_sum[f] * tgt_sum[f] * squared[f]
            if src_norm > 0.0 and tgt_norm > 0.0:
                out[k] = dot / sqrt(src_norm * tgt_norm)
            _clear(&src_list[0], ns, &src_sum[0], &src_seen[0])
            _clear(&tgt_list[0], nt, &tgt_sum[0], &tgt_seen[0])
    return out_arr


def best_two(const int32_t[::1] s_ptr, const int32_t[::1] s_idx, const float[::1] s_val,
             const int32_t[::1] t_ptr, const int32_t[::1] t_idx, const float[::1] t_val,
             const double[::1] squared, const int64_t[::1] rows, const double[::1] src_norm,
             const double[::1] tgt_norm):
    """For each source row in ``rows``, the two highest cosines with any target row: the sampled
    rows indexed by feature, then every target row read once against that index."""
    cdef int64_t features = squared.shape[0], samples = rows.shape[0], m = tgt_norm.shape[0]
    cdef int64_t k, p, q, f, j, u, count
    ptr_arr = np.zeros(features + 1, dtype=np.int64)
    cdef int64_t[::1] ptr = ptr_arr
    for k in range(samples):
        for p in range(s_ptr[rows[k]], s_ptr[rows[k] + 1]):
            ptr[s_idx[p] + 1] += 1
    for f in range(features):
        ptr[f + 1] += ptr[f]
    fill_arr = ptr_arr[:features].copy()
    sample_arr = np.empty(ptr[features], dtype=np.int64)
    weighted_arr = np.empty(ptr[features])
    dots_arr, hits_arr = np.zeros(samples), np.zeros(samples, dtype=np.int64)
    seen_arr, touched_arr = np.zeros(samples, dtype=np.int8), np.empty(samples, dtype=np.int64)
    best_arr, second_arr = np.full(samples, -np.inf), np.full(samples, -np.inf)
    cdef int64_t[::1] fill = fill_arr, sample = sample_arr, hits = hits_arr, touched = touched_arr
    cdef double[::1] weighted = weighted_arr, dots = dots_arr, best = best_arr, second = second_arr
    cdef int8_t[::1] seen = seen_arr
    cdef double sim
    with nogil:
        for k in range(samples):
            for p in range(s_ptr[rows[k]], s_ptr[rows[k] + 1]):
                f = s_idx[p]
                sample[fill[f]] = k
                weighted[fill[f]] = s_val[p] * squared[f]
                fill[f] += 1
        for j in range(m):
            count = 0
            for q in range(t_ptr[j], t_ptr[j + 1]):
                f = t_idx[q]
                for p in range(ptr[f], ptr[f + 1]):
                    k = sample[p]
                    if not seen[k]:
                        seen[k] = 1
                        touched[count] = k
                        count += 1
                    dots[k] += weighted[p] * t_val[q]
            for u in range(count):
                k = touched[u]
                sim = dots[k] / max(src_norm[rows[k]] * tgt_norm[j], 1e-12)
                if sim > best[k]:
                    second[k] = best[k]
                    best[k] = sim
                elif sim > second[k]:
                    second[k] = sim
                hits[k] += 1
                dots[k] = 0.0
                seen[k] = 0
        for k in range(samples):
            if hits[k] < m:  # some target shares no feature with it: a cosine of 0
                if 0.0 > best[k]:
                    second[k] = best[k]
                    best[k] = 0.0
                elif 0.0 > second[k]:
                    second[k] = 0.0
    return best_arr, second_arr


# --- IBM Model 1 ----------------------------------------------------------------------------------

def link_keys(const int64_t[::1] z_all, const int64_t[::1] z_ptr, const int64_t[::1] e_all,
              const int64_t[::1] e_ptr, int64_t start, int64_t stop, int64_t features):
    """The distinct keys ``word · features + feature`` of the links of pairs ``start..stop-1``."""
    cdef int64_t total = 0, p, q, r, k = 0
    for p in range(start, stop):
        total += (z_ptr[p + 1] - z_ptr[p]) * (e_ptr[p + 1] - e_ptr[p])
    out_arr = np.empty(total, dtype=np.int64)
    cdef int64_t[::1] out = out_arr
    with nogil:
        for p in range(start, stop):
            for q in range(e_ptr[p], e_ptr[p + 1]):
                for r in range(z_ptr[p], z_ptr[p + 1]):
                    out[k] = z_all[r] * features + e_all[q]
                    k += 1
    return np.unique(out_arr)


def merge_unique(const int64_t[::1] a, const int64_t[::1] b):
    """The sorted union of two sorted arrays of distinct values."""
    out_arr = np.empty(a.shape[0] + b.shape[0], dtype=np.int64)
    cdef int64_t[::1] out = out_arr
    cdef int64_t i = 0, j = 0, k = 0
    with nogil:
        while i < a.shape[0] or j < b.shape[0]:
            if j == b.shape[0] or (i < a.shape[0] and a[i] < b[j]):
                out[k] = a[i]
                i += 1
            elif i == a.shape[0] or b[j] < a[i]:
                out[k] = b[j]
                j += 1
            else:
                out[k] = a[i]
                i += 1
                j += 1
            k += 1
    return out_arr[:k]


ctypedef fused sorted_ints:
    int32_t
    int64_t


cdef inline int64_t _find(const sorted_ints* values, int64_t start, int64_t stop, int64_t value) noexcept nogil:
    """Position of ``value`` in the sorted ``values[start:stop]``, or -1."""
    cdef int64_t low = start, high = stop, middle
    while low < high:
        middle = (low + high) >> 1
        if values[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low if low < stop and values[low] == value else -1


def row_lookup(const int32_t[::1] ptr, const int32_t[::1] indices, const double[::1] data,
               const int64_t[::1] word_ptr, const int64_t[::1] feature_of):
    """For each (word, feature) key (CSR ``word_ptr``/``feature_of``), its value in the CSR
    matrix ``ptr, indices, data`` (rows sorted), 0 where absent."""
    out_arr = np.zeros(feature_of.shape[0])
    cdef double[::1] out = out_arr
    cdef int64_t w, k, at
    with nogil:
        for w in range(min(word_ptr.shape[0], ptr.shape[0]) - 1):
            for k in range(word_ptr[w], word_ptr[w + 1]):
                at = _find(&indices[0], ptr[w], ptr[w + 1], feature_of[k]) if ptr[w + 1] > ptr[w] else -1
                if at >= 0:
                    out[k] = data[at]
    return out_arr


def link_positions(const int64_t[::1] z_all, const int64_t[::1] z_ptr, const int64_t[::1] e_all,
                   const int64_t[::1] e_ptr, const int64_t[::1] word_ptr, const int64_t[::1] feature_of):
    """The key of every link, in the order of :func:`link_keys` (int32: 4 bytes a link)."""
    cdef int64_t total = 0, p, q, r, w, k = 0
    for p in range(z_ptr.shape[0] - 1):
        total += (z_ptr[p + 1] - z_ptr[p]) * (e_ptr[p + 1] - e_ptr[p])
    out_arr = np.empty(total, dtype=np.int32)
    cdef int32_t[::1] out = out_arr
    with nogil:
        for p in range(z_ptr.shape[0] - 1):
            for q in range(e_ptr[p], e_ptr[p + 1]):
                for r in range(z_ptr[p], z_ptr[p + 1]):
                    w = z_all[r]
                    out[k] = <int32_t>_find(&feature_of[0], word_ptr[w], word_ptr[w + 1], e_all[q])
                    k += 1
    return out_arr


def model1_em(const int32_t[::1] at, const int64_t[::1] z_ptr, const int64_t[::1] e_ptr,
              const int64_t[::1] word_ptr, const double[::1] prior_vals, const int8_t[::1] has_prior,
              int64_t iterations, double prior_weight, int64_t features):
    """EM for Model 1: ``at`` holds the key of every link (pair by pair, for each of a pair's
    features, one per word of the pair with NULL), the keys being rows ``word_ptr`` of words;
    returns the expected count of each key in the last E-step."""
    cdef int64_t words = word_ptr.shape[0] - 1, size = prior_vals.shape[0], w, k, p, q, r, it, pos, width
    t_arr, counts_arr = np.empty(size), np.zeros(size)
    cdef double[::1] t = t_arr, counts = counts_arr
    cdef double total, alpha
    with nogil:
        for w in range(words):
            for k in range(word_ptr[w], word_ptr[w + 1]):
                t[k] = (prior_vals[k] if has_prior[w] else 0.0) + 1.0 / features
        for it in range(iterations):
            for k in range(size):
                counts[k] = 0.0
            pos = 0
            for p in range(z_ptr.shape[0] - 1):
                width = z_ptr[p + 1] - z_ptr[p]
                for q in range(e_ptr[p], e_ptr[p + 1]):
                    total = 0.0
                    for r in range(width):
                        total += t[at[pos + r]]
                    for r in range(width):
                        counts[at[pos + r]] += t[at[pos + r]] / total
                    pos += width
            for w in range(words):
                alpha = prior_weight if has_prior[w] else 0.0
                total = alpha
                for k in range(word_ptr[w], word_ptr[w + 1]):
                    total += counts[k]
                for k in range(word_ptr[w], word_ptr[w + 1]):
                    t[k] = (counts[k] + alpha * prior_vals[k]) / max(total, 1e-12)
    return counts_arr
