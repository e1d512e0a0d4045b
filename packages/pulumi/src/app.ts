import * as pulumi from '@pulumi/pulumi';
import { connectionInputs, MODULE, withSecretToken, type KubeopResourceArgs } from './connection.js';
import { appProvider } from './provider/app.js';

export interface AppArgs extends KubeopResourceArgs {
  /** The project's id; changing it replaces the app. */
  projectID: pulumi.Input<string>;
  /** The app's name (a DNS label, unique in its project); changes in place. */
  name: pulumi.Input<string>;
  /** Container image, e.g. `docker.io/library/nginx:1.27`; changes in place (unset: none). */
  image?: pulumi.Input<string>;
  /** Host name the app is served on, e.g. `web.example.com`; changes in place (unset: none). */
  host?: pulumi.Input<string>;
}

/** A kubeOP app (`/v1/apps`). Its `id` is the app's id. */
export class App extends pulumi.dynamic.Resource {
  declare readonly projectID: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly image: pulumi.Output<string | null>;
  declare readonly host: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: AppArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      appProvider,
      name,
      {
        ...connectionInputs(args.connection),
        projectID: args.projectID,
        name: args.name,
        image: args.image,
        host: args.host,
        createdAt: undefined,
      },
      withSecretToken(opts),
      MODULE,
      'App',
    );
  }
}
