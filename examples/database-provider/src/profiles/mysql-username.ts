/**
 * The MySQL charms' relation user: `relation-<id>_<model uuid without dashes>` cut to 26
 * characters (canonical/mysql-operator src/relations/mysql_provider.py `_get_username`: "A valid
 * unique username (max 32 characters long)").
 */
export function mysqlRelationUser(relationId: number, modelUuid: string): string {
  return `relation-${relationId}_${modelUuid.replace(/-/g, "")}`.slice(0, 26);
}
