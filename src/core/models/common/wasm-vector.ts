/**
 * Element-wise and copy kernels for tfjs' wasm heap, next to the matrix product (wasm-gemm.ts):
 *
 * - `adam`: one pass of Adam's update (adam.ts) over the flattened parameters, in the same
 *   float32 operations and order as its tfjs ops, so the result is the same to the bit; tfjs
 *   runs a dozen kernels over the whole vector instead (CTGAN's critic: 765,185 weights).
 * - `colsum`: the sum (or mean) over the leading axis, `[rows, cols]` → `[cols]`, row by row;
 *   tfjs' wasm Sum and Mean transpose first when the reduced axis is not the last.
 * - `copyRows`: `rows` runs of `bytes` between two strides (`memory.copy`), for Concat.
 */
import { Code, F32, I32, V128, type ValType } from './wasm-asm';

/** One element-wise expression in either 4 lanes (SIMD) or one (scalar). */
interface Lanes {
  width: number;
  load(f: Code): void;
  store(f: Code): void;
  mul(f: Code): void;
  add(f: Code): void;
  sub(f: Code): void;
  div(f: Code): void;
  sqrt(f: Code): void;
}

const SIMD: Lanes = {
  width: 4,
  load: (f) => f.v128Load(),
  store: (f) => f.v128Store(),
  mul: (f) => f.f32x4Mul(),
  add: (f) => f.f32x4Add(),
  sub: (f) => f.f32x4Sub(),
  div: (f) => f.f32x4Div(),
  sqrt: (f) => f.f32x4Sqrt(),
};

const SCALAR: Lanes = {
  width: 1,
  load: (f) => f.f32Load(),
  store: (f) => f.f32Store(),
  mul: (f) => f.f32Mul(),
  add: (f) => f.f32Add(),
  sub: (f) => f.f32Sub(),
  div: (f) => f.f32Div(),
  sqrt: (f) => f.f32Sqrt(),
};

/**
 * `for (i = 0; i + 4 <= n; i += 4) simd(i); for (; i < n; i += 1) scalar(i)` with `at` the byte
 * offset `4·i`.
 */
function vectorLoop(f: Code, n: number, at: number, body: (lanes: Lanes) => void): void {
  const i = f.local(I32);
  f.i32(0).set(i).i32(0).set(at);
  for (const lanes of [SIMD, SCALAR]) {
    f.block().loop();
    f.get(i).i32(lanes.width).add().get(n).gtU().brIf(1);
    body(lanes);
    f.addConst(i, lanes.width).addConst(at, lanes.width * 4);
    f.br(0).end().end();
  }
}

export const ADAM_PARAMS: ValType[] = [
  ...new Array<ValType>(8).fill(I32), // p, g, m, v, outP, outM, outV, n
  ...new Array<ValType>(9).fill(F32), // b1, 1-b1, b2, 1-b2, c2, eps, lr/bc1, l2, decay
  ...new Array<ValType>(2).fill(I32), // useL2, useDecay
];

