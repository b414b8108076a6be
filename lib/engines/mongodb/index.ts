/** MongoDB and mongos: `{ uri, options }` for `MongoClient`. */
export { mongoConnection, buildMongoUri } from "./mongo-connection.js";
export { MONGODB_DEFAULT_PORT, MONGOS_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
export type { MongoConnection, MongoConnectionClientOptions, MongoConnectionOptions, MongoReadPreference } from "./mongo-connection.js";
export { MongoDBRequires, MongosRequires, decodeMongoDBResponse, decodeMongosResponse } from "./mongodb-requires.js";
export type { MongoDBResponse, MongoDBRequiresOptions, MongoRequirerConnectionOptions, MongoTopology } from "./mongodb-requires.js";
