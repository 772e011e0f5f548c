/** The real, openly licensed tables bundled in public/demo (served from the app's own origin). */
export interface DemoDataset {
  id: string;
  title: string;
  file: string;
  description: string;
  source: string;
  license: string;
}

export const DEMO_DATASETS: readonly DemoDataset[] = [
  {
    id: 'penguins',
    title: 'Palmer penguins (344 rows)',
    file: 'penguins.csv',
    description:
      'Species, island, beak and flipper measurements, body mass and sex of 344 penguins, with a few missing values.',
    source: "Palmer Station Antarctica LTER, via Allison Horst's palmerpenguins and vega-datasets",
    license: 'CC0 1.0',
  },
  {
    id: 'seattle-weather',
    title: 'Seattle weather (1,461 rows)',
    file: 'seattle-weather.csv',
    description:
      'Daily weather in Seattle, 2012 to 2015: date, precipitation, temperatures, wind and the kind of weather.',
    source: 'NOAA Global Historical Climatology Network, via vega-datasets',
    license: 'U.S. Government work (public domain)',
  },
  {
    id: 'birdstrikes',
    title: 'Bird strikes (10,000 rows)',
    file: 'birdstrikes.csv',
    description:
      'Aircraft wildlife strikes: airport, aircraft, damage, date, phase of flight, species, costs and speed.',
    source: 'FAA Wildlife Strike Database, via vega-datasets',
    license: 'U.S. Government work (public domain)',
  },
  {
    id: 'airports',
    title: 'US airports (3,376 rows)',
    file: 'airports.csv',
    description:
      'US airports: IATA code (an identifier), name, city, state, country and coordinates.',
    source: 'Data.gov airports data set, via vega-datasets',
    license: 'U.S. Government work (public domain)',
  },
];

/** Same-origin address of a demo file (respects the app's base path). */
export function demoUrl(d: DemoDataset): string {
  return `${import.meta.env.BASE_URL}demo/${d.file}`;
}
