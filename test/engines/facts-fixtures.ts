/** Realistic ConnectionFacts for the engine tests (values from docs/protocol.md#engines). */
import type { ConnectionFacts } from "../../lib/engines/connection-facts.js";
import { TEST_CA_A } from "../interfaces/fixtures/test-ca.js";

/** A real test CA certificate (the builders never parse it; the decoders do). */
export const CA_PEM = TEST_CA_A;

/** PostgreSQL on Kubernetes, TLS on, as postgresql-k8s answers relation 7. */
export const pgFacts: ConnectionFacts = {
  username: "relation_id_7",
  password: "Xy7pQ2mN9vLk3RtA",
  database: "myappdb",
  endpoints: [{ host: "postgresql-k8s-primary.prod.svc.cluster.local", port: 5432 }],
  readOnlyEndpoints: [{ host: "postgresql-k8s-replicas.prod.svc.cluster.local", port: 5432 }],
  tls: true,
  tlsCa: CA_PEM,
  uris: "postgresql://relation_id_7:Xy7pQ2mN9vLk3RtA@postgresql-k8s-primary.prod.svc.cluster.local:5432/myappdb",
};

/** MySQL on Kubernetes as mysql-k8s answers relation 7 (trailing-dot FQDNs, no TLS, no uris). */
export const mysqlFacts: ConnectionFacts = {
  username: "relation-7_3f2a9c4e8b1d4c7",
  password: "q8ZrT3vK0bLw5YhN2cJx7DmA",
  database: "myappdb",
  endpoints: [{ host: "mysql-k8s-primary.prod.svc.cluster.local.", port: 3306 }],
  readOnlyEndpoints: [{ host: "mysql-k8s-replicas.prod.svc.cluster.local.", port: 3306 }],
  tls: false,
};

/** A 3-unit MongoDB replica set "mongodb" (endpoints without ports, no uris). */
export const mongoFacts: ConnectionFacts = {
  username: "relation-7",
  password: "Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU",
  database: "myappdb",
  endpoints: [{ host: "10.41.0.11" }, { host: "10.41.0.12" }, { host: "10.41.0.13" }],
  readOnlyEndpoints: [],
  tls: false,
  replset: "mongodb",
};
