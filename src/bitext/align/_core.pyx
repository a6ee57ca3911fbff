# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled loops of the alignment core (Cython): plain arrays in, plain arrays out.

Every function here is a loop over cells, sentences or links that NumPy cannot vectorise. The
Python modules around them (:mod:`.costs`, :mod:`.search`, :mod:`.similarity`, :mod:`.model1`) say
what each computes; nothing here does I/O or keeps state (the ``-log erfc`` table is a constant
filled once at import). Sparse matrices arrive as CSR arrays (``ptr``,
``idx`` as int32, values as float32); index arrays are int64, values float64.
"""

from libc.math cimport INFINITY, exp, fabs, log, log1p, sqrt
from libc.stdint cimport int8_t, int32_t, int64_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcpy

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: A corridor of at least this many rows has its likelihood table built on two threads.
TABLE_PARALLEL_ROWS = 2000

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

# log(1 + exp(-d)) tabulated every 1/_SOFT_STEPS for 0 <= d < _SOFT_MAX and interpolated linearly
# (error under 1e-6 nats): the log-sum of two probabilities without a call to exp and log1p.
cdef enum:
    _SOFT_STEPS = 256
    _SOFT_SIZE = 40 * 256 + 2
cdef double _SOFT_MAX = 40.0
cdef double _soft_table[_SOFT_SIZE]


cdef void _fill_soft() noexcept nogil:
    cdef int k
    for k in range(_SOFT_SIZE):
        _soft_table[k] = log1p(exp(-k / <double>_SOFT_STEPS))


_fill_soft()

# log(1 + k/256) for the fast logarithm of the likelihood's sums
cdef double _LN2 = 0.6931471805599453
cdef double _log_mantissa[257]
cdef double _inverse_mantissa[257]


cdef void _fill_log() noexcept nogil:
    cdef int k
    for k in range(257):
        _log_mantissa[k] = log1p(k / 256.0)
        _inverse_mantissa[k] = 1.0 / (1.0 + k / 256.0)


_fill_log()


cdef inline double _fast_log(double x) noexcept nogil:
    """``log(x)`` for a finite ``x > 0`` (normal): the exponent, a table of the mantissa's leading
    8 bits, and three terms of ``log(1 + z)``, ``z < 1/256`` (error under 1e-10)."""
    cdef uint64_t bits
    cdef double m, z
    cdef int64_t e, k
    memcpy(&bits, &x, 8)
    e = <int64_t>((bits >> 52) & 0x7FF) - 1023
    bits = (bits & <uint64_t>0x000FFFFFFFFFFFFF) | <uint64_t>0x3FF0000000000000
    memcpy(&m, &bits, 8)
    k = <int64_t>((m - 1.0) * 256.0)
    z = (m - (1.0 + k / 256.0)) * _inverse_mantissa[k]
    return e * _LN2 + _log_mantissa[k] + z * (1.0 - z * (0.5 - z * (1.0 / 3.0)))


cdef inline double _softplus(double t) noexcept nogil:
    """``log(1 + exp(t))`` from the table of :func:`_log_sum`."""
    cdef double d = fabs(t), x
    cdef int64_t k
    if d >= _SOFT_MAX:
        return max(t, 0.0)
    x = d * _SOFT_STEPS
    k = <int64_t>x
    return max(t, 0.0) + _soft_table[k] + (x - k) * (_soft_table[k + 1] - _soft_table[k])


def fast_log(double x):
    """The core's fast logarithm (for tests)."""
    return _fast_log(x)


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
    bint breaks
    const int64_t* src_breaks
    const int64_t* tgt_breaks
    double break_cost
    # a 1-0 bead ending in column 0 (open_lead) or m (open_trail) costs edge_cost instead of its prior
    bint open_lead
    bint open_trail
    double edge_cost
    # translation likelihood (see CostModel)
    bint likelihood
    int64_t amax
    int64_t bmax
    const int32_t* ls_ptr
    const int32_t* ls_idx
    const float* ls_cnt
    const double* ls_cum
    const int32_t* lt_ptr
    const int32_t* lt_idx
    const float* lt_cnt
    const double* lt_cum
    const int64_t* link_ptr
    const int32_t* link_idx
    const float* link_fwd
    const float* link_bwd
    const double* p_src
    const double* p_tgt
    int64_t tgt_units
    int64_t src_units
    bint by_target
    int64_t max_tokens
    int64_t max_tgt_tokens
    int64_t max_links
    double eps_fwd
    double eps_bwd
    double log_eps_fwd
    double log_eps_bwd
    double kappa_fwd
    double kappa_bwd
    bint mixed
    double log_keep
    double log_share
    # the likelihood table of the corridor (see _table_rows)
    const int64_t* clo
    const int64_t* chi
    const float* lf
    const int64_t* lf_off
    const float* lb
    const int64_t* lb_off


ctypedef struct Scratch:
    # the buffers of one thread building a corridor's likelihood table: per source sentence, in a
    # ring of amax slots, its hits (a target token linked to one of its tokens: the token's place
    # in its target sentence, the source token, both link weights) with each target sentence of
    # its range, and how well each target span explains it
    int64_t cap_r
    int64_t cap_rows
    bint failed
    int64_t* r_key
    int64_t* r_c0
    int64_t* r_c1
    int64_t* r_t0
    double* r_val
    int64_t* h_off
    int64_t* h_cap
    int32_t** h_q
    int32_t** h_k
    float** h_wf
    float** h_wb
    double* acc
    double* ell
    int32_t* touched
    int32_t* head
    int32_t* nxt
    int32_t* ek
    float* ewf
    float* ewb
    int32_t* eu


