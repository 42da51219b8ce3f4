// Says plainly what a page will do once its feature lands, instead of showing made-up numbers.
import type { ReactNode } from 'react';
import { Card } from './Card';
import { InfoIcon } from './icons';

export function Planned({
  title = 'Coming next',
  items,
  testId,
  children,
}: {
  title?: string;
  items: string[];
  testId: string;
  children?: ReactNode;
}) {
  return (
    <Card title={title} icon={<InfoIcon />} testId={testId} className="planned">
      {children && <p className="muted planned-lead">{children}</p>}
      <ul className="planned-list">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </Card>
  );
}
