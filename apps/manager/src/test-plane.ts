import { platform } from '@kubeop/core';
import { ensureBinaries, start, type ControlPlane } from '@kubeop/test-cluster';
import { FreezableProxy } from './test-proxy.js';

export interface ProxiedPlane {
  plane: ControlPlane;
  /** The admin connection, straight to the API server. */
  admin: platform.KubeConnection;
  /** Between the Manager and the API server: the tests take it down. */
  proxy: FreezableProxy;
  /** Base64 of a kubeconfig that reaches the API server through the proxy (what the Manager registers). */
  kubeconfigB64: string;
  stop(): Promise<void>;
}

/** A control plane of the test's own, reached through a proxy the test can take down. */
export async function startProxiedPlane(): Promise<ProxiedPlane> {
  const plane = await start({ binDir: await ensureBinaries() });
  const admin = platform.parseKubeconfig(plane.kubeconfig).connection;
  const server = new URL(admin.server);
  const proxy = new FreezableProxy({ host: server.hostname, port: Number(server.port) });
  await proxy.start();
  const kubeconfigB64 = Buffer.from(
    plane.kubeconfig.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${proxy.port}`),
  ).toString('base64');
  return {
    plane,
    admin,
    proxy,
    kubeconfigB64,
    async stop() {
      await proxy.stop();
      await plane.stop();
    },
  };
}