_I64 = np.zeros(0, dtype=np.int64)
_F64 = np.zeros(0)
_F32 = np.zeros(0, dtype=np.float32)
_F64_2D = np.zeros((0, 0))


cdef class CostModel:
    """The cost of every bead ending in one corridor, as the compiled loops read it.

    An ``a-b`` bead ending at cell ``(i, j)`` (source sentences ``i-a..i-1``, target ``j-b..j-1``)
    costs its prior ``-log P(a-b)``; a pair adds ``length_weight`` times the length cost
    (:func:`length_costs`, over the cumulative lengths ``X`` and ``Y``), its lexical cost, and the
    ending cost ``end_table[src_end[i - 1], tgt_end[j - 1]]``, and ``break_cost`` for each
    paragraph end inside either side (``src_breaks``, ``tgt_breaks``: paragraph ends before each
    sentence, cumulative; a side's last sentence may end one). Bead type ``t`` is ``a[t]-b[t]``
    with prior cost ``prior[t]``. A part left out costs nothing. A 1-0 bead ending in column 0
    (``open_lead``) or in column ``m`` (``open_trail``) costs ``edge_cost`` instead: the source
    sentences before (after) the target text at an open edge of a block (see :mod:`.costs`).

    The lexical cost is one of two:

    - the **translation likelihood** (``likelihood``, a dict of arrays: see
      :mod:`.likelihood`): ``-log((1 - share)·exp(L) + share)`` with ``L`` the mean of the two
      directions' log-likelihood ratios, each side's tokens explained by the other side's through
      the translation links against a background unigram model, so that the evidence of a bead
      is the sum of its sentences' evidence (computed row by row inside the sweep, nothing
      stored);
    - the **similarity cost** of the cosine of the two sides' summed vectors (coarse levels: from
      the sentence-pair products ``band``: source row ``r`` holds targets ``band_lo[r]`` onwards,
      from ``band_offsets[r]`` to ``band_offsets[r + 1]``; ``src_norms[a, i]``, ``tgt_norms[b, j]``
      are the squared norms of the spans, and the similarity → cost curve is ``sim_y``, its values
      at similarities evenly spaced from 0 to 1, counted ``(a + b) / 2`` times when ``per_unit``).
    """

    cdef Model M
    cdef const int64_t[::1] _a, _b, _band_offsets, _band_lo, _src_end, _tgt_end, _link_ptr, _src_breaks, _tgt_breaks
    cdef const double[::1] _prior, _X, _Y, _sim_y, _ls_cum, _lt_cum, _p_src, _p_tgt
    cdef const double[:, ::1] _src_norms, _tgt_norms, _end_table
    cdef const float[::1] _band, _ls_cnt, _lt_cnt, _link_fwd, _link_bwd
    cdef const int32_t[::1] _ls_ptr, _ls_idx, _lt_ptr, _lt_idx, _link_idx
    cdef const int64_t[::1] _clo, _chi, _lf_off, _lb_off
    cdef float[::1] _lf, _lb

    def __init__(self, a, b, prior, X, Y, double c, double s2, double length_weight=1.0, band=None,
                 band_offsets=None, band_lo=None, src_norms=None, tgt_norms=None, sim_y=None,
                 bint per_unit=False, src_end=None, tgt_end=None, end_table=None, likelihood=None, lo=None,
                 hi=None, CostModel previous=None, src_breaks=None, tgt_breaks=None, double break_cost=0.0,
                 bint open_lead=False, bint open_trail=False, double edge_cost=0.0):
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
        M.breaks = src_breaks is not None and break_cost != 0.0
        self._src_breaks = np.asarray(src_breaks, dtype=np.int64) if M.breaks else _I64
        self._tgt_breaks = np.asarray(tgt_breaks, dtype=np.int64) if M.breaks else _I64
        if M.breaks and (self._src_breaks.shape[0] != M.n + 1 or self._tgt_breaks.shape[0] != M.m + 1):
            raise ValueError("the paragraph ends do not match the lengths")
        M.src_breaks, M.tgt_breaks, M.break_cost = _i64(self._src_breaks), _i64(self._tgt_breaks), break_cost
        M.open_lead, M.open_trail, M.edge_cost = open_lead, open_trail, edge_cost
        M.amax = max(1, int(np.max(a, initial=1)))
        M.bmax = max(1, int(np.max(b, initial=1)))
        if M.amax > 15:
            raise ValueError("bead types hold at most 15 source sentences")
        M.likelihood = likelihood is not None
        if M.likelihood:
            if lo is None or hi is None:
                raise ValueError("the likelihood is computed over a corridor: give lo and hi")
            self._set_likelihood(likelihood)
            self._build_table(np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64), previous)

    cdef _set_likelihood(self, dict L):
        M = &self.M
        self._ls_ptr, self._ls_idx = L["src_ptr"], L["src_idx"]
        self._ls_cnt, self._ls_cum = L["src_count"], L["src_tokens"]
        self._lt_ptr, self._lt_idx = L["tgt_ptr"], L["tgt_idx"]
        self._lt_cnt, self._lt_cum = L["tgt_count"], L["tgt_tokens"]
        self._link_ptr, self._link_idx = L["link_ptr"], L["link_idx"]
        self._link_fwd, self._link_bwd = L["link_fwd"], L["link_bwd"]
        self._p_src, self._p_tgt = L["p_src"], L["p_tgt"]
        if self._ls_ptr.shape[0] != M.n + 1 or self._lt_ptr.shape[0] != M.m + 1:
            raise ValueError("the likelihood's sentences do not match the lengths")
        M.ls_ptr, M.ls_idx = &self._ls_ptr[0], _i32(self._ls_idx)
        M.ls_cnt, M.ls_cum = _f32(self._ls_cnt), &self._ls_cum[0]
        M.lt_ptr, M.lt_idx = &self._lt_ptr[0], _i32(self._lt_idx)
        M.lt_cnt, M.lt_cum = _f32(self._lt_cnt), &self._lt_cum[0]
        M.link_ptr, M.link_idx = &self._link_ptr[0], _i32(self._link_idx)
        M.link_fwd, M.link_bwd = _f32(self._link_fwd), _f32(self._link_bwd)
        M.p_src, M.p_tgt = _f64(self._p_src), _f64(self._p_tgt)
        M.tgt_units, M.src_units = self._p_tgt.shape[0], self._p_src.shape[0]
        M.by_target = L["by_target"]
        if self._link_ptr.shape[0] != (M.tgt_units if M.by_target else M.src_units) + 1:
            raise ValueError("the links do not match the units they start from")
        M.max_tokens, M.max_tgt_tokens, M.max_links = L["max_tokens"], L["max_tgt_tokens"], L["max_links"]
        M.eps_fwd, M.eps_bwd = L["eps_fwd"], L["eps_bwd"]
        if not (0.0 < M.eps_fwd < 1.0 and 0.0 < M.eps_bwd < 1.0):
            raise ValueError("background shares must lie in (0, 1)")
        M.log_eps_fwd, M.log_eps_bwd = log(M.eps_fwd), log(M.eps_bwd)
        M.kappa_fwd, M.kappa_bwd = (1.0 - M.eps_fwd) / M.eps_fwd, (1.0 - M.eps_bwd) / M.eps_bwd
        share = float(L["share"])
        M.mixed = share > 0.0
        M.log_share = log(share) if share > 0.0 else -INFINITY
        M.log_keep = log1p(-share) if share < 1.0 else -INFINITY

    def _build_table(self, lo, hi, CostModel previous=None):
        """The likelihood table over the corridor ``lo``/``hi`` (see :func:`_table_rows`): rows
        built in two halves on two threads when there are many (the loops release the GIL). The
        rows whose ranges ``previous`` (the same model over another corridor) already holds are
        copied from it: a corridor widened here and there is built only there."""
        M = &self.M
        n, amax, bmax = M.n, M.amax, M.bmax
        if lo.shape[0] != n + 1 or hi.shape[0] != n + 1:
            raise ValueError("the corridor does not match the lengths")
        self._clo, self._chi = lo, hi
        f_lo = np.maximum(lo - bmax, 0)
        top = np.minimum(np.arange(n) + amax, n)
        b_lo, b_hi = lo[1:], hi[top]
        self._lf_off = np.concatenate(([0], np.cumsum(amax * (hi - f_lo)))).astype(np.int64)
        self._lb_off = np.concatenate(([0], np.cumsum(bmax * (b_hi - b_lo + 1)))).astype(np.int64)
        self._lf = np.zeros(max(int(self._lf_off[n + 1]), 1), dtype=np.float32)
        self._lb = np.zeros(max(int(self._lb_off[n]), 1), dtype=np.float32)
        M.clo, M.chi = &self._clo[0], &self._chi[0]
        M.lf, M.lf_off = &self._lf[0], &self._lf_off[0]
        M.lb, M.lb_off = &self._lb[0], &self._lb_off[0]
        if n == 0:
            return
        rows = np.arange(1, n + 1, dtype=np.int64)
        if previous is not None and previous.M.likelihood and previous.M.n == n:
            p_lo, p_hi = np.asarray(previous._clo), np.asarray(previous._chi)
            same_f = (np.maximum(p_lo - bmax, 0) == f_lo) & (p_hi == hi)
            same_b = (p_lo[1:] == b_lo) & (p_hi[top] == b_hi)
            _copy_rows(previous._lf, previous._lf_off, self._lf, self._lf_off, np.flatnonzero(same_f))
            _copy_rows(previous._lb, previous._lb_off, self._lb, self._lb_off, np.flatnonzero(same_b))
            rows = rows[~(same_f[1:] & same_b)]
        if rows.size == 0:
            return
        if rows.size >= TABLE_PARALLEL_ROWS and (os.cpu_count() or 1) > 1:
            middle = rows.size // 2
            with ThreadPoolExecutor(max_workers=1) as pool:
                half = pool.submit(self._build_rows, rows[middle:])
                self._build_rows(rows[:middle])
                half.result()
        else:
            self._build_rows(rows)

    def _build_rows(self, const int64_t[::1] rows):
        cdef Scratch* S = _scratch_new(&self.M)
        cdef bint failed
        if S == NULL:
            raise MemoryError("no memory for the likelihood's buffers")
        with nogil:
            _table_rows(&self.M, S, &rows[0], rows.shape[0])
            failed = S.failed
            _scratch_free(S, self.M.amax)
        if failed:
            raise MemoryError("no memory for the likelihood's buffers")

    def bead_costs(self, const int64_t[::1] t, const int64_t[::1] i, const int64_t[::1] j):
        """Costs of many beads: types ``t`` ending at cells ``(i, j)`` (inside the corridor, with a
        likelihood)."""
        out = np.empty(t.shape[0])
        cdef double[::1] o = out
        cdef int64_t k
        for k in range(t.shape[0]):
            if self.M.likelihood and not (0 <= i[k] <= self.M.n and self.M.clo[i[k]] <= j[k] <= self.M.chi[i[k]]):
                raise ValueError("a bead ends outside the corridor its costs were computed over")
            _type_costs(&self.M, t[k], i[k], j[k], &o[k], 1)
        return out


