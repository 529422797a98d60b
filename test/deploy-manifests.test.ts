/**
 * The Kubernetes manifests under deploy/kubernetes, validated offline against the Kubernetes
 * schemas (kubernetes-models), and checked for what operations rely on: probes on the endpoints
 * the services serve, resource requests, an autoscaler and a disruption budget per Deployment,
 * secrets only by reference, and the supergraph ConfigMap mounted so the gateway hot-reloads it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';

const DIRECTORY = path.join(__dirname, '..', 'deploy', 'kubernetes');
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};
const SERVICES = ['gateway', 'population', 'budget', 'membership', 'health'];

const kustomization = parse(fs.readFileSync(path.join(DIRECTORY, 'kustomization.yaml'), 'utf8'));
const documents = (kustomization.resources as string[]).flatMap((file) =>
  parseAllDocuments(fs.readFileSync(path.join(DIRECTORY, file), 'utf8')).map((document) => ({
    file,
    object: document.toJS(),
  })),
);
// The supergraph ConfigMap as kustomize generates it from the checked-in supergraph.
const [generator] = kustomization.configMapGenerator;
const [key, source] = (generator.files[0] as string).split('=');
documents.push({
  file: 'kustomization.yaml',
  object: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: generator.name, namespace: kustomization.namespace },
    data: { [key]: fs.readFileSync(path.join(DIRECTORY, source), 'utf8') },
  },
});
const all = (kind: string) => documents.filter((d) => d.object.kind === kind).map((d) => d.object);

describe('the Kubernetes manifests an operator applies', () => {
  it('are all valid against the Kubernetes schemas', () => {
    expect(documents.length).toBeGreaterThan(20);
    for (const { file, object } of documents) {
      const model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!model) throw new Error(`${file}: no schema for ${object.apiVersion} ${object.kind}`);
      expect(() => new model(object).validate()).not.toThrow();
    }
  });

  it('refuses a manifest the schemas refuse (the validation bites)', () => {
    const broken = structuredClone(all('Deployment')[0]);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'four thousand';
    expect(() => new Deployment(broken).validate()).toThrow();
  });

  it('gives every service a Deployment with probes, resource requests, a Service, an autoscaler and a disruption budget', () => {
    for (const name of SERVICES) {
      const deployment = all('Deployment').find((d) => d.metadata.name === name);
      const [container] = deployment.spec.template.spec.containers;
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.resources.requests).toEqual({
        cpu: expect.stringMatching(/^\d+m$/),
        memory: expect.stringMatching(/^\d+Mi$/),
      });
      expect(all('Service').find((s) => s.metadata.name === name).spec.selector).toEqual(
        deployment.spec.selector.matchLabels,
      );
      const autoscaler = all('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === name);
      expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(all('PodDisruptionBudget').find((p) => p.metadata.name === name).spec.selector.matchLabels).toEqual(
        deployment.spec.selector.matchLabels,
      );
    }
  });

  it('references every secret and inlines none', () => {
    for (const deployment of all('Deployment')) {
      for (const variable of deployment.spec.template.spec.containers[0].env) {
        if (/SECRET|TOKEN|PUBLIC_KEY|DATABASE_URL|REDIS_URL|PASSWORD/.test(variable.name)) {
          expect(variable.value).toBeUndefined();
          expect(variable.valueFrom.secretKeyRef.name).toMatch(/^ambon-/);
        }
      }
    }
    expect(documents.some(({ object }) => object.kind === 'Secret')).toBe(false);
  });

  it('turns Apollo telemetry off in every container and in the image every service runs', () => {
    for (const deployment of all('Deployment')) {
      for (const container of deployment.spec.template.spec.containers) {
        expect({
          deployment: deployment.metadata.name,
          variable: container.env.find((v: any) => v.name === 'APOLLO_TELEMETRY_DISABLED'),
        }).toEqual({
          deployment: deployment.metadata.name,
          variable: { name: 'APOLLO_TELEMETRY_DISABLED', value: 'true' },
        });
      }
    }
    // docker-compose builds every service from this image.
    expect(fs.readFileSync(path.join(__dirname, '..', 'Dockerfile'), 'utf8')).toMatch(
      /^ENV APOLLO_TELEMETRY_DISABLED=true$/m,
    );
  });

  it('mounts the supergraph ConfigMap as a directory the gateway polls, so a new supergraph reloads without a rollout', () => {
    const gateway = all('Deployment').find((d) => d.metadata.name === 'gateway');
    const volume = gateway.spec.template.spec.volumes.find((v: any) => v.configMap);
    const mount = gateway.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.name === volume.name);
    expect(mount.subPath).toBeUndefined();
    const supergraphPath = gateway.spec.template.spec.containers[0].env.find(
      (v: any) => v.name === 'SUPERGRAPH_PATH',
    ).value;
    expect(supergraphPath).toBe(`${mount.mountPath}/${key}`);
    expect(volume.configMap.name).toBe(generator.name);
    expect(kustomization.generatorOptions.disableNameSuffixHash).toBe(true);
    expect(all('ConfigMap').find((c) => c.metadata.name === generator.name).data[key]).toMatch(
      /@link\(url: "https:\/\/specs\.apollo\.dev\/join\//,
    );
  });
});
