import type { DifferentialPrivacy } from '../../core/privacy/budget';
import { epsilonWords, type BudgetStage } from '../../core/privacy/budget-plan';
import type { DpColumn, PublicFacts } from '../../core/privacy/public-facts';
import { budgetNumber } from '../../core/eval/dp-statement';
import type { DpForm, DpReading } from './dp-form';
import { PublicFactsEditor } from './PublicFactsEditor';
import './dp.css';

const STAGE_WORDS: Record<BudgetStage, string> = {
  preprocessing: 'Preprocessing',
  marginals: 'Marginals',
  training: 'Training',
};

/** The split before training, computed by the accountant code the model spends with. */
function BudgetSplit(props: { reading: DpReading }) {
  const { plan } = props.reading;
  if (!plan)
    return (
      <p className="hint" data-testid="dp-split">
        This model works out its split when training starts; the total never exceeds the epsilon and
        delta above.
      </p>
    );
  if (plan.parts.length === 0) return null;
  return (
    <div data-testid="dp-split">
      <table aria-label="Budget split">
        <caption className="hint">
          How the budget will be spent (worked out before training)
        </caption>
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">What it pays for</th>
            <th scope="col">Epsilon</th>
            <th scope="col">Delta</th>
          </tr>
        </thead>
        <tbody>
          {plan.parts.map((p) => (
            <tr key={p.purpose}>
              <th scope="row">{STAGE_WORDS[p.stage]}</th>
              <td>
                {p.purpose}
                {p.detail && <span className="hint"> ({p.detail})</span>}
              </td>
              <td className="n">{budgetNumber(p.epsilon)}</td>
              <td className="n">{budgetNumber(p.delta)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Total</th>
            <td>by basic composition (the parts add up)</td>
            <td className="n">{budgetNumber(plan.epsilon)}</td>
            <td className="n">{budgetNumber(plan.delta)}</td>
          </tr>
        </tbody>
      </table>
      {plan.notes.length > 0 && (
        <ul className="hint">
          {plan.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the trained model spent, part by part. */
function SpentBudget(props: { spent: DifferentialPrivacy; asked: number | null }) {
  const { spent } = props;
  return (
    <div data-testid="dp-spent" data-epsilon={spent.epsilon}>
      <p>
        <strong>Spent:</strong> epsilon {budgetNumber(spent.epsilon)}
        {props.asked !== null ? ` of ${props.asked} asked` : ''}, delta {budgetNumber(spent.delta)}.
      </p>
      <ul className="hint">
        {spent.parts.map((p) => (
          <li key={p.purpose}>
            {p.purpose}: epsilon {budgetNumber(p.epsilon)}, delta {budgetNumber(p.delta)} (
            {p.mechanism})
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The "Differential privacy" setting of a model that trains under it: epsilon in plain words,
 * delta (its default shown), which facts are public, the budget split before training, and
 * after training the epsilon actually spent.
 */
export function DpSettings(props: {
  title: string;
  form: DpForm;
  reading: DpReading;
  columns: readonly DpColumn[];
  dates: ReadonlySet<string>;
  rows: number;
  locked: boolean;
  onForm: (form: DpForm) => void;
  /** What the last model of this kind spent; null before training. */
  spent: DifferentialPrivacy | null;
  /** The epsilon that model was asked for. */
  asked: number | null;
}) {
  const { form, reading } = props;
  const setFacts = (facts: PublicFacts) => props.onForm({ ...form, facts });
  return (
    <fieldset className="dp-settings" data-testid="dp-settings">
      <legend>Differential privacy</legend>
      <p className="hint">
        {props.title} learns under a privacy budget: whatever anyone knows, the model and the rows
        it writes change by at most a factor set by epsilon (with a small chance delta of more)
        whether or not any one person&apos;s row was in the table.
      </p>
      <div className="button-row">
        <label className="inline-field">
          Epsilon
          <input
            type="text"
            inputMode="decimal"
            value={form.epsilonText}
            disabled={props.locked}
            aria-describedby="dp-epsilon-words"
            onChange={(e) => props.onForm({ ...form, epsilonText: e.target.value })}
          />
        </label>
        <span className="hint" id="dp-epsilon-words">
          {epsilonWords(reading.epsilon)} (1 strong, 4 moderate, 10 weak)
        </span>
        <label className="inline-field">
          Delta
          <input
            type="text"
            inputMode="decimal"
            value={form.deltaText}
            placeholder={budgetNumber(reading.deltaIsDefault ? reading.delta : 1e-5)}
            disabled={props.locked}
            aria-describedby="dp-delta-hint"
            onChange={(e) => props.onForm({ ...form, deltaText: e.target.value })}
          />
        </label>
        <span className="hint" id="dp-delta-hint" data-testid="dp-delta">
          {reading.deltaIsDefault
            ? `Default for ${props.rows.toLocaleString('en-US')} training rows: ${budgetNumber(reading.delta)} (1e-5, or 0.1 / rows when smaller)`
            : `Delta ${budgetNumber(reading.delta)}`}
        </span>
      </div>
      <PublicFactsEditor
        columns={props.columns}
        dates={props.dates}
        facts={form.facts}
        locked={props.locked}
        onFacts={setFacts}
      />
      {reading.factNotes.length > 0 && (
        <ul className="hint">
          {reading.factNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {reading.problem ? (
        <div className="alert alert-error" role="alert" id="dp-problem" data-testid="dp-problem">
          <div className="alert-body">
            {reading.problem} Nothing will be trained until the budget is fixed.
          </div>
        </div>
      ) : (
        <BudgetSplit reading={reading} />
      )}
      <p className="hint" data-testid="dp-charts-note">
        The live charts and the evaluation still compare the model with your own rows, here in this
        tab only: they read your rows without noise, so they are outside the budget. The model file
        and the generated rows hold nothing from them; a downloaded evaluation report does describe
        your rows, so share it as you would the data.
      </p>
      {props.spent && <SpentBudget spent={props.spent} asked={props.asked} />}
    </fieldset>
  );
}