def _copy_rows(const float[::1] source, const int64_t[::1] source_off, float[::1] target,
               const int64_t[::1] target_off, const int64_t[::1] rows):
    """Copy the table rows ``rows`` (whose sizes agree) from ``source`` to ``target``."""
    cdef int64_t k, r, x, size
    with nogil:
        for k in range(rows.shape[0]):
            r = rows[k]
            size = source_off[r + 1] - source_off[r]
            for x in range(size):
                target[target_off[r] + x] = source[source_off[r] + x]


cdef inline const float* _f32(const float[::1] v):
    return &v[0] if v.shape[0] > 0 else NULL


cdef inline const int32_t* _i32(const int32_t[::1] v):
    return &v[0] if v.shape[0] > 0 else NULL


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


cdef Scratch* _scratch_new(const Model* M) noexcept nogil:
    """A thread's buffers for building the likelihood table of the corridor ``M.clo``/``M.chi``;
    NULL when out of memory."""
    cdef Scratch* S = <Scratch*>calloc(1, sizeof(Scratch))
    cdef int64_t r, k, units, work, n = M.n
    if S == NULL:
        return NULL
    S.cap_r = 1
    for r in range(n):
        S.cap_r = max(S.cap_r, M.chi[min(n, r + M.amax)] - M.clo[r + 1] + 1)
    S.cap_rows = S.cap_r + M.bmax + 2
    units = max(M.tgt_units, M.src_units, <int64_t>1)
    work = max(M.max_tokens, M.max_tgt_tokens, <int64_t>1)
    S.r_key = <int64_t*>malloc(M.amax * sizeof(int64_t))
    S.r_c0 = <int64_t*>malloc(M.amax * sizeof(int64_t))
    S.r_c1 = <int64_t*>malloc(M.amax * sizeof(int64_t))
    S.r_t0 = <int64_t*>malloc(M.amax * sizeof(int64_t))
    S.r_val = <double*>malloc(M.amax * M.bmax * S.cap_r * sizeof(double))
    S.h_off = <int64_t*>malloc(M.amax * (S.cap_rows + 1) * sizeof(int64_t))
    S.h_cap = <int64_t*>calloc(M.amax, sizeof(int64_t))
    S.h_q = <int32_t**>calloc(M.amax, sizeof(int32_t*))
    S.h_k = <int32_t**>calloc(M.amax, sizeof(int32_t*))
    S.h_wf = <float**>calloc(M.amax, sizeof(float*))
    S.h_wb = <float**>calloc(M.amax, sizeof(float*))
    S.acc = <double*>calloc(work, sizeof(double))
    S.ell = <double*>malloc(work * sizeof(double))
    S.touched = <int32_t*>malloc(work * sizeof(int32_t))
    S.head = <int32_t*>malloc(units * sizeof(int32_t))
    S.nxt = <int32_t*>malloc((M.max_links + 1) * sizeof(int32_t))
    S.ek = <int32_t*>malloc((M.max_links + 1) * sizeof(int32_t))
    S.eu = <int32_t*>malloc((M.max_links + 1) * sizeof(int32_t))
    S.ewf = <float*>malloc((M.max_links + 1) * sizeof(float))
    S.ewb = <float*>malloc((M.max_links + 1) * sizeof(float))
    if (S.r_key == NULL or S.r_c0 == NULL or S.r_c1 == NULL or S.r_t0 == NULL or S.r_val == NULL
            or S.h_off == NULL or S.h_cap == NULL or S.h_q == NULL or S.h_k == NULL or S.h_wf == NULL
            or S.h_wb == NULL or S.acc == NULL or S.ell == NULL or S.touched == NULL or S.head == NULL
            or S.nxt == NULL or S.ek == NULL or S.eu == NULL or S.ewf == NULL or S.ewb == NULL):
        _scratch_free(S, M.amax)
        return NULL
    for k in range(M.amax):
        S.r_key[k] = -1
    for k in range(units):
        S.head[k] = -1
    return S


