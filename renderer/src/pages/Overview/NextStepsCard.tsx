// "Getting started": the steps from an empty instance to a first routed request, ticked off by
// real state. The page leaves it out once every step is done.
import { Link } from 'react-router-dom';
import { Card } from '../../components/Card';
import { ArrowRightIcon, CheckIcon } from '../../components/icons';
import type { SystemStatus } from '../../lib/types';
import { nextSteps } from './next-steps';

export function NextStepsCard({ status }: { status: SystemStatus }) {
  const steps = nextSteps(status);
  const done = steps.filter((s) => s.done).length;
  return (
    <Card title="Getting started" subtitle={`${done} of ${steps.length} done`} testId="overview-next-steps">
      <ol className="steps">
        {steps.map((step) => (
          <li
            key={step.id}
            className={`step${step.done ? ' is-done' : ''}`}
            data-testid={`overview-step-${step.id}`}
            data-done={step.done}
          >
            <span className="step-mark" aria-hidden="true">
              {step.done ? <CheckIcon size={14} /> : null}
            </span>
            <div className="step-text">
              <span className="step-title">{step.title}</span>
              <span className="step-detail">{step.detail}</span>
            </div>
            {!step.done && (
              <Link className="step-link" to={step.path}>
                Open <ArrowRightIcon size={14} />
              </Link>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}
