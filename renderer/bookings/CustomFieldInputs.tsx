/** The business's custom fields, each as its type asks, required ones marked and checked by core's rule. */
import type { FieldValue } from '../../core/domain/booking-rules';
import type { CustomField } from '../../core/domain/schemas';
import { useT } from '../i18n/use-t';

interface Props {
  fields: CustomField[];
  values: Record<string, FieldValue>;
  errors: Map<string, string>;
  showErrors: boolean;
  onChange(key: string, value: FieldValue): void;
}

export function CustomFieldInputs({ fields, values, errors, showErrors, onChange }: Props) {
  const t = useT();
  return (
    <>
      {fields.map((field) => {
        const id = `field-${field.key}`;
        const error = showErrors ? errors.get(field.key) : undefined;
        const label = (
          <span className="field__label">
            {field.label}
            {field.required && (
              <span className="field__required" aria-hidden="true">
                {' '}
                *
              </span>
            )}
          </span>
        );
        const common = {
          id,
          required: field.required,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
        };
        let input;
        switch (field.type) {
          case 'checkbox':
            input = (
              <input
                {...common}
                type="checkbox"
                checked={values[field.key] === true}
                onChange={(e) => onChange(field.key, e.target.checked)}
              />
            );
            break;
          case 'number':
            input = (
              <input
                {...common}
                type="number"
                value={values[field.key] === undefined ? '' : String(values[field.key])}
                onChange={(e) => onChange(field.key, e.target.value === '' ? '' : Number(e.target.value))}
              />
            );
            break;
          case 'select':
            input = (
              <select
                {...common}
                value={String(values[field.key] ?? '')}
                onChange={(e) => onChange(field.key, e.target.value)}
              >
                <option value="">{t('booking.choose')}</option>
                {(field.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            );
            break;
          default:
            input = (
              <input
                {...common}
                type="text"
                value={String(values[field.key] ?? '')}
                onChange={(e) => onChange(field.key, e.target.value)}
              />
            );
        }
        return (
          <label
            key={field.key}
            className={`field${field.type === 'checkbox' ? ' field--check' : ''}`}
            htmlFor={id}
          >
            {label}
            {input}
            {error && (
              <span id={`${id}-error`} className="field__error">
                {t('booking.fieldRequired')}
              </span>
            )}
          </label>
        );
      })}
    </>
  );
}
