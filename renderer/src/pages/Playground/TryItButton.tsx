// "Try it": opens the Playground talking to one target (a model group, or a deployment by its served
// model name), as on the deployment cards and the routing editor's group nodes.
import { useNavigate } from 'react-router-dom';
import { Button } from '../../components/Button';
import { ArrowRightIcon } from '../../components/icons';

/** The Playground's link preselecting `target` (PlaygroundPage reads ?target=). */
export function playgroundLink(target: string): string {
  return `/playground?${new URLSearchParams({ target }).toString()}`;
}

export function TryItButton({ target, testId, className }: { target: string; testId: string; className?: string }) {
  const navigate = useNavigate();
  return (
    <Button
      size="sm"
      variant="ghost"
      icon={<ArrowRightIcon />}
      className={className}
      title={`Open the Playground talking to ${target}`}
      onClick={() => navigate(playgroundLink(target))}
      testId={testId}
    >
      Try it
    </Button>
  );
}
