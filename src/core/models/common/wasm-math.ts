/**
 * Elementary functions and seeded noise, four lanes at a time, for the wasm kernel module:
 *
 * - `exp`, `log`: e^x and ln x after the classic reduction to a small interval plus a minimax
 *   polynomial (Cody and Waite's split of ln 2; the polynomial coefficients of the Cephes
 *   library's `expf` and `logf`), about 1 ulp from the C library's results; tfjs' wasm Exp and
 *   Log call `expf` / `logf` one value at a time.
 * - `normal`, `uniform`: seeded noise for training (TVAE's ε, CTGAN's z and Gumbel draws), where
 *   tfjs' seeded `randomNormal` / `randomUniform` draw in JavaScript one value at a time (1.6 ms
 *   for TVAE's 500 x 128 per step here). Four independent xoshiro128** generators (Blackman and
 *   Vigna, 2018), one per lane; normals by the Box-Muller transform, its angle through half-angle
 *   Taylor polynomials for sine and cosine (truncation error below 6e-8 on [−π/2, π/2]).
 */
import { Code, F32, I32, V128, type ValType } from './wasm-asm';

/** A v128 local, created on first use per function. */
type Locals = (name: string) => number;

function localsOf(f: Code): Locals {
  const made = new Map<string, number>();
  return (name) => {
    let l = made.get(name);
    if (l === undefined) {
      l = f.local(V128);
      made.set(name, l);
    }
    return l;
  };
}

/** `Horner(t, coefficients)` on the stack: ((c0·t + c1)·t + c2)… with t a local. */
function horner(f: Code, t: number, coefficients: readonly number[]): void {
  f.f32x4Const(coefficients[0] as number);
  for (const c of coefficients.slice(1)) f.get(t).f32x4Mul().f32x4Const(c).f32x4Add();
}

const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;

/** One `2^k` factor from the i32x4 k on the stack (k in [−126, 127]): `(k + 127) << 23`. */
function powerOfTwo(f: Code): void {
  f.i32x4Const(127).i32x4Add().i32(23).i32x4Shl();
}

/** 1.5·2^23: adding it rounds a float of magnitude under 2^22 to an integer, kept in the low bits. */
const ROUNDER = 12582912;

/** ln 2^−126: below it e^x is subnormal, and given as 0. */
const EXP_LOW = -87.33654;

/**
 * `out = e^x` (locals). Inputs are clamped to [ln 2^−126, 88.8]: above, the result overflows to
 * +∞ as expf's does; below, it is 0, where expf gives a subnormal (building one costs a
 * microcode assist per value on x86, and the masked logits of a loss, at −1e9, are many).
 * NaN stays NaN.
 */
export function emitExp(f: Code, v: Locals, x: number, out: number): void {
  const [xc, nf, r, n] = [v('exp.xc'), v('exp.nf'), v('exp.r'), v('exp.n')];
  // pmax / pmin, not max / min: one instruction each, and a NaN in x goes through.
  f.get(x).f32x4Const(EXP_LOW).f32x4Pmax().f32x4Const(88.8).f32x4Pmin().set(xc);
  // n = round(x / ln 2), by adding 1.5·2^23: the sum's low mantissa bits hold n (rounded to
  // nearest even), as a float after subtracting it again and as an int from the bit patterns.
  f.get(xc).f32x4Const(Math.LOG2E).f32x4Mul().f32x4Const(ROUNDER).f32x4Add().set(n);
  f.get(n).f32x4Const(ROUNDER).f32x4Sub().set(nf);
  f.get(n).f32x4Const(ROUNDER).i32x4Sub().set(n);
  // r = (x − n·ln2_hi) − n·ln2_lo
  f.get(xc).get(nf).f32x4Const(LN2_HI).f32x4Mul().f32x4Sub();
  f.get(nf).f32x4Const(LN2_LO).f32x4Mul().f32x4Sub().set(r);
  // e^r = P(r)·r² + r + 1
  horner(
    f,
    r,
    [
      1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1,
      5.0000001201e-1,
    ],
  );
  f.get(r).get(r).f32x4Mul().f32x4Mul().get(r).f32x4Add().f32x4Const(1).f32x4Add();
  // · 2^(n >> 1) · 2^(n − (n >> 1)): each factor a normal float
  f.get(n).i32(1).i32x4ShrS();
  powerOfTwo(f);
  f.f32x4Mul();
  f.get(n).get(n).i32(1).i32x4ShrS().i32x4Sub();
  powerOfTwo(f);
  f.f32x4Mul().set(out);
  // 0 where the result would be subnormal (x below ln 2^−126).
  f.v128Zero().get(out).get(x).f32x4Const(EXP_LOW).f32x4Lt().v128Bitselect().set(out);
}

