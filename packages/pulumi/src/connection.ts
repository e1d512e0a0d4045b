import * as pulumi from '@pulumi/pulumi';

/** The Manager a resource lives in, and the bearer token to call it with. */
export interface KubeopConnectionArgs {
  /** The Manager's root URL, e.g. `https://kubeop.example.com` (without `/v1`). */
  baseUrl: pulumi.Input<string>;
  /**
   * A bearer token (an admin token for tenants and rates). Always stored as a Pulumi secret:
   * encrypted in the state, shown as `[secret]`.
   */
  token?: pulumi.Input<string>;
}

/** What every kubeOP resource takes besides its own fields. */
export interface KubeopResourceArgs {
  /**
   * Where the resource lives. Default: the stack config `kubeop:baseUrl` and the secret
   * `kubeop:token` (`pulumi config set kubeop:baseUrl …`, `pulumi config set --secret kubeop:token …`).
   */
  connection?: KubeopConnectionArgs;
}

/** The connection inputs of a resource: `baseUrl`, and `token` wrapped as a secret. */
export function connectionInputs(connection: KubeopConnectionArgs | undefined): {
  baseUrl: pulumi.Input<string>;
  token: pulumi.Output<string> | undefined;
} {
  if (connection) {
    return { baseUrl: connection.baseUrl, token: connection.token === undefined ? undefined : pulumi.secret(connection.token) };
  }
  const config = new pulumi.Config('kubeop');
  return { baseUrl: config.require('baseUrl'), token: config.getSecret('token') };
}

/**
 * The resource options, with `token` among the secret outputs: the provider keeps the connection in
 * the outputs (`refresh` and `destroy` only get those), and the state must have it encrypted there too.
 */
export function withSecretToken(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), 'token'] };
}

/** The `module` part of every kubeOP resource type: `pulumi-nodejs:dynamic/kubeop:<Type>`. */
export const MODULE = 'kubeop';