cdef void _scratch_free(Scratch* S, int64_t slots) noexcept nogil:
    cdef int64_t k
    if S == NULL:
        return
    if S.h_q != NULL and S.h_k != NULL and S.h_wf != NULL and S.h_wb != NULL:
        for k in range(slots):
            free(S.h_q[k])
            free(S.h_k[k])
            free(S.h_wf[k])
            free(S.h_wb[k])
    free(S.h_q)
    free(S.h_k)
    free(S.h_wf)
    free(S.h_wb)
    free(S.h_cap)
    free(S.h_off)
    free(S.r_key)
    free(S.r_c0)
    free(S.r_c1)
    free(S.r_t0)
    free(S.r_val)
    free(S.acc)
    free(S.ell)
    free(S.touched)
    free(S.head)
    free(S.nxt)
    free(S.ek)
    free(S.eu)
    free(S.ewf)
    free(S.ewb)
    free(S)


cdef bint _grow(Scratch* S, int64_t slot) noexcept nogil:
    """Double the hit capacity of a slot; False when out of memory."""
    cdef int64_t size = max(S.h_cap[slot] * 2, <int64_t>256)
    cdef int32_t* q = <int32_t*>realloc(S.h_q[slot], size * sizeof(int32_t))
    if q != NULL:
        S.h_q[slot] = q
    cdef int32_t* k = <int32_t*>realloc(S.h_k[slot], size * sizeof(int32_t))
    if k != NULL:
        S.h_k[slot] = k
    cdef float* wf = <float*>realloc(S.h_wf[slot], size * sizeof(float))
    if wf != NULL:
        S.h_wf[slot] = wf
    cdef float* wb = <float*>realloc(S.h_wb[slot], size * sizeof(float))
    if wb != NULL:
        S.h_wb[slot] = wb
    if q == NULL or k == NULL or wf == NULL or wb == NULL:
        return False
    S.h_cap[slot] = size
    return True


