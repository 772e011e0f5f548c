/**
 * A matrix-product kernel with fused multiply-add, for tfjs' wasm backend.
 *
 * tfjs' wasm build (XNNPACK, 128-bit SIMD) multiplies and adds in two instructions, because plain
 * wasm SIMD has no fused multiply-add. The relaxed-SIMD proposal (Chromium 114+, Node with
 * `--experimental-wasm-relaxed-simd`) adds `f32x4.relaxed_madd`, which V8 compiles to one FMA
 * where the CPU has it: twice the arithmetic per instruction. This kernel is built at run time
 * (wasm-asm.ts) and works on tfjs' own wasm heap, so it reads and writes tensors in place.
 *
 * Layout: `C[M, 8·panels] = A·B (+ bias) (then ReLU)`, computed in 4-row by 8-column tiles
 * (eight 4-lane accumulators, as the register-blocked micro-kernels of GotoBLAS and XNNPACK).
 * A is read with byte strides `(saI, saK)` between rows and along K, so `Aᵀ` needs no copy;
 * B row-major with byte row stride `ldb`; C with byte row stride `ldc`. Every address is a byte
 * offset into the shared heap.
 */
import { assemble, Code, I32, V128 } from './wasm-asm';
import {
  emitExp,
  emitLog,
  normalCode,
  NOISE_PARAMS,
  unaryCode,
  UNARY_PARAMS,
  uniformCode,
} from './wasm-math';
import {
  adamCode,
  ADAM_PARAMS,
  colsumCode,
  COLSUM_PARAMS,
  copyRowsCode,
  COPY_ROWS_PARAMS,
} from './wasm-vector';

/** The kernel's parameters, in order (all i32). */
const PARAMS = [
  'a',
  'saI',
  'saK',
  'b',
  'ldb',
  'c',
  'ldc',
  'm',
  'k',
  'panels',
  'bias',
  'relu',
  'accumulate',
] as const;

type Param = (typeof PARAMS)[number];

/** The kernel's parameters and locals, by name. */
interface GemmLocals extends Record<Param, number> {
  f: Code;
  /** `n`: A row-major (`saK` = 4); `t`: A transposed (`saI` = 4). */
  layout: 'n' | 't';
  p: number;
  i: number;
  ptr: number[];
  bq: number;
  kk: number;
  cp: number;
  acc: number[];
  b0: number;
  b1: number;
  x: number;
}

/** C's tile address into `cp`: row `i`, panel `p`. */
function tileAddress(l: GemmLocals): void {
  l.f.get(l.c).get(l.i).get(l.ldc).mul().add().get(l.p).i32(32).mul().add().set(l.cp);
}

/** The accumulators of `rows` rows: from C when `accumulate` (a later K chunk), else zero. */
function startTile(l: GemmLocals, rows: number): void {
  const { f, acc, cp } = l;
  tileAddress(l);
  f.get(l.accumulate).if();
  for (let r = 0; r < rows; r += 1) {
    f.get(cp)
      .v128Load(0)
      .set(acc[2 * r] as number);
    f.get(cp)
      .v128Load(16)
      .set(acc[2 * r + 1] as number);
    if (r < rows - 1) f.addTo(cp, l.ldc);
  }
  f.else();
  for (let v = 0; v < 2 * rows; v += 1) f.v128Zero().set(acc[v] as number);
  f.end();
}

/** One k step: B's 8 values times each row's A value, fused into the sums. */
function kStep(l: GemmLocals, rows: number): void {
  const { f, acc, ptr, b0, b1, x } = l;
  f.get(l.bq).v128Load(0).set(b0);
  f.get(l.bq).v128Load(16).set(b1);
  for (let r = 0; r < rows; r += 1) {
    // Row-major A: each row its own pointer. Transposed A: one pointer, rows at +4r.
    if (l.layout === 'n') f.get(ptr[r] as number).load32Splat();
    else f.get(ptr[0] as number).load32Splat(4 * r);
    f.set(x);
    for (const [half, bv] of [b0, b1].entries()) {
      const av = acc[2 * r + half] as number;
      f.get(x).get(bv).get(av).f32x4Madd().set(av);
    }
  }
}

/** The K loop of a tile; each sum runs over k in order. */
function kLoop(l: GemmLocals, rows: number): void {
  const { f, ptr, bq, kk } = l;
  f.block().loop();
  f.get(kk).eqz().brIf(1);
  kStep(l, rows);
  if (l.layout === 'n') for (let r = 0; r < rows; r += 1) f.addConst(ptr[r] as number, 4);
  else f.addTo(ptr[0] as number, l.saK);
  f.addTo(bq, l.ldb);
  f.get(kk).i32(1).sub().set(kk);
  f.br(0).end().end();
}

/** Bias and ReLU where asked, then the store of `rows` rows. */
function finishTile(l: GemmLocals, rows: number): void {
  const { f, acc, bq, b0, b1, cp } = l;
  f.get(l.bias).if();
  f.get(l.bias).get(l.p).i32(32).mul().add().set(bq);
  f.get(bq).v128Load(0).set(b0);
  f.get(bq).v128Load(16).set(b1);
  for (let v = 0; v < 2 * rows; v += 1) {
    f.get(acc[v] as number)
      .get(v % 2 === 0 ? b0 : b1)
      .f32x4Add()
      .set(acc[v] as number);
  }
  f.end();
  f.get(l.relu).if();
  for (let v = 0; v < 2 * rows; v += 1) {
    f.get(acc[v] as number)
      .v128Zero()
      .f32x4Max()
      .set(acc[v] as number);
  }
  f.end();
  tileAddress(l);
  for (let r = 0; r < rows; r += 1) {
    f.get(cp)
      .get(acc[2 * r] as number)
      .v128Store(0);
    f.get(cp)
      .get(acc[2 * r + 1] as number)
      .v128Store(16);
    if (r < rows - 1) f.addTo(cp, l.ldc);
  }
}

