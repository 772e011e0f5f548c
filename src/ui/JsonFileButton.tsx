/**
 * A button that opens a JSON file the user picks and hands it to `read`. What `read` resolves
 * to, or the reason it failed (prefixed with the file's name), comes back through `onNote`.
 */
export function JsonFileButton(props: {
  label: string;
  disabled?: boolean;
  read: (file: File) => Promise<string>;
  onNote: (note: { error: boolean; text: string }) => void;
}) {
  return (
    <label className="button">
      {props.label}
      <input
        type="file"
        accept=".json,application/json"
        aria-label={props.label}
        className="visually-hidden"
        disabled={props.disabled}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          props
            .read(f)
            .then((text) => props.onNote({ error: false, text }))
            .catch((err: unknown) =>
              props.onNote({
                error: true,
                text: `${f.name}: ${err instanceof Error ? err.message : String(err)}`,
              }),
            );
        }}
      />
    </label>
  );
}