cdef void _fill_sentence(const Model* M, Scratch* S, int64_t r, int64_t c0, int64_t c1) noexcept nogil:
    """Source sentence ``r`` into its slot of the ring: its hits with the target sentences before
    the span ends ``c0..c1-1`` (from ``c0 - bmax`` on), and, for each span end ``j`` and size
    ``b <= bmax``, the log-likelihood ratio of its tokens given target sentences ``j-b..j-1``
    (Model 1 the other way, background share ``eps_bwd``). Hits are found from the target tokens:
    through chains from the target units ``r``'s tokens link to (links from the source units), or
    through a map from source unit to ``r``'s token (links from the target units)."""
    cdef int64_t slot = r % M.amax, base = M.ls_ptr[r], K = M.ls_ptr[r + 1] - M.ls_ptr[r]
    cdef int64_t t0 = max(<int64_t>0, c0 - M.bmax), t1 = c1 - 1, e = 0, nh = 0, nt
    cdef int64_t k, v, q, p, u, jr, jj, jc, b, ee, x, h, y
    cdef int64_t* off = S.h_off + slot * (S.cap_rows + 1)
    cdef double* vals = S.r_val + slot * M.bmax * S.cap_r
    cdef double tokens = M.ls_cum[r + 1] - M.ls_cum[r], coef, total
    S.r_key[slot], S.r_c0[slot], S.r_c1[slot], S.r_t0[slot] = r, c0, c1, t0
    for k in range(K):
        v = M.ls_idx[base + k]
        if M.by_target:
            S.head[v] = <int32_t>k
            continue
        for q in range(M.link_ptr[v], M.link_ptr[v + 1]):
            u = M.link_idx[q]
            S.nxt[e] = S.head[u]
            S.head[u] = <int32_t>e
            S.ek[e] = <int32_t>k
            S.eu[e] = <int32_t>u
            S.ewf[e] = M.link_fwd[q]
            S.ewb[e] = M.link_bwd[q]
            e += 1
    off[0] = 0
    for jr in range(t1 - t0):
        jj = t0 + jr
        for q in range(M.lt_ptr[jj], M.lt_ptr[jj + 1]):
            u = M.lt_idx[q]
            if M.by_target:
                for p in range(M.link_ptr[u], M.link_ptr[u + 1]):
                    ee = S.head[M.link_idx[p]]
                    if ee >= 0:
                        if nh == S.h_cap[slot] and not _grow(S, slot):
                            S.failed = True
                            break
                        S.h_q[slot][nh] = <int32_t>(q - M.lt_ptr[jj])
                        S.h_k[slot][nh] = <int32_t>ee
                        S.h_wf[slot][nh] = M.link_fwd[p]
                        S.h_wb[slot][nh] = M.link_bwd[p]
                        nh += 1
                continue
            ee = S.head[u]
            while ee >= 0:
                if nh == S.h_cap[slot] and not _grow(S, slot):
                    S.failed = True
                    break
                S.h_q[slot][nh] = <int32_t>(q - M.lt_ptr[jj])
                S.h_k[slot][nh] = S.ek[ee]
                S.h_wf[slot][nh] = S.ewf[ee]
                S.h_wb[slot][nh] = S.ewb[ee]
                nh += 1
                ee = S.nxt[ee]
        off[jr + 1] = nh
    if M.by_target:
        for k in range(K):
            S.head[M.ls_idx[base + k]] = -1
    else:
        for k in range(e):
            S.head[S.eu[k]] = -1
    for jc in range(c1 - c0):
        jj = c0 + jc
        nt = 0
        for b in range(1, M.bmax + 1):
            total = 0.0
            x = jj - b
            if K > 0 and tokens > 0.0 and x >= t0:
                # log(1 + κ·mass/(N·p)) = softplus(log(κ·mass/p) - log N): a logarithm per hit
                jr = x - t0
                for h in range(off[jr], off[jr + 1]):
                    k = S.h_k[slot][h]
                    if S.acc[k] == 0.0:
                        S.touched[nt] = <int32_t>k
                        nt += 1
                    S.acc[k] += M.lt_cnt[M.lt_ptr[x] + S.h_q[slot][h]] * S.h_wb[slot][h]
                    S.ell[k] = _fast_log(M.kappa_bwd * S.acc[k] / M.p_src[M.ls_idx[base + k]])
                if M.lt_cum[jj] - M.lt_cum[x] > 0.0:
                    coef = _fast_log(M.lt_cum[jj] - M.lt_cum[x])
                    total = tokens * M.log_eps_bwd
                    for y in range(nt):
                        k = S.touched[y]
                        total += M.ls_cnt[base + k] * _softplus(S.ell[k] - coef)
            vals[(b - 1) * S.cap_r + jc] = total
        for y in range(nt):
            S.acc[S.touched[y]] = 0.0


