// Deploy: pick a model from the catalog (or type any Hugging Face id), set the engine arguments,
// see whether it fits and the exact Docker command, then deploy and watch it on Deployments.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Page, PageHeader } from '../../components/PageHeader';
import { useDebouncedCall } from '../../components/use-debounced-call';
import { hostGpuState } from '../../lib/gpu-view';
import { predictionOf } from '../../lib/predictions';
import type { CatalogModel, KvCacheDtype } from '../../lib/types';
import { actions, useAppPick } from '../../store';
import { CatalogCard } from './CatalogCard';
import {
  agentsHint,
  deployErrorsOf,
  emptyDeployForm,
  fitRequestOf,
  formForModel,
  parseDeployForm,
  type DeployErrors,
  type DeployForm,
  type GpuMode,
} from './deploy-form';
import { DeployFormCard } from './DeployFormCard';
import { DEFAULT_REFERENCE_GIB, fitGpuOf } from './fit-gpu';
import { FitMeter } from './FitMeter';
import { PlanCard } from './PlanCard';

export function DeployPage() {
  const navigate = useNavigate();
  const picked = useAppPick((s) => ({
    hosts: s.hosts.data,
    docker: s.dockerCheck.data ?? s.system.data?.docker ?? null,
    gpus: s.gpus,
    deployments: s.deployments.data,
  }));
  const { docker, gpus } = picked;
  const hosts = picked.hosts ?? [];
  const deployments = picked.deployments ?? [];
  const [form, setForm] = useState<DeployForm>(emptyDeployForm);
  /** The catalog model last picked, for what "for agents" adds (null once the model is typed over). */
  const [pickedModel, setPickedModel] = useState<CatalogModel | null>(null);
  const [gpusTouched, setGpusTouched] = useState(false);
  const [referenceGib, setReferenceGib] = useState(DEFAULT_REFERENCE_GIB);
  const [submitErrors, setSubmitErrors] = useState<DeployErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void actions().loadCatalog();
    void actions().loadHosts();
    void actions().loadDeployments();
  }, []);
  useEffect(() => {
    void actions().loadGpus(form.hostId);
  }, [form.hostId]);

  const host = hosts.find((h) => h.id === form.hostId) ?? null;
  const gpuState = hostGpuState(host ?? { id: form.hostId, endpoint: '' }, docker, gpus[form.hostId]?.data ?? null);
  // A host that cannot start GPU containers defaults to none, one that can to all, until the person chooses.
  const noGpu = gpuState.kind === 'no-runtime' || gpuState.kind === 'unreachable';
  useEffect(() => {
    if (!gpusTouched) setForm((f) => ({ ...f, gpuMode: noGpu ? 'none' : 'all', gpuIndices: [] }));
  }, [noGpu, gpusTouched]);

  const parsed = parseDeployForm(form, busy ? [] : deployments.map((d) => d.name));
  const fitGpu = fitGpuOf(gpuState.kind === 'gpus' ? (gpus[form.hostId]?.data ?? null) : null, form, referenceGib);
  const fitRequest = fitRequestOf(form, parsed, fitGpu);
  const fit = useDebouncedCall(fitRequest && JSON.stringify(fitRequest), () => actions().estimateFit(fitRequest!));
  const canPlan = Boolean(form.model.trim() && form.name.trim()) && Object.keys(parsed.errors).length === 0;
  const plan = useDebouncedCall(canPlan ? JSON.stringify(parsed.spec) : null, () =>
    actions().planDeployment(parsed.spec),
  );
  const planErrors = plan.error ? deployErrorsOf(plan.error) : { fields: {}, message: null };
  const errors: DeployErrors = { ...planErrors.fields, ...parsed.errors, ...submitErrors };

  const update = (patch: Partial<DeployForm>, touched: (keyof DeployForm)[]) => {
    setForm((f) => ({ ...f, ...patch }));
    setSubmitErrors((e) => {
      const next = { ...e };
      for (const k of touched) delete next[k as keyof DeployErrors];
      if (touched.includes('gpuMode') || touched.includes('gpuIndices')) delete next.gpus;
      return next;
    });
    setMessage(null);
  };
  const onText = (field: keyof DeployForm) => (value: string) => update({ [field]: value }, [field]);
  const onPick = (model: CatalogModel) => {
    setPickedModel(model);
    const next = formForModel(
      form,
      model,
      deployments.map((d) => d.name),
    );
    update(next, ['model', 'name', 'servedModelName', 'maxModelLen', 'extraArgs']);
  };
  const onGpuMode = (gpuMode: GpuMode) => {
    setGpusTouched(true);
    update({ gpuMode }, ['gpuMode']);
  };
  const onToggleGpu = (index: number) =>
    update(
      {
        gpuIndices: form.gpuIndices.includes(index)
          ? form.gpuIndices.filter((i) => i !== index)
          : [...form.gpuIndices, index],
      },
      ['gpuIndices'],
    );

  const submit = async () => {
    if (Object.keys(parsed.errors).length) return;
    setBusy(true);
    setMessage(null);
    try {
      await actions().createDeployment(parsed.spec, fit.data ? predictionOf(fit.data, fitGpu.label) : undefined);
      navigate('/deployments');
    } catch (err) {
      const split = deployErrorsOf(err);
      setSubmitErrors(split.fields);
      setMessage(split.message);
      setBusy(false);
    }
  };

  return (
    <Page testId="page-deploy">
      <PageHeader
        title="Deploy"
        description="Start a model on vLLM in a Docker container, on this machine or a remote GPU box. You see whether it fits and the exact command before anything starts."
      />
      <div className="stack">
        <CatalogCard selected={form.model} onPick={onPick} />
        <div className="deploy-grid">
          <DeployFormCard
            form={form}
            errors={errors}
            hosts={hosts}
            gpuState={gpuState}
            defaults={fit.data}
            message={message}
            busy={busy}
            onText={onText}
            onKvDtype={(v: KvCacheDtype) => update({ kvCacheDtype: v }, ['kvCacheDtype'])}
            onGpuMode={onGpuMode}
            onToggleGpu={onToggleGpu}
            agentsHint={agentsHint(pickedModel && pickedModel.id === form.model.trim() ? pickedModel : null)}
            onForAgents={(on) => update({ forAgents: on }, ['forAgents'])}
            onSubmit={() => void submit()}
          />
          <div className="deploy-side">
            <FitMeter
              fit={fit}
              gpu={fitGpu}
              hasModel={Boolean(form.model.trim())}
              onReference={setReferenceGib}
              onUseMaxModelLen={(n) => update({ maxModelLen: String(n) }, ['maxModelLen'])}
            />
          </div>
        </div>
        <PlanCard
          plan={plan}
          message={planErrors.message}
          hint={
            Object.keys(errors).length
              ? 'Fix the fields marked in red to see the command.'
              : 'Pick a model to see the command.'
          }
        />
      </div>
    </Page>
  );
}
