/**
 * A realistic, seeded CSV for the ingest benchmark: 15 columns mixing the kinds the reader and
 * the schema inference have to tell apart. Written in chunks through a stream, so the 100 MB file
 * never sits in memory as one string.
 */
import {
  createWriteStream,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';

/** Bump when the generator's output changes, so an old cached file is not reused. */
const GENERATOR_VERSION = 1;
const SEED = 20261124;
const ROWS_PER_CHUNK = 5_000;

export const BENCH_COLUMNS = [
  'order_id',
  'age',
  'monthly_income',
  'balance',
  'credit_score',
  'city',
  'segment',
  'channel',
  'member',
  'signup_date',
  'last_visit',
  'comment',
  'tenure_months',
  'discount',
  'rating',
] as const;

/** mulberry32: a tiny seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = [
  'London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Lisbon', 'Dublin', 'Vienna', 'Prague', 'Warsaw',
  'Oslo', 'Stockholm', 'Helsinki', 'Copenhagen', 'Amsterdam', 'Brussels', 'Zurich', 'Geneva',
  'Milan', 'Munich', 'Hamburg', 'Lyon', 'Marseille', 'Porto', 'Seville', 'Valencia', 'Krakow',
  'Budapest', 'Athens', 'Sofia', 'Bucharest', 'Zagreb', 'Ljubljana', 'Riga', 'Tallinn', 'Vilnius',
  'Edinburgh', 'Glasgow', 'Cardiff', 'Belfast', 'Manchester', 'Leeds', 'Bristol', 'Antwerp',
  'Rotterdam', 'Gothenburg', 'Bergen', 'Turin', 'Naples', 'Bilbao',
]; // prettier-ignore
const SEGMENTS = ['retail', 'smb', 'corporate', 'public'];
const CHANNELS = ['web', 'mobile', 'phone', 'store', 'partner', 'email'];
const WORDS = [
  'late', 'refund', 'box', 'broken', 'great', 'slow', 'price', 'login', 'card', 'bill', 'call',
  'again', 'thanks', 'wrong', 'size', 'colour', 'return', 'lost', 'fast', 'rude', 'kind', 'app',
  'crash', 'email', 'promo', 'code', 'stock', 'wait', 'fee', 'tax', 'gift', 'note', 'door', 'van',
  'parcel', 'damp', 'cold', 'fine', 'ok', 'meh',
]; // prettier-ignore

const DAY_MS = 86_400_000;
const START_2015 = Date.UTC(2015, 0, 1);

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** Standard normal draw (Box-Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dmyDate(ms: number): string {
  const d = new Date(ms);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${d.getUTCFullYear()}`;
}

/** A quoted free-text field of 2 to 4 words with commas, and now and then an escaped quote. */
function comment(rand: () => number): string {
  const words = [pick(rand, WORDS), pick(rand, WORDS)];
  if (rand() < 0.6) words.push(pick(rand, WORDS));
  if (rand() < 0.3) words.push(pick(rand, WORDS));
  const quote = rand() < 0.01 ? ' ""urgent""' : '';
  return `"${words.join(', ')}${quote}"`;
}

/** One CSV line (no newline) for row `i`, drawing from `rand` in a fixed order. */
export function benchRow(i: number, rand: () => number): string {
  const age = 18 + Math.floor(rand() * 73);
  const income = Math.exp(7.8 + 0.6 * normal(rand)).toFixed(2);
  const balance = (normal(rand) * 2500 + 800).toFixed(2);
  const score = rand() < 0.05 ? 'NA' : String(300 + Math.floor(rand() * 551));
  const signup = START_2015 + Math.floor(rand() * 3650) * DAY_MS;
  const lastVisit = signup + Math.floor(rand() * 900) * DAY_MS;
  return [
    `ORD${i + 1}`,
    age,
    income,
    balance,
    score,
    pick(rand, CITIES),
    pick(rand, SEGMENTS),
    pick(rand, CHANNELS),
    rand() < 0.35 ? 'yes' : 'no',
    isoDate(signup),
    dmyDate(lastVisit),
    comment(rand),
    Math.floor(rand() * 241),
    (Math.floor(rand() * 7) * 0.05).toFixed(2),
    (1 + rand() * 4).toFixed(2),
  ].join(',');
}

/** Writes `rows` data rows plus a header to `path`, waiting on back-pressure between chunks. */
async function writeBenchCsv(path: string, rows: number): Promise<void> {
  const rand = mulberry32(SEED);
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  const closed = once(out, 'close');
  out.write(`${BENCH_COLUMNS.join(',')}\n`);
  for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
    const end = Math.min(rows, start + ROWS_PER_CHUNK);
    let chunk = '';
    for (let i = start; i < end; i += 1) chunk += `${benchRow(i, rand)}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await closed;
  renameSync(tmp, path);
}

interface CsvMeta {
  version: number;
  seed: number;
  rows: number;
  bytes: number;
}

/**
 * The benchmark CSV for `rows` rows under `dir`: reused when a file made by this generator
 * version with the same row count is already there, written otherwise.
 */
export async function ensureBenchCsv(
  dir: string,
  rows: number,
): Promise<{ path: string; reused: boolean }> {
  const path = `${dir}/ingest-${rows}.csv`;
  const metaPath = `${path}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as CsvMeta;
    const fits =
      meta.version === GENERATOR_VERSION &&
      meta.seed === SEED &&
      meta.rows === rows &&
      meta.bytes === statSync(path).size;
    if (fits) return { path, reused: true };
  }
  await writeBenchCsv(path, rows);
  const meta: CsvMeta = {
    version: GENERATOR_VERSION,
    seed: SEED,
    rows,
    bytes: statSync(path).size,
  };
  writeFileSync(metaPath, `${JSON.stringify(meta)}\n`);
  return { path, reused: false };
}