cdef void _table_rows(const Model* M, Scratch* S, const int64_t* todo, int64_t count) noexcept nogil:
    """The likelihood table of the rows ``todo`` (ascending) of the corridor ``M.clo``/``M.chi``.

    Forward, for end row ``o``, span size ``a`` and target sentence ``j'`` (from ``clo[o] - bmax``
    to ``chi[o] - 1``): the log-likelihood ratio of ``j'``'s tokens given source sentences
    ``o-a..o-1`` (Model 1 with a background share ``eps_fwd``), the span growing one sentence at
    a time; backward, for source sentence ``o - 1``, span end ``j`` (``clo[o]..chi[o-1+amax]``)
    and size ``b``: that of its tokens given target sentences ``j-b..j-1`` (:func:`_fill_sentence`).
    ``log(1 + κ·mass/(N·p)) = softplus(log(κ·mass/p) - log N)``: one logarithm per hit, a table
    for the rest."""
    cdef int64_t n = M.n, o, sizes, a, s, slot, jr, h, q, nt, y, jj, c0, c1, width, rows, start_q, r, b, top, k, x
    cdef int64_t* off
    cdef const float* counts
    cdef double total, tokens
    cdef double coef[16]
    cdef float* row
    for x in range(count):
        o = todo[x]
        sizes = min(M.amax, o)
        for a in range(1, sizes + 1):
            s = o - a
            slot = s % M.amax
            if S.r_key[slot] != s:
                top = min(n, s + M.amax)
                _fill_sentence(M, S, s, M.clo[s + 1], M.chi[top] + 1)
        # the backward values of sentence o - 1, whose slot now holds every span end it can have
        r = o - 1
        slot = r % M.amax
        width = S.r_c1[slot] - S.r_c0[slot]
        for b in range(M.bmax):
            for k in range(width):
                (<float*>M.lb)[M.lb_off[r] + b * width + k] = <float>S.r_val[slot * M.bmax * S.cap_r + b * S.cap_r + k]
        # the forward values of the spans ending at o, every size at once
        c0, c1 = max(<int64_t>0, M.clo[o] - M.bmax), M.chi[o]
        width = c1 - c0
        for a in range(1, sizes + 1):
            tokens = M.ls_cum[o] - M.ls_cum[o - a]
            coef[a] = _fast_log(tokens) if tokens > 0.0 else INFINITY
        row = <float*>(M.lf + M.lf_off[o])
        for jj in range(c0, c1):
            start_q = M.lt_ptr[jj]
            nt = 0
            for a in range(1, sizes + 1):
                s = o - a
                slot = s % M.amax
                off = S.h_off + slot * (S.cap_rows + 1)
                jr = jj - S.r_t0[slot]
                rows = S.r_c1[slot] - 1 - S.r_t0[slot]
                if 0 <= jr < rows:
                    counts = M.ls_cnt + M.ls_ptr[s]
                    for h in range(off[jr], off[jr + 1]):
                        q = S.h_q[slot][h]
                        if S.acc[q] == 0.0:
                            S.touched[nt] = <int32_t>q
                            nt += 1
                        S.acc[q] += counts[S.h_k[slot][h]] * S.h_wf[slot][h]
                        S.ell[q] = _fast_log(M.kappa_fwd * S.acc[q] / M.p_tgt[M.lt_idx[start_q + q]])
                total = 0.0
                if coef[a] < INFINITY:
                    total = (M.lt_cum[jj + 1] - M.lt_cum[jj]) * M.log_eps_fwd
                    for y in range(nt):
                        q = S.touched[y]
                        total += M.lt_cnt[start_q + q] * _softplus(S.ell[q] - coef[a])
                row[(a - 1) * width + jj - c0] = <float>total
            for y in range(nt):
                S.acc[S.touched[y]] = 0.0


cdef inline double _log_sum(double a, double b) noexcept nogil:
    """``log(exp(a) + exp(b))`` (the correction ``log(1 + exp(-|a - b|))`` from a table)."""
    cdef double d = fabs(a - b), x
    cdef int64_t k
    if a == -INFINITY:
        return b
    if b == -INFINITY:
        return a
    if d >= _SOFT_MAX:
        return max(a, b)
    x = d * _SOFT_STEPS
    k = <int64_t>x
    return max(a, b) + _soft_table[k] + (x - k) * (_soft_table[k + 1] - _soft_table[k])


cdef inline void _likelihood_costs(const Model* M, int64_t a, int64_t b, int64_t i, int64_t j0, double* out,
                                   int64_t first, int64_t last) noexcept nogil:
    """Add the translation likelihood cost of the ``a-b`` beads ending at ``(i, j0 + k)``,
    ``first <= k < last``, to ``out[k]``, from the corridor's table (see :class:`CostModel`)."""
    cdef int64_t k, j, x, r, c0, width, top, span
    cdef double forward, backward, lex
    cdef const float* row
    if M.ls_cum[i] - M.ls_cum[i - a] <= 0.0 or first >= last:
        return
    c0 = max(<int64_t>0, M.clo[i] - M.bmax)
    width = M.chi[i] - c0
    row = M.lf + M.lf_off[i] + (a - 1) * width - c0
    for k in range(first, last):
        j = j0 + k
        if M.lt_cum[j] - M.lt_cum[j - b] <= 0.0:
            continue
        forward = 0.0
        for x in range(j - b, j):
            forward += row[x]
        backward = 0.0
        for r in range(i - a, i):
            top = min(M.n, r + M.amax)
            span = M.chi[top] - M.clo[r + 1] + 1
            backward += M.lb[M.lb_off[r] + (b - 1) * span + j - M.clo[r + 1]]
        lex = 0.5 * (forward + backward)
        out[k] -= _log_sum(M.log_keep + lex, M.log_share) if M.mixed else lex


