#!/usr/bin/env bash
# Adds a migration for every provider: build/migrations.sh <Name>
# Each provider keeps its own migrations and model snapshot under
# src/Infrastructure/Persistence/Migrations/<Provider>.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: build/migrations.sh <MigrationName>}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project src/Infrastructure --startup-project src/Infrastructure \
    --context "${provider}TiersDbContext" \
    --output-dir "Persistence/Migrations/${provider}"
done