export function adamCode(): Code {
  const f = new Code(ADAM_PARAMS.length);
  const [p, g, m, v, outP, outM, outV, n] = [0, 1, 2, 3, 4, 5, 6, 7];
  const scalars = [8, 9, 10, 11, 12, 13, 14, 15, 16];
  const [useL2, useDecay] = [17, 18];
  // Each f32 parameter also splatted to 4 lanes.
  const splat = scalars.map((s) => {
    const l = f.local(V128);
    f.get(s).f32x4Splat().set(l);
    return l;
  }) as [number, number, number, number, number, number, number, number, number];
  const at = f.local(I32);
  const [gv, mv, vv, pv] = [V128, V128, V128, V128].map(() => f.local(V128)) as number[] as [
    number,
    number,
    number,
    number,
  ];
  const [gs, ms, vs, ps] = [F32, F32, F32, F32].map(() => f.local(F32)) as number[] as [
    number,
    number,
    number,
    number,
  ];
  vectorLoop(f, n, at, (L) => {
    const simd = L === SIMD;
    const [gl, ml, vl, pl] = simd ? [gv, mv, vv, pv] : [gs, ms, vs, ps];
    const c = (k: number) => f.get(simd ? (splat[k] as number) : (scalars[k] as number));
    const [b1, ob1, b2, ob2, c2, eps, lrc, l2, decay] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const load = (base: number, local: number) => {
      f.get(base).get(at).add();
      L.load(f);
      f.set(local);
    };
    load(g, gl);
    load(p, pl);
    // g += p·l2 (PyTorch's weight decay)
    f.get(useL2).if();
    f.get(gl).get(pl);
    c(l2);
    L.mul(f);
    L.add(f);
    f.set(gl).end();
    // m = m·b1 + g·(1 − b1)
    load(m, ml);
    f.get(ml);
    c(b1);
    L.mul(f);
    f.get(gl);
    c(ob1);
    L.mul(f);
    L.add(f);
    f.set(ml);
    // v = v·b2 + (g·g)·(1 − b2)
    load(v, vl);
    f.get(vl);
    c(b2);
    L.mul(f);
    f.get(gl).get(gl);
    L.mul(f);
    c(ob2);
    L.mul(f);
    L.add(f);
    f.set(vl);
    f.get(outM).get(at).add().get(ml);
    L.store(f);
    f.get(outV).get(at).add().get(vl);
    L.store(f);
    // p = (p·decay or p) − (m / (√v·c2 + eps))·(lr / bc1)
    f.get(useDecay).if();
    f.get(pl);
    c(decay);
    L.mul(f);
    f.set(pl).end();
    f.get(outP).get(at).add().get(pl).get(ml).get(vl);
    L.sqrt(f);
    c(c2);
    L.mul(f);
    c(eps);
    L.add(f);
    L.div(f);
    c(lrc);
    L.mul(f);
    L.sub(f);
    L.store(f);
  });
  return f;
}

export const COLSUM_PARAMS: ValType[] = [I32, I32, I32, I32, F32, I32]; // x, out, rows, cols, divisor, divide

export function colsumCode(): Code {
  const f = new Code(COLSUM_PARAMS.length);
  const [x, out, rows, cols, divisor, divide] = [0, 1, 2, 3, 4, 5];
  const at = f.local(I32);
  const row = f.local(I32);
  const r = f.local(I32);
  vectorLoop(f, cols, at, (L) => {
    f.get(out).get(at).add();
    if (L === SIMD) f.v128Zero();
    else f.f32Const(0);
    L.store(f);
  });
  f.get(x).set(row).i32(0).set(r);
  f.block().loop();
  f.get(r).get(rows).geU().brIf(1);
  vectorLoop(f, cols, at, (L) => {
    f.get(out).get(at).add();
    f.get(out).get(at).add();
    L.load(f);
    f.get(row).get(at).add();
    L.load(f);
    L.add(f);
    L.store(f);
  });
  f.get(row).get(cols).i32(4).mul().add().set(row);
  f.addConst(r, 1).br(0).end().end();
  f.get(divide).if();
  const d = f.local(V128);
  f.get(divisor).f32x4Splat().set(d);
  vectorLoop(f, cols, at, (L) => {
    f.get(out).get(at).add();
    f.get(out).get(at).add();
    L.load(f);
    f.get(L === SIMD ? d : divisor);
    L.div(f);
    L.store(f);
  });
  f.end();
  return f;
}

export const COPY_ROWS_PARAMS: ValType[] = [I32, I32, I32, I32, I32, I32]; // src, srcStride, dst, dstStride, rows, bytes

export function copyRowsCode(): Code {
  const f = new Code(COPY_ROWS_PARAMS.length);
  const [src, srcStride, dst, dstStride, rows, bytes] = [0, 1, 2, 3, 4, 5];
  const r = f.local(I32);
  f.i32(0).set(r);
  f.block().loop();
  f.get(r).get(rows).geU().brIf(1);
  f.get(dst).get(src).get(bytes).memoryCopy();
  f.addTo(src, srcStride).addTo(dst, dstStride).addConst(r, 1);
  f.br(0).end().end();
  return f;
}