cdef void _type_costs(const Model* M, int64_t t, int64_t i, int64_t j0, double* out, int64_t count) noexcept nogil:
    """Costs of the beads of type ``t`` (an index into ``M.a``, ``M.b``) ending at cells ``(i, j0)``,
    ``(i, j0 + 1)``, … into ``out``; ``inf`` where the bead does not fit. One type and one row at a
    time, so each part of the cost is a tight loop."""
    cdef int64_t a = M.a[t], b = M.b[t], m = M.m, k, j, first, last, inside
    cdef double l1, ns, nt, sim, scale
    cdef const double* row
    if i < a or i > M.n:
        for k in range(count):
            out[k] = INFINITY
        return
    for k in range(count):
        j = j0 + k
        out[k] = M.prior[t] if b <= j <= m else INFINITY
    if b == 0:
        if M.open_lead and j0 <= 0 < j0 + count:
            out[-j0] = M.edge_cost
        if M.open_trail and j0 <= m < j0 + count:
            out[m - j0] = M.edge_cost
        return
    if a == 0:
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
    if M.likelihood:
        _likelihood_costs(M, a, b, i, j0, out, first, last)
    if M.endings:
        row = M.end_table + M.src_end[i - 1] * M.end_stride
        for k in range(first, last):
            out[k] += row[M.tgt_end[j0 + k - 1]]
    if M.breaks:
        inside = M.src_breaks[i - 1] - M.src_breaks[i - a]
        for k in range(first, last):
            j = j0 + k
            out[k] += M.break_cost * (inside + M.tgt_breaks[j - 1] - M.tgt_breaks[j - b])


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


cdef int _sweep(const Model* M, double* values, double* sums, int8_t* back, bint has_back, const int64_t* lo,
                const int64_t* hi, const int64_t* offsets, double unpaired, double unpaired_first,
                double unpaired_last, bint soft, bint backward, int64_t n, int64_t end_col) noexcept nogil:
    cdef int64_t ntypes = M.ntypes, width = 0, r, row, base, valid, t, o, b, first, last, k0, k1, k, col
    cdef int64_t pick, step_k, other
    cdef double best, total, gap, via_row, cost, along
    cdef bint both = sums != NULL
    for row in range(n + 1):
        width = max(width, offsets[row + 1] - offsets[row])
    cdef double* via = <double*>malloc(max(ntypes * width, <int64_t>1) * sizeof(double))
    cdef double* via_sum = <double*>malloc(max(ntypes * width, <int64_t>1) * sizeof(double)) if both else NULL
    if via == NULL or (both and via_sum == NULL):
        free(via)
        free(via_sum)
        return -1
    for r in range(n + 1):
        row = n - r if backward else r
        base = offsets[row]
        valid = offsets[row + 1] - base
        for t in range(ntypes):
            for k in range(valid):
                via[t * width + k] = INFINITY
                if both:
                    via_sum[t * width + k] = INFINITY
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
                cost = via[t * width + k]
                via[t * width + k] = cost + values[offsets[o] + col - lo[o]]
                if both:
                    via_sum[t * width + k] = cost + sums[offsets[o] + col - lo[o]]
        for k in range(valid):
            best = INFINITY
            pick = -1
            for t in range(ntypes):
                if via[t * width + k] < best:
                    best = via[t * width + k]
                    pick = t
            if soft:
                values[base + k] = _log_sum_costs(via + k, ntypes, width, best)
            else:
                values[base + k] = best
            if both:
                total = INFINITY
                for t in range(ntypes):
                    total = min(total, via_sum[t * width + k])
                sums[base + k] = _log_sum_costs(via_sum + k, ntypes, width, total)
            if has_back:
                back[base + k] = <int8_t>pick
        if backward and row == n:
            values[base + end_col] = 0.0
            if both:
                sums[base + end_col] = 0.0
        if not backward and row == 0:
            values[base] = 0.0
            if both:
                sums[base] = 0.0
        # 0-1 beads along the row (in the first and last rows at their own cost); on a tie the
        # other transition wins
        along = unpaired_first if row == 0 else unpaired_last if row == n else unpaired
        for step_k in range(1, valid):
            k = valid - 1 - step_k if backward else step_k
            other = k + 1 if backward else k - 1
            via_row = values[base + other] + along
            if soft:
                values[base + k] = _log_add(values[base + k], via_row)
            elif via_row < values[base + k]:
                values[base + k] = via_row
                if has_back:
                    back[base + k] = <int8_t>ntypes
            if both:
                sums[base + k] = _log_add(sums[base + k], sums[base + other] + along)
    free(via)
    free(via_sum)
    return 0


cdef inline double _log_sum_costs(const double* via, int64_t ntypes, int64_t width, double best) noexcept nogil:
    """``-log Σ exp(-via[t·width])`` over the types, given their least value ``best``."""
    cdef double total = 0.0, gap
    cdef int64_t t
    if best == INFINITY:
        return INFINITY
    for t in range(ntypes):
        gap = via[t * width] - best
        if gap < _NEGLIGIBLE:
            total += exp(-gap)
    return best - log(total)


def sweep_rows(double[::1] values, double[::1] sums, bint with_sums, int8_t[::1] back, bint has_back,
               const int64_t[::1] lo, const int64_t[::1] hi, const int64_t[::1] offsets, CostModel costs,
               double unpaired, double unpaired_first, double unpaired_last, bint soft, bint backward, int64_t n,
               int64_t end_col):
    """The recurrence over every row (see :func:`.search.sweep`), without the GIL; with ``with_sums``
    a hard sweep also fills ``sums`` with the soft values (the summed probability of all paths).
    A 0-1 bead costs ``unpaired``, in row 0 ``unpaired_first`` and in row ``n`` ``unpaired_last``."""
    cdef Model* M = &costs.M
    cdef int status
    cdef int8_t dummy = 0
    cdef int8_t* back_ptr = &back[0] if has_back else &dummy
    cdef double* sums_ptr = &sums[0] if with_sums else NULL
    with nogil:
        status = _sweep(M, &values[0], sums_ptr, back_ptr, has_back, &lo[0], &hi[0], &offsets[0], unpaired,
                        unpaired_first, unpaired_last, soft, backward, n, end_col)
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


