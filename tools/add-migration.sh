#!/usr/bin/env bash
# Adds a migration to both provider sets: tools/add-migration.sh Name
set -euo pipefail
name=${1:?usage: tools/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/Maillage --context SqliteAppDbContext --output-dir Migrations/Sqlite
dotnet ef migrations add "$name" --project src/Maillage --context PostgresAppDbContext --output-dir Migrations/Postgres
