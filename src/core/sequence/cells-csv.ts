/** A CSV's text as a {@link CellTable}, through the app's CSV reader (dialect, quotes, BOM). */
import { readCsvText } from '../data/csv-reader';
import { cellTableFromRaw, type CellTable } from './cells';

export function cellTableFromCsv(text: string): CellTable {
  return cellTableFromRaw(readCsvText(text).table);
}
