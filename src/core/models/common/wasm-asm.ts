/**
 * A small WebAssembly assembler: enough of the binary format (WebAssembly Core Specification 2.0,
 * chapter 5, with the SIMD and relaxed-SIMD proposals' opcodes) to build the matrix-product kernel
 * of wasm-gemm.ts at run time from readable code, without a build step or a shipped binary.
 */

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

/** One function's body, written instruction by instruction. */
export class Code {
  readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];
  /** Code run before the body: the constants' locals (see `laneConstant`). */
  private readonly prologue: number[] = [];
  private readonly constants = new Map<string, number>();

  constructor(private readonly paramCount: number) {}

  /** A new local of `type`; returns its index (after the parameters). */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.paramCount + this.localTypes.length - 1;
  }

  emit(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  get(index: number): this {
    return this.emit(0x20, ...uleb(index));
  }
  set(index: number): this {
    return this.emit(0x21, ...uleb(index));
  }
  i32(value: number): this {
    return this.emit(0x41, ...sleb(value));
  }
  add(): this {
    return this.emit(0x6a);
  }
  sub(): this {
    return this.emit(0x6b);
  }
  mul(): this {
    return this.emit(0x6c);
  }
  eqz(): this {
    return this.emit(0x45);
  }
  geU(): this {
    return this.emit(0x4f);
  }
  gtU(): this {
    return this.emit(0x4b);
  }
  /** `local += step` where step is a local. */
  addTo(index: number, step: number): this {
    return this.get(index).get(step).add().set(index);
  }
  /** `local += constant`. */
  addConst(index: number, constant: number): this {
    return this.get(index).i32(constant).add().set(index);
  }

  block(): this {
    return this.emit(0x02, 0x40);
  }
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  if(): this {
    return this.emit(0x04, 0x40);
  }
  else(): this {
    return this.emit(0x05);
  }
  end(): this {
    return this.emit(0x0b);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }

  private simd(op: number): this {
    return this.emit(0xfd, ...uleb(op));
  }
  /** `v128.load` at the address on the stack plus `offset` (16-byte aligned hint). */
  v128Load(offset = 0): this {
    return this.simd(0x00).emit(4, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).emit(4, ...uleb(offset));
  }
  /** One f32 at the address on the stack, in all four lanes. */
  load32Splat(offset = 0): this {
    return this.simd(0x09).emit(2, ...uleb(offset));
  }
  v128Zero(): this {
    return this.simd(0x0c).emit(...new Array<number>(16).fill(0));
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  /** A 4-lane constant: the same float32 in every lane. */
  f32x4Const(value: number): this {
    const lane = [...new Uint8Array(new Float32Array([value]).buffer)];
    return this.simd(0x0c).emit(...lane, ...lane, ...lane, ...lane);
  }
  /** A 4-lane constant: the same int32 in every lane. */
  i32x4Const(value: number): this {
    const lane = [...new Uint8Array(new Int32Array([value]).buffer)];
    return this.simd(0x0c).emit(...lane, ...lane, ...lane, ...lane);
  }
  /** `f32x4.pmin(a, b)`: `b < a ? b : a` per lane (one x86 instruction; keeps a NaN in a). */
  f32x4Pmin(): this {
    return this.simd(0xea);
  }
  /** `f32x4.pmax(a, b)`: `a < b ? b : a` per lane (one x86 instruction; keeps a NaN in a). */
  f32x4Pmax(): this {
    return this.simd(0xeb);
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  i32x4Sub(): this {
    return this.simd(0xb1);
  }
  /** Shift each lane left by the i32 on the stack. */
  i32x4Shl(): this {
    return this.simd(0xab);
  }
  /** Arithmetic shift right of each lane by the i32 on the stack. */
  i32x4ShrS(): this {
    return this.simd(0xac);
  }
  /** Logical shift right of each lane by the i32 on the stack. */
  i32x4ShrU(): this {
    return this.simd(0xad);
  }
  i32x4Mul(): this {
    return this.simd(0xb5);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  v128Xor(): this {
    return this.simd(0x51);
  }
  /** `v128.bitselect(a, b, mask)`: a's bits where mask is set, b's elsewhere. */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  f32x4Lt(): this {
    return this.simd(0x43);
  }
  f32x4Eq(): this {
    return this.simd(0x41);
  }
  /** `f32x4.convert_i32x4_s` */
  f32x4ConvertI32(): this {
    return this.simd(0xfa);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Sqrt(): this {
    return this.simd(0xe3);
  }
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** Relaxed SIMD `f32x4.relaxed_madd`: `a·b + c`, fused where the CPU has FMA. */
  f32x4Madd(): this {
    return this.simd(0x105);
  }
  f32Load(offset = 0): this {
    return this.emit(0x2a, 2, ...uleb(offset));
  }
  f32Store(offset = 0): this {
    return this.emit(0x38, 2, ...uleb(offset));
  }
  f32Const(value: number): this {
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    return this.emit(0x43, ...bytes);
  }
  f32Add(): this {
    return this.emit(0x92);
  }
  f32Sub(): this {
    return this.emit(0x93);
  }
  f32Mul(): this {
    return this.emit(0x94);
  }
  f32Div(): this {
    return this.emit(0x95);
  }
  f32Sqrt(): this {
    return this.emit(0x91);
  }
  /** `memory.copy` (bulk memory): dst, src and byte count on the stack. */
  memoryCopy(): this {
    return this.emit(0xfc, ...uleb(10), 0x00, 0x00);
  }

  /** The body as the code section wants it: size, local declarations, code, `end`. */
  encode(): number[] {
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0] += 1;
      else groups.push([1, t]);
    }
    const body = [...uleb(groups.length)];
    for (const [count, t] of groups) body.push(...uleb(count), t);
    body.push(...this.prologue, ...this.bytes, 0x0b);
    return [...uleb(body.length), ...body];
  }
}

export interface FunctionDef {
  name: string;
  params: ValType[];
  code: Code;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module that imports its memory as `env.memory` (shared when `shared`, as tfjs' threaded
 * build's is) and exports `functions`, none of which returns a value.
 */
export function assemble(
  functions: readonly FunctionDef[],
  shared: boolean,
): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]);
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, ...limits];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(functions.map((f) => f.code.encode()))),
  ];
  return new Uint8Array(bytes);
}