def bead_ratios(const int32_t[::1] s_ptr, const int32_t[::1] s_idx, const float[::1] s_cnt,
                const int32_t[::1] t_ptr, const int32_t[::1] t_idx, const float[::1] t_cnt,
                const int64_t[::1] link_ptr, const int32_t[::1] link_idx, const float[::1] link_fwd,
                const float[::1] link_bwd, bint by_target, const double[::1] p_src, const double[::1] p_tgt,
                const int64_t[::1] src_rows, const int64_t[::1] src_offsets, const int64_t[::1] tgt_rows,
                const int64_t[::1] tgt_offsets):
    """What the translation likelihood of each bead is made of (see :mod:`.likelihood`), for the
    M step: forward, for every distinct target unit ``u`` of bead ``k``, ``(k, count,
    T(u) / (N · p_tgt[u]))`` with ``T(u)`` the translation mass the bead's source tokens give ``u``
    and ``N`` their number; backward, the same for every distinct source unit given the target
    tokens. A bead with no token on a side gives nothing. The links start from the source units,
    or from the target units when ``by_target``."""
    cdef int64_t beads = src_offsets.shape[0] - 1, src_units = p_src.shape[0], tgt_units = p_tgt.shape[0]
    cdef int64_t bound_f = 0, bound_b = 0, k, x, r, p, q, v, u, nf = 0, nb = 0, ns, nt
    for k in range(beads):
        for x in range(tgt_offsets[k], tgt_offsets[k + 1]):
            bound_f += t_ptr[tgt_rows[x] + 1] - t_ptr[tgt_rows[x]]
        for x in range(src_offsets[k], src_offsets[k + 1]):
            bound_b += s_ptr[src_rows[x] + 1] - s_ptr[src_rows[x]]
    fk_arr, fc_arr, fq_arr = np.empty(bound_f, dtype=np.int64), np.empty(bound_f), np.empty(bound_f)
    bk_arr, bc_arr, bq_arr = np.empty(bound_b, dtype=np.int64), np.empty(bound_b), np.empty(bound_b)
    tcount_arr, scount_arr = np.zeros(max(tgt_units, 1)), np.zeros(max(src_units, 1))
    tmass_arr, smass_arr = np.zeros(max(tgt_units, 1)), np.zeros(max(src_units, 1))
    tlist_arr, slist_arr = np.empty(max(tgt_units, 1), dtype=np.int64), np.empty(max(src_units, 1), dtype=np.int64)
    cdef int64_t[::1] fk = fk_arr, bk = bk_arr, tlist = tlist_arr, slist = slist_arr
    cdef double[::1] fc = fc_arr, fq = fq_arr, bc = bc_arr, bq = bq_arr
    cdef double[::1] tcount = tcount_arr, scount = scount_arr, tmass = tmass_arr, smass = smass_arr
    cdef double n_src, n_tgt
    with nogil:
        for k in range(beads):
            n_src = n_tgt = 0.0
            ns = nt = 0
            for x in range(src_offsets[k], src_offsets[k + 1]):
                r = src_rows[x]
                for p in range(s_ptr[r], s_ptr[r + 1]):
                    v = s_idx[p]
                    n_src += s_cnt[p]
                    if scount[v] == 0.0:
                        slist[ns] = v
                        ns += 1
                    scount[v] += s_cnt[p]
            for x in range(tgt_offsets[k], tgt_offsets[k + 1]):
                r = tgt_rows[x]
                for p in range(t_ptr[r], t_ptr[r + 1]):
                    u = t_idx[p]
                    n_tgt += t_cnt[p]
                    if tcount[u] == 0.0:
                        tlist[nt] = u
                        nt += 1
                    tcount[u] += t_cnt[p]
            if n_src > 0.0 and n_tgt > 0.0:
                # each unit's translation mass from the other side: along the links from the
                # units they start from, against the counts of the units they reach
                if by_target:
                    for x in range(nt):
                        u = tlist[x]
                        for q in range(link_ptr[u], link_ptr[u + 1]):
                            tmass[u] += link_fwd[q] * scount[link_idx[q]]
                            smass[link_idx[q]] += link_bwd[q] * tcount[u]
                else:
                    for x in range(ns):
                        v = slist[x]
                        for q in range(link_ptr[v], link_ptr[v + 1]):
                            tmass[link_idx[q]] += link_fwd[q] * scount[v]
                            smass[v] += link_bwd[q] * tcount[link_idx[q]]
                for x in range(nt):
                    u = tlist[x]
                    fk[nf], fc[nf], fq[nf] = k, tcount[u], tmass[u] / (n_src * p_tgt[u])
                    nf += 1
                for x in range(ns):
                    v = slist[x]
                    bk[nb], bc[nb], bq[nb] = k, scount[v], smass[v] / (n_tgt * p_src[v])
                    nb += 1
            # clear every unit touched (links reach units outside the bead only where counts are 0)
            if by_target:
                for x in range(nt):
                    u = tlist[x]
                    tmass[u] = 0.0
                    for q in range(link_ptr[u], link_ptr[u + 1]):
                        smass[link_idx[q]] = 0.0
            else:
                for x in range(ns):
                    v = slist[x]
                    smass[v] = 0.0
                    for q in range(link_ptr[v], link_ptr[v + 1]):
                        tmass[link_idx[q]] = 0.0
            for x in range(nt):
                tcount[tlist[x]] = 0.0
            for x in range(ns):
                scount[slist[x]] = 0.0
    return (fk_arr[:nf], fc_arr[:nf], fq_arr[:nf]), (bk_arr[:nb], bc_arr[:nb], bq_arr[:nb])


# --- IBM Model 1 ----------------------------------------------------------------------------------

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