/** A tile of `rows` rows (1 or 4) at row `i` of panel `p`. */
function tile(l: GemmLocals, rows: number): void {
  const { f, ptr } = l;
  // Row pointers into A, the panel's B column, and K's countdown.
  f.get(l.a)
    .get(l.i)
    .get(l.saI)
    .mul()
    .add()
    .set(ptr[0] as number);
  for (let r = 1; r < (l.layout === 'n' ? rows : 1); r += 1) {
    f.get(ptr[r - 1] as number)
      .get(l.saI)
      .add()
      .set(ptr[r] as number);
  }
  f.get(l.b).get(l.p).i32(32).mul().add().set(l.bq);
  f.get(l.k).set(l.kk);
  startTile(l, rows);
  kLoop(l, rows);
  finishTile(l, rows);
}

function gemmCode(layout: 'n' | 't'): Code {
  const f = new Code(PARAMS.length);
  const params = Object.fromEntries(PARAMS.map((name, i) => [name, i])) as Record<Param, number>;
  const l: GemmLocals = {
    ...params,
    f,
    layout,
    p: f.local(I32),
    i: f.local(I32),
    ptr: [f.local(I32), f.local(I32), f.local(I32), f.local(I32)],
    bq: f.local(I32),
    kk: f.local(I32),
    cp: f.local(I32),
    acc: Array.from({ length: 8 }, () => f.local(V128)),
    b0: f.local(V128),
    b1: f.local(V128),
    x: f.local(V128),
  };
  const { p, i } = l;
  f.i32(0).set(p);
  f.block().loop();
  f.get(p).get(l.panels).geU().brIf(1);
  f.i32(0).set(i);
  // Four rows at a time while four remain.
  f.block().loop();
  f.get(i).i32(4).add().get(l.m).gtU().brIf(1);
  tile(l, 4);
  f.addConst(i, 4);
  f.br(0).end().end();
  // Then one at a time.
  f.block().loop();
  f.get(i).get(l.m).geU().brIf(1);
  tile(l, 1);
  f.addConst(i, 1);
  f.br(0).end().end();
  f.addConst(p, 1);
  f.br(0).end().end();
  return f;
}

/** The kernel module's bytes (wasm-gemm.ts and wasm-vector.ts), on a shared memory when `shared`. */
export function kernelModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return assemble(
    [
      { name: 'gemmN', params: PARAMS.map(() => I32), code: gemmCode('n') },
      { name: 'gemmT', params: PARAMS.map(() => I32), code: gemmCode('t') },
      { name: 'adam', params: ADAM_PARAMS, code: adamCode() },
      { name: 'colsum', params: COLSUM_PARAMS, code: colsumCode() },
      { name: 'copyRows', params: COPY_ROWS_PARAMS, code: copyRowsCode() },
      { name: 'exp', params: UNARY_PARAMS, code: unaryCode(emitExp) },
      {
        name: 'log',
        params: UNARY_PARAMS,
        code: unaryCode((f, v, x, out) => emitLog(f, v, x, out, true)),
      },
      { name: 'normal', params: NOISE_PARAMS, code: normalCode() },
      { name: 'uniform', params: NOISE_PARAMS, code: uniformCode() },
    ],
    shared,
  );
}

export type GemmFn = (
  a: number,
  saI: number,
  saK: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  m: number,
  k: number,
  panels: number,
  bias: number,
  relu: number,
  accumulate: number,
) => void;

/** The module's functions; arguments as in wasm-vector.ts. */
export interface WasmKernels {
  /** A row-major (`saK` must be 4). */
  gemmN: GemmFn;
  /** A transposed (`saI` must be 4). */
  gemmT: GemmFn;
  adam: (...args: number[]) => void;
  exp: (x: number, out: number, count: number) => void;
  log: (x: number, out: number, count: number) => void;
  /** `count` (a multiple of 8) normals `mean + std·z` from the 64-byte state at `state`. */
  normal: (state: number, out: number, count: number, mean: number, std: number) => void;
  /** `count` (a multiple of 4) uniforms in [lo, hi) from the 64-byte state at `state`. */
  uniform: (state: number, out: number, count: number, lo: number, hi: number) => void;
  colsum: (
    x: number,
    out: number,
    rows: number,
    cols: number,
    divisor: number,
    divide: number,
  ) => void;
  copyRows: (
    src: number,
    srcStride: number,
    dst: number,
    dstStride: number,
    rows: number,
    bytes: number,
  ) => void;
}

/** The parts of the WebAssembly JS API used here (core's libraries do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
interface WasmApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => WasmMemory;
}

/** The host's WebAssembly object, or null where there is none. */
export function wasmApi(): WasmApi | null {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

/**
 * The kernels on `memory`, or null where relaxed SIMD is not available (the module does not
 * validate) or the memory cannot be imported.
 */
export function instantiateKernels(memory: WasmMemory, shared: boolean): WasmKernels | null {
  const api = wasmApi();
  if (!api) return null;
  const bytes = kernelModuleBytes(shared);
  if (!api.validate(bytes)) return null;
  try {
    const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
    return instance.exports as unknown as WasmKernels;
  } catch {
    return null;
  }
}
