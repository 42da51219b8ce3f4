// An inline message: information, a warning, an error or a success, with an optional action.
import type { ReactNode } from 'react';
import { CheckIcon, InfoIcon, WarningIcon } from './icons';

type NoticeTone = 'info' | 'warn' | 'danger' | 'ok';

interface NoticeProps {
  tone: NoticeTone;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}

export function Notice({ tone, title, children, action, testId }: NoticeProps) {
  const icon = tone === 'ok' ? <CheckIcon /> : tone === 'info' ? <InfoIcon /> : <WarningIcon />;
  return (
    <div className={`notice notice-${tone}`} role={tone === 'danger' ? 'alert' : 'status'} data-testid={testId}>
      <span className="notice-icon">{icon}</span>
      <div className="notice-body">
        {title && <strong className="notice-title">{title}</strong>}
        {children && <div className="notice-text">{children}</div>}
      </div>
      {action && <div className="notice-action">{action}</div>}
    </div>
  );
}