/**
 * `out = ln x` (locals): x = m·2^e with m in [√½, √2), ln x = ln m + e·ln 2, ln m from the
 * polynomial on m − 1. With `specials`, subnormal x are scaled first and 0 → −∞, x < 0 → NaN,
 * +∞ → +∞ and NaN → NaN, as logf gives; without, x must be a positive normal number.
 */
export function emitLog(f: Code, v: Locals, x: number, out: number, specials: boolean): void {
  const [xs, e, m, big, fr, z, sub] = ['xs', 'e', 'm', 'big', 'fr', 'z', 'sub'].map((n) =>
    v(`log.${n}`),
  ) as [number, number, number, number, number, number, number];
  f.get(x).set(xs);
  if (specials) {
    // Subnormals: times 2^24, and 24 off the exponent.
    f.get(x).f32x4Const(1.1754943508222875e-38).f32x4Lt().set(sub);
    f.get(x).f32x4Const(16777216).f32x4Mul().get(x).get(sub).v128Bitselect().set(xs);
  }
  f.get(xs).i32(23).i32x4ShrU().i32x4Const(127).i32x4Sub().set(e);
  if (specials) f.get(e).get(sub).i32x4Const(24).v128And().i32x4Sub().set(e);
  f.get(xs).i32x4Const(0x007fffff).v128And().i32x4Const(0x3f800000).v128Or().set(m);
  // Centre m on 1: above √2, halve it and count one more in the exponent (the mask is −1).
  f.get(m).f32x4Const(Math.SQRT2).f32x4Gt().set(big);
  f.get(m).f32x4Const(0.5).f32x4Mul().get(m).get(big).v128Bitselect().set(m);
  f.get(e).get(big).i32x4Sub().f32x4ConvertI32().set(e);
  f.get(m).f32x4Const(1).f32x4Sub().set(fr);
  f.get(fr).get(fr).f32x4Mul().set(z);
  // y = P(f)·f·z + e·ln2_lo − z/2; ln x = f + y + e·ln2_hi
  horner(
    f,
    fr,
    [
      7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
      -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
    ],
  );
  f.get(fr).f32x4Mul().get(z).f32x4Mul();
  f.get(e).f32x4Const(LN2_LO).f32x4Mul().f32x4Add();
  f.get(z).f32x4Const(0.5).f32x4Mul().f32x4Sub();
  f.get(fr).f32x4Add().get(e).f32x4Const(LN2_HI).f32x4Mul().f32x4Add().set(out);
  if (!specials) return;
  const pick = (value: () => void, mask: () => void) => {
    value();
    f.get(out);
    mask();
    f.v128Bitselect().set(out);
  };
  pick(
    () => f.get(x),
    () => f.get(x).f32x4Const(Infinity).f32x4Eq(),
  );
  pick(
    () => f.f32x4Const(-Infinity),
    () => f.get(x).f32x4Const(0).f32x4Eq(),
  );
  pick(
    () => f.f32x4Const(NaN),
    () => f.get(x).f32x4Const(0).f32x4Lt(),
  );
  // NaN in, NaN out: keep x where x ≠ x.
  f.get(out).get(x).get(x).get(x).f32x4Eq().v128Bitselect().set(out);
}

/** `for (at = 0; at < count·4; at += 16·groups)` around `body`, `at` a byte offset. */
function lanesLoop(f: Code, count: number, at: number, step: number, body: () => void): void {
  f.i32(0).set(at);
  f.block().loop();
  f.get(at).get(count).i32(4).mul().geU().brIf(1);
  body();
  f.addConst(at, step);
  f.br(0).end().end();
}

export const UNARY_PARAMS: ValType[] = [I32, I32, I32]; // x, out, count (a multiple of 4)

/** `out[i] = fn(x[i])` for a unary emitter. */
export function unaryCode(emit: (f: Code, v: Locals, x: number, out: number) => void): Code {
  const f = new Code(UNARY_PARAMS.length);
  const [x, out, count] = [0, 1, 2];
  const v = localsOf(f);
  const at = f.local(I32);
  lanesLoop(f, count, at, 16, () => {
    f.get(x).get(at).add().v128Load().set(v('in'));
    emit(f, v, v('in'), v('out'));
    f.get(out).get(at).add().get(v('out')).v128Store();
  });
  return f;
}

/** xoshiro128** state: four generators, one per lane, in 4 v128 locals. */
function rotl(f: Code, x: number, k: number): void {
  f.get(x)
    .i32(k)
    .i32x4Shl()
    .get(x)
    .i32(32 - k)
    .i32x4ShrU()
    .v128Or();
}

