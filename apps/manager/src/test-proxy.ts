import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to the API server that can be frozen (bytes held back in both directions: a server
 * that stops answering) or taken down (connections refused: a server that is gone).
 */
export class FreezableProxy {
  private server: Server | undefined;
  private frozen = false;
  private isDown = false;
  private held: Array<() => void> = [];
  private sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (this.isDown) {
        client.destroy();
        return;
      }
      const upstream = connect(this.target.port, this.target.host);
      this.sockets.add(client).add(upstream);
      const pipe = (from: Socket, to: Socket) =>
        from.on('data', (chunk) => (this.frozen ? this.held.push(() => to.write(chunk)) : to.write(chunk)));
      pipe(client, upstream);
      pipe(upstream, client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const release of this.held.splice(0)) release();
  }

  /** Drops every connection and refuses new ones until up(). */
  down(): void {
    this.isDown = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  up(): void {
    this.isDown = false;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/**
 * A started proxy in front of the local API server a kubeconfig names (`https://127.0.0.1:<port>`),
 * and that kubeconfig pointed at the proxy, in base64 as the API takes it.
 */
export async function proxyInFront(kubeconfig: string): Promise<{ proxy: FreezableProxy; kubeconfigB64: string }> {
  const server = /server: https:\/\/127\.0\.0\.1:(\d+)/;
  const port = server.exec(kubeconfig)?.[1];
  if (!port) throw new Error('the kubeconfig names no https://127.0.0.1:<port> server');
  const proxy = new FreezableProxy({ host: '127.0.0.1', port: Number(port) });
  await proxy.start();
  const proxied = kubeconfig.replace(server, `server: https://127.0.0.1:${proxy.port}`);
  return { proxy, kubeconfigB64: Buffer.from(proxied).toString('base64') };
}
