// Checks CloudNativePG Cluster resources against the operator's published schema (types, enums, required fields),
// through @kubernetes-models/cloudnative-pg. Reads a JSON array of resources on stdin; prints one JSON line per
// resource: {"name": ..., "errors": [...]} (an empty list when it passes). Exits 1 when any resource fails.
import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
let failed = false;
for (const resource of JSON.parse(Buffer.concat(chunks).toString('utf8'))) {
  let errors = [];
  try {
    new Cluster(resource).validate();
  } catch (e) {
    errors = (e.errors ?? [{ message: String(e.message) }]).map((error) =>
      `${error.instancePath ?? ''} ${error.message}`.trim());
    failed = true;
  }
  console.log(JSON.stringify({ name: resource.metadata?.name, errors }));
}
process.exit(failed ? 1 : 0);
