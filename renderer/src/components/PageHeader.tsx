// The title row of a page: name, one line on what the page is for, and page-level actions.
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title">{title}</h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

/** The root element of every page, carrying its `page-…` test id. */
export function Page({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div className="page" data-testid={testId}>
      {children}
    </div>
  );
}
