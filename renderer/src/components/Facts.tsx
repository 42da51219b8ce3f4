// A definition list of label → value rows, for status cards.
import type { ReactNode } from 'react';

export interface Fact {
  label: string;
  value: ReactNode;
  testId?: string;
  mono?: boolean;
}

export function Facts({ items }: { items: Fact[] }) {
  return (
    <dl className="facts">
      {items.map((item) => (
        <div className="fact" key={item.label}>
          <dt>{item.label}</dt>
          <dd className={item.mono ? 'mono' : undefined} data-testid={item.testId}>
            {item.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
