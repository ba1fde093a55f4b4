#!/usr/bin/env bash
# Adds a migration for every provider: build/migrations.sh <Name>
# Each provider keeps its own migrations and model snapshot under
# src/Infrastructure/Persistence/Migrations/<Provider>. SQL Server's idempotent T-SQL script
# (build/sql/sqlserver/migrations.sql, what a DBA runs) is regenerated too; a test checks it is
# current. build/migrations.sh --script-only regenerates only the script.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: build/migrations.sh <MigrationName> | --script-only}
dotnet tool restore >/dev/null
if [ "$name" != "--script-only" ]; then
  for provider in Sqlite Postgres SqlServer; do
    dotnet ef migrations add "$name" \
      --project src/Infrastructure --startup-project src/Infrastructure \
      --context "${provider}TiersDbContext" \
      --output-dir "Persistence/Migrations/${provider}"
  done
fi
mkdir -p build/sql/sqlserver
dotnet ef migrations script --idempotent \
  --project src/Infrastructure --startup-project src/Infrastructure \
  --context SqlServerTiersDbContext \
  --output build/sql/sqlserver/migrations.sql
