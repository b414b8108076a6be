/** MongoDB and mongos: `{ uri, options }` for `MongoClient`. */
export { mongoConnection, buildMongoUri, MONGODB_DEFAULT_PORT, MONGOS_DEFAULT_PORT } from "./mongo-connection.js";
export type { MongoConnection, MongoConnectionClientOptions, MongoConnectionOptions, MongoReadPreference } from "./mongo-connection.js";