/** The next 32 random bits of each lane into `out`, advancing the state `s`. */
function nextBits(f: Code, v: Locals, s: number[], out: number): void {
  const [s0, s1, s2, s3] = s as [number, number, number, number];
  const [t, p] = [v('rng.t'), v('rng.p')];
  f.get(s1).i32x4Const(5).i32x4Mul().set(p);
  rotl(f, p, 7);
  f.i32x4Const(9).i32x4Mul().set(out);
  f.get(s1).i32(9).i32x4Shl().set(t);
  f.get(s2).get(s0).v128Xor().set(s2);
  f.get(s3).get(s1).v128Xor().set(s3);
  f.get(s1).get(s2).v128Xor().set(s1);
  f.get(s0).get(s3).v128Xor().set(s0);
  f.get(s2).get(t).v128Xor().set(s2);
  rotl(f, s3, 11);
  f.set(s3);
}

/** A uniform float in [0, 1) (`open0` false) or (0, 1] (`open0` true) per lane, into `out`. */
function nextUniform(f: Code, v: Locals, s: number[], out: number, open0: boolean): void {
  nextBits(f, v, s, out);
  f.get(out).i32(8).i32x4ShrU();
  if (open0) f.i32x4Const(1).i32x4Add();
  f.f32x4ConvertI32()
    .f32x4Const(2 ** -24)
    .f32x4Mul()
    .set(out);
}

export const NOISE_PARAMS: ValType[] = [I32, I32, I32, F32, F32]; // state, out, count, a, b

/** Loads the 4 x 4 state words at `state`, runs `body`, stores them back. */
function withState(f: Code, v: Locals, state: number, body: (s: number[]) => void): void {
  const s = [0, 1, 2, 3].map((i) => v(`rng.s${i}`));
  s.forEach((l, i) =>
    f
      .get(state)
      .v128Load(16 * i)
      .set(l),
  );
  body(s);
  s.forEach((l, i) =>
    f
      .get(state)
      .get(l)
      .v128Store(16 * i),
  );
}

/** `out[i] = a + (b − a)·u`, u uniform in [0, 1); count a multiple of 4. */
export function uniformCode(): Code {
  const f = new Code(NOISE_PARAMS.length);
  const [state, out, count, a, b] = [0, 1, 2, 3, 4];
  const v = localsOf(f);
  const at = f.local(I32);
  const [lo, span] = [v('lo'), v('span')];
  f.get(a).f32x4Splat().set(lo);
  f.get(b).get(a).f32Sub().f32x4Splat().set(span);
  withState(f, v, state, (s) => {
    lanesLoop(f, count, at, 16, () => {
      nextUniform(f, v, s, v('u'), false);
      f.get(out).get(at).add().get(v('u')).get(span).f32x4Mul().get(lo).f32x4Add().v128Store();
    });
  });
  return f;
}

/** `out[i] = a + b·z`, z standard normal (Box-Muller pairs); count a multiple of 8. */
export function normalCode(): Code {
  const f = new Code(NOISE_PARAMS.length);
  const [state, out, count, a, b] = [0, 1, 2, 3, 4];
  const v = localsOf(f);
  const at = f.local(I32);
  const [mean, std, u1, u2, r, t, t2, st, ct] = [
    'mean',
    'std',
    'u1',
    'u2',
    'r',
    't',
    't2',
    'st',
    'ct',
  ].map((n) => v(n)) as [number, number, number, number, number, number, number, number, number];
  f.get(a).f32x4Splat().set(mean);
  f.get(b).f32x4Splat().set(std);
  withState(f, v, state, (s) => {
    lanesLoop(f, count, at, 32, () => {
      nextUniform(f, v, s, u1, true);
      nextUniform(f, v, s, u2, false);
      // r = √(−2 ln u1), angle 2t with t = π(u2 − ½) in [−π/2, π/2)
      emitLog(f, v, u1, r, false);
      f.get(r).f32x4Const(-2).f32x4Mul().f32x4Sqrt().set(r);
      f.get(u2).f32x4Const(0.5).f32x4Sub().f32x4Const(Math.PI).f32x4Mul().set(t);
      f.get(t).get(t).f32x4Mul().set(t2);
      horner(f, t2, [-1 / 39916800, 1 / 362880, -1 / 5040, 1 / 120, -1 / 6, 1]);
      f.get(t).f32x4Mul().set(st);
      horner(f, t2, [1 / 479001600, -1 / 3628800, 1 / 40320, -1 / 720, 1 / 24, -1 / 2, 1]);
      f.set(ct);
      // cos 2t = ct² − st², sin 2t = 2·st·ct
      f.get(out).get(at).add();
      f.get(ct).get(ct).f32x4Mul().get(st).get(st).f32x4Mul().f32x4Sub();
      f.get(r).f32x4Mul().get(std).f32x4Mul().get(mean).f32x4Add().v128Store(0);
      f.get(out).get(at).add();
      f.get(st).get(ct).f32x4Mul().f32x4Const(2).f32x4Mul();
      f.get(r).f32x4Mul().get(std).f32x4Mul().get(mean).f32x4Add().v128Store(16);
    });
  });
  return f;
}
