/** The {@link RequestContext} the request builders take, for one relation of this unit. */
import type { RequestContext } from "./request-builder.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";

/**
 * What the request builders need to know about `rel` and the runtime: whether secrets are
 * available, whether the relation crosses models (the caller decides, since asking costs a
 * tool call), the application name, and the alias and requested-entity secret when known.
 */
export function requestContextOf(
  port: RequirerPort,
  rel: RelationHandle,
  alias: string | undefined,
  requestedEntitySecretUri: string | undefined,
  crossModel: boolean,
): RequestContext {
  return {
    secretsAvailable: port.secretsAvailable,
    crossModel,
    appName: port.appName,
    relationId: rel.id,
    ...(alias === undefined ? {} : { alias }),
    ...(requestedEntitySecretUri === undefined ? {} : { requestedEntitySecretUri }),
  };
}
