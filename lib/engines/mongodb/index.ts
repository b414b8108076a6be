/** MongoDB and mongos: `{ uri, options }` for `MongoClient`. */
export { mongoConnection, buildMongoUri, MONGODB_DEFAULT_PORT, MONGOS_DEFAULT_PORT } from "./mongo-connection.js";
export type { MongoConnection, MongoConnectionClientOptions, MongoConnectionOptions, MongoReadPreference } from "./mongo-connection.js";
export { MongoDBRequires, MongosRequires, decodeMongoDBResponse, decodeMongosResponse } from "./mongodb-requires.js";
export type { MongoDBResponse, MongoDBRequiresOptions, MongoRequirerConnectionOptions, MongoTopology } from "./mongodb-requires.js";
